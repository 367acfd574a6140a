"""The plot scripts draw what the logs and networks hold: lines, labels, data, histograms, PNG files (the judging
plots, heatmaps and robustness curves, are in test_plotters_judging)."""

import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import StepPatch  # noqa: E402

import network  # noqa: E402
from logs import cost_plotter, log_curves, percent_plotter, plot_cli, weights_plotter  # noqa: E402
from network.csvlog import COLUMNS, CsvLog, read_log  # noqa: E402
from network.training import Settings, train  # noqa: E402

from hostile_files import unblock_later  # noqa: E402
from conftest import stripes_dataset  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def write_training_log(path, lr, epochs=3):
    """A real log: a short training run on synthetic data, logged by CsvLog as training writes it."""
    net = network.Network((784, 10, 4), seed=1)
    settings = Settings(epochs=epochs, batch_size=20, lr=lr)
    with CsvLog(str(path), rows_per_epoch=5) as log:
        for progress in train(net, stripes_dataset(200, 0), stripes_dataset(40, 1), settings):
            log.write(progress)
    return str(path)


def write_rows(path, rows):
    """A log written row by row, for exact values and for logs without test columns."""
    with open(path, "w", encoding="utf-8") as file:
        file.write(",".join(COLUMNS) + "\n")
        file.writelines(",".join(str(value) for value in row) + "\n" for row in rows)
    return str(path)


@pytest.fixture
def two_logs(tmp_path):
    return write_training_log(tmp_path / "slow.csv", 0.05), write_training_log(tmp_path / "fast.csv", 0.5)


def lines_by_label(figure):
    (axes,) = figure.axes
    return {line.get_label(): line for line in axes.get_lines()}


def epoch_ends(log, column):
    """(epochs, values) of the rows that hold a test result."""
    pairs = [(epoch, value) for epoch, value in zip(log["epoch"], log[column]) if value is not None]
    return [epoch for epoch, _ in pairs], [value for _, value in pairs]


def test_cost_plot_draws_a_train_and_a_test_line_per_log_with_the_logged_values(two_logs):
    figure = log_curves.plot_logs(two_logs, cost_plotter.COST)
    lines = lines_by_label(figure)
    assert list(lines) == ["slow (train)", "slow (test)", "fast (train)", "fast (test)"]
    for name, path in zip(("slow", "fast"), two_logs):
        log = read_log(path)
        train_line, test_line = lines[f"{name} (train)"], lines[f"{name} (test)"]
        assert len(train_line.get_xdata()) == len(log["epoch"]) == 3 * 5  # 4 step rows and 1 epoch row per epoch
        np.testing.assert_allclose(train_line.get_xdata(), log["epoch"])
        np.testing.assert_allclose(train_line.get_ydata(), log["cost"])
        test_epochs, test_costs = epoch_ends(log, "test_cost")
        np.testing.assert_allclose(test_line.get_xdata(), [1, 2, 3])
        np.testing.assert_allclose(test_line.get_xdata(), test_epochs)
        np.testing.assert_allclose(test_line.get_ydata(), test_costs)
    assert figure.axes[0].get_xlabel() == "epochs"
    assert [text.get_text() for text in figure.axes[0].get_legend().get_texts()] == list(lines)


def test_percent_plot_shows_accuracies_in_percent(two_logs):
    figure = log_curves.plot_logs(two_logs, percent_plotter.ACCURACY)
    lines = lines_by_label(figure)
    log = read_log(two_logs[1])
    np.testing.assert_allclose(lines["fast (train)"].get_ydata(), np.array(log["accuracy"]) * 100)
    _, test_accuracies = epoch_ends(log, "test_accuracy")
    np.testing.assert_allclose(lines["fast (test)"].get_ydata(), np.array(test_accuracies) * 100)
    assert max(lines["fast (test)"].get_ydata()) > 50  # percent, not a fraction


def test_samples_option_puts_samples_seen_on_the_x_axis(two_logs):
    figure = log_curves.plot_logs(two_logs, cost_plotter.COST, samples=True)
    lines = lines_by_label(figure)
    log = read_log(two_logs[0])
    np.testing.assert_allclose(lines["slow (train)"].get_xdata(), log["samples"])
    np.testing.assert_allclose(lines["slow (test)"].get_xdata(), [200, 400, 600])
    assert figure.axes[0].get_xlabel() == "samples seen"


def test_a_log_without_test_results_gets_only_its_train_line(tmp_path):
    path = write_rows(tmp_path / "no-test.csv", [[0.5, 100, 0.9, 0.6, "", "", 1000, 0.1],
                                                 [1, 200, 0.7, 0.75, "", "", 1000, 0.2]])
    lines = lines_by_label(log_curves.plot_logs([path], percent_plotter.ACCURACY))
    assert list(lines) == ["no-test (train)"]
    np.testing.assert_allclose(lines["no-test (train)"].get_ydata(), [60, 75])


def test_logs_with_the_same_name_in_different_folders_get_different_labels(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    row = [1, 100, 0.5, 0.8, 0.6, 0.7, 1000, 0.1]
    paths = [write_rows(tmp_path / folder / "run.csv", [row]) for folder in ("a", "b")]
    lines = lines_by_label(log_curves.plot_logs(paths, cost_plotter.COST))
    assert list(lines) == ["a/run (train)", "a/run (test)", "b/run (train)", "b/run (test)"]


def test_many_logs_get_their_legend_beside_the_plot(tmp_path):
    row = [1, 100, 0.5, 0.8, 0.6, 0.7, 1000, 0.1]
    paths = [write_rows(tmp_path / f"run{number}.csv", [row]) for number in range(5)]
    figure = log_curves.plot_logs(paths, cost_plotter.COST)
    assert figure.axes[0].get_legend() is None
    assert len(figure.legends[0].get_texts()) == 10


def test_bad_files_are_named_on_stderr_and_the_good_log_is_still_plotted(tmp_path, capsys, two_logs):
    not_a_log = tmp_path / "notes.txt"
    not_a_log.write_text("shopping list\n")
    broken = write_rows(tmp_path / "broken.csv", [[1, 100, "lots", 0.5, "", "", 10, 1]])
    out = tmp_path / "cost.png"
    code = cost_plotter.main([two_logs[0], str(not_a_log), broken, str(tmp_path / "missing.csv"),
                              "--out", str(out)])
    assert code == 0
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 3
    assert "notes.txt" in errors[0] and "not an Inkling training log" in errors[0]
    assert "broken.csv" in errors[1] and "line 2" in errors[1] and "cost" in errors[1]
    assert "missing.csv" in errors[2]
    assert "Traceback" not in "\n".join(errors)
    assert list(lines_by_label(plt.gcf())) == ["slow (train)", "slow (test)"]
    assert out.read_bytes().startswith(PNG_SIGNATURE)


def test_nothing_readable_means_a_non_zero_exit_and_no_image(tmp_path, capsys):
    not_a_log = tmp_path / "notes.txt"
    not_a_log.write_text("shopping list\n")
    out = tmp_path / "cost.png"
    assert percent_plotter.main([str(not_a_log), "--out", str(out)]) == 1
    assert "notes.txt" in capsys.readouterr().err
    assert not out.exists()


def test_out_writes_a_png_of_the_plot(tmp_path, capsys, two_logs):
    out = tmp_path / "accuracy.png"
    assert percent_plotter.main([*two_logs, "--samples", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(PNG_SIGNATURE)
    assert str(out) in capsys.readouterr().out
    assert [line.get_label() for line in plt.gcf().axes[0].get_lines()][0] == "slow (train)"


def test_an_unwritable_out_file_is_reported_without_a_traceback(tmp_path, capsys, two_logs):
    out = tmp_path / "no-such-folder" / "cost.png"
    assert cost_plotter.main([two_logs[0], "--out", str(out)]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_without_out_and_without_a_window_the_script_says_to_use_out(capsys, two_logs):
    assert cost_plotter.main([two_logs[0]]) == 1
    assert "--out" in capsys.readouterr().err


@pytest.fixture
def networks(tmp_path):
    """Two saved networks of different depths; the deeper one with non-zero biases."""
    shallow = network.Network((784, 20, 10), seed=0)
    deep = network.Network((784, 16, 8, 10), seed=1)
    deep.biases = [np.linspace(-1, 1, b.size, dtype=np.float32) for b in deep.biases]
    paths = [str(tmp_path / "shallow.npz"), str(tmp_path / "deep.npz")]
    for net, path in zip((shallow, deep), paths):
        network.save(net, path)
    return paths


def histograms(axes):
    """{label: (counts, edges)} of the histogram outlines drawn on ``axes``."""
    return {patch.get_label(): (patch.get_data().values, patch.get_data().edges)
            for patch in axes.patches if isinstance(patch, StepPatch)}


def test_histograms_hold_every_weight_and_bias_of_every_network(networks):
    figure = weights_plotter.plot_networks(networks)
    grid = np.array(figure.axes).reshape(2, 3)
    nets = [network.load(path) for path in networks]
    labels = ["shallow (784-20-10)", "deep (784-16-8-10)"]
    for row, kind in enumerate(("weights", "biases")):
        for layer in range(3):
            axes = grid[row, layer]
            drawn = histograms(axes)
            present = [(label, net) for label, net in zip(labels, nets) if layer < len(net.weights)]
            assert list(drawn) == [label for label, _ in present]
            assert kind in axes.get_title() and f"Layer {layer + 1}" in axes.get_title()
            for label, net in present:
                density, edges = drawn[label]
                values = getattr(net, kind)[layer]
                assert (density * np.diff(edges)).sum() == pytest.approx(1.0)  # a density: networks of any size compare
                counts = np.rint(density * np.diff(edges) * values.size)
                assert counts.sum() == values.size
                assert f"{values.size:,}" in axes.get_xlabel()  # the count is shown
                inside = values[(values >= edges[0]) & (values <= edges[-1])]
                assert counts.sum() - np.histogram(inside, edges)[0].sum() == values.size - inside.size
                assert values.size - inside.size <= 0.02 * values.size  # only far tails (1% of both) in the end bins
                np.testing.assert_array_equal(counts[1:-1], np.histogram(inside, edges)[0][1:-1])
    assert grid[0, 2].get_title() == "Layer 3 weights: 8 → 10 (output)"
    assert [text.get_text() for text in figure.legends[0].get_texts()] == labels


def test_networks_of_one_shape_are_labelled_by_file_name_alone(tmp_path):
    paths = [str(tmp_path / name) for name in ("before.npz", "after.npz")]
    for seed, path in enumerate(paths):
        network.save(network.Network((784, 12, 10), seed=seed), path)
    figure = weights_plotter.plot_networks(paths)
    assert [text.get_text() for text in figure.legends[0].get_texts()] == ["before", "after"]
    assert figure.axes[0].get_title() == "Layer 1 weights: 784 → 12"


def test_no_biases_leaves_only_the_weight_histograms(networks):
    figure = weights_plotter.plot_networks(networks, biases=False)
    assert len(figure.axes) == 3
    assert all("weights" in axes.get_title() and "biases" not in axes.get_title() for axes in figure.axes)
    first = network.load(networks[0])
    density, edges = histograms(figure.axes[0])["shallow (784-20-10)"]
    assert (density * np.diff(edges)).sum() == pytest.approx(1.0)
    assert figure.axes[0].get_xlabel().endswith(
        f"\nn = {first.weights[0].size:,} / {network.load(networks[1]).weights[0].size:,}")


def test_no_weights_leaves_only_the_bias_histograms(tmp_path, networks):
    assert weights_plotter.main([*networks, "--no-weights", "--out", str(tmp_path / "b.png")]) == 0
    titles = [axes.get_title() for axes in plt.gcf().axes]
    assert len(titles) == 3 and all("biases" in title for title in titles)


def test_hiding_both_weights_and_biases_is_a_usage_error(networks, capsys):
    with pytest.raises(SystemExit) as exit:
        weights_plotter.main([*networks, "--no-weights", "--no-biases"])
    assert exit.value.code == 2
    assert "nothing to plot" in capsys.readouterr().err


def test_files_that_are_not_networks_are_named_and_the_others_still_plotted(tmp_path, capsys, networks,
                                                                            two_logs):
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(open(networks[0], "rb").read()[:200])
    out = tmp_path / "weights.png"
    code = weights_plotter.main([two_logs[0], networks[1], str(truncated), "--out", str(out)])
    assert code == 0
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 2
    assert "slow.csv" in errors[0] and "truncated.npz" in errors[1]
    assert list(histograms(plt.gcf().axes[0])) == ["deep"]
    assert out.read_bytes().startswith(PNG_SIGNATURE)


def test_skipped_files_are_also_named_in_the_picture(tmp_path, networks):
    not_a_network = tmp_path / "notes.txt"
    not_a_network.write_text("hello\n")
    figure = weights_plotter.plot_networks([networks[0], str(not_a_network)])
    assert any("notes.txt" in text.get_text() for text in figure.texts)


def test_labels_for_uses_file_names_without_extensions():
    assert plot_cli.labels_for(["logs/a.csv", "b.npz", "c"]) == ["a", "b", "c"]


@pytest.mark.parametrize("script, make_input", [
    ("cost_plotter.py", "log"), ("percent_plotter.py", "log"), ("weights_plotter.py", "network")])
def test_scripts_run_as_files_from_another_folder(tmp_path, script, make_input, networks):
    source = write_training_log(tmp_path / "run.csv", 0.5, epochs=1) if make_input == "log" else networks[0]
    environment = {**os.environ, "MPLBACKEND": "Agg"}
    environment.pop("PYTHONPATH", None)
    result = subprocess.run([sys.executable, os.path.join(ROOT, "logs", script), source, "--out", "plot.png"],
                            cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "plot.png").read_bytes().startswith(PNG_SIGNATURE)


def test_a_network_file_given_to_a_log_plotter_is_one_clear_line(tmp_path, capsys, networks, two_logs):
    assert cost_plotter.main([networks[0], two_logs[0], "--out", str(tmp_path / "cost.png")]) == 0
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line == (f"skipped {networks[0]}: is a saved network or numpy file, not a training log (.csv); "
                    f"plot networks with logs/weights_plotter.py")


def test_a_named_pipe_or_an_oversized_file_given_as_a_log_is_one_line_and_never_read(tmp_path, capsys, two_logs):
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    unblock_later(pipe)  # a regression that reads it fails the test instead of hanging it
    huge = tmp_path / "huge.csv"
    with open(huge, "wb") as file:
        file.truncate(257 * 2**20)  # sparse: no disk used
    assert cost_plotter.main([str(pipe), str(huge), two_logs[0], "--out", str(tmp_path / "cost.png")]) == 0
    pipe_line, huge_line = capsys.readouterr().err.strip().splitlines()
    assert "pipe.csv" in pipe_line and "is a named pipe, not a training log" in pipe_line
    assert "huge.csv" in huge_line and "larger than any training log" in huge_line


def test_legends_name_each_run_from_its_logs_first_line(tmp_path):
    paths = []
    for lr in (0.05, 0.5):
        net = network.Network((784, 10, 4), seed=1)
        settings = Settings(epochs=2, batch_size=20, lr=lr)
        path = str(tmp_path / f"run-{lr}.csv")
        info = {"dataset": "stripes", "layers": "784-10-4", "lr": lr, "started": "2026-11-29 10:00"}
        with CsvLog(path, rows_per_epoch=5, info=info) as log:
            for progress in train(net, stripes_dataset(200, 0), stripes_dataset(40, 1), settings):
                log.write(progress)
        paths.append(path)
    paths.append(write_rows(tmp_path / "old.csv", [[1, 100, 0.5, 0.8, 0.6, 0.7, 1000, 0.1]]))  # before the line
    lines = lines_by_label(log_curves.plot_logs(paths, cost_plotter.COST))
    assert list(lines) == ["stripes 784-10-4, lr 0.05, 2026-11-29 10:00 (train)",
                           "stripes 784-10-4, lr 0.05, 2026-11-29 10:00 (test)",
                           "stripes 784-10-4, lr 0.5, 2026-11-29 10:00 (train)",
                           "stripes 784-10-4, lr 0.5, 2026-11-29 10:00 (test)", "old (train)", "old (test)"]
    np.testing.assert_allclose(lines["old (train)"].get_ydata(), [0.5])


def test_the_not_plotted_footnote_overlaps_no_other_text(tmp_path, two_logs, networks):
    bad = []
    for number in range(6):
        bad.append(str(tmp_path / f"shopping-list-number-{number}.txt"))
        open(bad[-1], "w").write("milk\n")
    for figure in (log_curves.plot_logs([two_logs[0], *bad], cost_plotter.COST),
                   weights_plotter.plot_networks([networks[0], *bad])):
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()
        [note] = [text for text in figure.texts if text.get_text().startswith("Not plotted")]
        box = note.get_window_extent(renderer)
        others = [axes.xaxis.label for axes in figure.axes] + [label for axes in figure.axes
                                                                for label in axes.get_xticklabels()]
        others += [legend.get_window_extent(renderer) for legend in figure.legends]
        for other in others:
            extent = other if hasattr(other, "overlaps") else other.get_window_extent(renderer)
            assert not box.overlaps(extent)

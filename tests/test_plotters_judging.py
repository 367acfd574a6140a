"""The judging plot scripts: confusion heatmaps and robustness curves, and every plot's text whole and apart when
networks have long names."""

import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import network  # noqa: E402
from logs import confusion_plotter, plot_cli, robustness_plotter, weights_plotter  # noqa: E402
from network import robustness  # noqa: E402

from conftest import bar_image, bars_network, judged_bars, write_csv  # noqa: E402
from test_plotters import PNG_SIGNATURE, ROOT, close_figures, networks  # noqa: E402,F401 (fixtures)


@pytest.fixture
def bars(tmp_path):
    """(network path, test CSV path): the bars network saved, and the test images with known outcomes."""
    images, labels, _ = judged_bars()
    path = str(tmp_path / "bars.npz")
    network.save(bars_network(), path)
    return path, write_csv(tmp_path / "bars.csv", images, labels)


def test_the_heatmap_shows_each_true_class_as_shares_with_counts_and_per_class_accuracy(bars):
    path, csv = bars
    figure = confusion_plotter.plot_confusions([path], csv)
    axes = figure.axes[0]
    shown = axes.images[0].get_array()
    np.testing.assert_allclose(shown.filled(0), [[0.5, 0.5, 0, 0], [0, 1, 0, 0], [0, 0, 2 / 3, 1 / 3], [0, 0, 0, 1]])
    assert shown.mask[0, 2] and not shown.mask[0, 1]  # an empty cell is left blank
    assert sorted(text.get_text() for text in axes.texts) == ["1", "1", "1", "2", "2", "2"]
    assert [label.get_text() for label in axes.get_yticklabels()] == ["0  50.0%", "1  100.0%", "2  66.7%", "3  100.0%"]
    assert "66.67% of 9" in axes.get_title() and "0 read as 1 (2 times)" in axes.get_title()


def test_a_heatmap_per_network_and_bad_files_named(tmp_path, bars, capsys):
    path, csv = bars
    notes = tmp_path / "notes.txt"
    notes.write_text("not a network\n")
    other = str(tmp_path / "other.npz")
    network.save(network.Network((784, 6, 4), seed=3), other)
    out = tmp_path / "confusion.png"
    assert confusion_plotter.main([path, str(notes), other, "--dataset", csv, "--out", str(out)]) == 0
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1 and "notes.txt" in errors[0] and "not an .npz" in errors[0]
    heatmaps = [axes for axes in plt.gcf().axes if axes.images]
    assert [axes.get_title().splitlines()[0] for axes in heatmaps] == ["bars", "other"]
    assert any("notes.txt" in text.get_text() for text in plt.gcf().texts)
    assert out.read_bytes().startswith(PNG_SIGNATURE)


def test_a_network_whose_test_data_is_missing_is_named_with_the_reason(bars, capsys):
    path, _ = bars  # its metadata names the dataset "bars", which is nowhere
    assert confusion_plotter.main([path, "--out", "never.png"]) == 1
    assert "bars" in capsys.readouterr().err and not os.path.exists("never.png")


def test_a_network_refused_for_its_test_data_is_named_by_its_file(tmp_path, networks, capsys):
    assert confusion_plotter.main([networks[0], "--dataset", "mnsit", "--out", str(tmp_path / "c.png")]) == 1
    line = capsys.readouterr().err.splitlines()[0]
    assert line.startswith(f"skipped {networks[0]}: mnsit: unknown dataset")


def test_robustness_curves_overlay_every_network_with_the_computed_accuracies(tmp_path):
    images = np.stack([bar_image(k) for k in range(4)] * 3)
    labels = np.tile(np.arange(4), 3)
    csv = write_csv(tmp_path / "bars.csv", images, labels)
    paths = []
    for name, net in (("bars", bars_network()), ("noise", network.Network((784, 5, 4), seed=2))):
        paths.append(str(tmp_path / f"{name}.npz"))
        network.save(net, paths[-1])
    figure = robustness_plotter.plot_curves(paths, csv)
    panels = {axes.get_title(): axes for axes in figure.axes}
    for variation in robustness.VARIATIONS:
        lines = panels[variation.name.capitalize()].get_lines()
        drawn = {line.get_label(): line for line in lines if not line.get_label().startswith("_")}
        assert list(drawn) == ["bars", "noise"]
        expected = robustness.robustness(network.load(paths[0]), csv)[variation.name] * 100
        np.testing.assert_allclose(drawn["bars"].get_xdata(), variation.levels)
        np.testing.assert_allclose(drawn["bars"].get_ydata(), expected)
        assert drawn["bars"].get_ydata()[variation.levels.index(variation.neutral)] == 100
    assert panels["Rotation"].get_lines()[0].get_ydata()[0] < 100  # turned 60 degrees, some bars read wrong
    assert panels["One test image at each point"].images


def test_robustness_script_writes_a_png_and_names_what_it_skips(tmp_path, capsys):
    images, labels, _ = judged_bars()
    csv = write_csv(tmp_path / "bars.csv", images, labels)
    path = str(tmp_path / "bars.npz")
    network.save(bars_network(), path)
    out = tmp_path / "robust.png"
    assert robustness_plotter.main([path, str(tmp_path / "missing.npz"), "--dataset", csv, "--images", "5",
                                    "--out", str(out)]) == 0
    assert "missing.npz" in capsys.readouterr().err
    assert out.read_bytes().startswith(PNG_SIGNATURE)


def test_robustness_script_refuses_zero_images(capsys):
    with pytest.raises(SystemExit):
        robustness_plotter.main(["x.npz", "--images", "0"])
    assert "--images" in capsys.readouterr().err


@pytest.mark.parametrize("script", ["confusion_plotter.py", "robustness_plotter.py"])
def test_judging_scripts_run_as_files_from_another_folder(tmp_path, bars, script):
    path, csv = bars
    environment = {**os.environ, "MPLBACKEND": "Agg"}
    environment.pop("PYTHONPATH", None)
    result = subprocess.run([sys.executable, os.path.join(ROOT, "logs", script), path, "--dataset", csv,
                             "--out", "plot.png"], cwd=tmp_path, env=environment, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "plot.png").read_bytes().startswith(PNG_SIGNATURE)


LONG = "taught-with-my-handwriting-on-the-sixth-of-december-2026"  # a name as long as a taught network's


def shown_tick_labels(axis, limits):
    """The tick labels an axis draws: those of ticks inside its view (the others are kept but not drawn)."""
    low, high = sorted(limits)
    return [label for tick, label in zip(axis.get_majorticklocs(), axis.get_majorticklabels())
            if low - 1e-9 <= tick <= high + 1e-9]


def text_boxes(figure, path):
    """{text: its box in pixels} of every text the figure shows, measured as saved to ``path``."""
    figure.savefig(path, dpi=plot_cli.DPI)
    figure.set_dpi(plot_cli.DPI)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    texts = list(figure.texts) + [text for legend in figure.legends for text in legend.get_texts()]
    texts += [label for label in (figure._suptitle, figure._supxlabel) if label is not None]
    for axes in figure.axes:
        texts += [axes.title, axes.xaxis.label, axes.yaxis.label, *axes.texts]
        texts += shown_tick_labels(axes.xaxis, axes.get_xlim()) + shown_tick_labels(axes.yaxis, axes.get_ylim())
    shown = {id(text): text for text in texts if text.get_visible() and text.get_text().strip()}
    return {text: text.get_window_extent(renderer) for text in shown.values()}


def assert_text_is_whole_and_apart(figure, path):
    """No shown text covers another, and none reaches past the figure's edge."""
    boxes = list(text_boxes(figure, path).items())
    edge = figure.bbox
    for number, (text, box) in enumerate(boxes):
        assert edge.x0 <= box.x0 and box.x1 <= edge.x1 and edge.y0 <= box.y0 and box.y1 <= edge.y1, \
            f"cut at the figure's edge: {text.get_text()!r}"
        for other, other_box in boxes[number + 1:]:
            assert not box.overlaps(other_box), f"{text.get_text()!r} overlaps {other.get_text()!r}"


def not_networks(tmp_path, count=3):
    paths = [str(tmp_path / f"shopping-list-with-a-rather-long-name-{number}.txt") for number in range(count)]
    for path in paths:
        open(path, "w").write("milk\n")
    return paths


def test_weight_histograms_of_networks_with_long_names_keep_every_text_whole_and_apart(tmp_path):
    paths = []
    for name, sizes in (("digits", (784, 30, 10)), ("tiny-digits", (784, 24, 16, 10)), ("characters", (784, 40, 36))):
        paths.append(str(tmp_path / f"{name}-{LONG}.npz"))
        network.save(network.Network(sizes, seed=len(paths)), paths[-1])
    for files in (paths[:2], paths, paths + not_networks(tmp_path)):
        assert_text_is_whole_and_apart(weights_plotter.plot_networks(files), tmp_path / "weights.png")


def test_confusion_heatmaps_of_networks_with_long_names_keep_every_text_whole_and_apart(tmp_path, bars):
    _, csv = bars
    paths = []
    for name, net in (("bars", bars_network()), ("noise", network.Network((784, 5, 4), seed=2))):
        paths.append(str(tmp_path / f"{name}-{LONG}-{LONG}.npz"))
        network.save(net, paths[-1])
    figure = confusion_plotter.plot_confusions(paths + not_networks(tmp_path), csv)
    assert_text_is_whole_and_apart(figure, tmp_path / "confusion.png")
    titles = [axes.get_title() for axes in figure.axes[:2]]
    assert all("…" in title.splitlines()[0] and title.splitlines()[0].endswith(LONG[-12:]) for title in titles)
    assert titles[0].splitlines()[1] == "66.67% of 9 bars.csv test images"  # 6 of judged_bars' 9 read right


def test_robustness_curves_of_networks_with_long_names_keep_every_text_whole_and_apart(tmp_path, bars):
    _, csv = bars
    paths = []
    for number in range(2):
        paths.append(str(tmp_path / f"network-{number}-{LONG}-{LONG}.npz"))
        network.save(network.Network((784, 5, 4), seed=number), paths[-1])
    figure = robustness_plotter.plot_curves(paths + not_networks(tmp_path, 1), csv, count=4)
    assert_text_is_whole_and_apart(figure, tmp_path / "robustness.png")


def test_shortened_names_keep_their_start_and_their_end():
    name = "digits-taught-with-my-handwriting-2026-12-06-0930"
    assert plot_cli.shortened(name, 10, 10) == name
    short = plot_cli.shortened(name, 2, 10)
    assert short.startswith("digits-ta") and short.endswith("06-0930") and "…" in short
    assert len(short) == int(2 * 72 / (10 * plot_cli.CHAR_WIDTH))

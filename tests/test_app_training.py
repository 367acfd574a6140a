"""The training view, driven headless by posting real pygame events to the real App."""

import glob
import os
import time

import numpy as np
import pygame
import pytest

import network
from app.__main__ import build_parser
from app.drawing_view import DrawingView
from app.training_charts import EXTRA_COLOURS, cost_note, draw_curves, gap_note
from app.training_pace import FULL, SLOW, WATCH
from app.training_run import Curves
from app.training_view import TrainingView
from app.window import App
from conftest import stripes_dataset, write_idx
from network.cli import build_parser as cli_parser, network_for, settings_from_args
from network.csvlog import read_log
from network.datasets import LETTERS
from network.overfitting import verdict


def post(kind, **attributes):
    pygame.event.post(pygame.event.Event(kind, **attributes))


def press(key, unicode=""):
    post(pygame.KEYDOWN, key=key, unicode=unicode, mod=0, scancode=0)


def type_text(text):
    for character in text:
        press(pygame.key.key_code(character), character)


def type_into_row(rows_down, text):
    """Move down the setup form by ``rows_down`` rows and type ``text`` into that field."""
    for _ in range(rows_down):
        press(pygame.K_DOWN)
    type_text(text)


def start_and_finish(app, view):
    """Enter starts the run, P switches it to full speed; frames go by until it has ended."""
    press(pygame.K_RETURN)
    frames_until(app, lambda: view.run is not None)
    press(pygame.K_p, "p")
    frames_until(app, lambda: not view.run.active)


def frames_until(app, condition, limit=60.0):
    """Run frames until ``condition()`` holds (a generous wall-clock guard stops a hung test).

    While the view loads data in its background thread, the test waits for that thread instead of
    spinning frames: unthrottled frames would hold the interpreter lock and starve the loader.
    """
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "the window never reached the expected state"
        loader = getattr(app.view, "loader", None)
        if loader is not None:
            loader.join(max(0.0, deadline - time.monotonic()))
        app.step()


def frames(app, count):
    for _ in range(count):
        app.step()


def weights_on_screen(app):
    return pygame.surfarray.array3d(app.surface.subsurface(app.view.weights_rect)).copy()


def saved_files(folder, pattern):
    return sorted(glob.glob(os.path.join(os.path.abspath(folder), pattern)))


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """Run in an empty folder that is also Inkling's home, so saved_networks/ and logs/ are the test's own."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INKLING_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def tiny_data(tmp_path, monkeypatch):
    """A data folder holding small MNIST-layout files (a learnable 4-class stripes set); $INKLING_DATA points at it."""
    folder = tmp_path / "data"
    digits = folder / "mnist"
    digits.mkdir(parents=True)
    for split, prefix, n in (("train", "train", 240), ("test", "t10k", 60)):
        images, labels = stripes_dataset(n, seed=len(split))
        write_idx(digits / f"{prefix}-images-idx3-ubyte.gz", images)
        write_idx(digits / f"{prefix}-labels-idx1-ubyte.gz", labels)
    monkeypatch.setenv("INKLING_DATA", str(folder))
    return folder


@pytest.fixture
def tiny_letters(tiny_data):
    """Add small EMNIST-letters files (labels 1..26, images transposed as EMNIST stores them)."""
    letters = tiny_data / "emnist-letters"
    letters.mkdir()
    for split, n in (("train", 260), ("test", 52)):
        images, _ = stripes_dataset(n, seed=3)
        labels = np.arange(n) % 26 + 1
        write_idx(letters / f"emnist-letters-{split}-images-idx3-ubyte.gz", images)
        write_idx(letters / f"emnist-letters-{split}-labels-idx1-ubyte.gz", labels)
    return tiny_data


@pytest.fixture
def stripes_csv(tmp_path):
    """A CSV dataset (label,p0..p783) of the stripes set."""
    images, labels = stripes_dataset(200)
    path = tmp_path / "stripes.csv"
    np.savetxt(path, np.column_stack([labels, images.reshape(len(images), -1)]), fmt="%d", delimiter=",")
    return str(path)


@pytest.fixture
def open_app():
    """Open Apps on the dummy display (optionally straight into training); pygame is shut down afterwards."""
    def make(net=None, path=None, train=None):
        preset = build_parser().parse_args(["--train", *train]) if train else None
        return App(net, path, size=(1040, 700), train_preset=preset)
    yield make
    pygame.quit()


def open_training(app):
    app.step()
    press(pygame.K_t, "t")
    app.step()
    assert isinstance(app.view, TrainingView)
    return app.view


def test_setup_offers_only_the_datasets_whose_files_are_there(open_app, workdir, tiny_data):
    view = open_training(open_app())
    assert view.form.available == {"mnist": True, "emnist-letters": False, "characters": False}
    assert view.form.dataset == "mnist"
    letters_chip = next(rect for rect, row, value in view.form.hits if value == "emnist-letters")
    post(pygame.MOUSEBUTTONDOWN, pos=letters_chip.center, button=1)
    frames(view.app, 2)
    assert view.form.dataset == "mnist"


def test_choosing_relu_suggests_a_smaller_learning_rate(open_app, workdir, tiny_data):
    view = open_training(open_app())
    assert "relu" not in view.form._field_hint("lr")
    relu_chip = next(rect for rect, row, value in view.form.hits if value == "relu")
    post(pygame.MOUSEBUTTONDOWN, pos=relu_chip.center, button=1)
    frames(view.app, 2)
    assert view.form.activation == "relu" and "relu wants a small one" in view.form._field_hint("lr")


def test_without_any_dataset_a_notice_says_how_to_download_one(open_app, workdir, tmp_path, monkeypatch):
    monkeypatch.setenv("INKLING_DATA", str(tmp_path / "empty"))
    app = open_app()
    view = open_training(app)
    assert any("python -m network download mnist" in text for text in app.notice_texts)
    press(pygame.K_RETURN)
    frames(app, 3)
    assert view.stage == "setup" and "download" in view.form.error
    assert not os.path.exists("logs") and not os.path.exists("saved_networks")


def test_enter_trains_then_saves_network_and_log_and_offers_drawing_with_it(open_app, workdir, tiny_data):
    app = open_app()
    view = open_training(app)
    type_into_row(6, "3")  # epochs
    start_and_finish(app, view)

    assert view.run.state == "finished"
    [path] = saved_files("saved_networks", "mnist-784-128-10-*.npz")
    net = network.load(path)
    assert net.sizes == (784, 128, 10)
    assert net.meta["style"] == "mnist" and net.meta["dataset"] == "mnist" and net.meta["epochs"] == 3
    assert net.meta["test_accuracy"] > 0.9  # the stripes are easy
    [log] = saved_files("logs", "mnist-*.csv")
    assert read_log(log)["test_accuracy"][-1] == pytest.approx(net.meta["test_accuracy"], abs=1e-5)

    press(pygame.K_d, "d")
    app.step()
    assert isinstance(app.view, DrawingView)
    assert app.shown.network_path == path and app.shown.network is view.run.net


def test_letters_need_a_new_network_with_26_outputs(open_app, workdir, tiny_letters, tmp_path):
    digits = network.Network((784, 16, 10), seed=0)
    app = open_app(digits, str(tmp_path / "digits.npz"))
    view = open_training(app)
    press(pygame.K_RIGHT)  # dataset row: MNIST -> EMNIST letters
    frames(app, 2)
    assert view.form.dataset == "emnist-letters"
    continue_chip = next(rect for rect, row, value in view.form.hits if value == "loaded")
    post(pygame.MOUSEBUTTONDOWN, pos=continue_chip.center, button=1)
    frames(app, 2)
    assert view.form.start == "new"
    assert "train a new one" in view.form.error

    type_into_row(6, "1")  # epochs
    start_and_finish(app, view)
    [path] = saved_files("saved_networks", "emnist-letters-784-128-26-*.npz")
    net = network.load(path)
    assert net.labels == LETTERS and net.meta["style"] == "emnist"


def test_continuing_the_loaded_network_leaves_the_drawing_network_untouched(open_app, workdir, tiny_data, tmp_path):
    digits = network.Network((784, 12, 10), seed=0, meta={"history": []})
    before = digits.weights[0].copy()
    app = open_app(digits, str(tmp_path / "digits.npz"))
    view = open_training(app)
    press(pygame.K_DOWN)
    press(pygame.K_RIGHT)  # start from: new -> continue the loaded network
    type_into_row(5, "1")  # epochs, five rows below "start from"
    start_and_finish(app, view)
    [path] = saved_files("saved_networks", "mnist-784-12-10-*.npz")
    trained = network.load(path)
    assert not np.array_equal(trained.weights[0], before)
    assert np.array_equal(digits.weights[0], before) and digits.meta["history"] == []
    press(pygame.K_ESCAPE)
    app.step()
    assert isinstance(app.view, DrawingView) and app.shown.network is digits


def test_mnist_weights_animate_pause_stops_progress_and_closing_saves(open_app, workdir, real_data, capsys):
    app = open_app()
    view = open_training(app)
    press(pygame.K_RETURN)  # the defaults: 784-128-10 on MNIST
    frames_until(app, lambda: view.stage == "training" and view.weights_rect is not None)
    press(pygame.K_p, "p")  # from the watching pace to full speed: a step every frame
    app.step()
    first, seen = weights_on_screen(app), view.run.samples_seen
    app.step()
    assert view.run.samples_seen > seen
    frames_until(app, lambda: not np.array_equal(weights_on_screen(app), first))  # big layers redraw less often

    press(pygame.K_SPACE)
    frames(app, 2)
    paused_at, paused_pixels = view.run.samples_seen, weights_on_screen(app)
    frames(app, 10)
    assert view.run.state == "paused" and view.run.samples_seen == paused_at
    assert np.array_equal(weights_on_screen(app), paused_pixels)
    press(pygame.K_SPACE)
    frames(app, 3)
    assert view.run.samples_seen > paused_at

    press(pygame.K_f, "f")  # all drawing off: training goes on, no mosaic is drawn
    view.weights_rect = None
    frames(app, 3)
    assert view.weights_rect is None and view.run.active

    post(pygame.QUIT)
    assert app.step() is False
    [path] = saved_files("saved_networks", "mnist-784-128-10-*.npz")
    assert network.load(path).meta["style"] == "mnist"
    [log] = saved_files("logs", "mnist-*.csv")
    assert read_log(log)["samples"][-1] > 0
    assert f"Saved {path}" in capsys.readouterr().out


def test_closing_mid_training_saves_what_was_learned_and_says_where(open_app, workdir, stripes_csv, capsys):
    out = os.path.join("saved_networks", "stripes.npz")
    app = open_app(train=[stripes_csv, "--layers", "784,8,4", "--epochs", "500", "--batch-size", "1",
                          "--out", out])
    view = app.view
    frames_until(app, lambda: view.stage == "training")
    press(pygame.K_s, "s")  # slow motion: one mini-batch per frame
    frames(app, 5)
    assert view.run.active
    post(pygame.QUIT)
    assert app.step() is False
    net = network.load(out)
    assert net.meta["dataset"] == "stripes.csv" and net.sizes == (784, 8, 4)
    [log] = saved_files("logs", "stripes-*.csv")
    assert os.path.getsize(log) > 0
    printed = capsys.readouterr().out
    assert f"Saved {os.path.abspath(out)}" in printed and log in printed


def test_escape_asks_before_stopping_then_saves_and_escape_returns_to_drawing(open_app, workdir, stripes_csv):
    app = open_app(train=[stripes_csv, "--layers", "784,8,4", "--epochs", "500", "--batch-size", "1"])
    view = app.view
    frames_until(app, lambda: view.stage == "training")
    press(pygame.K_s, "s")
    frames(app, 3)
    press(pygame.K_ESCAPE)
    press(pygame.K_ESCAPE)  # a double press only opens and closes the question
    frames(app, 2)
    assert view.run.state == "running" and not view.asking_to_stop and not saved_files("saved_networks", "*")
    press(pygame.K_ESCAPE)
    app.step()
    assert view.asking_to_stop and view.run.active
    press(pygame.K_RETURN)  # yes, stop and save
    app.step()
    assert view.run.state == "stopped" and isinstance(app.view, TrainingView)
    [path] = saved_files("saved_networks", "stripes-784-8-4-*.npz")
    network.load(path)
    press(pygame.K_ESCAPE)
    app.step()
    assert isinstance(app.view, DrawingView) and app.shown.network is None


def test_training_pauses_while_asking_to_stop_and_goes_on_when_kept(open_app, workdir, stripes_csv):
    app = open_app(train=[stripes_csv, "--layers", "784,8,4", "--epochs", "500", "--batch-size", "1"])
    view = app.view
    frames_until(app, lambda: view.stage == "training")
    press(pygame.K_ESCAPE)
    app.step()
    seen = view.run.samples_seen
    frames(app, 10)
    assert view.asking_to_stop and view.run.state == "paused" and view.run.samples_seen == seen  # no step taken
    press(pygame.K_ESCAPE)  # keep training
    frames_until(app, lambda: view.run.samples_seen > seen)
    assert view.run.state == "running" and not view.asking_to_stop


def test_a_run_paused_before_asking_stays_paused_when_kept(open_app, workdir, stripes_csv):
    app = open_app(train=[stripes_csv, "--layers", "784,8,4", "--epochs", "500", "--batch-size", "1"])
    view = app.view
    frames_until(app, lambda: view.stage == "training")
    press(pygame.K_SPACE, " ")
    press(pygame.K_ESCAPE)
    press(pygame.K_ESCAPE)
    frames(app, 2)
    assert view.run.state == "paused" and not view.asking_to_stop


def test_stop_without_saving_keeps_no_network_and_no_log(open_app, workdir, stripes_csv):
    app = open_app(train=[stripes_csv, "--layers", "784,8,4", "--epochs", "500", "--batch-size", "1"])
    view = app.view
    frames_until(app, lambda: view.stage == "training")
    frames(app, 3)
    press(pygame.K_ESCAPE)
    app.step()
    press(pygame.K_d, "d")
    app.step()
    assert view.run.state == "stopped" and not view.run.saved and isinstance(app.view, TrainingView)
    assert saved_files("saved_networks", "*") == [] and saved_files("logs", "*") == []
    [line] = view.result_lines()
    assert line.startswith("Stopped after ") and line.endswith("without saving: no network and no log were kept.")
    press(pygame.K_ESCAPE)
    app.step()
    assert isinstance(app.view, DrawingView)


def test_divergence_shows_a_notice_and_saves_nothing(open_app, workdir, stripes_csv):
    app = open_app(train=[stripes_csv, "--layers", "784,8,4", "--lr", "1e30"])
    view = app.view
    frames_until(app, lambda: view.run is not None and not view.run.active)
    assert view.run.state == "diverged"
    assert any("diverged" in text and "Nothing was saved" in text for text in app.notice_texts)
    assert saved_files("saved_networks", "*") == [] and saved_files("logs", "*") == []
    press(pygame.K_d, "d")  # nothing to draw with
    app.step()
    assert isinstance(app.view, TrainingView)


def test_typing_a_huge_learning_rate_on_mnist_diverges_visibly(open_app, workdir, real_data):
    app = open_app()
    view = open_training(app)
    press(pygame.K_DOWN)
    press(pygame.K_DOWN)
    press(pygame.K_DOWN)
    press(pygame.K_RIGHT)  # activation: relu
    press(pygame.K_DOWN)
    type_text("1000")  # learning rate
    type_into_row(3, "7")  # seed: the same run every time
    press(pygame.K_RETURN)
    frames_until(app, lambda: view.stage == "training")
    press(pygame.K_p, "p")  # full speed
    frames_until(app, lambda: not view.run.active)
    assert view.run.settings.lr == 1000 and view.run.net.activation == "relu"
    assert view.run.state == "diverged"
    assert any("diverged" in text for text in app.notice_texts)
    assert not glob.glob("saved_networks/*") and not glob.glob("logs/*")


def test_a_bad_setting_is_explained_and_nothing_starts(open_app, workdir, tiny_data):
    app = open_app()
    view = open_training(app)
    for _ in range(5):
        press(pygame.K_DOWN)
    press(pygame.K_BACKSPACE)  # batch size emptied, then a zero typed
    type_text("0")
    press(pygame.K_RETURN)
    frames(app, 2)
    assert view.stage == "setup" and "batch size must be at least 1" in view.form.error


def test_mosaic_puts_each_units_weights_upright_in_its_own_tile_in_a_diverging_map():
    from app.mosaic import GAP_INDEX, LEVELS, colour_indices, grid_shape

    weights = np.zeros((784, 3), dtype=np.float32)
    weights[3 * 28 + 20, 1] = 1.0  # unit 1 likes pixel (row 3, column 20)
    weights[27 * 28 + 0, 2] = -1.0  # unit 2 dislikes the bottom-left pixel
    indices = colour_indices(weights, columns=2, rows=2, scale=1.0)
    assert indices.shape == (28 * 2 + 1, 28 * 2 + 1)
    zero = (LEVELS - 1) // 2
    assert indices[0, 0] == zero and indices[3, 29 + 20] == LEVELS - 1 and indices[29 + 27, 0] == 0
    assert indices[28, 5] == GAP_INDEX and indices[40, 40] == GAP_INDEX  # the gap, and the unused fourth tile
    assert grid_shape(24, 500, 500) == (5, 5) and grid_shape(10, 1000, 100) == (10, 1)


def test_after_training_d_compares_the_new_network_with_the_one_it_started_from(open_app, workdir, tiny_data,
                                                                                 tmp_path):
    digits = network.Network((784, 12, 10), seed=0)
    app = open_app(digits, str(tmp_path / "digits.npz"))
    app.drawing.canvas.stroke((100, 60), (120, 220), 10)
    view = open_training(app)
    type_into_row(6, "1")  # epochs
    start_and_finish(app, view)
    press(pygame.K_d, "d")
    app.step()
    assert app.view is app.drawing and not app.drawing.canvas.is_empty
    assert app.shown.network is view.run.net and app.shown.sides[1].net is digits and app.shown.two_sides
    left, right = app.drawing.guesses
    assert left.probabilities is not None and right.probabilities is not None
    assert not np.array_equal(left.probabilities, right.probabilities)
    assert any("on the right" in text for text in app.notice_texts)


def stripes_run(open_app, stripes_csv, *options):
    """The window training the stripes CSV from the command line's options, at its first step."""
    app = open_app(train=[stripes_csv, "--layers", "784,8,4", *options])
    frames_until(app, lambda: app.view.stage == "training")
    return app, app.view


def test_the_watching_pace_trains_a_few_batches_a_second_and_full_speed_is_one_key_away(open_app, workdir,
                                                                                         stripes_csv):
    app, view = stripes_run(open_app, stripes_csv, "--epochs", "500", "--batch-size", "4")
    assert view.pace.mode == WATCH
    seen = view.run.samples_seen
    counts = []
    for _ in range(60):  # one second of window time
        app.step()
        counts.append(view.run.samples_seen)
    assert 0 < counts[-1] - seen <= 4 * 120  # about 300 samples a second at first
    assert len(set(counts)) < 60  # some frames train nothing: the pace, not the machine, sets the speed
    press(pygame.K_p, "p")
    app.step()
    assert view.pace.mode == FULL
    for _ in range(5):
        before = view.run.samples_seen
        app.step()
        assert view.run.samples_seen > before


def test_slow_motion_takes_one_mini_batch_per_visible_step_with_the_weights_redrawn(open_app, workdir, stripes_csv):
    app, view = stripes_run(open_app, stripes_csv, "--epochs", "500", "--batch-size", "2")
    press(pygame.K_s, "s")
    app.step()
    assert view.pace.mode == SLOW
    seen, pictures, counts = view.run.samples_seen, [], []
    for _ in range(125):  # two seconds of window time (and a little): eight steps
        app.step()
        if view.run.samples_seen != (counts or [seen])[-1]:
            pictures.append(weights_on_screen(app))
        counts.append(view.run.samples_seen)
    assert counts[-1] - seen == 8 * 2
    assert all(not np.array_equal(a, b) for a, b in zip(pictures, pictures[1:]))


def test_the_seed_is_on_the_form_in_the_history_and_fresh_on_train_again(open_app, workdir, tiny_data):
    app = open_app()
    view = open_training(app)
    type_into_row(6, "1")  # epochs
    type_into_row(1, "4242")  # seed
    start_and_finish(app, view)
    assert view.run.settings.seed == 4242
    [path] = saved_files("saved_networks", "*.npz")
    assert network.load(path).meta["history"][-1]["seed"] == 4242
    press(pygame.K_r, "r")
    app.step()
    assert view.stage == "setup" and view.form.text["seed"] == "4242"  # typed by hand: kept
    view.form.edited.discard("seed")
    view.setup_again()
    seeds = {view.form.text["seed"]}
    for _ in range(5):
        view.form.new_seed()
        seeds.add(view.form.text["seed"])
    assert len(seeds) > 1


def test_charts_hold_no_test_figure_before_the_first_test_pass_then_state_the_gap(open_app, workdir, stripes_csv):
    app, view = stripes_run(open_app, stripes_csv, "--epochs", "3", "--batch-size", "4")
    assert view.run.curves.tests == {} and "after the first epoch" in gap_note(view.run.curves)
    frames_until(app, lambda: view.run.curves.tests.get("test"))
    epoch, train, test = view.run.curves.accuracy_gap()
    stated = f"gap {100 * (train - test):.1f} points" if train >= test else f"test {100 * (test - train):.1f} points better"
    assert epoch == 1.0 and gap_note(view.run.curves).endswith(f"train {train:.1%}, test {test:.1%}: {stated}")


def test_the_cost_note_says_overfitting_only_when_a_gap_opens_while_test_stalls():
    curves = Curves()
    for epoch, (cost, train, test) in enumerate([(0.30, 0.95, 0.94), (0.20, 0.985, 0.958), (0.21, 0.995, 0.956)],
                                                start=1):
        curves.epoch_train[float(epoch)] = (0.1, train)
        curves.add_test(float(epoch), cost, test)
    assert cost_note(curves) == ""  # the test cost rose, but only one pass is below the best so far
    curves.epoch_train[4.0] = (0.05, 0.999)
    curves.add_test(4.0, 0.26, 0.954)
    assert cost_note(curves).startswith("overfitting: test stuck below 95.8% (epoch 2), train up to 99.9%")


def test_a_run_records_the_learning_rate_of_each_test_pass_for_the_cost_note(open_app, stripes_csv):
    app, view = stripes_run(open_app, stripes_csv, "--epochs", "3", "--batch-size", "4", "--lr", "0.1")
    frames_until(app, lambda: view.run.curves.tests.get("test"))
    view.run.set_lr(10.0)
    frames_until(app, lambda: len(view.run.curves.tests["test"][0]) >= 2)
    first, second = view.run.curves.test_passes()[:2]
    assert (first.lr, second.lr) == (0.1, 10.0)
    assert cost_note(view.run.curves) == verdict(view.run.curves.test_passes())  # the chart shows the rule's words


def test_the_charts_draw_an_extra_named_test_series(open_app):
    app = open_app()
    curves = Curves(train_epochs=[0.5, 1.0], train_cost=[1.0, 0.5], train_accuracy=[0.6, 0.8])
    curves.add_test(1.0, 0.6, 0.75)
    curves.add_test(1.0, None, 0.55, "my drawings")  # further test sets report their accuracy only
    surface = pygame.Surface((600, 500))
    draw_curves(surface, surface.get_rect(), curves, 2, app.fonts)
    pixels = pygame.surfarray.array3d(surface).reshape(-1, 3)
    assert (pixels == EXTRA_COLOURS[1]).all(axis=1).any()  # the second test series' colour


def test_clicking_a_tile_enlarges_it_and_wide_layers_page(open_app, workdir, stripes_csv):
    app = open_app(train=[stripes_csv, "--layers", "784,512,4", "--epochs", "500"])
    view = app.view
    frames_until(app, lambda: view.stage == "training" and view.weights_rect is not None)
    panel = view.weights
    assert panel.pages > 1 and panel.per_page < 512
    press(pygame.K_PAGEDOWN)
    app.step()
    assert panel.page == 1
    tile = view.weights.mosaic.tile_rects(view.weights_rect)[3]
    small = view.weights_rect.size
    post(pygame.MOUSEBUTTONDOWN, pos=tile.center, button=1)
    frames(app, 2)
    assert panel.enlarged == panel.per_page + 3 and view.weights_rect.width > small[0] / 2
    press(pygame.K_ESCAPE)  # closes the enlarged tile, and nothing else
    frames(app, 2)
    assert panel.enlarged is None and view.run.active and not view.asking_to_stop


def test_the_learning_rate_changes_mid_run_and_the_history_keeps_it(open_app, workdir, stripes_csv):
    app, view = stripes_run(open_app, stripes_csv, "--epochs", "500", "--batch-size", "4", "--lr", "0.2")
    press(pygame.K_p, "p")
    frames(app, 3)
    press(pygame.K_UP)
    frames(app, 3)
    assert view.run.settings.lr == 0.5
    press(pygame.K_DOWN)
    press(pygame.K_DOWN)
    frames(app, 3)
    press(pygame.K_ESCAPE)
    press(pygame.K_RETURN)
    app.step()
    [path] = saved_files("saved_networks", "*.npz")
    changes = network.load(path).meta["history"][-1]["changes"]
    assert [change["lr"] for change in changes] == [0.5, 0.1]
    assert 0 < changes[0]["at_epoch"] <= changes[1]["at_epoch"]


def test_a_finished_run_goes_on_for_one_more_epoch_and_is_saved_again(open_app, workdir, stripes_csv):
    app, view = stripes_run(open_app, stripes_csv, "--epochs", "2", "--batch-size", "8")
    press(pygame.K_p, "p")
    frames_until(app, lambda: view.run.state == "finished")
    path = view.run.save_path
    assert network.load(path).meta["epochs"] == 2
    post(pygame.KEYDOWN, key=pygame.K_EQUALS, unicode="+", mod=pygame.KMOD_SHIFT, scancode=0)
    frames_until(app, lambda: view.run.progress.epoch == 3 and view.run.state == "finished")
    assert view.run.settings.epochs == 3
    net = network.load(path)
    assert net.meta["epochs"] == 3 and net.meta["history"][-1]["changes"] == [{"at_epoch": 2.0, "epochs": 3}]
    assert len(read_log(view.run.log_path)["test_accuracy"]) > 0
    assert any(line.endswith(os.path.abspath(path)) for line in view.result_lines())
    assert view.result_lines()[1] == f"Log {os.path.abspath(view.run.log_path)}"


def test_the_form_and_the_command_line_share_each_datasets_defaults(open_app, workdir, tiny_letters):
    view = open_training(open_app())
    for dataset in ("mnist", "emnist-letters"):
        view.form.choose("dataset", dataset)
        plan = view.form.plan()
        args = cli_parser().parse_args(["train", "--dataset", dataset])
        settings = settings_from_args(args)
        assert (plan.settings.lr, plan.settings.batch_size, plan.settings.epochs) == (
            settings.lr, settings.batch_size, settings.epochs)
        classes = datasets_classes(dataset)
        assert plan.sizes == network_for(args, classes, "mnist").sizes


def datasets_classes(name):
    from network.datasets import DATASETS
    return DATASETS[name].classes


def test_layers_too_small_for_letters_get_a_hint(open_app, workdir, tiny_letters):
    view = open_training(open_app())
    view.form.choose("dataset", "emnist-letters")
    assert view.form.warnings() == []
    type_into_row(2, "24, 16")
    view.app.step()
    assert any("75%" in warning for warning in view.form.warnings())


def test_text_boxes_edit_like_text_boxes(open_app, workdir, tiny_data):
    view = open_training(open_app())
    form = view.form
    type_into_row(2, "24 16")  # hidden layers: typing replaces the selected value
    view.app.step()
    assert form.text["hidden"] == "24 16"
    press(pygame.K_LEFT)
    press(pygame.K_LEFT)
    press(pygame.K_LEFT)
    type_text(",")
    view.app.step()
    assert form.text["hidden"] == "24, 16"  # Left moved the caret; nothing jumped to a preset
    press(pygame.K_HOME)
    press(pygame.K_DELETE)
    view.app.step()
    assert form.text["hidden"] == "4, 16"
    press(pygame.K_PAGEUP)  # common values are on PageUp/PageDown
    view.app.step()
    assert form.text["hidden"] == "16"


def test_the_loop_records_a_learning_rate_changed_mid_run_and_an_added_epoch():
    from network.report import network_info
    from network.training import Settings, train

    images, labels = stripes_dataset(64)
    net = network.Network((784, 6, 4), seed=0)
    settings = Settings(epochs=1, batch_size=16, lr=0.3)
    events = []
    for progress in train(net, (images, labels), None, settings, "stripes"):
        events.append(progress)
        if len(events) == 2:
            settings.lr = 0.1
        if progress.kind == "epoch" and progress.epoch == 1:
            settings.epochs = 2  # asked for after the last epoch's event: the loop goes on
    assert events[-1].epoch == 2 and net.meta["epochs"] == 2
    assert net.meta["history"][-1]["changes"] == [{"at_epoch": 0.5, "lr": 0.1}, {"at_epoch": 1.0, "epochs": 2}]
    assert "at epoch 0.5: learning rate -> 0.1" in network_info(net, "net.npz")


def test_both_datasets_together_train_a_36_class_network_that_draws_in_the_letters_style(open_app, workdir,
                                                                                        tiny_letters):
    app = open_app()
    view = open_training(app)
    assert view.form.available["characters"]
    chip = next(rect for rect, row, value in view.form.hits if value == "characters")
    post(pygame.MOUSEBUTTONDOWN, pos=chip.center, button=1)
    frames(app, 2)
    assert view.form.dataset == "characters" and view.form.sizes()[-1] == 36
    type_into_row(6, "1")  # epochs
    start_and_finish(app, view)
    [path] = saved_files("saved_networks", "characters-784-128-36-*.npz")
    net = network.load(path)
    assert net.labels == [str(d) for d in range(10)] + LETTERS and net.meta["style"] == "emnist"
    press(pygame.K_d, "d")
    app.step()
    app.drawing.canvas.stroke((100, 60), (120, 220), 10)
    app.step()
    assert app.view is app.drawing
    assert set(app.drawing.panel.answers) == {"digit", "letter", "favoured"}

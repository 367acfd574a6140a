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
from app.training_view import TrainingView
from app.window import App
from conftest import stripes_dataset, write_idx
from network.csvlog import read_log
from network.datasets import LETTERS


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
    """Enter starts the run; frames go by until it has ended."""
    press(pygame.K_RETURN)
    frames_until(app, lambda: view.run is not None and not view.run.active)


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
    [path] = saved_files("saved_networks", "mnist-784-24-16-10-*.npz")
    net = network.load(path)
    assert net.sizes == (784, 24, 16, 10)
    assert net.meta["style"] == "mnist" and net.meta["dataset"] == "mnist" and net.meta["epochs"] == 3
    assert net.meta["test_accuracy"] > 0.9  # the stripes are easy
    [log] = saved_files("logs", "mnist-*.csv")
    assert read_log(log)["test_accuracy"][-1] == pytest.approx(net.meta["test_accuracy"], abs=1e-5)

    press(pygame.K_d, "d")
    app.step()
    assert isinstance(app.view, DrawingView)
    assert app.network_path == path and app.network is view.run.net


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
    [path] = saved_files("saved_networks", "emnist-letters-784-24-16-26-*.npz")
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
    assert isinstance(app.view, DrawingView) and app.network is digits


def test_mnist_weights_animate_pause_stops_progress_and_closing_saves(open_app, workdir, real_data, capsys):
    app = open_app()
    view = open_training(app)
    press(pygame.K_RETURN)  # the defaults: 784-24-16-10 on MNIST
    frames_until(app, lambda: view.stage == "training" and view.weights_rect is not None)
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
    [path] = saved_files("saved_networks", "mnist-784-24-16-10-*.npz")
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


def test_escape_stops_early_and_saves_then_escape_returns_to_drawing(open_app, workdir, stripes_csv):
    app = open_app(train=[stripes_csv, "--layers", "784,8,4", "--epochs", "500", "--batch-size", "1"])
    view = app.view
    frames_until(app, lambda: view.stage == "training")
    press(pygame.K_s, "s")
    frames(app, 3)
    press(pygame.K_ESCAPE)
    app.step()
    assert view.run.state == "stopped" and isinstance(app.view, TrainingView)
    [path] = saved_files("saved_networks", "stripes-784-8-4-*.npz")
    network.load(path)
    press(pygame.K_ESCAPE)
    app.step()
    assert isinstance(app.view, DrawingView) and app.network is None


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
    press(pygame.K_RETURN)
    frames_until(app, lambda: view.run is not None and not view.run.active)
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
    assert app.network is view.run.net and app.sides[1].net is digits and app.two_sides
    left, right = app.drawing.sides
    assert left.probabilities is not None and right.probabilities is not None
    assert not np.array_equal(left.probabilities, right.probabilities)
    assert any("on the right" in text for text in app.notice_texts)

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
from app.training_charts import EXTRA_COLOURS, cost_note, draw_curves, gap_note, latest_value
from app.training_run import Curves
from app.training_loading import LoadingStage
from app.training_view import TrainingView
from app.window import App
from conftest import stripes_dataset, write_idx
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
        stage = getattr(app.view, "stage", None)
        if isinstance(stage, LoadingStage):
            stage.loader.join(max(0.0, deadline - time.monotonic()))
        app.step()


def frames(app, count):
    for _ in range(count):
        app.step()


def weights_on_screen(app):
    return pygame.surfarray.array3d(app.surface.subsurface(app.view.stage.weights.rect)).copy()


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
    frames_until(app, lambda: view.stage.name == "training" and view.stage.weights.rect is not None)
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
    view.stage.weights.rect = None
    frames(app, 3)
    assert view.stage.weights.rect is None and view.run.active

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
    frames_until(app, lambda: view.stage.name == "training")
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
    frames_until(app, lambda: view.stage.name == "training")
    press(pygame.K_s, "s")
    frames(app, 3)
    press(pygame.K_ESCAPE)
    press(pygame.K_ESCAPE)  # a double press only opens and closes the question
    frames(app, 2)
    assert view.run.state == "running" and not view.stage.asking_to_stop and not saved_files("saved_networks", "*")
    press(pygame.K_ESCAPE)
    app.step()
    assert view.stage.asking_to_stop and view.run.active
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
    frames_until(app, lambda: view.stage.name == "training")
    press(pygame.K_ESCAPE)
    app.step()
    seen = view.run.samples_seen
    frames(app, 10)
    assert view.stage.asking_to_stop and view.run.state == "paused" and view.run.samples_seen == seen  # no step taken
    press(pygame.K_ESCAPE)  # keep training
    frames_until(app, lambda: view.run.samples_seen > seen)
    assert view.run.state == "running" and not view.stage.asking_to_stop


def test_a_run_paused_before_asking_stays_paused_when_kept(open_app, workdir, stripes_csv):
    app = open_app(train=[stripes_csv, "--layers", "784,8,4", "--epochs", "500", "--batch-size", "1"])
    view = app.view
    frames_until(app, lambda: view.stage.name == "training")
    press(pygame.K_SPACE, " ")
    press(pygame.K_ESCAPE)
    press(pygame.K_ESCAPE)
    frames(app, 2)
    assert view.run.state == "paused" and not view.stage.asking_to_stop


def test_stop_without_saving_keeps_no_network_and_no_log(open_app, workdir, stripes_csv):
    app = open_app(train=[stripes_csv, "--layers", "784,8,4", "--epochs", "500", "--batch-size", "1"])
    view = app.view
    frames_until(app, lambda: view.stage.name == "training")
    frames(app, 3)
    press(pygame.K_ESCAPE)
    app.step()
    press(pygame.K_d, "d")
    app.step()
    assert view.run.state == "stopped" and not view.run.saved and isinstance(app.view, TrainingView)
    assert saved_files("saved_networks", "*") == [] and saved_files("logs", "*") == []
    [line] = view.stage.result.lines()
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
    frames_until(app, lambda: view.stage.name == "training")
    press(pygame.K_p, "p")  # full speed
    frames_until(app, lambda: not view.run.active)
    assert view.run.settings.lr == 1000 and view.run.net.activation == "relu"
    assert view.run.state == "diverged"
    assert any("diverged" in text for text in app.notice_texts)
    assert not glob.glob("saved_networks/*") and not glob.glob("logs/*")


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
    frames_until(app, lambda: app.view.stage.name == "training")
    return app, app.view


def test_charts_hold_no_test_figure_before_the_first_test_pass_then_state_the_gap(open_app, workdir, stripes_csv):
    app, view = stripes_run(open_app, stripes_csv, "--epochs", "3", "--batch-size", "4")
    assert view.run.curves.tests == {} and "after the first epoch" in gap_note(view.run.curves)
    frames_until(app, lambda: view.run.curves.tests.get("test"))
    epoch, train, test = view.run.curves.accuracy_gap()
    stated = f"gap {100 * (train - test):.1f} points" if train >= test else f"test {100 * (test - train):.1f} points better"
    assert gap_note(view.run.curves) == f"over epoch 1: train {train:.1%}, test {test:.1%}: {stated}"


def test_the_two_train_accuracies_say_which_is_which():
    """The chart's title gives the recent batches' train accuracy, its note the whole epoch's: both say so."""
    assert latest_value("train", 0.981, True) == "recent train 98.1%" and latest_value("test", 0.2, False) == "test 0.200"
    curves = Curves()
    curves.epoch_train[10.0] = (0.1, 0.974)
    curves.add_test(10.0, 0.1, 0.97)
    assert gap_note(curves).startswith("over epoch 10: train 97.4%, test 97.0%")


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

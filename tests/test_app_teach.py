"""Teaching in the window: label a drawing (L), see how the network reads your drawings (M), teach it."""

import os

import numpy as np
import pygame
import pytest
from PIL import Image

import network
from app import teaching
from app.drawing_view import DrawingView
from app.handwriting_view import HandwritingView
from app.training_view import TrainingView
from network import training

from conftest import stripes_dataset, write_idx
from test_app_training import frames_until
from test_app_drawing import LETTERS, make_app, post, press, saved, stroke  # noqa: F401  (make_app: a fixture)

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LONG_FLAG_ONE = [(0.3, 0.5), (0.62, 0.15), (0.62, 0.85)]  # a 1 with a long flag, which MNIST networks read as 7


@pytest.fixture
def my_drawings(tmp_path, monkeypatch):
    """Drawings, networks and logs are kept in a home folder of the test's own."""
    monkeypatch.setenv("INKLING_HOME", str(tmp_path))
    return tmp_path / "my_drawings"


def label_with(app, key, unicode):
    press(key, unicode)
    app.step()


def draw_and_label(app, points, key, unicode, wobble=0.0, seed=0):
    shift = np.random.default_rng(seed).uniform(-wobble, wobble, 2)
    stroke(app, [(x + shift[0], y + shift[1]) for x, y in points])
    press(pygame.K_l, "l")
    app.step()
    assert app.drawing.label_strip.is_open
    label_with(app, key, unicode)


def test_l_opens_a_strip_that_keeps_the_whole_drawing_under_its_label(make_app, my_drawings, tmp_path):
    path = saved(network.Network((784, 16, 10), seed=1), tmp_path / "digits.npz")
    app = make_app(path)
    stroke(app, [(0.5, 0.2), (0.5, 0.8)])
    drawn = app.drawing.canvas.pixels.copy()
    press(pygame.K_l, "l")
    app.step()
    strip = app.drawing.label_strip
    assert strip.is_open and [label for label, _ in strip.cells] == [str(d) for d in range(10)]
    press(pygame.K_r, "r")  # while the strip is open, keys are labels, not shortcuts: r is no digit
    app.step()
    assert strip.is_open and not app.drawing.canvas.is_empty
    label_with(app, pygame.K_7, "7")
    files = list((my_drawings / "digits" / "7").glob("*.png"))
    assert len(files) == 1 and not strip.is_open and app.drawing.canvas.is_empty
    assert any(text.startswith("Kept as 7 in my_drawings/digits, now 1 drawing of 7.") for text in app.notice_texts)
    with Image.open(files[0]) as image:
        kept = np.asarray(image.convert("L"))
    assert kept.shape == drawn.shape  # the whole canvas, not the 28x28 input
    assert np.abs((255 - kept.astype(int)) - np.round(drawn * 255)).max() <= 1
    stroke(app, [(0.3, 0.3), (0.7, 0.3)])
    press(pygame.K_l, "l")
    app.step()
    label, cell = strip.cells[3]
    post(pygame.MOUSEBUTTONDOWN, pos=cell.center, button=1)
    app.step()
    assert label == "3" and len(list((my_drawings / "digits" / "3").glob("*.png"))) == 1


def test_letters_and_36_class_networks_are_labelled_by_their_own_characters(make_app, my_drawings, tmp_path):
    letters = saved(network.Network((784, 16, 26), labels=LETTERS, meta={"style": "emnist"}), tmp_path / "l.npz")
    characters = saved(network.Network((784, 16, 36), labels=[str(d) for d in range(10)] + LETTERS,
                                       meta={"style": "emnist"}), tmp_path / "c.npz")
    app = make_app(letters)
    draw_and_label(app, [(0.3, 0.8), (0.5, 0.2), (0.7, 0.8)], pygame.K_a, "a")  # typed lower case
    app.load_network_file(characters)
    draw_and_label(app, [(0.3, 0.8), (0.5, 0.2), (0.7, 0.8)], pygame.K_0, "0")
    draw_and_label(app, [(0.3, 0.8), (0.5, 0.2), (0.7, 0.8)], pygame.K_o, "O")
    assert [path.name for path in sorted(my_drawings.iterdir())] == ["characters", "letters"]
    assert len(list((my_drawings / "letters" / "A").glob("*.png"))) == 1
    assert {p.name for p in (my_drawings / "characters").iterdir()} == {"0", "O"}
    for size in ((640, 480), (1920, 1080)):  # the 36 buttons fit on the canvas at both sizes
        pygame.display.set_mode(size)
        stroke(app, [(0.5, 0.2), (0.5, 0.8)])
        press(pygame.K_l, "l")
        app.step()
        cells = [rect for _, rect in app.drawing.label_strip.cells]
        assert len(cells) == 36 and all(app.drawing.layout.canvas.contains(rect) for rect in cells)
        press(pygame.K_ESCAPE)
        app.step()
        assert not app.drawing.label_strip.is_open and not app.drawing.canvas.is_empty


def test_m_panel_counts_drawings_and_shows_the_ones_read_wrong(make_app, my_drawings, tmp_path):
    path = saved(network.Network((784, 16, 10), seed=1), tmp_path / "digits.npz")
    app = make_app(path)
    press(pygame.K_m, "m")
    app.step()
    assert isinstance(app.view, HandwritingView) and app.view.count == 0
    press(pygame.K_ESCAPE)
    app.step()
    for seed in range(3):
        draw_and_label(app, [(0.5, 0.2), (0.5, 0.8)], pygame.K_1, "1", wobble=0.1, seed=seed)
    draw_and_label(app, [(0.2, 0.5), (0.8, 0.5)], pygame.K_4, "4")
    press(pygame.K_m, "m")
    app.step()
    view = app.view
    assert isinstance(view, HandwritingView) and view.count == 4 and sorted(view.labels) == [1, 1, 1, 4]
    expected = app.shown.network.predict(view.images.reshape(4, -1) / 255.0)
    assert list(view.predicted) == list(expected)
    for size in ((640, 480), (1920, 1080)):
        pygame.display.set_mode(size)
        app.step()
    post(pygame.MOUSEBUTTONDOWN, pos=view.buttons[1].rect.center, button=1)
    app.step()
    assert app.view is app.drawing


def fake_mnist(root):
    """A data folder whose 'mnist' is the stripes dataset (4 of 10 digit classes used): quick to replay."""
    images, labels = stripes_dataset(400)
    folder = root / "mnist"
    folder.mkdir(parents=True)
    for prefix in ("train", "t10k"):
        write_idx(folder / f"{prefix}-images-idx3-ubyte.gz", images)
        write_idx(folder / f"{prefix}-labels-idx1-ubyte.gz", labels.astype(np.uint8))
    return images, labels


def test_teach_without_drawings_or_replay_data_explains_why(make_app, my_drawings, tmp_path, monkeypatch):
    monkeypatch.setenv("INKLING_DATA", str(tmp_path / "nowhere"))
    path = saved(network.Network((784, 16, 10), seed=1, meta={"dataset": "mnist"}), tmp_path / "digits.npz")
    app = make_app(path)
    press(pygame.K_m, "m")
    app.step()
    press(pygame.K_RETURN)
    app.step()
    assert isinstance(app.view, HandwritingView) and any("no drawings yet" in t for t in app.notice_texts)
    press(pygame.K_ESCAPE)
    app.step()
    draw_and_label(app, [(0.5, 0.2), (0.5, 0.8)], pygame.K_1, "1")
    press(pygame.K_m, "m")
    app.step()
    press(pygame.K_RETURN)
    app.step()
    assert isinstance(app.view, HandwritingView)
    assert any("python -m network download mnist" in text for text in app.notice_texts)


def test_teach_runs_in_the_training_view_saves_a_new_network_and_loads_it(make_app, my_drawings, tmp_path,
                                                                         monkeypatch):
    monkeypatch.setenv("INKLING_DATA", str(tmp_path / "data"))
    monkeypatch.setattr(teaching, "TEACH_LR", 0.3)  # a toy network, few steps: the mechanics, not the settings
    images, labels = fake_mnist(tmp_path / "data")
    net = network.Network((784, 16, 10), seed=0, meta={"style": "mnist"})
    for _ in training.train(net, (images, labels), settings=training.Settings(epochs=3, lr=0.3), dataset="mnist"):
        pass
    path = saved(net, tmp_path / "stripes.npz")
    app = make_app(path)
    for seed in range(4):  # a cross, which the network never saw, kept as a 9
        stroke(app, [(0.5, 0.15), (0.5, 0.85)])
        draw_and_label(app, [(0.15, 0.5), (0.85, 0.5)], pygame.K_9, "9", wobble=0.05, seed=seed)
    press(pygame.K_m, "m")
    app.step()
    assert app.view.count == 4 and not np.any(app.view.predicted == 9)
    press(pygame.K_RETURN)
    app.step()
    view = app.view
    assert isinstance(view, TrainingView)
    frames_until(app, lambda: view.run is not None and not view.run.active)
    run = view.run
    assert run.saved and os.path.basename(run.save_path).startswith("stripes-taught-")
    assert app.shown.network is run.net and app.shown.network_path == run.save_path  # loaded as soon as it was saved
    accuracies, tested = run.curves.tests[teaching.NAME][2], run.curves.tests["test"][2]
    assert accuracies[0] == 0.0 and accuracies[-1] == 1.0  # the curves show the drawings being learned
    assert len(tested) == len(accuracies) == run.settings.epochs + 1  # and the test set's, from before
    assert run.before_and_after() == ("Before -> after: mnist test accuracy 100.0% -> 100.0%; drawings accuracy "
                                      "0.0% -> 100.0% on the 4 taught drawings themselves")  # too few to hold out
    kept = network.load(run.save_path)
    assert kept.meta["dataset"] == "mnist" and kept.meta["history"][-1]["replay"]["dataset"] == "mnist"
    assert network.load(path).meta["history"][-1].get("replay") is None  # the original file is untouched
    press(pygame.K_d, "d")
    app.step()
    stroke(app, [(0.5, 0.15), (0.5, 0.85)])
    stroke(app, [(0.15, 0.5), (0.85, 0.5)])
    assert isinstance(app.view, DrawingView) and int(np.argmax(app.view.guess)) == 9


def test_a_person_teaches_the_shipped_network_their_long_flagged_one(make_app, my_drawings, real_data):
    """The whole story on real MNIST: tiny-digits reads a long-flagged 1 as 7; after eight labelled ones and Teach,
    it reads a new one as 1, and the MNIST test accuracy before and after are shown."""
    app = make_app(os.path.join(PROJECT, "saved_networks", "tiny-digits.npz"))
    stroke(app, LONG_FLAG_ONE)
    assert app.shown.network.labels[int(np.argmax(app.view.guess))] != "1"
    press(pygame.K_r, "r")
    for seed in range(8):
        draw_and_label(app, LONG_FLAG_ONE, pygame.K_1, "1", wobble=0.12, seed=seed)
    press(pygame.K_m, "m")
    app.step()
    assert app.view.count == 8
    press(pygame.K_RETURN)
    app.step()
    view = app.view
    frames_until(app, lambda: view.run is not None and not view.run.active)
    summary = view.run.before_and_after()
    assert summary.startswith("Before -> after: mnist test accuracy 96.3% -> 9") and "; worse: " in summary
    assert "on the 1 drawing held out from the teaching;" in summary  # one of the eight
    tested = view.run.curves.tests["test"][2]
    assert tested[-1] > tested[0] - 0.005
    press(pygame.K_d, "d")
    app.step()
    stroke(app, [(x + 0.07, y - 0.03) for x, y in LONG_FLAG_ONE])
    assert app.shown.network.labels[int(np.argmax(app.view.guess))] == "1"


def test_a_class_name_that_cannot_be_a_folder_gives_a_notice(make_app, my_drawings, tmp_path):
    path = saved(network.Network((784, 8, 2), labels=["ok", "../escape"]), tmp_path / "odd.npz")
    app = make_app(path)
    stroke(app, [(0.5, 0.2), (0.5, 0.8)])
    press(pygame.K_l, "l")
    app.step()
    label, cell = app.drawing.label_strip.cells[1]
    post(pygame.MOUSEBUTTONDOWN, pos=cell.center, button=1)
    app.step()
    assert label == "../escape" and any("cannot be kept as a folder" in text for text in app.notice_texts)
    assert not app.drawing.canvas.is_empty and not (tmp_path / "escape").exists()


def test_digits_and_letters_drawings_are_read_by_a_characters_network_too(make_app, my_drawings, tmp_path):
    """Labelled with digits.npz they went to my_drawings/digits; back on characters.npz, M said 'No drawings yet'."""
    digits = saved(network.Network((784, 16, 10), seed=1), tmp_path / "digits.npz")
    app = make_app(digits)
    draw_and_label(app, [(0.5, 0.2), (0.5, 0.8)], pygame.K_1, "1")
    characters = saved(network.Network((784, 16, 36), labels=[str(d) for d in range(10)] + LETTERS, seed=2,
                                       meta={"style": "emnist"}), tmp_path / "characters.npz")
    app.load_network_file(characters)
    draw_and_label(app, [(0.2, 0.2), (0.8, 0.8)], pygame.K_x, "x")
    press(pygame.K_m, "m")
    app.step()
    view = app.view
    assert isinstance(view, HandwritingView) and view.count == 2
    assert sorted(app.shown.network.labels[k] for k in view.labels) == ["1", "X"]
    assert teaching.where_words(app.shown.network) == str(my_drawings / "characters") + " and digits"
    app.load_network_file(digits)
    app.step()
    assert view.count == 1  # a digits network reads only the digits drawings: it has no class X


def test_a_taught_networks_before_and_after_fits_the_header_at_every_size(make_app, my_drawings, real_data,
                                                                          monkeypatch):
    """Teaching tiny-digits its long-flagged 1s costs some classes a little: the header names them, on two lines
    that cover nothing else, at 640x480, 1040x700 and 1920x1080."""
    from test_app_layout import TextRecorder, overlaps
    app = make_app(os.path.join(PROJECT, "saved_networks", "tiny-digits.npz"))
    for seed in range(8):
        draw_and_label(app, LONG_FLAG_ONE, pygame.K_1, "1", wobble=0.12, seed=seed)
    press(pygame.K_m, "m")
    app.step()
    press(pygame.K_RETURN)
    app.step()
    view = app.view
    frames_until(app, lambda: view.run is not None and not view.run.active)
    recorder = TextRecorder(monkeypatch)
    for size in ((640, 480), (1040, 700), (1920, 1080)):
        pygame.display.set_mode(size)
        texts = recorder.frame(app)
        assert overlaps(texts, recorder.buttons, size) == []
        header = " ".join(string for string, rect in texts if rect.top < 80 and string != "Inkling")
        assert "Before -> after" in header and "drawings accuracy" in header and "worse: " in header

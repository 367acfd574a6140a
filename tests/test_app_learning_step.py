"""The learning-step view in the real window, driven by posted events: opened from the drawing, the inside view
and the test view; every stage at several window sizes without overlaps; the label, the repeat key, the
learning rate, keeping the result, and going back."""

import os
import time

import numpy as np
import pygame
import pytest

import network
from app.drawing_view import DrawingView
from app.learning_step_view import LearningStepView
from app.step_stages import STAGES
from app.test_view import MISTAKES
from app.window import App
from network import places

from test_app_drawing import LETTERS, circle, post, press, saved, stroke
from test_app_layout import TextRecorder, overlaps
from test_app_test_view import bars, open_test  # noqa: F401 (a fixture)

SIZES = [(640, 480), (1040, 700), (1920, 1080)]
NAMES = [stage.name for stage in STAGES]


@pytest.fixture
def networks(tmp_path):
    return {"small": saved(network.Network((784, 24, 16, 10), seed=1, meta={"test_accuracy": 0.95}),
                           tmp_path / "small.npz"),
            "big": saved(network.Network((784, 640, 320, 36), seed=2, labels=[str(d) for d in range(10)] + LETTERS,
                                         meta={"style": "emnist"}), tmp_path / "big.npz")}


@pytest.fixture
def open_app():
    apps = []

    def open_app(path, size=(1040, 700)):
        apps.append(App(network.load(path), path, size=size))
        return apps[-1]
    yield open_app
    for app in apps:
        app.quit()
    pygame.quit()


def click(app, position, button=1):
    post(pygame.MOUSEBUTTONDOWN, pos=tuple(int(v) for v in position), button=button)
    post(pygame.MOUSEBUTTONUP, pos=tuple(int(v) for v in position), button=button)
    app.step()


def open_step(app):
    """Draw a ring, press S and return the learning-step view."""
    app.step()
    stroke(app, circle())
    press(pygame.K_s, "s")
    app.step()
    assert isinstance(app.view, LearningStepView)
    return app.view


def body_pixels(app):
    width, height = app.surface.get_size()
    return pygame.surfarray.array3d(app.surface)[:, 150:height - 120].copy()


def test_s_opens_the_step_on_the_drawing_for_its_guess_and_esc_goes_back(open_app, networks):
    app = open_app(networks["small"])
    app.step()
    press(pygame.K_s, "s")
    app.step()
    assert isinstance(app.view, DrawingView) and any("Draw something first" in text for text in app.notice_texts)
    drawing = app.view
    view = open_step(app)
    look = drawing.look
    lesson = view.lesson
    assert lesson.original is app.shown.network and lesson.label == look.best and lesson.source == "your drawing"
    np.testing.assert_array_equal(lesson.x, look.inputs)
    assert view.stage == 0 and lesson.taken == 1
    press(pygame.K_ESCAPE)
    app.step()
    assert app.view is drawing and not drawing.canvas.is_empty


def test_the_inside_views_button_opens_it(open_app, networks):
    app = open_app(networks["small"])
    app.step()
    stroke(app, circle())
    press(pygame.K_i, "i")
    app.step()
    click(app, app.view.learn_button.rect.center)
    assert isinstance(app.view, LearningStepView)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("name", ["small", "big"])
def test_every_stage_in_turn_at_every_size_without_overlaps(monkeypatch, open_app, networks, name, size):
    app = open_app(networks[name], size)
    view = open_step(app)
    recorder = TextRecorder(monkeypatch)
    seen, pictures, texts = [], [], []
    for _ in range(len(STAGES) + len(view.lesson.step.deltas) + 2):
        drawn = recorder.frame(app)
        assert overlaps(drawn, recorder.buttons, size) == [], (NAMES[view.stage], view.reached)
        stage = STAGES[view.stage]
        assert any(stage.formula in text for text, _ in drawn)  # the stage's formula and sentence are shown
        assert any(text.startswith(f"{view.stage + 1}. {stage.sentence.split()[0]}") for text, _ in drawn)
        seen.append((stage.name, view.reached))
        pictures.append(body_pixels(app))
        texts.append([text for text, _ in drawn])
        press(pygame.K_RIGHT)
        app.step()
    layers = len(view.lesson.step.deltas)
    backward = [reached for stage, reached in seen if stage == "Backward"]
    assert backward == list(range(layers - 1, -1, -1))  # the error reaches one layer further back each time
    assert [stage for stage, _ in seen if stage != "Backward"][:4] == ["Forward", "Cost", "Gradient", "Update"]
    assert seen[-1][0] == "Update"  # the last stage stays
    last = [stage for stage, _ in seen].index("Update")
    assert all(not np.array_equal(a, b) for a, b in zip(pictures[:last], pictures[1:last + 1]))  # each moves on
    everything = " ".join(sum(texts, []))
    if name == "big":  # 640 first-layer units never fit as tiles: the most blamed are shown, and it says so
        assert "most blamed of 640 first-layer units" in everything
    if name == "big" and size == (640, 480):
        assert "of 36)" in everything  # too many classes for bars: the likeliest and the label, and how many
    for _ in range(len(seen)):
        press(pygame.K_LEFT)
    app.step()
    assert view.stage == 0


def test_label_repeat_and_learning_rate_keys_and_clicks(open_app, networks):
    app = open_app(networks["small"], (640, 480))
    view = open_step(app)
    lesson = view.lesson
    wanted = (lesson.label + 3) % 10
    click(app, dict(view.chips)[wanted].center)
    assert lesson.label == wanted and lesson.class_name == str(wanted)
    press(pygame.K_UP)
    press(pygame.K_DOWN)
    app.step()
    assert lesson.label == wanted
    cost = lesson.step.cost
    press(pygame.K_SPACE, " ")
    app.step()
    assert view.stage == len(STAGES) - 1 and lesson.taken == 2 and lesson.step.cost < cost
    for _ in range(3):
        press(pygame.K_SPACE, " ")
    app.step()
    assert lesson.taken == 5 and all(b < a for a, b in zip(lesson.costs, lesson.costs[1:]))
    rate = lesson.lr
    press(pygame.K_EQUALS, "+")
    app.step()
    assert lesson.lr > rate and lesson.taken == 5
    press(pygame.K_MINUS, "-")
    press(pygame.K_MINUS, "-")
    app.step()
    assert lesson.lr < rate
    click(app, view.tabs[1].center)
    assert view.stage == 1
    press(pygame.K_3, "3")
    app.step()
    assert view.stage == 2
    press(pygame.K_r, "r")
    app.step()
    assert lesson.taken == 1 and lesson.net is lesson.original
    button = next(button for button in view.buttons if button.label == "Step again")
    click(app, button.rect.center)
    assert lesson.taken == 2


def test_keeping_saves_a_new_file_and_draws_with_it_the_loaded_one_unchanged(open_app, networks):
    path = networks["small"]
    before = open(path, "rb").read()
    app = open_app(path)
    original = app.shown.network
    view = open_step(app)
    press(pygame.K_SPACE, " ")
    app.step()
    kept_weights = view.lesson.step.after.weights[0].copy()
    press(pygame.K_k, "k")
    app.step()
    assert isinstance(app.view, DrawingView)
    saved_path = app.shown.network_path
    assert os.path.dirname(saved_path) == places.networks_folder() and saved_path != path
    assert os.path.basename(saved_path) == "small-2-steps.npz"
    np.testing.assert_array_equal(network.load(saved_path).weights[0], kept_weights)
    assert app.shown.sides[1].net is original  # the one it started from beside it, for comparing
    assert open(path, "rb").read() == before
    assert any("saved as small-2-steps.npz" in text for text in app.notice_texts)


def test_a_mistake_from_the_test_view_is_learnt_with_its_true_label(open_app, bars):
    net, path = bars
    network.save(net, path)
    app = open_app(path, (1000, 680))
    view = open_test(app)
    press(pygame.K_2, "2")
    app.step()
    assert view.tab == MISTAKES
    tile, index = view.mistake_tiles.hits[0]
    click(app, tile.center, button=3)
    step = app.view
    assert isinstance(step, LearningStepView)
    judgement = view.subject.judgement
    assert step.lesson.label == judgement.labels[index] != judgement.predicted[index]
    assert step.lesson.source == f"test image {index}"
    np.testing.assert_allclose(step.lesson.x, judgement.images[index].reshape(-1) / 255.0, atol=1e-6)
    app.step()  # the other images cannot be measured (a CSV dataset): the view says so and goes on


def test_a_layer_too_big_to_read_shows_its_most_blamed_units_and_says_so(monkeypatch):
    from app import step_pictures, theme, ui
    pygame.font.init()
    fonts, written = theme.Fonts(), []
    monkeypatch.setattr(ui, "text", lambda surface, string, *args, **kwargs: written.append(string))
    surface = pygame.Surface((300, 300))
    delta = np.zeros(640)
    delta[[5, 100, 600]] = [0.5, -0.9, 0.2]
    step_pictures.draw_units(surface, pygame.Rect(0, 0, 150, 120), fonts, step_pictures.Mosaics()["x"],
                             step_pictures.signed_share(delta), np.abs(delta), "layer 1", "by delta", "most blamed")
    shown = int(" ".join(written).split("the ")[1].split()[0])
    assert shown < 640 and f"the {shown} most blamed of 640" in " ".join(written)
    assert step_pictures.classes_shown(np.arange(36) / 36, 3, 6).tolist() == [3, 31, 32, 33, 34, 35]


def test_t_brings_a_training_image_with_its_own_label_once_they_are_loaded(open_app, tmp_path, monkeypatch):
    from test_network_datasets import make_mnist_folder
    images, labels = make_mnist_folder(tmp_path / "data", n=20)
    monkeypatch.setenv("INKLING_DATA", str(tmp_path / "data"))
    path = saved(network.Network((784, 12, 10), seed=4, meta={"dataset": "mnist"}), tmp_path / "mnist-net.npz")
    app = open_app(path)
    view = open_step(app)
    press(pygame.K_t, "t")
    for _ in range(400):
        app.step()
        if view.lesson.source.startswith("training image"):
            break
    lesson = view.lesson
    index = int(lesson.source.split()[-1])
    assert lesson.label == labels[index] and lesson.taken == 1 and lesson.original is app.shown.network
    np.testing.assert_allclose(lesson.x, images[index].reshape(-1) / 255.0, atol=1e-6)


def test_why_the_other_images_are_not_measured_is_said_whole_at_640x480(monkeypatch, open_app, networks, tmp_path):
    monkeypatch.setenv("INKLING_DATA", str(tmp_path))  # no test images on disk: the update says why, in full
    app = open_app(networks["small"], (640, 480))
    view = open_step(app)
    for _ in range(len(STAGES) + len(view.lesson.step.deltas) + 2):
        press(pygame.K_RIGHT)
        app.step()
    deadline = time.monotonic() + 20
    while view.forgetting.problem is None and time.monotonic() < deadline:
        time.sleep(0.05)
    recorder = TextRecorder(monkeypatch)
    drawn = recorder.frame(app)
    lines = [text for text, _ in drawn]
    start = next(i for i, text in enumerate(lines) if text.startswith("Other images: not measured"))
    said = " ".join(lines[start:start + 3])
    assert f"not measured, {view.forgetting.problem}" in said
    assert overlaps(drawn, recorder.buttons, (640, 480)) == []

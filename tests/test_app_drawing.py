"""The draw-and-guess window, driven headless by posting real pygame events to the real App."""

import os
import subprocess
import sys

import numpy as np
import pygame
import pytest

import network
from app import ui
from app.drawing_view import ALL_KEYS, KEYS, DrawingView, footer_hint
from app.loading import default_network_path
from app.window import App
from network import datasets, training

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LETTERS = [chr(ord("A") + i) for i in range(26)]


def saved(net, path):
    network.save(net, path)
    return str(path)


@pytest.fixture
def digits_path(tmp_path):
    """An untrained digits network on disk: enough to show a guess for any drawing."""
    return saved(network.Network((784, 16, 10), seed=1, meta={"test_accuracy": 0.5}), tmp_path / "digits.npz")


@pytest.fixture
def make_app():
    """Open Apps on the dummy display; they are closed and pygame shut down after the test."""
    apps = []

    def make(path=None, size=(1000, 680)):
        apps.append(App(network.load(path) if path else None, path, size=size))
        return apps[-1]
    yield make
    for app in apps:
        app.quit()
    pygame.quit()


@pytest.fixture(scope="module")
def trained_path(tmp_path_factory):
    """A small digits network trained on 6,000 real MNIST images (skips without the data)."""
    folder = os.environ.get("INKLING_DATA")
    if not folder or not datasets.is_available("mnist", folder):
        pytest.skip("real data not found: set INKLING_DATA to a folder holding mnist/")
    images, labels, classes = datasets.load("mnist", "train", folder)
    net = network.Network((784, 64, 10), labels=classes, seed=0, meta={"style": "mnist"})
    for _ in training.train(net, (images[:6000], labels[:6000]), settings=training.Settings(epochs=4, lr=0.1),
                            dataset="mnist"):
        pass
    return saved(net, tmp_path_factory.mktemp("trained") / "small-digits.npz")


def post(kind, **attributes):
    pygame.event.post(pygame.event.Event(kind, **attributes))


def press(key, unicode=""):
    post(pygame.KEYDOWN, key=key, unicode=unicode, mod=0, scancode=0)


def stroke(app, points, button=1):
    """Drag with ``button`` through ``points`` given as fractions (x, y) of the canvas square, then one frame."""
    rect = app.view.layout.canvas
    positions = [(round(rect.x + x * rect.width), round(rect.y + y * rect.height)) for x, y in points]
    post(pygame.MOUSEBUTTONDOWN, pos=positions[0], button=button)
    for position in positions[1:]:
        post(pygame.MOUSEMOTION, pos=position, rel=(0, 0), buttons=(button == 1, 0, button == 3))
    post(pygame.MOUSEBUTTONUP, pos=positions[-1], button=button)
    app.step()


def circle(cx=0.5, cy=0.5, radius=0.3, steps=40):
    return [(cx + radius * 0.75 * np.sin(a), cy - radius * np.cos(a)) for a in np.linspace(0, 2 * np.pi, steps)]


def test_a_stroke_makes_a_guess_appear_and_r_clears_it(make_app, digits_path):
    app = make_app(digits_path)
    app.step()
    assert isinstance(app.view, DrawingView) and app.view.guess is None and app.view.seen is None
    stroke(app, [(0.5, 0.2), (0.5, 0.8)])
    guess = app.view.guess
    assert guess.shape == (10,) and guess.sum() == pytest.approx(1.0, abs=1e-5)
    assert app.view.seen.shape == (28, 28) and app.view.seen.max() == 255
    press(pygame.K_r, "r")
    app.step()
    assert app.view.guess is None and app.view.canvas.is_empty


def test_the_guess_is_computed_only_when_the_canvas_changes(make_app, digits_path, monkeypatch):
    app = make_app(digits_path)
    stroke(app, [(0.3, 0.3), (0.6, 0.7)])
    calls = []
    original = app.shown.network.predict_proba
    monkeypatch.setattr(app.shown.network, "predict_proba", lambda x: calls.append(1) or original(x))
    for _ in range(5):
        app.step()
    assert calls == []
    stroke(app, [(0.7, 0.2), (0.7, 0.4)])
    assert len(calls) == 1


def test_a_fast_stroke_is_continuous_and_anti_aliased(make_app, digits_path):
    app = make_app(digits_path)
    stroke(app, [(0.1, 0.5), (0.9, 0.5)])  # one jump across the whole canvas
    pixels = app.view.canvas.pixels
    row = pixels.shape[0] // 2
    start, end = int(0.1 * pixels.shape[1]), int(0.9 * pixels.shape[1])
    assert pixels[row, start:end].min() == 1.0
    assert np.any((pixels > 0.05) & (pixels < 0.95))  # soft edges, not a jagged mask


def test_right_button_erases(make_app, digits_path):
    app = make_app(digits_path)
    stroke(app, [(0.2, 0.5), (0.8, 0.5)])
    app.view.set_brush(20)
    stroke(app, [(0.5, 0.3), (0.5, 0.7)], button=3)
    pixels = app.view.canvas.pixels
    row, column = pixels.shape[0] // 2, pixels.shape[1] // 2
    assert pixels[row, column] == 0.0 and pixels[row, int(0.25 * pixels.shape[1])] == 1.0
    stroke(app, [(0.0, 0.5), (1.0, 0.5)], button=3)
    assert app.view.canvas.is_empty and app.view.guess is None


def test_the_wheel_changes_the_brush_within_limits(make_app, digits_path):
    app = make_app(digits_path)
    before = app.view.brush
    post(pygame.MOUSEWHEEL, x=0, y=3, flipped=False, precise_x=0.0, precise_y=3.0, touch=False)
    app.step()
    assert app.view.brush == before + 3
    for _ in range(40):
        post(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False, precise_x=0.0, precise_y=-1.0, touch=False)
    app.step()
    assert app.view.brush == 2.0
    thin = app.view.canvas
    stroke(app, [(0.5, 0.2), (0.5, 0.8)])
    assert 2 <= thin.pixels[thin.size // 2].astype(bool).sum() <= 6


def test_h_and_question_mark_show_key_help_listing_every_control(make_app, digits_path):
    app = make_app(digits_path)
    app.step()
    plain = pygame.surfarray.array3d(app.surface).copy()
    press(pygame.K_h, "h")
    app.step()
    assert app.view.show_help
    assert not np.array_equal(plain, pygame.surfarray.array3d(app.surface))
    controls = " ".join(f"{key} {action}" for key, action in KEYS.help).lower()
    for word in ("left", "right", "wheel", "r ", "t ", "h ", ".npz"):
        assert word in controls
    press(pygame.K_SLASH, "?")
    app.step()
    assert not app.view.show_help


def make_png(path):
    pygame.image.save(pygame.Surface((28, 28)), str(path))
    return str(path)


def make_corrupt(path):
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive" * 20)
    return str(path)


def make_folder(path):
    path.mkdir()
    return str(path)


def make_hundred_inputs(path):
    return saved(network.Network((100, 8, 10), seed=0), path)


def make_foreign(path):
    np.savez(path, x=np.zeros(3))
    return str(path)


@pytest.mark.parametrize("make, name, problem", [
    (make_corrupt, "broken.npz", "not a readable .npz"),
    (make_folder, "networks.npz", "folder"),
    (make_hundred_inputs, "small.npz", "100 inputs"),
    (make_foreign, "foreign.npz", "not an Inkling network"),
])
def test_dropping_a_bad_file_shows_a_notice_and_keeps_the_network(make_app, digits_path, tmp_path, make, name,
                                                                  problem):
    app = make_app(digits_path)
    before = app.shown.network
    post(pygame.DROPFILE, file=make(tmp_path / name))
    assert app.step()
    assert app.shown.network is before and app.shown.network_path == digits_path
    [notice] = app.notice_texts
    assert name in notice and problem in notice and "Still using digits.npz" in notice
    stroke(app, [(0.4, 0.2), (0.5, 0.8)])
    assert app.view.guess.shape == (10,)


def test_notices_fade_away(make_app, digits_path, tmp_path):
    app = make_app(digits_path)
    post(pygame.DROPFILE, file=make_corrupt(tmp_path / "broken.npz"))
    app.step()
    assert app.notice_texts
    for _ in range(60 * 8):
        app.step()
    assert app.notice_texts == []


def test_a_long_notice_wraps_so_its_end_stays_readable(make_app, digits_path):
    app = make_app(digits_path, size=(820, 560))
    advice = ("training diverged at epoch 1, step 31: hidden layer 2 died (every unit outputs 0 for every "
              "image), so the network can no longer learn; try a smaller learning rate than 0.5")
    lines = ui.wrap(app.fonts.body, advice, 820 - 120, max_lines=3)
    assert len(lines) > 1 and " ".join(lines) == advice
    assert all(ui.text_width(app.fonts.body, line) <= 700 for line in lines)
    endless = ui.wrap(app.fonts.body, "word " * 200, 300, max_lines=3)
    assert len(endless) == 3 and endless[-1].endswith("...")
    app.show_notice(advice, "error")
    app.step()  # draws the three-line notice without error


def test_dropping_a_letters_network_switches_the_panel_to_its_classes(make_app, digits_path, tmp_path):
    letters = saved(network.Network((784, 16, 26), labels=LETTERS, seed=2,
                                    meta={"style": "emnist", "test_accuracy": 0.8}), tmp_path / "letters.npz")
    app = make_app(digits_path)
    stroke(app, [(0.3, 0.8), (0.5, 0.2), (0.7, 0.8)])
    assert app.view.guess.shape == (10,)
    post(pygame.DROPFILE, file=letters)
    app.step()
    assert app.shown.network.labels == LETTERS and app.shown.network_path == letters
    assert app.view.guess.shape == (26,)  # the same drawing, guessed again by the new network
    assert "letters.npz" in app.shown.description() and "26 classes A-Z" in app.shown.description()
    assert any("Loaded letters.npz" in text for text in app.notice_texts)


def test_a_trained_network_reads_drawn_digits(make_app, trained_path):
    app = make_app(trained_path)
    stroke(app, [(0.5, 0.15), (0.5, 0.85)])
    assert app.shown.network.labels[int(np.argmax(app.view.guess))] == "1"
    press(pygame.K_r, "r")
    app.step()
    stroke(app, circle())
    assert app.shown.network.labels[int(np.argmax(app.view.guess))] == "0"


def test_t_and_the_train_button_open_the_training_form_for_the_loaded_network(make_app, digits_path):
    from app.training_view import TrainingView
    app = make_app(digits_path)
    stroke(app, [(0.5, 0.2), (0.5, 0.8)])
    drawn = app.view.canvas.pixels.copy()
    drawing_frame = pygame.surfarray.array3d(app.surface).copy()
    train_button = next(button for button in app.view.buttons if button.label == "Train")
    for open_training in (lambda: press(pygame.K_t, "t"),
                          lambda: post(pygame.MOUSEBUTTONDOWN, pos=train_button.rect.center, button=1)):
        open_training()
        app.step()
        view = app.view
        assert isinstance(view, TrainingView) and view.stage.name == "setup"
        assert view.form.loaded is app.shown.network  # the form offers to continue the network drawn with
        assert ("loaded", "continue digits.npz", True) in view.form.options("start")
        assert not np.array_equal(pygame.surfarray.array3d(app.surface), drawing_frame)  # the form is shown
        press(pygame.K_ESCAPE)
        app.step()
        assert app.view is app.drawing and np.array_equal(app.view.canvas.pixels, drawn)  # the drawing waited


def test_the_drawing_survives_a_trip_to_training_and_back(make_app, digits_path):
    app = make_app(digits_path)
    drawing = app.drawing
    stroke(app, [(0.5, 0.2), (0.5, 0.8)])
    pixels = drawing.canvas.pixels.copy()
    press(pygame.K_t, "t")
    app.step()
    press(pygame.K_ESCAPE)
    app.step()
    assert app.view is drawing
    np.testing.assert_array_equal(app.view.canvas.pixels, pixels)


def test_an_image_put_on_the_canvas_is_scaled_to_fill_it_and_guessed(make_app, digits_path):
    app = make_app(digits_path)
    image = np.zeros((28, 14), dtype=np.uint8)  # taller than wide: it fills the height, centred across
    image[4:24, 5:9] = 255
    app.drawing.canvas.set_image(image)
    app.step()
    pixels = app.view.canvas.pixels
    assert not app.view.canvas.is_empty and app.view.guess is not None
    ink_rows, ink_columns = np.flatnonzero(pixels.max(axis=1) > 0.5), np.flatnonzero(pixels.max(axis=0) > 0.5)
    assert ink_rows[0] == pytest.approx(40, abs=6) and ink_rows[-1] == pytest.approx(240, abs=6)
    assert (ink_columns[0] + ink_columns[-1]) / 2 == pytest.approx(140, abs=3)
    app.drawing.canvas.set_image(np.zeros((28, 28)))
    app.step()
    assert app.view.canvas.is_empty and app.view.guess is None


def test_without_a_network_the_window_still_draws_and_says_so(make_app):
    app = make_app()
    stroke(app, [(0.2, 0.2), (0.8, 0.8)])
    assert app.shown.network is None and app.view.guess is None and not app.view.canvas.is_empty
    assert app.shown.description() == "no network loaded"


def test_a_resized_window_lays_out_again_and_still_draws(make_app, digits_path):
    app = make_app(digits_path)
    app.step()
    pygame.display.set_mode((700, 500), pygame.RESIZABLE)
    post(pygame.VIDEORESIZE, size=(700, 500), w=700, h=500)
    app.step()
    canvas, panel = app.view.layout.canvas, app.view.layout.panel
    assert pygame.Rect(0, 0, 700, 500).contains(canvas) and pygame.Rect(0, 0, 700, 500).contains(panel)
    assert not canvas.colliderect(panel)
    stroke(app, [(0.5, 0.2), (0.5, 0.8)])
    assert app.view.guess is not None


def test_closing_the_window_closes_the_view_and_ends_the_loop(make_app, digits_path):
    app = make_app(digits_path)
    closed = []
    app.view.close = lambda: closed.append(True)
    post(pygame.QUIT)
    app.run(max_frames=100)
    assert closed == [True] and not app.running and app.frames == 0


def test_default_network_is_digits_else_the_newest(tmp_path):
    assert default_network_path(str(tmp_path)) is None
    older = saved(network.Network((784, 4, 10)), tmp_path / "older.npz")
    newer = saved(network.Network((784, 4, 10)), tmp_path / "newer.npz")
    os.utime(older, (1_000_000, 1_000_000))
    assert default_network_path(str(tmp_path)) == newer
    digits = saved(network.Network((784, 4, 10)), tmp_path / "digits.npz")
    os.utime(digits, (1_000, 1_000))
    assert default_network_path(str(tmp_path)) == digits


def launch_for_a_few_frames(*arguments, cwd, environment=None):
    """Run the launcher inkling.py in a fresh process from ``cwd``; its window runs three frames, then
    prints its notices and closes (the real main, parser and App; only the endless frame loop is cut short)."""
    launcher = os.path.join(PROJECT, "inkling.py")
    script = (f"import runpy, sys\n"
              f"sys.path.insert(0, {PROJECT!r})\n"
              f"from app.window import App\n"
              f"def few_frames(self, max_frames=None):\n"
              f"    for _ in range(3):\n"
              f"        self.step()\n"
              f"    print('network:', self.shown.network_path)\n"
              f"    print('notices:', self.notice_texts)\n"
              f"App.run = few_frames\n"
              f"sys.argv = [{launcher!r}, *{list(arguments)!r}]\n"
              f"runpy.run_path({launcher!r}, run_name='__main__')\n")
    environment = environment or {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=dict(environment, SDL_VIDEODRIVER="dummy"), cwd=str(cwd), timeout=60)


@pytest.mark.parametrize("make, name, problem", [
    (None, "missing.npz", "no such file"),
    (make_png, "scan.png", "not a network file"),
    (make_hundred_inputs, "small.npz", "100 inputs"),
])
def test_a_bad_file_given_to_the_launcher_opens_the_window_with_a_notice(tmp_path, make, name, problem):
    path = make(tmp_path / name) if make else str(tmp_path / name)
    result = launch_for_a_few_frames(path, cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert name in result.stderr and problem in result.stderr  # the terminal hears it too
    assert result.stderr.startswith("python inkling.py: error: ") and "python -m app" not in result.stderr
    [notices] = [line for line in result.stdout.splitlines() if line.startswith("notices:")]
    assert f"Could not load {name}" in notices and problem in notices and "Showing characters.npz instead" in notices
    assert os.path.join("saved_networks", "characters.npz") in result.stdout  # the default network is shown


def test_the_launcher_opens_a_good_file_from_any_folder(tmp_path, digits_path):
    result = launch_for_a_few_frames(digits_path, cwd=tmp_path)
    assert result.returncode == 0 and f"network: {digits_path}" in result.stdout
    assert "notices: []" in result.stdout


@pytest.mark.parametrize("display, driver, problem", [
    (None, None, "no display found (DISPLAY is not set)"),
    (":97", None, "no display found (the display :97 cannot be reached)"),
    (None, "x11", "cannot open a window"),
])
def test_without_a_display_the_app_says_so_in_one_line_and_exits(display, driver, problem):
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER", "XDG_RUNTIME_DIR")}
    if driver:
        environment["SDL_VIDEODRIVER"] = driver
    if display:
        environment["DISPLAY"] = display
    result = subprocess.run([sys.executable, "-m", "app"], capture_output=True, text=True,
                            env=dict(environment, PYTHONPATH=PROJECT), cwd=PROJECT, timeout=60)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()  # nothing of SDL's ("XDG_RUNTIME_DIR is invalid...") before it
    assert line.startswith("python -m app: ") and problem in line


@pytest.mark.parametrize("size", [(640, 480), (1040, 700), (1920, 1080)])
def test_the_footer_gives_whole_key_hints_and_always_the_key_for_all_of_them(make_app, digits_path, size):
    app = make_app(digits_path, size=size)
    app.step()
    width = app.drawing.layout.footer.width - 200
    hint = footer_hint(app.fonts.small, width)
    parts = hint.split("  ·  ")
    assert parts[-1] == ALL_KEYS and parts[:-1] == KEYS.hints()[:len(parts) - 1] and len(parts) > 3
    assert ui.text_width(app.fonts.small, hint) <= width
    if size[0] >= 1900:
        assert parts[:-1] == KEYS.hints()

"""Layouts without overlaps: every text drawn in a frame, at sizes from the minimum window up to full screen,
lies inside the window and clear of every other text and of buttons it does not belong to."""

import itertools

import numpy as np
import pygame
import pytest

import network
from app import ui
from app.__main__ import build_parser
from app.drawing_view import HELP_CLOSING
from app.min_size import minimum_size
from app.window import MIN_SIZE, App

from conftest import stripes_dataset, write_csv
from test_app_drawing import LETTERS, circle, post, press, saved, stroke
from test_app_training import frames_until

SIZES = [MIN_SIZE, (800, 600), (1040, 700), (1920, 1080)]
CHARACTERS = [str(d) for d in range(10)] + LETTERS


class TextRecorder:
    """Wraps ``ui.text`` to note each string drawn and the box its ink actually covers, and ``ui.Button.draw`` to
    note where each button was drawn."""

    def __init__(self, monkeypatch):
        self.texts, self.buttons = [], []
        original_text, original_button = ui.text, ui.Button.draw

        def text(surface, string, font, colour, position, anchor="topleft"):
            rect = original_text(surface, string, font, colour, position, anchor)
            ink = ui._rendered(font, string, colour).get_bounding_rect().move(rect.topleft)
            offset = surface.get_abs_offset() if surface.get_parent() else (0, 0)
            if ink.width and ink.height and surface.get_size() == pygame.display.get_surface().get_size():
                self.texts.append((string, ink.move(offset)))
            return rect

        def draw_button(button, surface, fonts):
            self.buttons.append(pygame.Rect(button.rect))
            original_button(button, surface, fonts)
        monkeypatch.setattr(ui, "text", text)
        monkeypatch.setattr(ui.Button, "draw", draw_button)

    def frame(self, app):
        """Draw one frame and return the texts it drew (its buttons are in ``buttons``)."""
        self.texts, self.buttons = [], []
        app.request_frame()
        app.step()
        return self.texts


def overlaps(texts, buttons, size):
    """Every pair of texts whose ink boxes cross, texts outside the window, and texts across buttons."""
    window = pygame.Rect((0, 0), size)
    problems = [f"{string!r} {rect} outside the window {size}" for string, rect in texts
                if not window.contains(rect)]
    problems += [f"{a!r} {ra} crosses {b!r} {rb}" for (a, ra), (b, rb) in itertools.combinations(texts, 2)
                 if ra.colliderect(rb)]
    problems += [f"button {a} crosses button {b}" for a, b in itertools.combinations(buttons, 2) if a.colliderect(b)]
    problems += [f"{string!r} {rect} crosses the button {button}" for string, rect in texts for button in buttons
                 if rect.colliderect(button) and not button.contains(rect)]
    return problems


@pytest.fixture
def networks(tmp_path):
    return {"digits": saved(network.Network((784, 24, 16, 10), seed=1, meta={"test_accuracy": 0.95}),
                            tmp_path / "small-digits.npz"),
            "characters": saved(network.Network((784, 512, 256, 36), labels=CHARACTERS, seed=2,
                                                meta={"style": "emnist", "test_accuracy": 0.88}),
                                tmp_path / "characters.npz")}


@pytest.fixture
def open_app(networks):
    """Open Apps showing the named networks on the dummy display; closed, and pygame shut down, after the test."""
    apps = []

    def open_app(name="digits", size=(1040, 700), second=None):
        extra = (network.load(networks[second]), networks[second]) if second else None
        apps.append(App(network.load(networks[name]), networks[name], size=size, second=extra))
        return apps[-1]
    yield open_app
    for app in apps:
        app.quit()
    pygame.quit()


CASES = ["one network", "two networks", "36 classes", "36 classes, nothing drawn", "inside view", "inside view, two",
         "labelling 36 classes", "two networks, nothing drawn", "two sides, the right one empty"]
KEYS = {"inside": pygame.K_i, "labelling": pygame.K_l}


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("case", CASES)
def test_the_drawing_view_has_no_overlaps(monkeypatch, open_app, size, case):
    second = "characters" if "two" in case and "empty" not in case else None
    app = open_app("characters" if "36" in case else "digits", size, second)
    if "empty" in case:
        press(pygame.K_b, "b")
    recorder = TextRecorder(monkeypatch)
    app.step()
    if "nothing" not in case:
        stroke(app, circle())
    for word, key in KEYS.items():
        if word in case:
            press(key, pygame.key.name(key))
    texts = recorder.frame(app)
    assert texts and overlaps(texts, recorder.buttons, size) == []
    assert [string for string, _ in texts if string.endswith("...")] == []  # no words cut: shorter ones fit


def test_sdl_keeps_the_window_from_shrinking_below_the_minimum(open_app):
    app = open_app()
    assert minimum_size() == MIN_SIZE
    stroke(app, circle())  # events still flow as before
    assert app.view.guess is not None


def test_a_window_below_the_minimum_shows_the_minimum_layout_cut_not_squeezed(open_app):
    app = open_app()
    pygame.display.set_mode((420, 320), pygame.RESIZABLE)  # a new window, which SDL was not asked to keep
    post(pygame.VIDEORESIZE, size=(420, 320), w=420, h=320)
    app.step()
    assert app.surface.get_size() == MIN_SIZE and app.view.layout.footer.bottom == MIN_SIZE[1]
    stroke(app, circle())
    assert app.view.guess is not None
    shown = pygame.surfarray.array3d(pygame.display.get_surface())
    assert (shown == pygame.surfarray.array3d(app.surface)[:420, :320]).all()


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("overlay", ["help", "picker"])
def test_the_help_and_the_picker_have_no_overlaps(monkeypatch, open_app, size, overlay):
    app = open_app("characters", size)
    press(pygame.K_h if overlay == "help" else pygame.K_n)
    app.step()
    recorder = TextRecorder(monkeypatch)
    if overlay == "help":  # the overlay alone, without the view beneath it
        ui.help_box(app.surface, app.fonts, app.view.keys.help, HELP_CLOSING)
    else:
        app.view.picker.draw(app.surface, app.fonts)
    assert len(recorder.texts) > 5 and overlaps(recorder.texts, [], size) == []


LONG_NOTICE = ("Could not load a-network-file-with-a-long-name.npz: not a network file (no such field 'sizes'). "
               "Still using small-digits.npz.")


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("view", ["drawing", "training"])
def test_notices_cover_no_button_and_each_shows_once(open_app, size, view):
    app = open_app("digits", size)
    if view == "training":
        press(pygame.K_t, "t")
        app.step()
    for text in [LONG_NOTICE, "Loaded small-digits.npz", LONG_NOTICE, LONG_NOTICE]:
        app.show_notice(text, "error" if text == LONG_NOTICE else "info")
        app.step()
    assert app.notice_texts[-2:] == ["Loaded small-digits.npz", LONG_NOTICE]  # the repeated message once, newest
    assert app.notice_texts.count(LONG_NOTICE) == 1
    buttons = app.view.buttons if view == "drawing" else app.view.stage.buttons
    assert app.notice_rects and all(pygame.Rect((0, 0), size).contains(rect) for rect in app.notice_rects)
    assert not any(rect.colliderect(button.rect) for rect in app.notice_rects for button in buttons)
    if view == "training":  # over the title lines, above the form
        assert all(rect.bottom <= 78 for rect in app.notice_rects)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("key", ["v", "m", "e"], ids=["network view", "my handwriting", "test view"])
@pytest.mark.parametrize("name", ["digits", "characters"])
def test_the_other_views_have_no_overlaps(monkeypatch, open_app, size, key, name):
    app = open_app(name, size)
    stroke(app, circle())
    press(getattr(pygame, f"K_{key}"), key)
    app.step()
    assert app.view is not app.drawing
    recorder = TextRecorder(monkeypatch)
    texts = recorder.frame(app)
    assert texts and overlaps(texts, recorder.buttons, size) == []


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("name", ["digits", "characters"])
def test_the_judged_test_view_has_no_overlaps(monkeypatch, real_data, open_app, size, name):
    app = open_app(name, size)
    press(pygame.K_e, "e")
    app.step()
    app.view.subject.judging.join(timeout=120)
    assert app.view.subject.judgement is not None
    recorder = TextRecorder(monkeypatch)
    for tab in "12":
        press(getattr(pygame, f"K_{tab}"), tab)
        texts = recorder.frame(app)
        assert texts and overlaps(texts, recorder.buttons, size) == []
        footer = [string for string, rect in texts if rect.bottom > size[1] - 40]
        assert footer and not any(string.endswith("...") for string in footer)  # whole hints ('click...' was cut)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("name", ["digits", "characters"])
def test_the_training_form_has_no_overlaps(monkeypatch, open_app, size, name):
    app = open_app(name, size)
    press(pygame.K_t, "t")
    app.step()
    recorder = TextRecorder(monkeypatch)
    texts = recorder.frame(app)
    assert texts and overlaps(texts, recorder.buttons, size) == []


@pytest.fixture
def stripes_csv(tmp_path):
    images, labels = stripes_dataset(200)
    return write_csv(tmp_path / "stripes.csv", images, labels)


TRAINING_CASES = {"running": ["--epochs", "50"], "finished": ["--epochs", "1"], "diverged": ["--lr", "1e30"],
                  "asking to stop": ["--epochs", "50"], "stopped without saving": ["--epochs", "50"]}
TRAINING_KEYS = {"asking to stop": [pygame.K_ESCAPE], "stopped without saving": [pygame.K_ESCAPE, pygame.K_d]}


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("case", list(TRAINING_CASES))
def test_the_training_run_has_no_overlaps_and_its_notices_stay_above_it(monkeypatch, stripes_csv, size, case):
    preset = build_parser().parse_args(["--train", stripes_csv, "--layers", "784,512,256,4", "--batch-size", "50",
                                        *TRAINING_CASES[case]])
    app = App(None, None, size=size, train_preset=preset)
    try:
        view = app.view
        frames_until(app, lambda: view.run is not None and (view.run.active == (case in TRAINING_KEYS or
                                                                                 case == "running")))
        for key in TRAINING_KEYS.get(case, []):
            press(key, pygame.key.name(key))
            app.step()
        recorder = TextRecorder(monkeypatch)
        texts = recorder.frame(app)
        buttons = recorder.buttons
        assert texts and overlaps(texts, buttons, size) == []
        app.show_notice(LONG_NOTICE, "error")
        app.step()
        footer_texts = [rect for _, rect in texts if rect.top > size[1] // 2]  # progress, result lines, key hints
        assert not any(notice.colliderect(rect) for notice in app.notice_rects
                       for rect in footer_texts + buttons)
    finally:
        app.quit()
        pygame.quit()


LONG_NAME = "characters-taught-with-my-handwriting-784-512-256-36-20261206-093015"


@pytest.fixture
def long_named(tmp_path):
    """Two networks with the long names teaching and training give, and their test accuracies as shown."""
    digits = saved(network.Network((784, 24, 16, 10), seed=1, meta={"test_accuracy": 0.9537}),
                   tmp_path / f"digits-taught-with-my-handwriting-784-24-16-10-20261206-093015.npz")
    characters = saved(network.Network((784, 512, 256, 36), labels=CHARACTERS, seed=2,
                                       meta={"style": "emnist", "test_accuracy": 0.8812}), tmp_path / f"{LONG_NAME}.npz")
    return {digits: "95.4%", characters: "88.1%"}


@pytest.mark.parametrize("size", [(640, 480), (1040, 700), (1920, 1080)], ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("where", ["header", "two sides", "picker"])
def test_test_accuracy_is_never_cut_the_long_file_name_is_shortened_in_its_middle(monkeypatch, long_named, size,
                                                                                   where):
    digits, characters = long_named
    second = (network.load(digits), digits) if where != "header" else None
    app = App(network.load(characters), characters, size=size, second=second)
    try:
        app.step()
        if where == "picker":
            press(pygame.K_n)
            app.step()
        recorder = TextRecorder(monkeypatch)
        texts = [string for string, _ in recorder.frame(app)]
        for path, accuracy in long_named.items():
            if where == "header" and path == digits:
                continue
            mine = [string for string in texts if accuracy in string]
            assert mine, f"{accuracy} is not shown whole at {size}: {texts}"
        cut = [string for string in texts if string.startswith("characters") and "..." in string]
        assert all(".npz" in string for string in cut)  # a shortened name keeps its end: cut in the middle
    finally:
        app.quit()


@pytest.mark.parametrize("width", [900, 600, 420, 300, 200, 120])
def test_a_description_fitted_to_any_width_keeps_the_accuracy_whole_and_the_name_s_two_ends(open_app, width):
    open_app()
    font = pygame.font.Font(None, 24)
    line = ui.SEPARATOR.join([f"{LONG_NAME}.npz", "36 classes 0-Z", "test accuracy 88.12%"])
    fitted = ui.fit_description(font, line, width)
    assert ui.text_width(font, fitted) <= width and "88.12%" in fitted
    name = fitted.split(ui.SEPARATOR)[0]
    if name != fitted:  # the name is still there: whole, or its start and its end
        assert name == f"{LONG_NAME}.npz" or (name.startswith("char") and name.endswith(".npz") and "..." in name)


@pytest.mark.parametrize("size", [(640, 480), (1040, 700), (1920, 1080)], ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("name", ["characters", "letters"])
def test_class_bars_left_out_for_room_are_said_to_be(monkeypatch, open_app, tmp_path, size, name):
    """At 640x480 only 2 of 10 digits' and 9 of 26 letters' bars were shown, with no word that others exist."""
    if name == "letters":  # a letters network's bars are one block, without a heading to say it in
        path = saved(network.Network((784, 16, 26), labels=LETTERS, seed=3, meta={"style": "emnist"}),
                     tmp_path / "letters.npz")
        app = App(network.load(path), path, size=size)
    else:
        app = open_app(name, size)
    try:
        recorder = TextRecorder(monkeypatch)
        stroke(app, circle())
        texts = [string for string, _ in recorder.frame(app)]
        shown = len(app.view.guesses[0].panel.bar_rects)
        classes = len(app.shown.network.labels)
        if name == "characters":
            notes = [string for string in texts if "the likeliest" in string]
            assert (shown < classes) == bool(notes)
            assert all(string.endswith(("of 10", "of 26")) for string in notes)
        else:
            notes = [string for string in texts if string.startswith("+ ")]
            assert notes == ([f"+ {classes - shown} less likely ones not shown"] if shown < classes else [])
    finally:
        app.quit()


@pytest.mark.parametrize("size", [(640, 480), (1040, 700), (1920, 1080)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_two_sides_give_each_answer_its_percentage_beside_it(monkeypatch, open_app, size):
    """Two sides at 640x480 dropped the letter's percentage from the answer (only the bars further down had it)."""
    from network.groups import groups_of
    from app.guess_panel import percent
    app = open_app("characters", size, "characters")
    recorder = TextRecorder(monkeypatch)
    stroke(app, circle())
    texts = recorder.frame(app)
    for guess in app.view.guesses:
        probabilities, panel = guess.probabilities, guess.panel
        bars_top = min(rect.top for rect, _ in panel.bar_rects)
        answer_texts = [string for string, rect in texts if rect.bottom < bars_top and rect.left >= min(
            rect.left for rect, _ in panel.bar_rects) - 20]
        for indices in groups_of(app.shown.network.labels).values():
            best = indices[np.argmax(probabilities[indices])]
            within = percent(float(probabilities[best]) / float(probabilities[indices].sum()))
            assert any(within in string for string in answer_texts), (within, answer_texts)


@pytest.mark.parametrize("size", [(640, 480), (1040, 700), (1920, 1080)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_label_strip_leaves_the_whole_drawing_in_sight(open_app, size):
    """The 36-class label strip covered the whole drawing at 640x480: it is shown, smaller, above the strip."""
    app = open_app("characters", size)
    stroke(app, circle())
    press(pygame.K_l, "l")
    app.request_frame()
    app.step()
    view = app.view
    strip, shown = view.label_strip.rect, view.drawing_shown
    assert view.label_strip.is_open and not shown.colliderect(strip) and shown.height >= 100
    screen = pygame.surfarray.array3d(app.surface)
    picture = screen[shown.left:shown.right, shown.top:shown.bottom]
    assert (picture.max(axis=2) > 200).sum() > 0.02 * shown.width * shown.height  # the strokes are there, in white


def test_on_a_projector_the_bars_fill_the_panel_and_their_words_grow(monkeypatch, open_app):
    """At 1920x1080 the bars were small text in the panel's top third, half the panel empty."""
    heights, reach = {}, {}
    for size in [(1040, 700), (1920, 1080)]:
        app = open_app("characters", size)
        recorder = TextRecorder(monkeypatch)
        stroke(app, circle())
        texts = dict(recorder.frame(app))
        panel = app.view.layout.panel
        bars = app.view.guesses[0].panel.bar_rects
        heights[size] = texts["W"].height  # a class's label, as tall as its ink
        reach[size] = (max(rect.bottom for rect, _ in bars) - panel.top) / panel.height
        assert overlaps(list(texts.items()), recorder.buttons, size) == []
    assert heights[(1920, 1080)] >= 1.4 * heights[(1040, 700)] and reach[(1920, 1080)] >= 0.8


def test_a_fading_notice_lets_nothing_beneath_show_through(open_app):
    """A fading notice over the training title garbled it: the two texts blended. Its box stays opaque."""
    app = open_app("digits", (1040, 700))
    app.show_notice(LONG_NOTICE, "error", seconds=10)
    notice = app.notices[-1]
    pictures = []
    for fraction in (0.5, 0.5, 0.1):
        app.time = notice.until - fraction  # half way, and nearly done, through its fading second
        for background in ((0, 0, 0), (255, 255, 255)):
            surface = pygame.Surface((1040, 700))
            surface.fill(background)
            app._draw_notices(surface)
            [box] = app.notice_rects
            pictures.append(pygame.surfarray.array3d(surface.subsurface(box.inflate(-8, -8))))
    assert (pictures[0] == pictures[1]).all() and (pictures[4] == pictures[5]).all()  # the same over black or white


@pytest.mark.parametrize("size", [(640, 480), (1040, 700), (1920, 1080)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_notices_in_my_handwriting_hide_neither_its_title_nor_its_folder(monkeypatch, open_app, size):
    app = open_app("digits", size)
    press(pygame.K_m, "m")
    app.step()
    recorder = TextRecorder(monkeypatch)
    texts = recorder.frame(app)
    header = [rect for string, rect in texts if string == "Your handwriting" or "drawings kept in" in string]
    for text in ["Kept as 7 in my_drawings/digits, now 3 drawings of 7", LONG_NOTICE]:
        app.show_notice(text, "info")
        app.step()
    assert len(header) == 2 and app.notice_rects
    assert not any(rect.colliderect(line) for rect in app.notice_rects for line in header)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("second", [None, "characters"])
def test_an_empty_panel_s_prompt_stays_clear_of_the_picture_of_what_the_network_sees(monkeypatch, open_app, size,
                                                                                    second):
    from app.guess_panel import GuessPanel
    pictures = []
    original = GuessPanel._draw_seen

    def draw_seen(panel, surface, rect, *args, **kwargs):
        offset = surface.get_abs_offset() if surface.get_parent() else (0, 0)
        pictures.append(pygame.Rect(rect).move(offset))
        return original(panel, surface, rect, *args, **kwargs)
    monkeypatch.setattr(GuessPanel, "_draw_seen", draw_seen)
    app = open_app("digits", size, second)
    recorder = TextRecorder(monkeypatch)
    app.step()
    pictures.clear()
    texts = recorder.frame(app)
    assert pictures and texts
    assert [(string, rect) for string, rect in texts for picture in pictures if rect.colliderect(picture)] == []

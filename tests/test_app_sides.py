"""Digits and letters in one panel, two networks side by side, the network picker and undo, driven by events."""

import numpy as np
import pygame
import pytest

import network
from app import loading
from app.__main__ import main
from app.guess_panel import GuessPanel
from app.network_picker import NetworkPicker
from app.window import App

from test_app_drawing import LETTERS, circle, post, press, saved, stroke

CHARACTERS = [str(d) for d in range(10)] + LETTERS


def leaning(sizes, labels, favourite, style, **meta):
    """A network whose output biases favour the classes in ``favourite`` (class index -> bias), in ``style``."""
    net = network.Network(sizes, labels=labels, seed=3, meta={"style": style, "test_accuracy": 0.9, **meta})
    net.weights[-1][:] *= 0.01
    for index, bias in favourite.items():
        net.biases[-1][..., index] = bias
    return net


@pytest.fixture
def characters_path(tmp_path):
    """A 36-class network that says Z (favoured) or, as a digit, 2."""
    net = leaning((784, 8, 36), CHARACTERS, {2: 3.0, 35: 4.0}, "emnist")
    return saved(net, tmp_path / "characters.npz")


@pytest.fixture
def digits_path(tmp_path):
    return saved(leaning((784, 8, 10), CHARACTERS[:10], {7: 3.0}, "mnist"), tmp_path / "digits.npz")


@pytest.fixture
def letters_path(tmp_path):
    return saved(leaning((784, 8, 26), LETTERS, {0: 3.0}, "emnist"), tmp_path / "letters.npz")


@pytest.fixture
def open_app():
    apps = []

    def make(first=None, second=None, size=(1040, 700)):
        apps.append(App(network.load(first) if first else None, first, size=size,
                        second=(network.load(second), second) if second else None))
        return apps[-1]
    yield make
    for app in apps:
        app.quit()
    pygame.quit()


def ctrl_z():
    post(pygame.KEYDOWN, key=pygame.K_z, unicode="\x1a", mod=pygame.KMOD_LCTRL, scancode=0)


@pytest.mark.parametrize("size", [(1040, 700), (640, 480), (1920, 1080)])
def test_a_36_class_network_shows_its_best_digit_and_best_letter_and_which_it_favours(open_app, characters_path,
                                                                                       size):
    app = open_app(characters_path, size=size)
    stroke(app, circle())
    panel = app.view.panel
    assert app.view.guess.shape == (36,)
    assert panel.answers == {"digit": "2", "letter": "Z", "favoured": "letter"}
    shown = {index for _, index in panel.bar_rects}
    assert {2, 35} <= shown  # the best of each group always has its bar
    if size != (640, 480):
        assert shown == set(range(36))
    rects = [rect for rect, _ in panel.bar_rects]
    assert all(app.view.layout.panel.contains(rect) for rect in rects)
    assert not any(a.colliderect(b) for i, a in enumerate(rects) for b in rects[i + 1:])


def test_a_one_kind_network_keeps_the_single_answer(open_app, digits_path):
    app = open_app(digits_path)
    stroke(app, circle())
    assert app.view.panel.answers == {} and len(app.view.panel.bar_rects) == 10


@pytest.mark.parametrize("size", [(1040, 700), (640, 480), (1920, 1080)])
def test_two_networks_each_frame_the_drawing_in_their_own_style_and_guess(open_app, digits_path, letters_path, size):
    app = open_app(digits_path, letters_path, size=size)
    stroke(app, [(0.45, 0.3), (0.5, 0.6)])  # a short stroke: the two framings differ clearly
    left, right = app.view.guesses
    assert left.probabilities.shape == (10,) and right.probabilities.shape == (26,)
    assert np.argmax(left.probabilities) == 7 and np.argmax(right.probabilities) == 0
    assert not np.array_equal(left.seen, right.seen)  # MNIST framing for one, EMNIST framing for the other
    panels = app.view.layout.panels
    assert len(panels) == 2 and not panels[0].colliderect(panels[1])
    assert not app.view.layout.canvas.colliderect(panels[0])
    assert all(pygame.Rect((0, 0), size).contains(rect) for rect in panels)
    shown = {index for _, index in right.panel.bar_rects}
    if size == (640, 480):  # no room for 26 readable rows beside a second panel: the likeliest letters
        assert 0 in shown and len(shown) >= 12
    else:
        assert shown == set(range(26))

    press(pygame.K_b, "b")  # B hides the second network
    app.step()
    assert not app.shown.two_sides and len(app.view.layout.panels) == 1
    press(pygame.K_b, "b")
    app.step()
    assert app.shown.two_sides and app.view.guesses[1].probabilities.shape == (26,)


def test_b_without_a_second_network_asks_for_one_and_a_drop_fills_the_right_side(open_app, digits_path,
                                                                               letters_path):
    app = open_app(digits_path)
    stroke(app, circle())
    press(pygame.K_b, "b")
    app.step()
    assert app.shown.two_sides and app.shown.chosen_side == 1
    assert any("right side" in text for text in app.notice_texts)
    post(pygame.DROPFILE, file=letters_path)
    app.step()
    assert app.shown.sides[1].path == letters_path and app.shown.network_path == digits_path
    assert any("letters.npz" in text and "on the right" in text for text in app.notice_texts)
    assert not any("right side" in text for text in app.notice_texts)  # the request is answered
    assert app.view.guesses[1].probabilities.shape == (26,)


def test_b_with_the_right_side_empty_keeps_the_inside_view_on_the_main_network(open_app, digits_path):
    app = open_app(digits_path)
    press(pygame.K_i, "i")
    stroke(app, circle())
    press(pygame.K_b, "b")
    app.step()
    assert app.shown.two_sides and app.shown.chosen_side == 1 and app.shown.sides[1].net is None
    assert app.view.look is not None and app.view.look.net is app.shown.network and app.view.why_class is not None
    press(pygame.K_v, "v")
    app.step()
    assert type(app.view).__name__ == "NetworkView"


def test_a_click_on_a_panel_chooses_the_side_a_dropped_file_replaces(open_app, digits_path, letters_path,
                                                                      characters_path):
    app = open_app(digits_path, letters_path)
    app.step()
    post(pygame.MOUSEBUTTONDOWN, pos=app.view.layout.panels[0].center, button=1)
    app.step()
    assert app.shown.chosen_side == 0
    post(pygame.DROPFILE, file=characters_path)
    app.step()
    assert app.shown.network_path == characters_path and app.shown.sides[1].path == letters_path
    assert any("on the left, replacing digits.npz" in text for text in app.notice_texts)
    post(pygame.MOUSEBUTTONDOWN, pos=app.view.layout.panels[1].center, button=1)
    app.step()
    post(pygame.DROPFILE, file=digits_path)
    app.step()
    assert app.shown.sides[1].path == digits_path and app.shown.network_path == characters_path
    assert any("on the right, replacing letters.npz" in text for text in app.notice_texts)


@pytest.fixture
def saved_folder(tmp_path, monkeypatch, digits_path, letters_path, characters_path):
    """A saved_networks folder with three networks and one damaged file."""
    folder = tmp_path / "saved"
    folder.mkdir()
    for path in (characters_path, digits_path, letters_path):
        network.save(network.load(path), folder / path.split("/")[-1])
    (folder / "broken.npz").write_bytes(b"not a network")
    monkeypatch.setattr(loading, "SAVED", str(folder))
    monkeypatch.setenv("INKLING_HOME", str(tmp_path / "home"))  # where training would save: empty
    return folder


def test_the_picker_lists_saved_networks_with_classes_and_accuracy_and_opens_one_by_keys(open_app, saved_folder,
                                                                                       tmp_path):
    extra = saved(network.Network((784, 4, 10), meta={"test_accuracy": 0.25}), tmp_path / "opened-today.npz")
    app = open_app(str(saved_folder / "digits.npz"))
    app.load_network_file(extra)  # opened this run: listed too
    press(pygame.K_n, "n")
    app.step()
    picker = app.view.picker
    assert isinstance(picker, NetworkPicker) and picker.side == 0
    names = [entry.path.split("/")[-1] for entry in picker.entries]
    assert names == ["characters.npz", "digits.npz", "letters.npz", "opened-today.npz"]  # not broken.npz
    texts = {name: entry.text for name, entry in zip(names, picker.entries)}
    assert "36 classes 0-Z" in texts["characters.npz"] and "test accuracy 90.0%" in texts["characters.npz"]
    assert picker.entries[picker.selected].path == extra  # starts at the network in use

    press(pygame.K_UP)
    press(pygame.K_RETURN)  # letters.npz for the left side
    app.step()
    assert app.view.picker is None and app.shown.network_path.endswith("letters.npz") and not app.shown.two_sides

    press(pygame.K_n, "n")
    app.step()
    press(pygame.K_RIGHT)  # for the right side
    press(pygame.K_UP)
    press(pygame.K_UP)  # letters -> digits -> characters
    press(pygame.K_RETURN)
    app.step()
    assert app.shown.two_sides and app.shown.sides[1].path.endswith("characters.npz")
    assert app.shown.network_path.endswith("letters.npz")


def test_the_picker_by_mouse_and_an_opened_file_that_broke_only_explains(open_app, saved_folder, tmp_path):
    spoilt = saved(network.Network((784, 4, 10)), tmp_path / "spoilt.npz")
    app = open_app(str(saved_folder / "digits.npz"), spoilt)
    (tmp_path / "spoilt.npz").write_bytes(b"damaged since it was opened")
    app.step()
    networks_button = next(button for button in app.view.buttons if button.key_hint == "N")
    post(pygame.MOUSEBUTTONDOWN, pos=networks_button.rect.center, button=1)
    app.step()
    picker = app.view.picker
    assert [entry.usable for entry in picker.entries] == [True, True, True, False]
    rows = dict((index, rect) for rect, index in picker.rows)
    post(pygame.MOUSEBUTTONDOWN, pos=rows[3].center, button=1)  # spoilt.npz
    app.step()
    assert app.view.picker is picker and any("spoilt.npz" in text for text in app.notice_texts)
    right_tab = next(rect for rect, side in picker.tabs if side == 1)
    post(pygame.MOUSEBUTTONDOWN, pos=right_tab.center, button=1)
    app.step()
    post(pygame.MOUSEBUTTONDOWN, pos=rows[0].center, button=1)  # characters.npz, on the right
    app.step()
    assert app.view.picker is None and app.shown.two_sides and app.shown.sides[1].path.endswith("characters.npz")
    press(pygame.K_n, "n")
    app.step()
    press(pygame.K_ESCAPE)
    app.step()
    assert app.view.picker is None and app.shown.sides[1].path.endswith("characters.npz")


def test_the_picker_fits_small_and_large_windows(open_app, saved_folder):
    for size in ((640, 480), (1920, 1080)):
        app = open_app(str(saved_folder / "digits.npz"), size=size)
        app.view.open_picker()
        app.step()
        picker = app.view.picker
        assert pygame.Rect((0, 0), size).contains(picker.box)
        assert all(picker.box.contains(rect) for rect, _ in picker.rows + picker.tabs)


def test_ctrl_z_undoes_strokes_one_at_a_time_and_a_clear_too(open_app, digits_path):
    app = open_app(digits_path)
    canvas = app.view.canvas
    stroke(app, [(0.5, 0.2), (0.5, 0.8)])
    first = canvas.pixels.copy()
    stroke(app, [(0.2, 0.5), (0.8, 0.5)])
    assert not np.array_equal(canvas.pixels, first)
    ctrl_z()
    app.step()
    np.testing.assert_array_equal(canvas.pixels, first)
    press(pygame.K_z, "z")  # z alone does nothing
    app.step()
    np.testing.assert_array_equal(canvas.pixels, first)
    press(pygame.K_r, "r")
    app.step()
    assert canvas.is_empty
    ctrl_z()
    app.step()
    np.testing.assert_array_equal(canvas.pixels, first)
    ctrl_z()
    app.step()
    assert canvas.is_empty and app.view.guess is None
    ctrl_z()  # nothing more to undo
    app.step()
    assert canvas.is_empty


def test_the_default_network_is_characters_then_digits(tmp_path):
    saved(network.Network((784, 4, 10)), tmp_path / "digits.npz")
    assert loading.default_network_path(str(tmp_path)).endswith("digits.npz")
    saved(network.Network((784, 4, 36), labels=CHARACTERS), tmp_path / "characters.npz")
    assert loading.default_network_path(str(tmp_path)).endswith("characters.npz")


def test_two_networks_from_the_command_line(monkeypatch, digits_path, letters_path, tmp_path, capsys):
    opened = []
    monkeypatch.setattr(App, "run", lambda self: opened.append(self))
    assert main([digits_path, letters_path]) == 0
    [app] = opened
    assert app.shown.two_sides and app.shown.network_path == digits_path and app.shown.sides[1].path == letters_path
    app.quit()
    assert main([digits_path, str(tmp_path / "missing.npz")]) == 0  # the window opens, with a notice
    app = opened[-1]
    assert not app.shown.two_sides and app.shown.network_path == digits_path
    assert any("Could not load missing.npz: no such file" in text for text in app.notice_texts)
    assert "missing.npz" in capsys.readouterr().err
    app.quit()


@pytest.fixture
def fonts():
    """The window's fonts, for drawing a panel on its own surface (no window needed)."""
    pygame.display.init()
    pygame.font.init()
    from app.theme import Fonts
    yield Fonts()
    pygame.quit()


def test_the_panel_component_draws_alone(fonts):
    surface = pygame.Surface((300, 400))
    panel = GuessPanel()
    probabilities = np.full(36, 0.1 / 34)
    probabilities[[8, 11]] = [0.6, 0.3]  # 8 or B: the digit is favoured
    panel.draw(surface, surface.get_rect(), fonts, CHARACTERS, probabilities, None, ["", ""], "net.npz")
    assert panel.answers == {"digit": "8", "letter": "B", "favoured": "digit"}


def test_a_36_class_network_not_sure_still_gives_both_answers(fonts):
    surface = pygame.Surface((420, 560))
    panel = GuessPanel()
    probabilities = np.full(36, 0.02 / 34)
    probabilities[[0, 24]] = [0.49, 0.49]  # a ring: 0 or O
    panel.draw(surface, surface.get_rect(), fonts, CHARACTERS, probabilities, None, ["", ""], unsure=["0", "O"])
    assert panel.answers["digit"] == "0" and panel.answers["letter"] == "O"


def test_the_picker_deletes_a_network_to_the_trash_and_ctrl_z_puts_it_back(open_app, saved_folder):
    """Three quick stops left five near-identical networks: the picker deletes one, and never loses it by a slip."""
    app = open_app(str(saved_folder / "digits.npz"))
    press(pygame.K_n, "n")
    app.step()
    picker = app.view.picker
    press(pygame.K_DELETE)  # the selected one is digits.npz, which is shown: kept
    app.step()
    assert (saved_folder / "digits.npz").exists() and any("is shown" in text for text in app.notice_texts)
    press(pygame.K_UP)
    press(pygame.K_DELETE)  # characters.npz
    app.step()
    assert not (saved_folder / "characters.npz").exists() and (saved_folder / "trash" / "characters.npz").exists()
    assert [entry.path.split("/")[-1] for entry in picker.entries] == ["digits.npz", "letters.npz"]
    assert any("Ctrl+Z puts it back" in text for text in app.notice_texts)
    post(pygame.KEYDOWN, key=pygame.K_z, unicode="\x1a", mod=pygame.KMOD_LCTRL, scancode=0)
    app.step()
    assert (saved_folder / "characters.npz").exists() and not (saved_folder / "trash" / "characters.npz").exists()
    assert [entry.path.split("/")[-1] for entry in picker.entries] == ["characters.npz", "digits.npz", "letters.npz"]
    assert picker.entries[picker.selected].path.endswith("characters.npz")
    press(pygame.K_RETURN)  # and it opens as before
    app.step()
    assert app.shown.network_path.endswith("characters.npz")


def test_the_header_says_two_networks_in_whatever_room_it_has(fonts):
    from app import ui
    from app.drawing_header import two_sides_description
    whole = two_sides_description(fonts.body, "left", 2000)
    assert whole == "comparing two networks  ·  a dropped file goes to the left"
    for room in (ui.text_width(fonts.body, whole) - 1, 250, 160):
        said = two_sides_description(fonts.body, "right", room)
        assert "two networks" in said and "right" in said and said != whole.replace("left", "right")
    assert ui.text_width(fonts.body, two_sides_description(fonts.body, "left", 250)) <= 250

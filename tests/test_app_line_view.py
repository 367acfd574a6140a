"""Line mode in the real window, driven headless by posted pygame events: writing is read as it is written,
a guess opens its character's panel, L labels it, and dropped pictures are read (or explained)."""

import os

import numpy as np
import pygame
import pytest
from PIL import Image

import network
from app.line_view import CANVAS, LineView
from app.window import App

from reading_images import on_paper, one_zero, ring
from test_app_drawing import post, press

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHARACTERS = os.path.join(PROJECT, "saved_networks", "characters.npz")


@pytest.fixture
def app():
    app = App(network.load(CHARACTERS), CHARACTERS, size=(1100, 720))
    app.step()
    yield app
    app.quit()
    pygame.quit()


def write(app, points):
    """Drag the left button through ``points`` given in the line canvas's own pixels, then a few frames."""
    view = app.view
    rect, scale = view.canvas_rect, view.canvas_rect.width / CANVAS[0]
    positions = [(round(rect.x + x * scale), round(rect.y + y * scale)) for x, y in points]
    post(pygame.MOUSEBUTTONDOWN, pos=positions[0], button=1)
    for position in positions[1:]:
        post(pygame.MOUSEMOTION, pos=position, rel=(0, 0), buttons=(1, 0, 0))
    post(pygame.MOUSEBUTTONUP, pos=positions[-1], button=1)
    for _ in range(3):
        app.step()


def open_line_mode(app):
    press(pygame.K_w, "w")
    app.step()
    assert isinstance(app.view, LineView)
    return app.view


@pytest.mark.parametrize("size", [(640, 480), (1040, 700), (1920, 1080)])
def test_the_line_button_opens_line_mode_at_every_size(app, size):
    pygame.display.set_mode(size)
    app.step()
    button = next(button for button in app.drawing.buttons if button.key_hint == "W")
    assert button.rect.width > 0 and app.surface.get_rect().contains(button.rect)
    post(pygame.MOUSEBUTTONDOWN, pos=button.rect.center, button=1)
    app.step()
    assert isinstance(app.view, LineView)


def test_w_opens_line_mode_and_writing_is_read_with_boxes(app):
    view = open_line_mode(app)
    write(app, [(150, 60), (150, 240)])  # a bar
    assert view.reading.text in ("1", "I", "L")
    write(app, ring(300, 150, 55, 90))  # and a ring beside it
    view.context = "number"
    app.step()
    assert view.reading.text == "10"
    boxes = [character.box for character in view.reading.characters]
    assert boxes[0][0] < 150 < boxes[0][2] and boxes[1][0] < 300 < boxes[1][2]
    shot = pygame.surfarray.array3d(app.surface)
    box = view._on_screen(boxes[1])
    assert tuple(shot[box.centerx, box.top]) in {(255, 184, 76), (98, 200, 140)}  # its box is drawn


def test_a_click_on_a_guess_opens_that_character_and_l_labels_it(app, inkling_home):
    view = open_line_mode(app)
    write(app, [(150, 60), (150, 240)])
    write(app, ring(300, 150, 55, 90))
    spot = view.guess_spots[1][0]
    post(pygame.MOUSEBUTTONDOWN, pos=spot.center, button=1)
    app.step()
    assert view.selected == 1 and view.chosen.guess in ("0", "O")
    press(pygame.K_l, "l")
    app.step()
    assert view.label_strip.is_open
    view.label_strip.choose("0")
    app.step()
    kept = [name for root, _, names in os.walk(inkling_home) for name in names if name.endswith(".png")]
    assert len(kept) == 1 and any("kept as 0" in text.lower() for text in app.notice_texts)


def test_a_dropped_photo_is_read_and_a_broken_one_explained(app, tmp_path):
    photo = tmp_path / "number.jpg"
    Image.fromarray(on_paper(one_zero(), paper=200)).save(photo, quality=80)
    app.drop_file(str(photo))
    for _ in range(3):
        app.step()
    view = app.view
    assert isinstance(view, LineView)
    view.context = "number"
    app.step()
    assert view.reading.text == "10"
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    app.drop_file(str(broken))
    app.step()
    assert any("broken.png" in text and "not a readable image" in text for text in app.notice_texts)
    assert view.reading.text == "10" and app.running  # the line stays as it was


def test_r_clears_and_escape_goes_back_to_drawing(app):
    view = open_line_mode(app)
    write(app, [(150, 60), (150, 240)])
    press(pygame.K_r, "r")
    app.step()
    assert not view.pixels.any() and view.reading.text == ""
    press(pygame.K_ESCAPE)
    app.step()
    assert not isinstance(app.view, LineView)


def test_the_heading_says_what_the_line_was_read_as(app):
    view = open_line_mode(app)
    assert view.heading() == "reading: any"
    t = np.linspace(0, 2 * np.pi, 60)
    heart = [(400 + 90 * np.sin(a) ** 3, 140 - 6 * (13 * np.cos(a) - 5 * np.cos(2 * a) - 2 * np.cos(3 * a)
                                                    - np.cos(4 * a))) for a in t]
    write(app, heart)
    assert view.reading.text == "?" and view.heading() == "not a character"  # a mark is no number
    press(pygame.K_r, "r")
    app.step()
    write(app, [(150, 60), (150, 240)])
    write(app, ring(300, 150, 55, 90))
    view.context = "number"
    app.step()
    assert view.reading.text == "10" and view.heading() == "read as a number"


def test_while_the_pen_is_down_a_slow_reading_leaves_the_stroke_most_of_the_time(app):
    view = open_line_mode(app)
    write(app, [(60, 20), (60, 100)])
    first = view.reading
    assert first is not None
    rect, scale = view.canvas_rect, view.canvas_rect.width / CANVAS[0]
    post(pygame.MOUSEBUTTONDOWN, pos=(round(rect.x + 120 * scale), round(rect.y + 20 * scale)), button=1)
    post(pygame.MOUSEMOTION, pos=(round(rect.x + 120 * scale), round(rect.y + 100 * scale)), rel=(0, 0), buttons=(1, 0, 0))
    app.step()
    view.reading, view.read_took, view.since_read = first, 0.1, 0.0  # as if the last reading took 100 ms
    view.version += 1  # and the stroke went on since
    view.update(0.15)  # past READ_EVERY, but reading would take 40% of the time
    assert view.reading is first
    view.update(0.06)  # 0.21 s since: 100 ms of reading in 310
    assert view.reading is not first

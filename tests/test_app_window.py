"""The window as a whole: frames drawn only when something changed, the idle loop asleep on the event queue."""

import numpy as np
import pygame
import pytest

import network
from app import theme, training_view, window
from app.board import Board
from app.view import View
from app.window import FADE_SECONDS, IDLE_WAIT_MS, App

from test_app_drawing import post, press, saved, stroke


@pytest.fixture
def app(tmp_path):
    path = saved(network.Network((784, 16, 10), seed=1), tmp_path / "digits.npz")
    app = App(network.load(path), path, size=(1040, 700))
    app.step()
    yield app
    app.quit()
    pygame.quit()


def drawn(app, passes=5):
    """How many frames ``passes`` passes through the loop draw."""
    before = app.frames
    for _ in range(passes):
        app.step()
    return app.frames - before


def test_an_idle_drawing_window_draws_no_frames(app):
    assert drawn(app) == 0
    assert app.ticks >= 5  # the loop went round: views were updated, only the drawing was skipped


def test_events_and_changes_draw_a_frame_each(app):
    stroke(app, [(0.3, 0.3), (0.7, 0.7)])
    assert app.frames and drawn(app) == 0
    press(pygame.K_h, "h")
    assert drawn(app) == 1 and app.view.show_help
    app.view.set_brush(20)  # a change made without an event is seen too
    assert drawn(app) == 1
    app.drawing.canvas.clear()
    assert drawn(app) == 1
    app.show_notice("Hello")
    assert drawn(app, 1) == 1


def test_a_notice_is_drawn_while_it_fades_then_the_window_rests(app):
    app.show_notice("Fading", seconds=FADE_SECONDS + 0.5)
    assert drawn(app, 1) == 1
    assert app.idle_wait_ms() <= 500  # the loop wakes up in time to start the fade
    assert drawn(app, 20) == 0  # a third of a second shown unchanged: nothing to draw
    while app.notices:  # from half a second on it fades, a frame each pass, until it is gone
        before = app.frames
        app.step(0.2)
        assert app.frames == before + 1
    assert drawn(app) == 0


class PlainView(View):
    """A view that keeps the base class's needs_frame, like one that animates: only draw is its own."""

    def draw(self, surface):
        surface.fill((0, 0, 0))


def test_a_view_that_does_not_say_is_drawn_every_frame(app):
    app.open(PlainView)
    assert drawn(app) == 5
    app.show_drawing()
    assert drawn(app) == 1


def test_the_training_form_rests_too(app, monkeypatch):
    monkeypatch.setattr(training_view, "SETTLE_SECONDS", 0.0)
    press(pygame.K_t, "t")
    app.step()
    assert isinstance(app.view, training_view.TrainingView) and drawn(app) == 0
    press(pygame.K_DOWN)  # a key in the form: one frame
    assert drawn(app) == 1


@pytest.mark.parametrize("key", ["v", "m"], ids=["network view", "my handwriting"])
def test_still_views_rest_too(app, key):
    press(getattr(pygame, f"K_{key}"), key)
    app.step()
    assert app.view is not app.drawing and drawn(app) == 0
    post(pygame.MOUSEMOTION, pos=(300, 300), rel=(0, 0), buttons=(0, 0, 0))
    assert drawn(app) == 1


def test_the_idle_loop_sleeps_on_the_event_queue(app, monkeypatch):
    waits = []

    def wait(timeout):
        waits.append(timeout)
        return pygame.event.Event(pygame.QUIT) if len(waits) == 3 else pygame.event.Event(pygame.NOEVENT)
    monkeypatch.setattr(window.pygame.event, "wait", wait)
    frames = app.frames
    app.run()
    assert waits == [IDLE_WAIT_MS] * 3 and app.frames == frames and not app.running


def drag(app, positions, button=1):
    """Press at the first window position, move through the rest, release at the last; then one frame."""
    post(pygame.MOUSEBUTTONDOWN, pos=positions[0], button=button)
    for position in positions[1:]:
        post(pygame.MOUSEMOTION, pos=position, rel=(0, 0), buttons=(button == 1, 0, button == 3))
    post(pygame.MOUSEBUTTONUP, pos=positions[-1], button=button)
    app.step()


def test_a_stroke_pressed_outside_the_canvas_begins_where_the_pointer_enters(app):
    rect = app.view.layout.canvas
    row = rect.centery
    drag(app, [(rect.x - 12, row), (rect.x - 4, row), (rect.centerx, row)])
    pixels = app.view.canvas.pixels
    middle = pixels.shape[0] // 2
    assert pixels[middle, 1] == 1.0 and pixels[middle, :pixels.shape[1] // 2].min() == 1.0  # from the edge in
    assert not pixels[:, -20:].any()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_z, unicode="z", mod=pygame.KMOD_CTRL,
                                         scancode=0))  # Ctrl+Z: the entered stroke is one stroke, undone whole
    app.step()
    assert app.view.canvas.is_empty


def test_a_drag_that_stays_outside_the_canvas_draws_nothing(app):
    rect = app.view.layout.canvas
    drag(app, [(rect.x - 12, rect.y + 10), (rect.x - 4, rect.bottom - 10), (rect.x - 14, rect.bottom + 3)])
    assert app.view.canvas.is_empty


def screen_column(app, x, top, bottom):
    """The red channel of the window's pixels in column ``x`` from ``top`` to ``bottom``."""
    return pygame.surfarray.pixels3d(app.surface)[x, top:bottom, 0].astype(int)


@pytest.mark.parametrize("size", [(1040, 700), (1920, 1080)])
def test_the_canvas_is_drawn_sharp_at_its_size_on_screen(tmp_path, size):
    path = saved(network.Network((784, 16, 10), seed=1), tmp_path / "digits.npz")
    app = App(network.load(path), path, size=size)
    try:
        app.step()
        rect = app.view.layout.canvas
        stroke(app, [(0.2, 0.5), (0.8, 0.5)])
        column = screen_column(app, rect.centerx, rect.y, rect.bottom)
        board, ink = theme.BOARD[0], theme.INK[0]
        assert column.min() == board and column.max() == ink
        soft = np.count_nonzero((column > board) & (column < ink))
        assert soft <= 4  # one anti-aliased pixel (or two) at each edge of the line: not an upscaled blur
    finally:
        app.quit()
        pygame.quit()


def test_the_board_painted_bit_by_bit_matches_the_drawing_made_again(app):
    for points in ([(0.2, 0.2), (0.8, 0.3), (0.5, 0.9)], [(0.3, 0.8), (0.7, 0.1)]):
        stroke(app, points)
    app.view.set_brush(25)
    stroke(app, [(0.1, 0.5), (0.9, 0.5)], button=3)
    rect = app.view.layout.canvas
    shown = pygame.surfarray.array3d(app.view.board.surface)[:, :, 0].T
    expected = Board().image(app.view.canvas, rect.width)
    assert np.array_equal(shown, pygame.surfarray.array3d(expected)[:, :, 0].T)
    assert app.view.canvas.render(app.view.canvas.size) == pytest.approx(app.view.canvas.pixels, abs=1e-6)

"""The window as a whole: frames drawn only when something changed, the idle loop asleep on the event queue."""

import pygame
import pytest

import network
from app import window
from app.window import FADE_SECONDS, IDLE_WAIT_MS, App

from test_app_drawing import press, saved, stroke


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


class PlainView:
    """A view that does not say when its picture changes (no needs_frame), like one that animates."""

    def handle_event(self, event):
        pass

    def update(self, dt):
        pass

    def draw(self, surface):
        surface.fill((0, 0, 0))

    def close(self):
        pass


def test_a_view_that_does_not_say_is_drawn_every_frame(app):
    app.switch_to(PlainView())
    assert drawn(app) == 5
    app.show_drawing()
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

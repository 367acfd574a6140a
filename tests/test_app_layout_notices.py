"""Notices and the header at every size: a notice covers no text or button of the view under it and says its
whole message (wrapped, never cut); the drawing view's header grows with a projector's window."""

import pygame
import pytest

from app import ui
from app.teaching import keep_drawing

from test_app_drawing import circle, press, stroke
from test_app_layout import TextRecorder, networks, open_app, overlaps  # noqa: F401 (fixtures used by name)

SIZES = [(640, 480), (1040, 700), (1920, 1080)]
LONG_NAME = "notes-about-" + "a-rather-long-file-name-" * 3 + "kept-for-later.md"


def record_notices(monkeypatch, app):
    """Wrap ``ui.text`` (after a TextRecorder) to note the lines drawn inside notice boxes: returns a function
    giving, after a frame, the lines of each notice box from the top down, joined by spaces."""
    drawn, original = [], ui.text

    def text(surface, string, font, colour, position, anchor="topleft"):
        drawn.append((surface.get_size(), surface.get_size() != pygame.display.get_surface().get_size(), string))
        return original(surface, string, font, colour, position, anchor)
    monkeypatch.setattr(ui, "text", text)

    def said():
        boxes = {rect.size for rect in app.notice_rects}
        words = [string for size, layer, string in drawn if layer and size in boxes]
        drawn.clear()
        return words
    return said


def covered(app, texts, buttons):
    """The texts and buttons of the frame that a notice box crosses."""
    return [f"{string!r} {rect} under a notice {box}" for string, rect in texts for box in app.notice_rects
            if rect.colliderect(box)] + [f"button {button} under a notice {box}" for button in buttons
                                         for box in app.notice_rects if button.colliderect(box)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("case", ["36 classes", "inside view, two networks"])
def test_a_bad_file_notice_covers_nothing_in_the_drawing_view_and_says_it_all(monkeypatch, open_app, tmp_path, size,
                                                                           case):
    """The notice for a dropped README was drawn over the key hints and the bars' bottom edge at 1040x700."""
    app = open_app("characters", size, "digits" if "two" in case else None)
    stroke(app, circle())
    if "inside" in case:
        press(pygame.K_i, "i")
    bad = tmp_path / LONG_NAME
    bad.write_text("# not a network\n")
    recorder = TextRecorder(monkeypatch)
    said = record_notices(monkeypatch, app)
    app.show_notice("Loaded characters.npz", "info")
    app.drop_file(str(bad))  # the newest, always shown; the older one too where there is room
    texts = recorder.frame(app)
    shown = len(app.notice_rects)
    assert shown == (1 if size == (640, 480) else 2)
    assert all(pygame.Rect((0, 0), size).contains(box) for box in app.notice_rects)
    assert covered(app, texts, recorder.buttons) == [] and overlaps(texts, recorder.buttons, size) == []
    lines = said()
    said_in_full = "".join(reversed(app.notice_texts[-shown:]))  # drawn newest first
    assert "".join(lines).replace(" ", "") == said_in_full.replace(" ", "")  # nothing cut
    assert not any(line.endswith("...") for line in lines)
    assert app.view.layout.canvas.bottom < min(box.top for box in app.notice_rects)


def test_the_drawing_view_gives_its_room_back_when_the_notices_go(open_app):
    app = open_app("characters", (1040, 700))
    app.step()
    canvas = app.view.layout.canvas.copy()
    app.show_notice("Could not load " + LONG_NAME + ": not a network file", "error", seconds=1)
    app.step()
    assert app.view.layout.canvas.height < canvas.height
    for _ in range(120):  # two seconds: gone
        app.step()
    assert app.notices == [] and app.view.layout.canvas == canvas


@pytest.mark.parametrize("name", ["digits", "characters"])
def test_on_a_projector_the_header_s_words_grow_and_at_1040x700_they_stay(monkeypatch, open_app, name):
    heights = {}
    for size in [(640, 480), (1040, 700), (1920, 1080)]:
        app = open_app(name, size)
        recorder = TextRecorder(monkeypatch)
        texts = recorder.frame(app)
        header = app.view.layout.header
        heights[size] = {string: rect.height for string, rect in texts if rect.bottom <= header.bottom}
        assert overlaps(texts, recorder.buttons, size) == []
        assert all(button.bottom <= header.bottom for button in recorder.buttons)
    assert heights[(640, 480)]["Inkling"] == heights[(1040, 700)]["Inkling"] == ui._rendered(
        app.fonts.title, "Inkling", (0, 0, 0)).get_bounding_rect().height  # as designed up to 1040x700
    for words in ["Inkling", "Train", "draw and guess"]:
        assert heights[(1920, 1080)][words] >= 1.3 * heights[(1040, 700)][words]
    description = [string for string in heights[(1920, 1080)] if "test accuracy" in string]
    assert description and heights[(1920, 1080)][description[0]] >= 1.3 * heights[(1040, 700)][description[0]]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("kept", ["none kept", "36 classes kept"])
def test_a_long_notice_in_my_handwriting_fits_whole(monkeypatch, open_app, size, kept):
    """At 640x480 a long notice was cut after three lines, beside the footer's buttons."""
    app = open_app("digits" if kept == "none kept" else "characters", size)
    if kept != "none kept":
        stroke(app, circle())
        for label in app.shown.network.labels:
            keep_drawing(app, app.view.canvas.pixels, label)
        app.notices = []
    press(pygame.K_m, "m")
    app.step()
    recorder = TextRecorder(monkeypatch)
    said = record_notices(monkeypatch, app)
    long = (f"Could not load {LONG_NAME}: not a network file (.md); networks are .npz files saved by Inkling. "
            "Still using small-digits.npz, which reads your drawings as before.")
    app.show_notice(long, "error")
    texts = recorder.frame(app)
    lines = said()
    assert len(lines) >= 2 and " ".join(lines).replace(" ", "") == long.replace(" ", "")
    [box] = app.notice_rects
    assert pygame.Rect((0, 0), size).contains(box)
    assert covered(app, texts, recorder.buttons) == [] and overlaps(texts, recorder.buttons, size) == []

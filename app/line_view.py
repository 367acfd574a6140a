"""Line mode: write a number or a word on a wide canvas and watch it read as you write, every character in
its box with its guess, the whole reading shown large. A dropped picture (PNG, JPEG) is read the same way.

The reading itself is ``network.reading`` (the same reader as ``python -m network read``); this view only
collects the strokes, shows the boxes and guesses, and opens one character's guesses when its guess is clicked.
"""

import os
import time

import numpy as np
import pygame

from network.errors import InklingError
from network.image_file import open_writing
from network.ink import ink_from_grey
from network.preprocess import input_image
from network.reading import read_ink

from . import layout, theme, ui
from .canvas import paint
from .guess_panel import GuessPanel
from .keys import Key, KeyTable
from .label_strip import LabelStrip
from .teaching import keep_drawing
from .view import View

CANVAS = (1200, 300)  # the wide canvas's pixels (width, height): four characters' squares side by side, and more
BRUSH = 9.0
READ_EVERY = 0.12  # seconds at least between readings while a stroke is being drawn (each takes tens of ms)
READING_SHARE = 1 / 3  # the most of the time reading takes while the pen is down: a long line takes longer to
# read, and the stroke must keep up with the mouse
CONTEXTS = ("any", "number", "word")
PICTURES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff")
MARGIN = layout.MARGIN
GUESS_ROW = 44  # the row of per-character guesses under the canvas
KEYS = KeyTable(
    Key(help=("Left mouse button", "write"), hint="left button: write"),
    Key(help=("Right mouse button", "erase"), hint="right: erase"),
    Key(help=("Click a guess under the line", "that character's guesses")),
    Key((pygame.K_r, pygame.K_BACKSPACE, pygame.K_DELETE), "clear", help=("R  or  Backspace", "clear the line"),
        hint="R: clear"),
    Key((pygame.K_a,), "next_context", help=("A", "read it as anything, a number or a word"), hint="A: any/number/word"),
    Key((pygame.K_l,), "open_label_strip", help=("L", "label the chosen character: keep it as one of yours"),
        hint="L: label it"),
    Key((pygame.K_ESCAPE, pygame.K_w), "back", help=("Esc  or  W", "back to drawing one character"),
        hint="Esc: back"),
    Key((pygame.K_h, "?"), "toggle_help", help=("H  or  ?", "show or hide this help")),
    Key(help=("Drop a PNG or JPEG", "read the writing in it")),
)


def is_picture(path):
    """Whether a dropped file is named like a picture (anything else is taken for a network)."""
    return os.fspath(path).lower().endswith(PICTURES)


class LineView(View):
    """A wide canvas read live by the reader; the chosen character's guesses beside the reading."""

    keys = KEYS
    kept = True

    def __init__(self, app):
        super().__init__(app)
        self.pixels = np.zeros(CANVAS[::-1], dtype=np.float32)
        self.version = 0
        self.reading, self.read_for, self.since_read, self.read_took = None, None, 0.0, 0.0
        self.context = "any"
        self.selected = None  # index of the chosen character in the reading
        self.pen = self.last_point = None
        self.show_help = False
        self.panel = GuessPanel()
        self.label_strip = LabelStrip(self.keep_character)
        self.canvas_rect = self.guess_rect = pygame.Rect(0, 0, 0, 0)
        self.guess_spots = []  # (rect, character index) of the guesses under the line, as drawn last
        self._board = None  # (version, size, surface) of the canvas as last shown
        self.buttons = [ui.Button("Draw", "W", self.back), ui.Button("Clear", "R", self.clear),
                        ui.Button("Any", "A", self.next_context)]

    # --- actions -----------------------------------------------------------------------------------

    def back(self):
        self.app.show_drawing()

    def clear(self):
        self.pixels[:] = 0.0
        self._changed()

    def next_context(self):
        self.context = CONTEXTS[(CONTEXTS.index(self.context) + 1) % len(CONTEXTS)]
        self.buttons[2].label = self.context.capitalize()
        self.read_for = None

    def toggle_help(self):
        self.show_help = not self.show_help

    def open_label_strip(self):
        """L: say what the chosen character really is, to keep it as one of yours."""
        net = self.app.shown.network
        if net is None or self.chosen is None:
            self.app.show_notice("Click a character's guess under the line first, then press L", "info")
        else:
            self.label_strip.open(net.labels)

    def keep_character(self, label):
        left, top, right, bottom = self.chosen.box
        keep_drawing(self.app, self.pixels[top:bottom, left:right], label)

    def take_dropped_file(self, path):
        """A dropped picture is read in place of the line; anything else is left to the window (a network)."""
        if not is_picture(path):
            return False
        self.show_picture(path)
        return True

    def show_picture(self, path):
        """The writing in the picture at ``path`` put on the canvas (fitted, ink as drawn) and read."""
        try:
            grey, ink_high, _ = open_writing(path)
        except InklingError as error:
            self.app.show_notice(f"Could not read {error}", "error")
            return
        ink = ink_from_grey(grey, ink_high)
        self.pixels = fitted(ink, CANVAS)
        self._changed()
        self.app.show_notice(f"Reading {os.path.basename(os.fspath(path))}", "info")

    @property
    def chosen(self):
        characters = self.reading.characters if self.reading is not None else []
        return characters[self.selected] if self.selected is not None and self.selected < len(characters) else None

    # --- events ------------------------------------------------------------------------------------

    def handle_event(self, event):
        if self.label_strip.handle_event(event) or any(button.handle_event(event) for button in self.buttons):
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            if self.show_help:
                self.show_help = False
            elif self.canvas_rect.collidepoint(event.pos):
                self.pen = "draw" if event.button == 1 else "erase"
                self.last_point = None
                self._paint(event.pos)
            else:
                spot = next((index for rect, index in self.guess_spots if rect.collidepoint(event.pos)), None)
                if spot is not None:
                    self.selected = spot
        elif event.type == pygame.MOUSEMOTION and self.pen:
            self._paint(event.pos)
        elif event.type == pygame.MOUSEBUTTONUP and event.button in (1, 3):
            self.pen = self.last_point = None
        else:
            self.keys.handle(self, event)

    def _paint(self, position):
        rect = self.canvas_rect
        scale = CANVAS[0] / rect.width
        point = ((position[0] - rect.x) * scale, (position[1] - rect.y) * scale)
        paint(self.pixels, self.last_point or point, point, BRUSH, erase=self.pen == "erase")
        self.last_point = point
        self._changed()

    def _changed(self):
        self.version += 1
        self.selected = None

    # --- the reading -------------------------------------------------------------------------------

    def update(self, dt):
        """Read again when the line changed: at once when no stroke is being drawn, else every READ_EVERY, or less
        often when reading takes more than READING_SHARE of the time (``read_took``: the last reading's seconds)."""
        self.since_read += dt
        net = self.app.shown.network
        wanted = (self.version, id(net), self.context)
        pause = max(READ_EVERY, self.read_took * (1 - READING_SHARE) / READING_SHARE)
        if wanted == self.read_for or (self.pen and self.since_read < pause):
            return
        self.read_for, self.since_read = wanted, 0.0
        if net is None:
            self.reading = None
            return
        try:
            started = time.perf_counter()
            self.reading = read_ink(self.pixels, net, self.context)
            self.read_took = time.perf_counter() - started
        except InklingError as error:  # e.g. "number" with a network of letters only
            self.app.show_notice(str(error), "error")
            self.context = "any"
            self.buttons[2].label = "Any"
            self.read_for = None

    def needs_frame(self):
        return self.pen is not None or self.read_for != (self.version, id(self.app.shown.network), self.context)

    # --- drawing -----------------------------------------------------------------------------------

    def draw(self, surface):
        fonts = self.app.fonts
        width, height = surface.get_size()
        surface.fill(theme.BACKGROUND)
        title = ui.text(surface, "Inkling", fonts.title, theme.TEXT, (MARGIN, 16))
        right = layout.place_row(self.buttons, fonts, 16, right=width - MARGIN, height=36, gap=10)
        if title.right + 12 + ui.text_width(fonts.body, "line mode: write a number or a word") < right - 10:
            ui.text(surface, "line mode: write a number or a word", fonts.body, theme.MUTED,
                    (title.right + 12, title.bottom - 4), "bottomleft")
        for button in self.buttons:
            button.draw(surface, fonts)
        canvas_width = width - 2 * MARGIN
        canvas_height = min(round(canvas_width * CANVAS[1] / CANVAS[0]), int(height * 0.4))
        canvas_width = round(canvas_height * CANVAS[0] / CANVAS[1])
        self.canvas_rect = pygame.Rect((width - canvas_width) // 2, 72, canvas_width, canvas_height)
        self._draw_canvas(surface, fonts)
        self.guess_rect = pygame.Rect(self.canvas_rect.x, self.canvas_rect.bottom + 6, canvas_width, GUESS_ROW)
        self._draw_guesses(surface, fonts)
        below = pygame.Rect(MARGIN, self.guess_rect.bottom + 8, width - 2 * MARGIN,
                            height - self.guess_rect.bottom - 8 - 34)
        self._draw_reading(surface, fonts, below)
        self.label_strip.draw(surface, self.canvas_rect, fonts)
        ui.text(surface, ui.hints_that_fit(fonts.small, self.keys.hints(), width - 2 * MARGIN, "H: all keys"),
                fonts.small, theme.MUTED, (MARGIN, height - 17), "midleft")
        if self.show_help:
            ui.help_box(surface, fonts, self.keys.help, "press H or ? to close")

    def _draw_canvas(self, surface, fonts):
        rect = self.canvas_rect
        if self._board is None or self._board[:2] != (self.version, rect.size):
            grey = np.round(self.pixels.T * 255).astype(np.uint8)
            board = pygame.surfarray.make_surface(np.dstack([grey] * 3))
            self._board = (self.version, rect.size, pygame.transform.smoothscale(board, rect.size))
        surface.blit(self._board[2], rect)
        pygame.draw.rect(surface, theme.PANEL_EDGE, rect.inflate(4, 4), width=2, border_radius=4)
        if not self.pixels.any():
            ui.text(surface, "write a number or a word here", fonts.heading, theme.FAINT, rect.center, "center")
        for index, character in enumerate(self.reading.characters if self.reading else []):
            pygame.draw.rect(surface, self._colour(index, character), self._on_screen(character.box), width=2)

    def _draw_guesses(self, surface, fonts):
        """Each character's guess under its box: click one to see all its guesses."""
        self.guess_spots = []
        for index, character in enumerate(self.reading.characters if self.reading else []):
            box = self._on_screen(character.box)
            spot = pygame.Rect(0, 0, max(box.width, 30), GUESS_ROW)
            spot.midtop = (box.centerx, self.guess_rect.y)
            ui.text(surface, character.text, fonts.heading, self._colour(index, character), spot.center, "center")
            self.guess_spots.append((spot, index))

    def heading(self):
        """What the reading above the large text is: a number, a word, text, nothing but marks, or (nothing
        written yet) the context the line will be read in."""
        read = [line for line in self.reading.lines if line.characters] if self.reading else []
        if not read:
            return f"reading: {self.context}"
        kinds = {line.kind for line in read if any(character.is_character for character in line.characters)}
        if not kinds:
            return "not a character"
        return f"read as {'a number' if kinds == {'number'} else 'a word' if kinds == {'word'} else 'text'}"

    def _draw_reading(self, surface, fonts, area):
        """The whole reading, large, on the left; the chosen character's guesses on the right."""
        net = self.app.shown.network
        panel_width = min(460, area.width // 2)
        text_area = pygame.Rect(area.x, area.y, area.width - panel_width - 20, area.height)
        if net is None:
            words, colour = "Drop a network file (.npz) to read with", theme.ERROR
        elif self.reading is None or not self.reading.text:
            words, colour = "", theme.TEXT
        else:
            words, colour = self.reading.text, theme.TEXT
        ui.text(surface, self.heading(), fonts.body, theme.MUTED, (text_area.x, text_area.y + 4))
        size = 120
        while size > 30 and ui.text_width(fonts.sized(size), words) > text_area.width:
            size -= 10
        ui.text(surface, ui.fit(fonts.sized(size), words, text_area.width), fonts.sized(size), colour,
                (text_area.x, text_area.y + 34))
        chosen = self.chosen
        if chosen is not None and net is not None:
            rect = pygame.Rect(area.right - panel_width, area.y, panel_width, area.height)
            self.panel.draw(surface, rect, fonts, list(net.labels), chosen.probabilities, input_image(chosen.inputs),
                            ["", "", ""], title=f"character {self.selected + 1}: {chosen.text}")

    def _colour(self, index, character):
        if index == self.selected:
            return theme.GOOD
        return theme.ACCENT if character.is_character else theme.ERROR

    def _on_screen(self, box):
        left, top, right, bottom = box
        scale = self.canvas_rect.width / CANVAS[0]
        x, y = self.canvas_rect.topleft
        return pygame.Rect(round(x + left * scale), round(y + top * scale), max(2, round((right - left) * scale)),
                           max(2, round((bottom - top) * scale)))

    def close(self):
        self.pen = self.last_point = None
        self.label_strip.close()


def fitted(ink, size):
    """An ink map's writing (cropped to its ink) scaled to fit a canvas of ``size`` (width, height) with a
    margin, aspect kept, centred; a blank picture gives a blank canvas."""
    from PIL import Image

    width, height = size
    strokes = ink > 0.25  # the odd faint grain of a photo does not stretch the crop
    rows, columns = np.flatnonzero(strokes.sum(axis=1) > 1), np.flatnonzero(strokes.sum(axis=0) > 1)
    if rows.size == 0:
        return np.zeros((height, width), dtype=np.float32)
    ink = ink[rows[0]:rows[-1] + 1, columns[0]:columns[-1] + 1]
    scale = min(0.9 * width / ink.shape[1], 0.8 * height / ink.shape[0])
    shape = max(1, round(ink.shape[1] * scale)), max(1, round(ink.shape[0] * scale))
    scaled = np.asarray(Image.fromarray(ink.astype(np.float32), mode="F").resize(shape, Image.Resampling.BOX))
    canvas = np.zeros((height, width), dtype=np.float32)
    top, left = (height - shape[1]) // 2, (width - shape[0]) // 2
    canvas[top:top + shape[1], left:left + shape[0]] = np.clip(scaled, 0.0, 1.0)
    return canvas

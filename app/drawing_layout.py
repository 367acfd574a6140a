"""Where the drawing view puts things for a window size: header, canvas square, guess panels, inside view, footer."""

import pygame

from .layout import NARROW_MARGIN as MARGIN

HEADER = 76
FOOTER = 36  # the key hints' line; the footer grows above it to hold the notices shown
BASE_SIZE = (1040, 700)  # the header is as designed up to this window size and grows beyond it, up to HEADER_GROWTH
HEADER_GROWTH = 1.4
LEAST_BODY = 286  # the height the canvas and the panels keep at least while notices show (36 classes' bars)


def header_scale(size):
    """How much larger than designed the header and its words are in a window of ``size``: 1 up to BASE_SIZE,
    growing with the window beyond (a projector) by tenths, at most HEADER_GROWTH."""
    grown = min(side / base for side, base in zip(size, BASE_SIZE))
    return min(HEADER_GROWTH, max(1.0, round(grown, 1)))


def notes_room(size):
    """How high notices may stand in the footer of a window of ``size``: the body's height beyond LEAST_BODY (at
    most a third of the window's), and the hints' line, which they take while they need it."""
    spare = size[1] - round(HEADER * header_scale(size)) - 14 - FOOTER - LEAST_BODY
    return min(size[1] // 3, max(0, spare)) + FOOTER


class Layout:
    """Where everything goes for a window of ``size``: header, canvas square, one or two guess panels, footer
    (``notes`` pixels taller than its hints while notices are shown: they go there, in ``notes_area``)."""

    def __init__(self, size, sides=1, inside=False, notes=0):
        width, height = size
        self.scale = header_scale(size)
        self.header = pygame.Rect(0, 0, width, round(HEADER * self.scale))
        self.hints = notes <= notes_room(size) - FOOTER  # else the notices take the hints' line for a while
        footer = FOOTER + notes if self.hints else max(FOOTER, notes)
        self.footer = pygame.Rect(0, height - footer, width, footer)
        self.notes_area = pygame.Rect(0, self.footer.top, width, notes)
        top, bottom = self.header.bottom + 4, self.footer.top - 10
        share = 0.56 if sides == 1 else 0.4
        side = max(80, min(bottom - top, int((width - (2 + sides) * MARGIN) * share)))
        self.canvas = pygame.Rect(MARGIN, top, side, side)
        room = max(120 * sides, width - self.canvas.right - (1 + sides) * MARGIN)
        panel_width = (room - (sides - 1) * MARGIN) // sides
        self.panels = [pygame.Rect(self.canvas.right + MARGIN + number * (panel_width + MARGIN), top, panel_width,
                                   max(side, bottom - top)) for number in range(sides)]
        self.panel = self.panels[0]
        self.why = self.inside = None
        if inside:  # the canvas gives up room in its square: the why-map beside it, the inside panel below
            left = self.canvas
            small = round(side * 0.45)
            self.canvas = pygame.Rect(left.x, left.y, small, small)
            self.why = pygame.Rect(self.canvas.right + 12, left.y, left.right - self.canvas.right - 12, small)
            self.inside = pygame.Rect(left.x, self.canvas.bottom + 12, left.width,
                                      self.panel.bottom - self.canvas.bottom - 12)  # down to the panels' bottom

"""The pictures the learning-step view is made of: a layer's units as coloured squares, every class's value as a
bar or a column, a row of 28x28 tiles, and the image itself. Colours are the mosaic's: orange for positive,
blue for negative, dark for zero. Where there are too many units or classes to read, the strongest are shown
and the caption says so.
"""

import numpy as np
import pygame

from network.preprocess import input_image

from . import theme, ui
from .image_tiles import grey_surface
from .inside_panel import unit_indices, units_that_fit
from .mosaic import Mosaic, ramp_colour

CAPTION = 38  # two lines of small text above a layer
LARGEST_UNIT = 64  # px: a small layer's squares in a big window
BAR_ROW = (16, 26)  # smallest and largest height of a class's bar
TILE_GAP = 6


def draw_image(surface, rect, fonts, inputs, caption):
    """The 784 inputs as the 28x28 picture the network sees, as large as fits ``rect`` under a caption."""
    side = max(28, min(rect.width, rect.height - 22))
    ui.text(surface, ui.fit(fonts.small, caption, rect.width), fonts.small, theme.MUTED, rect.topleft)
    area = pygame.Rect(rect.x, rect.y + 22, side, side)
    surface.blit(grey_surface(input_image(inputs), side), area)
    pygame.draw.rect(surface, theme.FAINT, area.inflate(2, 2), width=1)
    return area


def draw_units(surface, rect, fonts, mosaic, shown, strength, name, what, most):
    """A layer's units as squares coloured by ``shown`` (-1 blue .. 0 dark .. 1 orange) under a caption; a layer
    too big to read shows its strongest units by ``strength`` and says so ("the 120 most blamed of 640")."""
    units, (columns, rows, cell) = units_that_fit(strength, rect.width, rect.height - CAPTION, LARGEST_UNIT)
    if units.size == shown.size:
        captions = [f"{name}: {shown.size} units, {what}", f"{name}: {shown.size} units"]
    else:
        captions = [f"{name}: the {units.size} {most} of {shown.size} units, {what}",
                    f"{name}: the {units.size} {most} of {shown.size}"]
    lines = ui.wrap(fonts.small, captions[0], rect.width, max_lines=2)
    if lines[-1].endswith("..."):  # too long for two lines: what matters most, how many of all are shown
        lines = ui.wrap(fonts.small, captions[1], rect.width, max_lines=2)
    for row, line in enumerate(lines):
        ui.text(surface, line, fonts.small, theme.MUTED, (rect.x, rect.y + row * 17))
    image = mosaic.render_indices(unit_indices(shown[units], columns, rows, cell), columns * cell, rows * cell)
    area = image.get_rect(topleft=(rect.x, rect.y + CAPTION))
    surface.blit(image, area)
    return area


def signed_share(values):
    """``values`` divided by the largest magnitude among them (all zeros stay zeros): -1 .. 1 for colouring."""
    largest = float(np.max(np.abs(values))) if values.size else 0.0
    return values / largest if largest > 0 else np.zeros_like(values)


def classes_shown(values, marked, room):
    """The class indices to list in ``room`` rows: all of them in order, or the largest values and the
    ``marked`` class (in class order) when there are more than fit."""
    if len(values) <= room:
        return np.arange(len(values))
    top = [int(k) for k in np.argsort(values)[::-1] if k != marked][:max(1, room - 1)]
    return np.array(sorted(top + [marked]))


def draw_class_bars(surface, rect, fonts, labels, values, marked, after=None, caption="probability"):
    """Each class's probability as a bar from the left, its name before it, the ``marked`` class (the label) in
    the accent colour; ``after`` (another set) as a thinner bar under each, in green. Where not every class
    fits, the likeliest (by ``after`` when given) and the marked one, and the caption says how many."""
    room = max(1, (rect.height - 22) // BAR_ROW[0])
    shown = classes_shown(values if after is None else np.maximum(values, after), marked, room)
    if len(shown) < len(labels):
        caption = f"{caption} ({len(shown)} of {len(labels)})"
    ui.text(surface, ui.fit(fonts.small, caption, rect.width), fonts.small, theme.MUTED, rect.topleft)
    row = int(np.clip((rect.height - 22) // len(shown), *BAR_ROW))
    name_width = max(ui.text_width(fonts.small, labels[k]) for k in shown) + 8
    number_width = ui.text_width(fonts.small, "100%") + 6
    track = max(10, rect.width - name_width - number_width)
    for place, k in enumerate(shown):
        y = rect.y + 22 + place * row
        colour = theme.ACCENT if k == marked else theme.TEXT
        ui.text(surface, labels[k], fonts.small, colour, (rect.x, y + row // 2), "midleft")
        bar_height = row - 6 if after is None else (row - 6) // 2
        pygame.draw.rect(surface, theme.BAR_TRACK, (rect.x + name_width, y + 2, track, row - 5))
        pygame.draw.rect(surface, colour if k == marked else theme.ACCENT_SOFT,
                         (rect.x + name_width, y + 2, round(track * float(values[k])), bar_height))
        shown_value = values[k] if after is None else after[k]
        if after is not None:
            pygame.draw.rect(surface, theme.GOOD, (rect.x + name_width, y + 3 + bar_height,
                                                   round(track * float(after[k])), bar_height))
        ui.text(surface, f"{float(shown_value):.0%}", fonts.small, colour, (rect.right, y + row // 2), "midright")


def draw_class_columns(surface, rect, fonts, labels, values, marked, scale=1.0):
    """One column per class: a bar up (orange) for a positive value, down (blue) for a negative one, ``scale``
    being full height; the class names underneath, the ``marked`` class's in the accent colour."""
    signed = bool(np.any(values < 0))
    bottom = rect.bottom - 20
    middle = rect.y + (bottom - rect.y) // 2 if signed else bottom
    reach = (middle - rect.y - 2) if signed else bottom - rect.y - 2
    column = rect.width / len(labels)
    font = fitting_font(fonts, labels, column - 3)
    pygame.draw.line(surface, theme.FAINT, (rect.x, middle), (rect.right, middle))
    for k, value in enumerate(values):
        height = round(min(1.0, abs(float(value)) / scale) * reach)
        x = round(rect.x + k * column + column * 0.15)
        bar = pygame.Rect(x, middle - height if value > 0 else middle + 1, max(2, round(column * 0.7)), height)
        if height:
            pygame.draw.rect(surface, ramp_colour(0.8 if value > 0 else -0.8), bar)
        ui.text(surface, labels[k], font, theme.ACCENT if k == marked else theme.MUTED,
                (round(rect.x + (k + 0.5) * column), bottom + 2), "midtop")


def fitting_font(fonts, labels, width):
    """The small font, or a smaller one, in which every class name fits ``width`` pixels (a column's)."""
    for size in (20, 18, 16, 14, 12):
        font = fonts.sized(size)
        if max(ui.text_width(font, label) for label in labels) <= width:
            return font
    return fonts.sized(12)


def tile_side(count, width, height, largest=96, smallest=28):
    """The side of ``count`` tiles in one row of ``width`` (at most ``largest``, at least ``smallest``)."""
    return int(np.clip(min((width + TILE_GAP) // max(1, count) - TILE_GAP, height), smallest, largest))


def tile_count(width, side, most):
    """How many tiles of ``side`` fit one row of ``width`` (at most ``most``, at least one)."""
    return int(max(1, min(most, (width + TILE_GAP) // (side + TILE_GAP))))


def draw_tiles(surface, position, mosaic, columns, side, scale):
    """A row of 28x28 tiles, one per column of ``columns`` (784, k), ``scale`` at full colour; their rects."""
    count = columns.shape[1]
    image = mosaic.render(columns, count * (side + TILE_GAP) - TILE_GAP, side, scale)
    drawn = image.get_rect(topleft=position)
    surface.blit(image, drawn)
    return mosaic.tile_rects(drawn)[:count]


def draw_costs(surface, rect, fonts, costs):
    """The cost on the image before the first step and after each one, as a line from left to right."""
    ui.text(surface, ui.fit(fonts.small, "the cost on this image, step by step", rect.width), fonts.small,
            theme.MUTED, rect.topleft)
    plot = pygame.Rect(rect.x + 40, rect.y + 24, rect.width - 48, rect.height - 44)
    top = max(max(costs), 1e-9)
    pygame.draw.line(surface, theme.FAINT, plot.bottomleft, plot.bottomright)
    pygame.draw.line(surface, theme.FAINT, plot.bottomleft, plot.topleft)
    ui.text(surface, f"{top:.2f}", fonts.small, theme.MUTED, (plot.x - 4, plot.y), "topright")
    ui.text(surface, "0", fonts.small, theme.MUTED, (plot.x - 4, plot.bottom), "bottomright")
    step = plot.width / max(1, len(costs) - 1)
    points = [(round(plot.x + number * step), round(plot.bottom - max(0.0, cost) / top * plot.height))
              for number, cost in enumerate(costs)]
    if len(points) > 1:
        pygame.draw.lines(surface, theme.ACCENT, False, points, 2)
    for point in points:
        pygame.draw.circle(surface, theme.ACCENT, point, 3)
    ui.text(surface, f"{len(costs) - 1} step{'s' if len(costs) != 2 else ''}", fonts.small, theme.MUTED,
            (plot.right, plot.bottom + 2), "topright")


def legend(surface, position, fonts, words):
    """Two colour swatches with words: ``words`` = (what orange means, what blue means)."""
    x, y = position
    for colour, text in zip((ramp_colour(0.8), ramp_colour(-0.8)), words):
        pygame.draw.rect(surface, colour, (x, y + 3, 10, 10))
        x = ui.text(surface, text, fonts.small, theme.MUTED, (x + 16, y)).right + 16
    return x


class Mosaics:
    """One Mosaic per picture name, made when first asked for: each keeps its own surfaces between frames."""

    def __init__(self):
        self._mosaics = {}

    def __getitem__(self, name):
        if name not in self._mosaics:
            self._mosaics[name] = Mosaic(theme.BACKGROUND)
        return self._mosaics[name]

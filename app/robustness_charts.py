"""Robustness curves on screen: one small chart per variation, every network's accuracy overlaid.

The last cell of the grid shows one test image at each strength of each variation, so a teacher can see
what "rotated 45 degrees" or "noise 0.3" means before reading the curve.
"""

from functools import lru_cache

import numpy as np
import pygame

from network.robustness import VARIATIONS

from . import theme, ui
from .image_tiles import grey_surface
from .training_charts import AXIS_COLOUR, GRID_COLOUR, LABEL_COLOUR

COLOURS = [(110, 170, 255), (255, 170, 70)]  # the first network, the second


def grid_cells(rect, count):
    """``count`` equal cells filling ``rect``: three columns when wide, two when tall."""
    columns = 3 if rect.width >= rect.height else 2
    rows = -(-count // columns)
    width, height = rect.width // columns, rect.height // rows
    return [pygame.Rect(rect.x + (k % columns) * width, rect.y + (k // columns) * height, width - 12, height - 10)
            for k in range(count)]


def draw_chart(surface, rect, variation, series, fonts):
    """Accuracy (0-100%) against the variation's levels; ``series`` is ``[(colour, accuracies)]``."""
    ui.text(surface, variation.name.capitalize(), fonts.body, theme.TEXT, (rect.x, rect.y))
    label_width = ui.text_width(fonts.small, "100%") + 6
    line = fonts.small.get_linesize()
    plot = pygame.Rect(rect.x + label_width, rect.y + line + 10, rect.width - label_width - 6,
                       rect.height - 2 * line - 18)
    if plot.width < 30 or plot.height < 30:
        return
    low, high = variation.levels[0], variation.levels[-1]

    def x_of(level):
        return plot.x + plot.width * (level - low) / (high - low)

    for step in range(5):
        y = plot.bottom - round(plot.height * step / 4)
        pygame.draw.line(surface, GRID_COLOUR if step else AXIS_COLOUR, (plot.x, y), (plot.right, y))
        if step % 2 == 0 or plot.height > 120:
            ui.text(surface, f"{25 * step}%", fonts.small, LABEL_COLOUR, (plot.x - 4, y), "midright")
    neutral = round(x_of(variation.neutral))
    for y in range(plot.y, plot.bottom, 6):
        pygame.draw.line(surface, AXIS_COLOUR, (neutral, y), (neutral, min(plot.bottom, y + 3)))
    every = max(1, int(np.ceil(len(variation.levels) * ui.text_width(fonts.small, "-0.25 ") / plot.width)))
    for level in variation.levels[::every]:
        ui.text(surface, f"{level:g}", fonts.small, LABEL_COLOUR, (round(x_of(level)), plot.bottom + 4), "midtop")
    ui.text(surface, variation.unit, fonts.small, theme.FAINT, (plot.right, plot.bottom + 4 + line), "topright")
    for colour, accuracies in series:
        points = [(x_of(level), plot.bottom - plot.height * a) for level, a in zip(variation.levels, accuracies)]
        pygame.draw.lines(surface, colour, False, points, 2)
        for point in points:
            pygame.draw.circle(surface, colour, (round(point[0]), round(point[1])), 3)


@lru_cache(maxsize=4)
def _changed_images(image_bytes):
    """A test image (as bytes) at every level of every variation: uint8 (variation, level, 28, 28), unused ones 0."""
    image = np.frombuffer(image_bytes, dtype=np.uint8).reshape(28, 28)
    columns = max(len(v.levels) for v in VARIATIONS)
    changed = np.zeros((len(VARIATIONS), columns, 28, 28), dtype=np.uint8)
    for row, variation in enumerate(VARIATIONS):
        for column, level in enumerate(variation.levels):
            changed[row, column] = np.round(variation.apply(image[None], level)[0] * 255)
    return changed


def draw_examples(surface, rect, image, fonts):
    """One test image at every level of every variation, a row per variation."""
    ui.text(surface, ui.fit(fonts.body, "One test image at each point", rect.width), fonts.body, theme.TEXT, rect.topleft)
    top = rect.y + fonts.body.get_linesize() + 6
    name_width = max(ui.text_width(fonts.small, v.name) for v in VARIATIONS) + 8
    changed = _changed_images(np.ascontiguousarray(image, dtype=np.uint8).tobytes())
    side = int(min((rect.width - name_width) / changed.shape[1], (rect.bottom - top) / len(VARIATIONS))) - 2
    if side < 8:
        return
    for row, variation in enumerate(VARIATIONS):
        y = top + row * (side + 2)
        ui.text(surface, variation.name, fonts.small, LABEL_COLOUR, (rect.x, y + side // 2), "midleft")
        for column in range(len(variation.levels)):
            surface.blit(grey_surface(changed[row, column], side), (rect.x + name_width + column * (side + 2), y))


def draw_robustness(surface, rect, series, example, fonts):
    """The five charts and the examples; ``series`` is ``[(colour, curves)]`` for the networks measured so far."""
    cells = grid_cells(pygame.Rect(rect), len(VARIATIONS) + 1)
    for cell, variation in zip(cells, VARIATIONS):
        draw_chart(surface, cell, variation, [(colour, curves[variation.name]) for colour, curves in series], fonts)
    if example is not None:
        draw_examples(surface, cells[-1], example, fonts)

"""The first layer's weights as a mosaic of 28x28 tiles, one per unit, in a diverging colour map.

Column j of the first weight matrix holds the 784 weights into unit j: reshaped to 28x28 it shows
which pixels push the unit on (positive), which push it off (negative) and which it ignores (zero).
The whole mosaic is built in numpy as colour indices and reaches the screen through one
``surfarray.blit_array`` into an 8-bit paletted surface plus one scale: never a draw call per pixel.
"""

import math
from functools import lru_cache

import numpy as np
import pygame

TILE = 28
GAP = 1
# Diverging colour map on a dark theme: negative blue, zero near-black, positive orange.
ANCHORS = [(-1.0, (120, 200, 255)), (-0.5, (40, 110, 210)), (0.0, (22, 24, 30)),
           (0.5, (215, 95, 35)), (1.0, (255, 215, 120))]
LEVELS = 255  # palette entries 0..254 for values (127 is exactly zero); 255 is the gap colour
GAP_INDEX = 255
SATURATION = 5.0  # weights beyond this many typical deviations from zero show at full colour
SAMPLE = 4096


@lru_cache(maxsize=4)
def palette(gap_colour=(12, 13, 17)):
    """The 256 palette colours: a ramp from most negative to most positive, then the gap colour."""
    positions = np.linspace(-1.0, 1.0, LEVELS)
    stops = np.array([value for value, _ in ANCHORS])
    colours = np.array([colour for _, colour in ANCHORS], dtype=np.float64)
    ramp = np.stack([np.interp(positions, stops, colours[:, channel]) for channel in range(3)], axis=1)
    return tuple(tuple(int(round(c)) for c in row) for row in ramp) + (tuple(gap_colour),)


def ramp_colour(value):
    """The colour map's colour for ``value`` from -1 (most negative) to 1 (most positive)."""
    return palette()[int(round((min(1.0, max(-1.0, value)) + 1) * (LEVELS - 1) / 2))]


def ramp_surface(width, height):
    """The colour map from most negative to most positive as a ``width`` x ``height`` strip, for legends."""
    colours = np.array(palette()[:LEVELS], dtype=np.uint8)
    columns = colours[np.linspace(0, LEVELS - 1, width).round().astype(int)]
    return pygame.surfarray.make_surface(np.repeat(columns[:, None, :], height, axis=1))


def grid_shape(count, width, height):
    """``(columns, rows)`` that give ``count`` square tiles the largest size inside ``width`` x ``height``."""
    best = None
    for columns in range(1, count + 1):
        rows = math.ceil(count / columns)
        size = min(width / columns, height / rows)
        empty = columns * rows - count
        if best is None or (size, -empty) > (best[0], -best[1]):
            best = (size, empty, columns, rows)
    return best[2], best[3]


def weight_scale(weights):
    """The magnitude shown at full colour: a few typical deviations of the layer's weights.

    The typical deviation comes from the median absolute weight (of an evenly spaced sample of at
    most SAMPLE weights, so it is cheap every frame), not the RMS: a few huge weights, as a bad
    learning rate makes, then saturate instead of washing every other tile out to zero.
    """
    flat = weights.reshape(-1)
    sample = np.abs(flat[::max(1, flat.size // SAMPLE)])
    sample = sample[np.isfinite(sample)]
    spread = float(np.median(sample)) * 1.4826 if sample.size else 0.0  # the standard deviation of a normal
    return SATURATION * spread if spread > 0 else 1.0


def colour_indices(weights, columns, rows, scale=None):
    """The mosaic as palette indices (height, width): weights (784, units) -> tiles with 1-pixel gaps."""
    inputs, units = weights.shape
    side = int(round(math.sqrt(inputs)))
    if side * side != inputs:
        raise ValueError(f"the first layer has {inputs} inputs, not a square image")
    scale = scale or weight_scale(weights)
    with np.errstate(over="ignore", invalid="ignore"):
        shown = np.nan_to_num(weights / scale, nan=0.0, posinf=1.0, neginf=-1.0)
    levels = np.clip(np.rint((shown + 1) * ((LEVELS - 1) / 2)), 0, LEVELS - 1).astype(np.uint8)
    cell = side + GAP
    tiles = np.full((rows * columns, cell, cell), GAP_INDEX, dtype=np.uint8)
    tiles[:units, :side, :side] = levels.T.reshape(units, side, side)
    grid = tiles.reshape(rows, columns, cell, cell).transpose(0, 2, 1, 3).reshape(rows * cell, columns * cell)
    return grid[:-GAP, :-GAP]


class Mosaic:
    """Renders a weight matrix into a surface that fits a given area; reuses its surfaces between frames."""

    def __init__(self, gap_colour=(12, 13, 17)):
        self.palette = palette(gap_colour)
        self._source = None
        self._scaled = None
        self.grid = None
        self.side = TILE

    def render(self, weights, width, height, scale=None):
        """A surface at most ``width`` x ``height`` showing every unit's weights as one tile.

        ``scale`` is the magnitude shown at full colour (by default a few typical deviations of ``weights``).
        """
        units = weights.shape[1]
        columns, rows = grid_shape(units, width, height)
        self.grid = (columns, rows)
        self.side = int(round(math.sqrt(weights.shape[0])))
        return self.render_indices(colour_indices(weights, columns, rows, scale), width, height)

    def render_indices(self, indices, width, height):
        """Palette indices (as ``colour_indices`` makes them) scaled into a surface at most ``width`` x ``height``."""
        source_h, source_w = indices.shape
        if self._source is None or self._source.get_size() != (source_w, source_h):
            self._source = pygame.Surface((source_w, source_h), depth=8)
            self._source.set_palette(self.palette)
        pygame.surfarray.blit_array(self._source, indices.T)
        factor = min(width / source_w, height / source_h)
        if factor >= 2 and math.floor(factor) >= 0.85 * factor:
            factor = math.floor(factor)  # whole pixels per weight keep the tiles crisp, unless that wastes room
        size = (max(1, int(source_w * factor)), max(1, int(source_h * factor)))
        if factor < 1:
            return pygame.transform.smoothscale(self._source.convert(24), size)
        if self._scaled is None or self._scaled.get_size() != size:
            self._scaled = pygame.Surface(size, depth=8)
            self._scaled.set_palette(self.palette)
        return pygame.transform.scale(self._source, size, self._scaled)

    def tile_rects(self, drawn):
        """Where each unit's tile is on the window, for the last mosaic drawn at the rect ``drawn``."""
        columns, rows = self.grid
        cell = self.side + GAP
        scale = drawn.width / (columns * cell - GAP)
        return [pygame.Rect(drawn.x + round(column * cell * scale), drawn.y + round(row * cell * scale),
                            round(self.side * scale), round(self.side * scale))
                for row in range(rows) for column in range(columns)]

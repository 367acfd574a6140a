"""Ink from paper: a grey picture of writing (either polarity, uneven light, grey paper, noise, blur, JPEG)
as an ink map, float32 in [0, 1] with 0 for paper and 1 for the darkest stroke.

Steps: decide which side is ink (paper is most of the picture; ink is the minority on one side of it),
soften pixel noise a little, estimate the paper's brightness everywhere (it changes under uneven light)
from the brightest parts of coarse blocks, divide it out (ink's share of the light it absorbs), and
raise the floor above the paper's own noise so that grain, shadows and JPEG ringing stay paper.
"""

import numpy as np

BLOCKS = 12  # paper estimated on about this many blocks along the longer side
PAPER_SHARE = 90  # percentile of a block taken as its paper (ink covers well under a tenth of a block)
NOISE_FLOOR = 5.0  # paper noise below this many robust standard deviations is paper
MIN_FLOOR = 0.06  # and ink must absorb at least 6% of the light
MIN_CONTRAST = 0.12  # a picture whose darkest marks absorb less than this is a blank page
STROKE_PERCENTILE = 90  # of the inked pixels: the level that becomes full ink


def ink_from_grey(grey, ink_high=False):
    """The ink map (float32, same shape) of a uint8 or float grey picture; all zeros for a blank page.

    ``ink_high``: the picture already has ink high on an empty background (a canvas, a transparent PNG),
    so only the contrast is normalised.
    """
    grey = _as_unit(grey)
    if ink_high:
        peak = float(grey.max())
        return grey / peak if peak > MIN_CONTRAST else np.zeros_like(grey)
    first, second = (grey, 1.0 - grey) if _ink_is_dark(grey) else (1.0 - grey, grey)
    ink = _ink_of(first)
    if ink.any():
        return ink
    # A shadow darker than the strokes on the bright side can fool the first look: the picture then reads as
    # light ink on dark paper and shows no ink at all. It is read the other way, and kept if it shows strokes
    # (not just grain, which a blank page shows either way).
    ink = _ink_of(second)
    return ink if ink.max() >= 0.5 else np.zeros_like(ink)


def _ink_of(light):
    """The ink map of a picture whose paper is light and ink dark."""
    light = _soften(light)
    paper = _paper_light(light)
    absorbed = 1.0 - light / np.maximum(paper, 0.05)  # the share of the paper's light the ink takes away
    return _above_noise(np.clip(absorbed, 0.0, 1.0))


def _as_unit(grey):
    grey = np.asarray(grey)
    if grey.dtype.kind in "ui":
        return grey.astype(np.float32) * np.float32(1 / 255)
    return np.clip(grey.astype(np.float32), 0.0, 1.0)


def _ink_is_dark(grey):
    """True when the ink is darker than the paper: more of the picture lies far below its median than above."""
    median = float(np.median(grey))
    spread = max(float(grey.max() - grey.min()), 1e-6)
    far = 0.25 * spread
    return np.count_nonzero(grey < median - far) >= np.count_nonzero(grey > median + far)


def _soften(image):
    """A [1 2 1]/4 blur along both axes: halves pixel noise, barely touches strokes a few pixels wide."""
    padded = np.pad(image, 1, mode="edge")
    rows = 0.25 * padded[:-2] + 0.5 * padded[1:-1] + 0.25 * padded[2:]
    return 0.25 * rows[:, :-2] + 0.5 * rows[:, 1:-1] + 0.25 * rows[:, 2:]


def _paper_light(light):
    """The paper's brightness at every pixel: each block's bright percentile, the brightest of its neighbours
    (a block full of ink borrows its neighbours' paper), smoothed and spread back bilinearly."""
    height, width = light.shape
    block = max(8, int(np.ceil(max(height, width) / BLOCKS)))
    rows, cols = -(-height // block), -(-width // block)
    padded = np.pad(light, ((0, rows * block - height), (0, cols * block - width)), mode="edge")
    tiles = padded.reshape(rows, block, cols, block).transpose(0, 2, 1, 3).reshape(rows, cols, -1)
    level = np.percentile(tiles, PAPER_SHARE, axis=2).astype(np.float32)
    grown = np.pad(level, 1, mode="edge")
    level = np.max([grown[r:r + rows, c:c + cols] for r in range(3) for c in range(3)], axis=0)
    grown = np.pad(level, 1, mode="edge")
    level = np.mean([grown[r:r + rows, c:c + cols] for r in range(3) for c in range(3)], axis=0)
    return _bilinear(level, block, height, width)


def _bilinear(grid, block, height, width):
    """A grid of block values (at block centres) spread to every pixel of a ``height`` x ``width`` picture."""
    def weights(size, count):
        position = np.clip((np.arange(size) + 0.5) / block - 0.5, 0, count - 1)
        low = np.minimum(position.astype(np.intp), max(count - 2, 0))
        return low, np.minimum(low + 1, count - 1), (position - low).astype(np.float32)
    top, bottom, fy = weights(height, grid.shape[0])
    left, right, fx = weights(width, grid.shape[1])
    rows = grid[top] * (1 - fy)[:, None] + grid[bottom] * fy[:, None]
    return rows[:, left] * (1 - fx) + rows[:, right] * fx


def _above_noise(absorbed):
    """Absorption above the paper's noise, stretched so that typical strokes reach 1; zeros for a blank page."""
    median = float(np.median(absorbed))
    deviation = 1.4826 * float(np.median(np.abs(absorbed - median)))
    floor = max(median + NOISE_FLOOR * deviation, MIN_FLOOR)
    inked = absorbed[absorbed > floor]
    if inked.size == 0 or float(inked.max()) < MIN_CONTRAST:
        return np.zeros_like(absorbed)
    full = max(float(np.percentile(inked, STROKE_PERCENTILE)), floor + MIN_CONTRAST / 2)
    return np.clip((absorbed - floor) / (full - floor), 0.0, 1.0)

"""Ink from paper: a grey picture of writing (either polarity, uneven light, grey paper, noise, blur, JPEG)
as an ink map, float32 in [0, 1] with 0 for paper and 1 for the darkest stroke.

Steps: decide which side is ink (paper is most of the picture; ink is the minority on one side of it, once
the light's broad changes are taken out; but a clean drawing whose ink is most of it is taken as it is, its
paper being the side that runs round its edge), soften pixel noise a little, estimate the paper's brightness
everywhere (it changes under uneven light) from the brightest parts of coarse blocks, divide it out (ink's
share of the light it absorbs), and raise the floor above the paper's own noise so that grain, shadows and
JPEG ringing stay paper.
"""

import numpy as np

BLOCKS = 12  # paper estimated on about this many blocks along the longer side
PAPER_SHARE = 90  # percentile of a block taken as its paper (ink covers well under a tenth of a block)
FULL_OF_INK = 0.8  # a block whose paper is under this share of its neighbourhood's median is full of ink
CLEAR_MARGIN = 2.0  # one side of the paper holds this many times the other's far pixels: it is the ink's
POLARITY_BLOCKS = 4  # else the light's broad changes are taken out before deciding which side is ink
# A clean drawing (TWO_LEVEL of its pixels within a tenth of its range from black or white) of a mark so thick
# and big that its ink is most of the picture: when what the counts call ink covers more than BIG_INK of it and
# runs round EDGE_INK of its edge, that is the paper (paper, not ink, runs round a drawing), and the ink is the
# other side, taken as it is (the paper's light cannot be estimated from blocks that are all ink).
TWO_LEVEL, BIG_INK, EDGE_INK = 0.95, 0.35, 0.7
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
    dark = _ink_is_dark(grey)
    if _paper_all_round(grey, dark):
        low, high = float(grey.min()), float(grey.max())
        return ((grey - low) if dark else (high - grey)) / (high - low)
    first, second = (grey, 1.0 - grey) if dark else (1.0 - grey, grey)
    ink = _ink_of(first)
    if ink.any():
        return ink
    # Read the other way, a picture is kept only if it shows strokes (not just grain, which a blank page
    # shows either way).
    ink = _ink_of(second)
    return ink if ink.max() >= 0.5 else np.zeros_like(ink)


def _ink_of(light):
    """The ink map of a picture whose paper is light and ink dark."""
    light = _soften(light)
    paper = np.maximum(_paper_light(light), 0.05)
    absorbed = np.clip(1.0 - light / paper, 0.0, 1.0)  # the share of the paper's light the ink takes away
    return _above_noise(absorbed, paper)


def _as_unit(grey):
    grey = np.asarray(grey)
    if grey.dtype.kind in "ui":
        return grey.astype(np.float32) * np.float32(1 / 255)
    return np.clip(grey.astype(np.float32), 0.0, 1.0)


def _ink_is_dark(grey):
    """True when the ink is darker than the paper: more of the picture lies far below its median than far above
    it, by a clear margin (ink is the minority on one side of the paper). Without that margin the light may change
    across the picture (a shadow darker than the strokes): the same count, once the light's broad changes are taken
    out (the median of a few big blocks: the paper, where ink does not fill them), decides."""
    below, above = _far_from_median(grey)
    if max(below, above) < CLEAR_MARGIN * min(below, above):
        below, above = _far_from_median(grey - _spread(_block_levels(grey, POLARITY_BLOCKS, 50), grey.shape,
                                                       POLARITY_BLOCKS))
    return below >= above


def _paper_all_round(grey, dark):
    """True for a clean drawing whose side taken for ink (``dark`` or light) covers more than BIG_INK of the
    picture and EDGE_INK of its edge: it is the paper round a mark bigger than itself (see TWO_LEVEL)."""
    low, high = float(grey.min()), float(grey.max())
    if high - low < MIN_CONTRAST or np.mean(np.minimum(grey - low, high - grey) < 0.1 * (high - low)) < TWO_LEVEL:
        return False
    inked = grey < 0.5 * (low + high) if dark else grey > 0.5 * (low + high)
    edge = np.concatenate([inked[0], inked[-1], inked[1:-1, 0], inked[1:-1, -1]])
    return inked.mean() > BIG_INK and edge.mean() >= EDGE_INK


def _far_from_median(grey):
    """How many pixels lie far below and far above the median: more than a quarter of the picture's spread."""
    median = float(np.median(grey))
    far = 0.25 * max(float(grey.max() - grey.min()), 1e-6)
    return np.count_nonzero(grey < median - far), np.count_nonzero(grey > median + far)


def _soften(image):
    """A [1 2 1]/4 blur along both axes: halves pixel noise, barely touches strokes a few pixels wide."""
    padded = np.pad(image, 1, mode="edge")
    rows = 0.25 * padded[:-2] + 0.5 * padded[1:-1] + 0.25 * padded[2:]
    return 0.25 * rows[:, :-2] + 0.5 * rows[:, 1:-1] + 0.25 * rows[:, 2:]


def _paper_light(light):
    """The paper's brightness at every pixel: each block's bright percentile, raised to the median of its
    neighbourhood's, smoothed and spread back. A block far darker than that median is full of ink (or at a
    shadow's edge) and takes its brightest neighbour's paper; taking the brightest neighbour everywhere would
    make the paper brighter than it is wherever the light changes across the picture, and faint ink paper."""
    level = _block_levels(light, BLOCKS, PAPER_SHARE)
    around = _neighbourhoods(level, "edge")
    typical = np.median(around, axis=0)
    level = np.where(level < FULL_OF_INK * typical, around.max(axis=0), np.maximum(level, typical))
    return _spread(level, light.shape, BLOCKS)


def _block_side(shape, blocks):
    return max(8, int(np.ceil(max(shape) / blocks)))


def _block_levels(image, blocks, percentile):
    """The ``percentile`` of each square block, about ``blocks`` of them along the longer side."""
    height, width = image.shape
    block = _block_side(image.shape, blocks)
    rows, cols = -(-height // block), -(-width // block)
    padded = np.pad(image, ((0, rows * block - height), (0, cols * block - width)), mode="edge")
    tiles = padded.reshape(rows, block, cols, block).transpose(0, 2, 1, 3).reshape(rows, cols, -1)
    return np.percentile(tiles, percentile, axis=2).astype(np.float32)


def _neighbourhoods(grid, mode):
    """The 3x3 neighbourhood of every cell of ``grid``, stacked on a first axis of nine (edges padded by ``mode``)."""
    rows, cols = grid.shape
    padded = np.pad(grid, 1, mode=mode, **({"reflect_type": "odd"} if mode == "reflect" else {}))
    return np.array([padded[r:r + rows, c:c + cols] for r in range(3) for c in range(3)])


def _spread(grid, shape, blocks):
    """Block values smoothed over their neighbours and spread to every pixel (bilinear between block centres).
    A steady change of light goes on past the outer blocks, in the smoothing and the spreading alike."""
    grid = _neighbourhoods(grid, "reflect").mean(axis=0)
    block = _block_side(shape, blocks)

    def weights(size, count):
        position = (np.arange(size) + 0.5) / block - 0.5
        low = np.clip(np.floor(position).astype(np.intp), 0, max(count - 2, 0))
        return low, np.minimum(low + 1, count - 1), (position - low).astype(np.float32)
    top, bottom, fy = weights(shape[0], grid.shape[0])
    left, right, fx = weights(shape[1], grid.shape[1])
    rows = grid[top] * (1 - fy)[:, None] + grid[bottom] * fy[:, None]
    return rows[:, left] * (1 - fx) + rows[:, right] * fx


def _above_noise(absorbed, paper):
    """Absorption above the paper's noise, stretched so that typical strokes reach 1; zeros for a blank page.
    The noise is measured in light taken away, about the same everywhere: in the shade it is a larger share of
    the paper's light, so the floor there is higher."""
    darkened = absorbed * paper
    median = float(np.median(darkened))
    deviation = 1.4826 * float(np.median(np.abs(darkened - median)))
    floor = np.maximum((median + NOISE_FLOOR * deviation) / paper, MIN_FLOOR)
    inked = absorbed[absorbed > floor]
    if inked.size == 0 or float(inked.max()) < MIN_CONTRAST:
        return np.zeros_like(absorbed)
    full = float(np.percentile(inked, STROKE_PERCENTILE))
    return np.clip((absorbed - floor) / np.maximum(full - floor, MIN_CONTRAST / 2), 0.0, 1.0)

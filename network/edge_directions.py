"""Which way a framed drawing's edges face, part by part: a histogram of the directions across its edges (from
paper to ink, an edge and its opposite one direction) in each of the 4 x 4 cells of the picture, weighed by how
sharp the edge is, and one for the whole picture. A cloud's bumps, a house's corners and an hourglass's straight
sides and flat ends sit in the same places as an O's, a Q's or an 8's curves, and a classifier taught to tell
characters apart has no reason to see the difference; the directions show it. The "not a character" gate reads
these beside the hidden layers (network.gate).
"""

import numpy as np

SIDE = 28
CELLS = 4  # cells across and down
BINS = 8  # directions, over half a turn
COUNT = (CELLS * CELLS + 1) * BINS
SCALE = 4.0  # brings the histograms to about the size of the other gate inputs
_CELL_OF_PIXEL = (np.arange(SIDE)[:, None] // (SIDE // CELLS)) * CELLS + np.arange(SIDE)[None, :] // (SIDE // CELLS)


def edge_directions(inputs):
    """float32 (n, COUNT) for framed inputs (n, 784): each cell's direction histogram, the cells together
    scaled to length SCALE, then the whole picture's, its shares summing to SCALE. A blank picture gives zeros."""
    pictures = np.pad(np.asarray(inputs, dtype=np.float32).reshape(-1, SIDE, SIDE), ((0, 0), (1, 1), (1, 1)))
    across = pictures[:, 1:-1, 2:] - pictures[:, 1:-1, :-2]
    down = pictures[:, 2:, 1:-1] - pictures[:, :-2, 1:-1]
    strength = np.hypot(across, down).ravel()
    edges = np.flatnonzero(strength)  # most of a drawing is flat paper or ink: only its edges need an angle
    angle = np.arctan2(down.ravel()[edges], across.ravel()[edges])
    direction = np.minimum((np.mod(angle, np.pi) / np.pi * BINS).astype(np.intp), BINS - 1)
    n = len(pictures)
    cells = (np.arange(n)[:, None, None] * CELLS * CELLS + _CELL_OF_PIXEL).ravel()[edges]
    histograms = np.bincount(cells * BINS + direction, strength[edges], n * CELLS * CELLS * BINS).reshape(n, -1, BINS)
    whole, histograms = histograms.sum(axis=1).astype(np.float32), histograms.reshape(n, -1).astype(np.float32)
    histograms *= SCALE / (np.linalg.norm(histograms, axis=1, keepdims=True) + 1e-6)
    whole *= SCALE / (whole.sum(axis=1, keepdims=True) + 1e-6)
    return np.concatenate([histograms, whole], axis=1)

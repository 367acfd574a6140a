"""What a network's hidden layers do not count in a framed drawing: how many pieces of ink it has, how many
holes, how much ink, and how big its second piece is beside the first. A character is mostly one piece with
at most two holes; a percent sign is three pieces, a cloud's or a house's outline holds holes of its own.
The "not a character" gate reads these beside the hidden layers (network.gate).

Worked out for a whole batch at once: the drawings' ink is stacked in one tall picture, a blank row
between them, and its pieces found in one pass (network.pieces); so are the holes, in the stacked paper
with a ring of paper around each drawing.
"""

import numpy as np

from .pieces import piece_tops_and_areas

SIDE = 28
INK = 0.35  # a pixel this dark or more is ink
SMALLEST_PIECE, SMALLEST_HOLE = 3, 2  # in pixels: specks of ink or paper smaller than these are not counted
COUNT = 10  # pieces (one or none, 2, 3, 4 or more), holes (0, 1, 2, 3 or more), ink share, second piece's size


def shape_counts(inputs):
    """float32 (n, COUNT) for framed inputs (n, 784) in [0, 1]: pieces and holes one-hot, the inked share of
    the pixels (times 4, to be about 1), and the second-largest piece's area over the largest's (0 for one)."""
    ink = np.asarray(inputs, dtype=np.float32).reshape(-1, SIDE, SIDE) >= INK
    n = len(ink)
    counts = np.zeros((n, COUNT), dtype=np.float32)
    tiles, areas = _pieces_by_drawing(np.pad(ink, ((0, 0), (0, 1), (0, 0))), SIDE + 1, SMALLEST_PIECE)
    pieces = np.bincount(tiles, minlength=n)
    counts[np.arange(n), np.clip(pieces, 1, 4) - 1] = 1
    paper = np.pad(~ink, ((0, 0), (1, 1), (1, 1)), constant_values=True)  # a ring of paper joins every outside
    holes_tiles, _ = _pieces_by_drawing(paper, SIDE + 2, SMALLEST_HOLE, outside=True)
    holes = np.bincount(holes_tiles, minlength=n)
    counts[np.arange(n), 4 + np.minimum(holes, 3)] = 1
    counts[:, 8] = ink.mean(axis=(1, 2)) * 4
    counts[:, 9] = _second_over_first(tiles, areas, n)
    return counts


def _pieces_by_drawing(masks, height, smallest, outside=False):
    """``(drawing, area)`` of every piece of at least ``smallest`` pixels in ``masks`` (n, height, w), stacked;
    with ``outside``, less the largest piece (the paper around all the drawings, joined by their rings)."""
    tops, areas = piece_tops_and_areas(masks.reshape(-1, masks.shape[2]))
    if outside and len(areas):
        largest = np.argmax(areas)
        tops, areas = np.delete(tops, largest), np.delete(areas, largest)
    kept = areas >= smallest
    return tops[kept] // height, areas[kept]


def _second_over_first(drawing, area, n):
    """float (n,): each drawing's second-largest piece's area over its largest's, 0 with fewer than two."""
    order = np.lexsort((-area, drawing))
    drawing, area = drawing[order], area[order]
    starts = np.searchsorted(drawing, np.arange(n))
    ends = np.searchsorted(drawing, np.arange(n), side="right")
    two = ends - starts >= 2
    ratio = np.zeros(n, dtype=np.float32)
    ratio[two] = area[starts[two] + 1] / area[starts[two]]
    return ratio

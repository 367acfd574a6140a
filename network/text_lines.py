"""Text lines of a page: the bands of rows that hold ink, with small bands (the dots of i and j, a stray
accent) joined to the nearest big one, and each band cropped to its ink."""

from dataclasses import dataclass

import numpy as np

ROW_INK = 0.02  # a row holds writing when its ink adds up to this share of the widest row's
SMALL_BAND = 0.45  # a band lower than this share of the tallest band is joined to a neighbour


@dataclass(frozen=True)
class Band:
    """A line's rows and columns in the page (end-exclusive)."""
    top: int
    bottom: int
    left: int
    right: int


def find_lines(ink):
    """The text lines of an ink map, top to bottom, as Bands; none for a blank page."""
    ink = np.asarray(ink, dtype=np.float32)
    rows = ink.sum(axis=1)
    if rows.size == 0 or float(rows.max()) <= 0:
        return []
    inked = rows > ROW_INK * float(rows.max())
    change = np.diff(np.concatenate([[0], inked.astype(np.int8), [0]]))
    bands = list(zip(np.flatnonzero(change == 1), np.flatnonzero(change == -1)))
    bands = _join_small(bands)
    lines = []
    for top, bottom in bands:
        columns = np.flatnonzero(ink[top:bottom].max(axis=0) > 0)
        lines.append(Band(int(top), int(bottom), int(columns[0]), int(columns[-1]) + 1))
    return lines


def _join_small(bands):
    """Bands with the small ones merged into the nearer neighbour (the one with the smaller gap)."""
    tallest = max(bottom - top for top, bottom in bands)
    while len(bands) > 1:
        heights = [bottom - top for top, bottom in bands]
        small = min(range(len(bands)), key=heights.__getitem__)
        if heights[small] >= SMALL_BAND * tallest:
            break
        gap_above = bands[small][0] - bands[small - 1][1] if small > 0 else np.inf
        gap_below = bands[small + 1][0] - bands[small][1] if small + 1 < len(bands) else np.inf
        other = small - 1 if gap_above <= gap_below else small + 1
        first, second = sorted((small, other))
        bands[first:second + 1] = [(bands[first][0], bands[second][1])]
    return bands

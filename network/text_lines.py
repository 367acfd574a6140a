"""Text lines of a page: the bands of rows that hold ink, with small bands (the dots of i and j, a stray
accent) joined to the nearest big one, bands that are part of a character joined to it, and each band cropped
to its ink."""

from dataclasses import dataclass

import numpy as np

ROW_INK = 0.02  # a row holds writing when its ink adds up to this share of the widest row's
SMALL_BAND = 0.45  # a band lower than this share of the tallest band is joined to a neighbour
# A band that is part of the character above or below it (the big dot of a drawn i or j, a piece of a broken
# stroke) joins that band: it is lower than PART_HEIGHT of the other's height, no wider than PART_WIDTH of it
# (a character, not a line of writing), less than PART_GAP of it away, and over or under it (their columns
# overlap by PART_OVERLAP of the narrower one's width).
PART_HEIGHT, PART_WIDTH, PART_GAP, PART_OVERLAP = 0.75, 2.0, 0.5, 0.5


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
    lines = [_cropped(ink, top, bottom) for top, bottom in _join_small(bands)]
    joined = lines[:1]
    for line in lines[1:]:
        if _one_character(joined[-1], line):
            line = _cropped(ink, joined.pop().top, line.bottom)
        joined.append(line)
    return joined


def _cropped(ink, top, bottom):
    """The Band of rows ``top:bottom``, its columns cropped to their ink."""
    columns = np.flatnonzero(ink[top:bottom].max(axis=0) > 0)
    return Band(int(top), int(bottom), int(columns[0]), int(columns[-1]) + 1)


def _one_character(upper, lower):
    """True when one of two bands, one above the other, is part of the other's character (see PART_HEIGHT)."""
    small, big = sorted((upper, lower), key=lambda band: band.bottom - band.top)
    height = big.bottom - big.top
    overlap = min(upper.right, lower.right) - max(upper.left, lower.left)
    return (small.bottom - small.top < PART_HEIGHT * height and small.right - small.left <= PART_WIDTH * height
            and lower.top - upper.bottom < PART_GAP * height
            and overlap >= PART_OVERLAP * min(upper.right - upper.left, lower.right - lower.left))


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

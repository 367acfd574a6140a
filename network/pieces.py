"""Pieces of ink: the connected parts of a thresholded ink map (8-connected), found in pure numpy.

The picture is cut into runs of ink along each row; runs of neighbouring rows that touch (diagonals
included) are joined, and the joins are resolved by repeatedly taking the smallest label along each
join and following labels to their roots, all as array operations.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Piece:
    """One connected piece: its label in the label image, bounding box (end-exclusive) and pixel count."""
    label: int
    top: int
    bottom: int
    left: int
    right: int
    area: int

    @property
    def width(self):
        return self.right - self.left

    @property
    def height(self):
        return self.bottom - self.top

    @property
    def centre_x(self):
        return (self.left + self.right) / 2


def label_pieces(mask):
    """``(labels, pieces)``: an int32 image (0 for no ink, else 1..n) and the n Pieces, ordered left to right."""
    mask = np.asarray(mask, dtype=bool)
    height, width = mask.shape
    labels_image = np.zeros((height, width), dtype=np.int32)
    run_rows, starts, ends, run_labels = _labelled_runs(mask)
    if run_rows.size == 0:
        return labels_image, []
    run_labels = run_labels.astype(np.int32) + 1
    lengths = ends - starts
    pixel_runs = np.repeat(np.arange(run_rows.size), lengths)
    offsets = np.arange(pixel_runs.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    flat = run_rows[pixel_runs] * width + starts[pixel_runs] + offsets
    labels_image.ravel()[flat] = run_labels[pixel_runs]
    return labels_image, _pieces(run_labels, run_rows, starts, ends)


def piece_tops_and_areas(mask):
    """``(tops, areas)``, int arrays: each connected piece's first row and pixel count, in no set order; as
    ``label_pieces`` finds them, without the label image or the Piece objects (for counting pieces fast)."""
    run_rows, starts, ends, run_labels = _labelled_runs(np.asarray(mask, dtype=bool))
    if run_rows.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    tops = np.full(run_labels.max() + 1, np.iinfo(np.int64).max)
    np.minimum.at(tops, run_labels, run_rows)
    return tops, np.bincount(run_labels, weights=ends - starts).astype(np.int64)


def _labelled_runs(mask):
    """``(rows, starts, ends, labels)``: the runs of ink along each row of the bool ``mask`` in row-major order
    (ends exclusive) and each run's piece, numbered from 0."""
    edges = np.diff(np.pad(mask, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    run_rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)  # the same row-major order as the starts
    if run_rows.size == 0:
        return run_rows, starts, ends, run_rows
    _, run_labels = np.unique(_join_runs(run_rows, starts, ends, mask.shape[1] + 2), return_inverse=True)
    return run_rows, starts, ends, run_labels


def _join_runs(rows, starts, ends, stride):
    """The root run of every run's piece: runs of adjacent rows join where they overlap or touch diagonally."""
    start_keys, end_keys = rows * stride + starts, rows * stride + ends
    above_row = (rows - 1) * stride
    first = np.searchsorted(end_keys, above_row + starts, side="left")  # runs above ending at or after our start
    last = np.searchsorted(start_keys, above_row + ends, side="right")  # ... and starting at or before our end
    counts = np.maximum(last - first, 0)
    below = np.repeat(np.arange(rows.size), counts)
    above = np.repeat(first, counts) + np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    roots = np.arange(rows.size)
    while True:
        smallest = np.minimum(roots[below], roots[above])
        joined = roots.copy()
        np.minimum.at(joined, below, smallest)
        np.minimum.at(joined, above, smallest)
        joined = joined[joined]
        while not np.array_equal(joined, joined[joined]):
            joined = joined[joined]
        if np.array_equal(joined, roots):
            return roots
        roots = joined


def _pieces(run_labels, rows, starts, ends):
    count = int(run_labels.max())
    top = np.full(count + 1, np.iinfo(np.int64).max)
    left = top.copy()
    bottom, right, area = (np.zeros(count + 1, dtype=np.int64) for _ in range(3))
    np.minimum.at(top, run_labels, rows)
    np.maximum.at(bottom, run_labels, rows + 1)
    np.minimum.at(left, run_labels, starts)
    np.maximum.at(right, run_labels, ends)
    np.add.at(area, run_labels, ends - starts)
    pieces = [Piece(k, int(top[k]), int(bottom[k]), int(left[k]), int(right[k]), int(area[k]))
              for k in range(1, count + 1)]
    return sorted(pieces, key=lambda piece: (piece.left, piece.top))

"""Turning a drawing into the network's 784 inputs, framed the way its training images were made.

MNIST digits were cropped to their ink, scaled so the longer side is 20 px (aspect kept, anti-aliased)
and placed in a 28x28 field with their centre of mass in the middle. EMNIST letters were instead
centred by their bounding box in a square with a 2 px margin and scaled to 28x28 (their blur softens
the edge, so the letters' solid ink spans about 23 px). A network trained on one framing reads
drawings framed the other way poorly, so the network's metadata names its style. A box measured at a
higher ink level, a larger box, a light blur and strokes evened toward the training width were measured
against this framing (bench/framing.py, README): each moved points between digits and letters for
characters.npz and none read enlarged or redrawn characters better through the reader.

Resampling is exact area averaging, one axis at a time: each output pixel is the mean of the canvas
over the (fractional) square it covers, read off a cumulative sum. Sub-pixel placement comes for free,
and no imaging library is needed.
"""

import numpy as np

SIDE = 28
STYLES = ("mnist", "emnist")
MNIST_BOX = 20.0  # the longer side of an MNIST digit's bounding box, in pixels
# An EMNIST letter's box: 28 px less the 2 px margin, less the soft edge its Gaussian blur added. Real
# test letters span a median 24, 23 and 22 px at ink levels 0.1, 0.25 and 0.5; a 23 px box gives the same.
EMNIST_BOX = 23.0
# Where the centre lands, in output pixels (pixel i spans i..i+1). MNIST put the centre of mass on pixel
# 14 (so at 14.5); EMNIST letters' boxes are centred on the frame (14.0). Both measured on the test sets.
MNIST_CENTRE, EMNIST_CENTRE = 14.5, 14.0
FAINT = 0.05  # ink below this fraction of the darkest stroke does not stretch the bounding box


def canvas_to_input(canvas, style="mnist"):
    """A 2-D canvas (uint8 0-255 or float 0-1, ink high, any size) as float32 (784,) inputs in [0, 1].

    An empty canvas gives all zeros. The darkest ink becomes 1.0, so a light pencil reads like a pen.
    """
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, got {style!r}")
    canvas = np.asarray(canvas)
    if canvas.ndim != 2:
        raise ValueError(f"a canvas must be a 2-D array, got shape {canvas.shape}")
    if canvas.size == 0:
        return np.zeros(SIDE * SIDE, dtype=np.float32)
    row_peaks, column_peaks = _as_float(canvas.max(axis=1)), _as_float(canvas.max(axis=0))
    peak = float(row_peaks.max())
    if peak <= 0:
        return np.zeros(SIDE * SIDE, dtype=np.float32)
    rows, cols = np.flatnonzero(row_peaks > FAINT * peak), np.flatnonzero(column_peaks > FAINT * peak)
    ink = _as_float(canvas[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1])
    height, width = ink.shape
    if style == "mnist":
        scale, target = MNIST_BOX / max(height, width), MNIST_CENTRE
        total = float(ink.sum())
        centre_y = float(ink.sum(axis=1) @ (np.arange(height) + 0.5)) / total
        centre_x = float(ink.sum(axis=0) @ (np.arange(width) + 0.5)) / total
    else:
        scale, target = EMNIST_BOX / max(height, width), EMNIST_CENTRE
        centre_y, centre_x = height / 2, width / 2
    rows = area_average(ink, _edges(centre_y, scale, target), scale)
    image = area_average(rows.T, _edges(centre_x, scale, target), scale).T
    image *= 1.0 / image.max()
    return np.clip(image, 0.0, 1.0, out=image).ravel()


def canvases_to_inputs(canvases, style="mnist"):
    """Many small float canvases (0-1, ink high) framed at once, as ``canvas_to_input`` frames each: float32
    (n, 784). The line reader frames a few hundred candidate characters a line; one pass over them all, with
    the area averaging written as two matrix products, takes a fraction of the time of one call each."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, got {style!r}")
    count = len(canvases)
    if count == 0:
        return np.zeros((0, SIDE * SIDE), dtype=np.float32)
    tallest, widest = (max(canvas.shape[axis] for canvas in canvases) for axis in (0, 1))
    ink = np.zeros((count, tallest, widest), dtype=np.float32)
    for index, canvas in enumerate(canvases):
        ink[index, :canvas.shape[0], :canvas.shape[1]] = canvas
    np.clip(ink, 0.0, 1.0, out=ink)
    row_peaks, column_peaks = ink.max(axis=2), ink.max(axis=1)
    peaks = row_peaks.max(axis=1)
    inked_rows = row_peaks > FAINT * peaks[:, None]
    inked_columns = column_peaks > FAINT * peaks[:, None]
    ink *= _span(inked_rows)[:, :, None] * _span(inked_columns)[:, None, :]  # only the box counts
    top, bottom = _ends(inked_rows)
    left, right = _ends(inked_columns)
    longer = np.maximum(bottom - top, right - left).astype(np.float32)
    if style == "mnist":
        scale, target = MNIST_BOX / np.maximum(longer, 1.0), MNIST_CENTRE
        rows, columns = ink.sum(axis=2), ink.sum(axis=1)
        total = np.maximum(rows.sum(axis=1), 1e-12)
        centre_y = rows @ (np.arange(tallest, dtype=np.float32) + 0.5) / total
        centre_x = columns @ (np.arange(widest, dtype=np.float32) + 0.5) / total
    else:
        scale, target = EMNIST_BOX / np.maximum(longer, 1.0), EMNIST_CENTRE
        centre_y, centre_x = (top + bottom) / 2, (left + right) / 2
    down = _averaging(centre_y, scale, target, top, bottom, tallest)
    across = _averaging(centre_x, scale, target, left, right, widest)
    images = down @ ink @ across.transpose(0, 2, 1)
    images /= np.maximum(images.max(axis=(1, 2)), 1e-12)[:, None, None]
    images[peaks <= 0] = 0.0
    return np.clip(images, 0.0, 1.0, out=images).reshape(count, SIDE * SIDE)


def _span(inked):
    """float32 (n, length): 1 from each row's first True to its last, 0 elsewhere."""
    seen = np.cumsum(inked, axis=1)
    return ((seen > 0) & (seen < seen[:, -1:] + inked)).astype(np.float32)


def _ends(inked):
    """The first and past-last index of True in each row of ``inked`` (0, 0 where there is none)."""
    length = inked.shape[1]
    first = np.argmax(inked, axis=1)
    last = length - np.argmax(inked[:, ::-1], axis=1)
    return first.astype(np.float32), np.where(inked.any(axis=1), last, 0).astype(np.float32)


def _averaging(centre, scale, target, start, end, length):
    """(n, SIDE, length): the area-averaging weights of ``area_average`` as a matrix for each canvas: output
    pixel i takes ``scale`` times the share of input pixel j that falls between its edges (inside the box)."""
    edges = centre[:, None] + (np.arange(SIDE + 1, dtype=np.float32)[None, :] - target) / scale[:, None]
    edges = np.clip(edges, start[:, None], end[:, None])
    pixels = np.arange(length, dtype=np.float32)[None, None, :]
    overlap = np.minimum(edges[:, 1:, None], pixels + 1) - np.maximum(edges[:, :-1, None], pixels)
    return np.maximum(overlap, 0.0) * scale[:, None, None]


def frame_images(images, style):
    """Images (n, h, w), ink high, each framed by ``canvas_to_input`` in ``style``: uint8 (n, 28, 28).

    Reframes a whole dataset the way drawings are framed (about 70 µs an image), so that images
    framed differently can join a dataset in another style.
    """
    framed = np.empty((len(images), SIDE * SIDE), dtype=np.uint8)
    for index, image in enumerate(images):
        framed[index] = np.round(canvas_to_input(image, style) * 255)
    return framed.reshape(-1, SIDE, SIDE)


def _edges(centre, scale, target, side=SIDE):
    """Where the output pixels' edges fall on the input: input ``centre`` lands on output ``target``."""
    return centre + (np.arange(side + 1) - target) / scale


def area_average(ink, edges, scale):
    """Average of ``ink``'s rows over each interval between consecutive ``edges`` (fractional row positions).

    Exact area averaging, the anti-aliasing of a box filter. Think of the integral of the rows up to a
    position ``e = w + f`` (whole row w, fraction f): all rows before w plus f of row w. Each output row
    is the difference of two such integrals: the whole rows between two edges (one ``reduceat`` pass),
    less the part of the first row before its edge, plus the part of the last row before the next.
    """
    length = len(ink)
    edges = np.clip(edges, 0, length)
    whole = np.minimum(edges.astype(np.intp), length - 1)
    fraction = (edges - whole).astype(np.float32)[:, None]
    between = np.add.reduceat(ink, whole, axis=0)[:-1]
    between[whole[:-1] >= whole[1:]] = 0.0  # reduceat gives a row, not nothing, for an empty range
    partial = fraction * ink[whole]
    return (between - partial[:-1] + partial[1:]) * np.float32(scale)


def input_image(inputs):
    """The 784 inputs as a uint8 28x28 picture, ink high: what the network sees, for showing on screen."""
    inputs = np.asarray(inputs, dtype=np.float32).reshape(SIDE, SIDE)
    return np.round(np.clip(inputs, 0.0, 1.0) * 255).astype(np.uint8)


def _as_float(values):
    """Canvas values as float32 in [0, 1]: integer arrays are read as 0-255, floats as 0-1."""
    if values.dtype.kind == "b":
        return values.astype(np.float32)
    if values.dtype.kind in "ui":
        return np.clip(values.astype(np.float32) * np.float32(1 / 255), 0.0, 1.0)
    return np.clip(values, 0.0, 1.0, dtype=np.float32)

"""Turning a drawing into the network's 784 inputs, framed the way its training images were made.

MNIST digits were cropped to their ink, scaled so the longer side is 20 px (aspect kept, anti-aliased)
and placed in a 28x28 field with their centre of mass in the middle. EMNIST letters were instead
centred by their bounding box in a square with a 2 px margin and scaled to 28x28 (their blur softens
the edge, so the letters' solid ink spans about 23 px). A network trained on one framing reads
drawings framed the other way poorly, so the network's metadata names its style.

Resampling is area averaging written as two matrices: ``out = Ry @ image @ Rx.T``, where row i of
``Ry`` says how much of each canvas row falls inside output row i. One matrix product per axis,
sub-pixel placement for free, and no imaging library.
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
    ink = _as_float(canvas)
    peak = float(ink.max()) if ink.size else 0.0
    if peak <= 0:
        return np.zeros(SIDE * SIDE, dtype=np.float32)
    rows = np.flatnonzero(ink.max(axis=1) > FAINT * peak)
    cols = np.flatnonzero(ink.max(axis=0) > FAINT * peak)
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    ink = ink[top:bottom, left:right]
    height, width = ink.shape
    if style == "mnist":
        scale, target = MNIST_BOX / max(height, width), MNIST_CENTRE
        total = ink.sum()
        centre_y = (ink.sum(axis=1) @ (np.arange(height) + 0.5)) / total
        centre_x = (ink.sum(axis=0) @ (np.arange(width) + 0.5)) / total
    else:
        scale, target = EMNIST_BOX / max(height, width), EMNIST_CENTRE
        centre_y, centre_x = height / 2, width / 2
    image = (resampling_matrix(height, scale, centre_y, target) @ ink
             @ resampling_matrix(width, scale, centre_x, target).T)
    image *= 1.0 / image.max()
    return np.clip(image, 0.0, 1.0).astype(np.float32).ravel()


def resampling_matrix(length, scale, centre, target, side=SIDE):
    """Area-averaging weights (side, length) that scale by ``scale`` and move input ``centre`` to ``target``.

    Output pixel i covers the input interval ``centre + (i - target) / scale`` to ``... (i + 1 - target) / scale``;
    its weight on input pixel j is the overlap of that interval with ``[j, j + 1]``, times ``scale``.
    When enlarging (scale > 1) an interval is shorter than a pixel, which samples the nearest pixel.
    """
    edges = centre + (np.arange(side + 1) - target) / scale
    start, end = edges[:-1, None], edges[1:, None]
    pixels = np.arange(length)[None, :]
    overlap = np.clip(np.minimum(end, pixels + 1) - np.maximum(start, pixels), 0.0, None)
    return overlap * scale


def input_image(inputs):
    """The 784 inputs as a uint8 28x28 picture, ink high: what the network sees, for showing on screen."""
    inputs = np.asarray(inputs, dtype=np.float32).reshape(SIDE, SIDE)
    return np.round(np.clip(inputs, 0.0, 1.0) * 255).astype(np.uint8)


def _as_float(canvas):
    """The canvas as float64 in [0, 1]: integer arrays are read as 0-255, floats as 0-1."""
    canvas = np.asarray(canvas)
    if canvas.ndim != 2:
        raise ValueError(f"a canvas must be a 2-D array, got shape {canvas.shape}")
    if canvas.dtype.kind == "b":
        return canvas.astype(np.float64)
    if canvas.dtype.kind in "ui":
        return np.clip(canvas.astype(np.float64) / 255.0, 0.0, 1.0)
    return np.clip(np.nan_to_num(canvas.astype(np.float64)), 0.0, 1.0)

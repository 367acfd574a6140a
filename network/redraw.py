"""Dataset images redrawn as drawings: enlarged onto a canvas as a pen-like stroke of varied width, placed
anywhere. What a person's drawing of that character looks like before it is framed for the network; used to
measure reading drawings and to teach the "not a character" gate what real characters look like drawn."""

import numpy as np
from PIL import Image

from .preprocess import canvas_to_input

CANVAS = 280


def drawn_like(image, rng, canvas=CANVAS):
    """One 28x28 test image as a drawing: enlarged 5-9x, a pen-like stroke of varied width, placed anywhere."""
    size = int(28 * rng.uniform(5.0, 9.0))
    big = np.asarray(Image.fromarray(image).resize((size, size), Image.Resampling.BILINEAR), dtype=np.float32) / 255
    stroke = np.clip((big - rng.uniform(0.25, 0.65)) * 4.0 + 0.5, 0.0, 1.0)  # a hard edge, a pixel or two of antialiasing
    stroke = thicken(stroke, int(rng.integers(0, 7)))
    ys, xs = np.nonzero(stroke > 0)
    stroke = stroke[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    if max(stroke.shape) > canvas:
        stroke = stroke[:canvas, :canvas]
    page = np.zeros((canvas, canvas), dtype=np.float32)
    top = int(rng.integers(0, canvas - stroke.shape[0] + 1))
    left = int(rng.integers(0, canvas - stroke.shape[1] + 1))
    page[top:top + stroke.shape[0], left:left + stroke.shape[1]] = stroke
    return page


def thicken(stroke, radius):
    """Grow a stroke by ``radius`` pixels: the maximum over a disc of shifts (a grey dilation)."""
    if radius == 0:
        return stroke
    padded = np.pad(stroke, radius)
    grown = stroke.copy()
    height, width = stroke.shape
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            if dy * dy + dx * dx <= radius * radius:
                np.maximum(grown, padded[radius + dy:radius + dy + height, radius + dx:radius + dx + width], out=grown)
    return grown


def drawn_inputs(images, rng, style):
    """Images (n, 28, 28) redrawn as drawings on a canvas and framed back in ``style``: float32 (n, 784)."""
    return np.stack([canvas_to_input(drawn_like(image, rng), style) for image in images])

"""Dataset images redrawn as drawings: enlarged onto a canvas as a pen-like stroke of varied width, placed
anywhere. What a person's drawing of that character looks like before it is framed for the network; used to
measure reading drawings and to teach the "not a character" gate what real characters look like drawn.
Also enlarged as they are (soft-edged, like a scan), to measure what framing loses (bench/framing.py)."""

import numpy as np
from PIL import Image

from .preprocess import canvas_to_input

CANVAS = 280


def drawn_like(image, rng, canvas=CANVAS):
    """One 28x28 test image as a drawing: enlarged 5-9x, a pen-like stroke of varied width, placed anywhere."""
    size = int(28 * rng.uniform(5.0, 9.0))
    big = np.asarray(Image.fromarray(image).resize((size, size), Image.Resampling.BILINEAR), dtype=np.float32) / 255
    stroke = np.clip((big - rng.uniform(0.25, 0.65)) * 4.0 + 0.5, 0.0, 1.0)  # a hard edge, a pixel or two of antialiasing
    return _placed(thicken(stroke, int(rng.integers(0, 7))), rng, canvas)


def enlarged_like(image, rng, canvas=CANVAS):
    """One 28x28 test image enlarged 3-9x as it is (bilinear: its soft edge kept, as on a scan or a photo of a
    character), placed anywhere: what framing must bring back to the original."""
    size = int(28 * rng.uniform(3.0, 9.0))
    big = Image.fromarray(image).resize((size, size), Image.Resampling.BILINEAR)
    return _placed(np.asarray(big, dtype=np.float32) / 255, rng, canvas)


def _placed(ink, rng, canvas):
    """``ink`` cropped to its box and put at a random place on an empty canvas (cut to fit if larger)."""
    ys, xs = np.nonzero(ink > 0)
    ink = ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1][:canvas, :canvas]
    page = np.zeros((canvas, canvas), dtype=np.float32)
    top = int(rng.integers(0, canvas - ink.shape[0] + 1))
    left = int(rng.integers(0, canvas - ink.shape[1] + 1))
    page[top:top + ink.shape[0], left:left + ink.shape[1]] = ink
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


def drawn_inputs(images, rng, style, frame=canvas_to_input):
    """Images (n, 28, 28) redrawn as drawings on a canvas and framed back (by ``frame``) in ``style``:
    float32 (n, 784)."""
    return np.stack([frame(drawn_like(image, rng), style) for image in images])

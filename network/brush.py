"""The app's round brush as pure numpy, shared by the window's canvas and by code that draws marks to learn
from: what the network is shown in training is painted exactly as a person's stroke is."""

import numpy as np

ERASED = 0.1  # ink the eraser's soft edge leaves below this is wiped, so no faint crumbs remain


def paint(pixels, start, end, radius, erase=False):
    """Paint (or erase) on ``pixels`` a round-ended line from ``start`` to ``end`` (x, y in its pixels).

    Every pixel within ``radius`` of the segment is covered, so fast mouse moves leave a continuous
    line; coverage falls from 1 to 0 over the last pixel at the edge, which anti-aliases it. Returns
    the changed region as (top, bottom, left, right), or None when the segment misses the array.
    """
    (x0, y0), (x1, y1) = start, end
    height, width = pixels.shape
    reach = radius + 1.0
    left, right = int(max(0, np.floor(min(x0, x1) - reach))), int(min(width, np.ceil(max(x0, x1) + reach)))
    top, bottom = int(max(0, np.floor(min(y0, y1) - reach))), int(min(height, np.ceil(max(y0, y1) + reach)))
    if left >= right or top >= bottom:
        return None
    ys = np.arange(top, bottom, dtype=np.float32)[:, None] + 0.5
    xs = np.arange(left, right, dtype=np.float32)[None, :] + 0.5
    dx, dy = x1 - x0, y1 - y0
    length_squared = dx * dx + dy * dy
    along = ((xs - x0) * dx + (ys - y0) * dy) / length_squared if length_squared else np.zeros(1, np.float32)
    along = np.clip(along, 0.0, 1.0)
    distance = np.hypot(xs - (x0 + along * dx), ys - (y0 + along * dy))
    coverage = np.clip(radius + 0.5 - distance, 0.0, 1.0).astype(np.float32)
    region = pixels[top:bottom, left:right]
    if erase:
        np.minimum(region, 1.0 - coverage, out=region)
        region[region < ERASED] = 0.0
    else:
        np.maximum(region, coverage, out=region)
    return top, bottom, left, right


def polyline(pixels, points, radius):
    """Paint consecutive ``points`` (x, y) on ``pixels`` as one stroke of round-ended segments."""
    points = [tuple(map(float, point)) for point in points]
    for start, end in zip(points[:-1], points[1:]):
        paint(pixels, start, end, radius)

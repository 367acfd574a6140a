"""Pictures of writing that the reading tests make themselves: strokes of a round brush on a numpy canvas."""

import numpy as np


def stroke(canvas, points, radius=4.0):
    """Ink (1.0) along the polyline ``points`` [(x, y), ...] on a float canvas, ``radius`` pixels thick."""
    height, width = canvas.shape
    yy, xx = np.mgrid[0:height, 0:width]
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:]):
        for t in np.linspace(0, 1, 40):
            x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
            canvas[(xx - x) ** 2 + (yy - y) ** 2 <= radius ** 2] = 1.0
    return canvas


def ring(cx, cy, rx, ry, count=40):
    """The points of an ellipse (a drawn 0 or O)."""
    angles = np.linspace(0, 2 * np.pi, count)
    return list(zip(cx + rx * np.cos(angles), cy + ry * np.sin(angles)))


def widened(drawn, pixels):
    """The pixels of ``drawn`` ink and all within ``pixels`` of them (a square neighbourhood): the rim that a
    blurred photo, or the reader's own softening, spreads a stroke over."""
    ink = drawn > 0
    padded = np.pad(ink, pixels)
    height, width = ink.shape
    return np.any([padded[dy:dy + height, dx:dx + width] for dy in range(2 * pixels + 1)
                   for dx in range(2 * pixels + 1)], axis=0)


def one_zero(width=200, height=100, left=40):
    """A bar and a ring side by side: 10 as a number, IO or LO as a word."""
    canvas = np.zeros((height, width), dtype=np.float32)
    stroke(canvas, [(left, 20), (left, 80)])
    return stroke(canvas, ring(left + 60, 50, 20, 30))


def on_paper(ink, paper=235, ink_level=30):
    """An ink map as a uint8 photo-like picture: dark ink on light paper."""
    return np.round(paper - (paper - ink_level) * np.clip(ink, 0, 1)).astype(np.uint8)

"""Marks that are no character, drawn by code with the app's own brush: doodles, symbols, specks and strokes
of many kinds, sizes, pen widths and places, for learning and for measuring "not a character".

Each kind gives its strokes as polylines in a unit box (x right, y down); ``draw`` turns them, slanted,
stretched, turned and wobbled a little, into strokes on a square canvas. Kinds are split in two: what the
gate learns from (``LEARNED``) and kinds kept out of all learning (``HELD_OUT``), to measure how it does
on marks it never saw.
"""

import numpy as np

from .brush import polyline
from . import mark_shapes, random_marks
from .preprocess import canvas_to_input

CANVAS = 280
KINDS = {**mark_shapes.KINDS, **random_marks.KINDS}  # name -> (strokes maker, largest turn in degrees)
HELD_OUT = ("hearts", "stars", "houses", "spirals", "clouds", "notes", "percents",  # the first seven
            "ampersands", "ghosts", "hourglasses", "paws")  # added after the gates that learned without them
LEARNED = tuple(kind for kind in KINDS if kind not in HELD_OUT)
LONG = ("underlines", "lines", "arrows", "waves", "zigzags")  # kinds that are drawn long: across a line of text


def draw(kind, rng, size=CANVAS):
    """One mark of ``kind`` on a new ``size`` x ``size`` canvas (float32, ink high)."""
    make, turn = KINDS[kind]
    extent = rng.uniform(0.3, 0.95) if kind in LONG else None
    return draw_strokes(make(rng), rng, turn, size, extent=extent, pen=rng.uniform(2.0, 24.0) if kind == "dots" else None)


def draw_strokes(strokes, rng, turn=15, size=CANVAS, extent=None, pen=None):
    """Polylines in a unit box drawn on a new ``size`` x ``size`` canvas with the app's brush, the way a hand
    would: a random size (``extent``, a share of the canvas), stretch, slant, turn (up to ``turn`` degrees),
    place and pen width (``pen``, in canvas pixels), each stroke wobbled a little. float32, ink high."""
    extent = (extent or rng.uniform(0.15, 0.85)) * size
    aspect = np.exp(rng.uniform(-0.3, 0.3))
    angle = np.radians(rng.uniform(-turn, turn))
    slant = rng.uniform(-0.2, 0.2)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    pen = float(np.clip(pen or extent * np.exp(rng.uniform(np.log(0.012), np.log(0.2))), 1.0, 40.0))
    pixels = np.zeros((size, size), dtype=np.float32)
    reach = 0.75 * extent
    centre = rng.uniform(min(reach, size / 2), max(size - reach, size / 2), 2)
    for stroke in strokes:
        stroke = np.asarray(stroke, dtype=float)
        wobble = 0.02 if len(stroke) < 6 else 0.004  # corners move; a curve's many points move together
        points = stroke - 0.5 + rng.normal(0, 0.015, 2) + rng.normal(0, wobble, stroke.shape)
        points = points * [aspect, 1 / aspect]
        points[:, 0] += slant * points[:, 1]
        polyline(pixels, centre + extent * points @ rotation.T, pen)
    return pixels


def framed(kind, count, rng, style="mnist", frame=canvas_to_input):
    """``count`` marks of ``kind`` as network inputs (count, 784), framed as drawings are (by ``frame``), in
    ``style``."""
    return np.stack([frame(draw(kind, rng), style) for _ in range(count)])

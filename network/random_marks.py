"""Open-ended kinds of marks, made at random rather than drawn after a thing: blobs, polygons, compositions of
parts, wandering pen paths, smooth curves, mirrored doodles, outlines holding parts, made-up letters, strewn
specks and hatching. They teach the "not a character" gate what is no character in general rather than a
list of doodles, and so help most on kinds it never saw. Strokes in a unit box (x right, y down), as in
network.mark_shapes.
"""

import numpy as np

from .mark_shapes import arc, line


def _blobs(rng):
    """A closed, smooth, lumpy outline: a radius made of a few random waves."""
    t = np.linspace(0, 2 * np.pi, 100)
    waves = np.arange(2, 7)[:, None]
    radius = 0.35 + (rng.uniform(0, 0.12, (5, 1)) / waves * 2 * np.cos(waves * t + rng.uniform(0, 6, (5, 1)))).sum(axis=0)
    return [np.stack([0.5 + radius * np.cos(t), 0.5 + radius * np.sin(t)], axis=1)]


def _polygons(rng):
    """A closed polygon of 3 to 9 corners at random angles and distances from the middle."""
    corners = int(rng.integers(3, 10))
    angles = np.sort(rng.uniform(0, 2 * np.pi, corners))
    radius = rng.uniform(0.2, 0.5, corners)
    points = np.stack([0.5 + radius * np.cos(angles), 0.5 + radius * np.sin(angles)], axis=1)
    return [np.concatenate([points, points[:1]])]


def _pen_paths(rng):
    """One to three smooth pen paths that wander: each turns a random, changing amount at every step."""
    paths = []
    for _ in range(int(rng.integers(1, 4))):
        steps = int(rng.integers(8, 40))
        turning = np.cumsum(rng.normal(0, rng.uniform(0.05, 0.5), steps)) + rng.uniform(-0.3, 0.3)
        heading = rng.uniform(0, 2 * np.pi) + np.cumsum(turning)
        moves = np.stack([np.cos(heading), np.sin(heading)], axis=1) / steps
        paths.append(rng.uniform(0.2, 0.8, 2) + np.concatenate([np.zeros((1, 2)), np.cumsum(moves, axis=0)]))
    return paths


def _bar(angle, x, y, r):
    return line((x - r * np.cos(angle), y - r * np.sin(angle)), (x + r * np.cos(angle), y + r * np.sin(angle)))


PARTS = {
    "ring": lambda rng, x, y, r: arc(x, y, r, r * rng.uniform(0.6, 1.4)),
    "arc": lambda rng, x, y, r: arc(x, y, r, r, start=rng.uniform(0, 6), turns=rng.uniform(0.3, 0.7)),
    "bar": lambda rng, x, y, r: _bar(rng.uniform(0, np.pi), x, y, r),
    "box": lambda rng, x, y, r: line((x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r), (x - r, y - r)),
    "dot": lambda rng, x, y, r: line((x, y), (x + 0.01, y)),
    "wave": lambda rng, x, y, r: np.stack([x + np.linspace(-r, r, 20), y + 0.3 * r * np.sin(np.linspace(0, 9, 20))], axis=1),
}


def _compositions(rng):
    """Three to six simple parts (rings, arcs, bars, boxes, dots, waves) of random sizes at random places."""
    names = list(PARTS)
    return [PARTS[names[int(rng.integers(len(names)))]](rng, *rng.uniform(0.2, 0.8, 2), rng.uniform(0.08, 0.3))
            for _ in range(int(rng.integers(3, 7)))]


def _waves_sum(rng, t, harmonics):
    """x and y as sums of ``harmonics`` sines and cosines of ``t``, the higher ones weaker."""
    order = np.arange(1, harmonics + 1)[:, None]
    weight = 1.0 / order ** rng.uniform(0.5, 1.5)
    x, y = ((rng.normal(0, 1, (harmonics, 1)) * weight * np.cos(order * t)
             + rng.normal(0, 1, (harmonics, 1)) * weight * np.sin(order * t)).sum(axis=0) for _ in range(2))
    return np.stack([x, y], axis=1)


def _curves(rng):
    """One or two smooth curves of two to five waves: closed loops that may cross themselves, or open arcs."""
    strokes = []
    for _ in range(int(rng.choice([1, 1, 2]))):
        closed = rng.random() < 0.6
        t = np.linspace(0, 2 * np.pi if closed else rng.uniform(1.0, 2.0) * np.pi, 120)
        points = _waves_sum(rng, t, int(rng.integers(2, 6)))
        points -= points.min(axis=0)
        strokes.append(points / max(points.max(), 1e-6) * rng.uniform(0.6, 1.0))
    return strokes


def _mirrored(rng):
    """A doodle the same on both sides: a random path on the left (straight or smoothed) joined to its mirror
    image, with up to two mirrored pairs of small rings or dashes inside."""
    corners = int(rng.integers(3, 9))
    ys = np.sort(rng.uniform(0, 1, corners)) if rng.random() < 0.5 else rng.uniform(0, 1, corners)
    xs = rng.uniform(0, 0.5, corners)
    if rng.random() < 0.5:
        smooth = np.linspace(0, 1, 40)
        xs, ys = np.interp(smooth, np.linspace(0, 1, corners), xs), np.interp(smooth, np.linspace(0, 1, corners), ys)
    left = np.concatenate([[(0.5, ys[0])], np.stack([xs, ys], axis=1), [(0.5, ys[-1])]])
    mirror = np.array([-1.0, 1.0]), np.array([1.0, 0.0])
    strokes = [np.concatenate([left, left[::-1] * mirror[0] + mirror[1]])]
    for _ in range(int(rng.integers(0, 3))):
        x, y, r = rng.uniform(0.15, 0.45), rng.uniform(0.2, 0.8), rng.uniform(0.02, 0.12)
        part = arc(x, y, r, r, points=16) if rng.random() < 0.5 else line((x - r, y), (x + r, y + rng.uniform(-r, r)))
        strokes += [part, part * mirror[0] + mirror[1]]
    return strokes


def _outline(rng, x, y, r):
    """A ring, a box, a triangle or a rough polygon around (x, y), ``r`` from the middle."""
    shape = int(rng.integers(4))
    if shape == 0:
        return arc(x, y, r, r * rng.uniform(0.6, 1.2))
    if shape == 1:
        return line((x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r), (x - r, y - r))
    if shape == 2:
        return line((x, y - r), (x + r, y + r), (x - r, y + r), (x, y - r))
    corners = int(rng.integers(3, 8))
    angles = np.linspace(0, 2 * np.pi, corners + 1) + rng.uniform(0, 2 * np.pi)
    radius = r * rng.uniform(0.6, 1.0, corners + 1)
    radius[-1] = radius[0]
    return np.stack([x + radius * np.cos(angles), y + radius * np.sin(angles)], axis=1)


def _outlined(rng):
    """An outline holding (or beside) one to four small parts: dots, small outlines, dashes."""
    strokes = [_outline(rng, 0.5, 0.5, 0.45)]
    for _ in range(int(rng.integers(1, 5))):
        x, y = rng.uniform(0.1, 0.9, 2)
        r = rng.uniform(0.03, 0.2)
        if rng.random() < 0.3:
            strokes.append(line((x, y), (x + 0.01, y)))
        elif rng.random() < 0.5:
            strokes.append(_outline(rng, x, y, r))
        else:
            strokes.append(_bar(rng.uniform(0, np.pi), x, y, r))
    return strokes


GRID = np.array([(x, y) for y in (0, 0.5, 1) for x in (0, 0.5, 1)])


def _made_up_letters(rng):
    """A letter of no known script: two to four strokes between points of a 3x3 grid, straight, bent once, or
    curved towards a third point."""
    strokes = []
    for _ in range(int(rng.integers(2, 5))):
        a, b, c = GRID[rng.choice(9, 3, replace=False)] + rng.normal(0, 0.04, (3, 2))
        if rng.random() < 0.5:
            strokes.append(np.array([a, b]) if rng.random() < 0.6 else np.array([a, b, c]))
        else:
            t = np.linspace(0, 1, 20)[:, None]
            strokes.append((1 - t) ** 2 * a + 2 * t * (1 - t) * b + t ** 2 * c)
    return strokes


def _specks(rng):
    """Four to twelve specks and short dashes strewn about."""
    strokes = []
    for _ in range(int(rng.integers(4, 13))):
        start = rng.uniform(0, 1, 2)
        strokes.append(np.array([start, start + rng.normal(0, rng.choice([0.01, 0.08]), 2)]))
    return strokes


def _hatching(rng):
    """Shading: three to nine roughly parallel strokes side by side at any angle, sometimes crossed by more."""
    strokes = []
    for _ in range(1 if rng.random() < 0.7 else 2):
        angle = rng.uniform(0, np.pi)
        along, across = np.array([np.cos(angle), np.sin(angle)]), np.array([-np.sin(angle), np.cos(angle)])
        for offset in np.linspace(-0.45, 0.45, int(rng.integers(3, 10))):
            half = rng.uniform(0.2, 0.5)
            middle = 0.5 + offset * across
            strokes.append(np.array([middle - half * along, middle + half * along]) + rng.normal(0, 0.02, (2, 2)))
    return strokes


# name -> (strokes maker, how freely it turns: the largest angle in degrees)
KINDS = {
    "blobs": (_blobs, 0), "polygons": (_polygons, 0), "compositions": (_compositions, 0), "pen paths": (_pen_paths, 0),
    "curves": (_curves, 30), "mirrored doodles": (_mirrored, 10), "outlines with parts": (_outlined, 20),
    "made-up letters": (_made_up_letters, 10), "strewn specks": (_specks, 0), "hatching": (_hatching, 0),
}

"""The kinds of marks that are no character drawn after a thing, each as strokes in a unit box (x right, y
down): doodles, symbols, specks and strokes. ``KINDS`` names them with how freely each may be turned;
network.marks draws them, with the open-ended kinds of network.random_marks."""

import numpy as np


def arc(cx, cy, rx, ry, start=0.0, turns=1.0, points=40):
    angles = start + np.linspace(0, 2 * np.pi * turns, max(3, int(points * abs(turns)) + 1))
    return np.stack([cx + rx * np.cos(angles), cy + ry * np.sin(angles)], axis=1)


def line(*points):
    return np.array(points, dtype=float)


def _lines(rng):
    """A straight stroke at least 25 degrees from upright (an upright one is a fair 1 or I)."""
    angle = rng.uniform(np.radians(25), np.radians(90)) * rng.choice([-1, 1])
    dx, dy = 0.5 * np.sin(angle), 0.5 * np.cos(angle)
    return [line((0.5 - dx, 0.5 - dy), (0.5 + dx, 0.5 + dy))]


def _dots(rng):
    """A click or a dab: almost no length (drawn with a wide pen by ``draw``)."""
    start = rng.uniform(0.45, 0.55, 2)
    return [line(start, start + rng.uniform(-0.02, 0.02, 2))]


def _scribbles(rng):
    """A tangle: one long stroke looping around, a sum of random circles as a hand scribbles."""
    turns = np.linspace(0, rng.uniform(4, 10) * np.pi, 160)[:, None]
    speeds, phases, sizes = rng.uniform(0.5, 3, (1, 3)), rng.uniform(0, 2 * np.pi, (1, 3)), rng.uniform(0.1, 0.5, (1, 3))
    x = (sizes * np.cos(speeds * turns + phases)).sum(axis=1)
    y = (sizes * np.sin(speeds * turns * rng.uniform(0.7, 1.3) + phases)).sum(axis=1)
    return [np.stack([x, y], axis=1)]


def _random_strokes(rng):
    """Two to five separate strokes, straight or bent, anywhere in the box."""
    return [rng.uniform(0, 1, (int(rng.integers(2, 4)), 2)) for _ in range(int(rng.integers(2, 6)))]


def _spirals(rng):
    turns = rng.uniform(1.8, 4.0)
    angles = np.linspace(0, 2 * np.pi * turns, int(40 * turns))
    radius = 0.5 * (angles / angles[-1]) ** rng.uniform(0.8, 1.2)
    direction = rng.choice([-1, 1])  # clockwise or not
    return [np.stack([0.5 + direction * radius * np.cos(angles), 0.5 + radius * np.sin(angles)], axis=1)]


def _hearts(rng):
    t = np.linspace(0, 2 * np.pi, 60)
    x = 16 * np.sin(t) ** 3
    y = -(13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t))
    return [np.stack([0.5 + x / 34, 0.45 + y / 34], axis=1)]


def _stars(rng):
    points = int(rng.choice([5, 5, 5, 6]))
    step = 2 if points == 5 else 1
    if points == 6:  # two triangles
        return [arc(0.5, 0.5, 0.5, 0.5, start=-np.pi / 2 + k * np.pi / 3, turns=1, points=3) for k in (0, 1)]
    order = (np.arange(points + 1) * step) % points
    angles = -np.pi / 2 + 2 * np.pi * order / points
    return [np.stack([0.5 + 0.5 * np.cos(angles), 0.5 + 0.5 * np.sin(angles)], axis=1)]


def _outlined_star(rng):
    angles = -np.pi / 2 + np.pi * np.arange(11) / 5
    radius = np.where(np.arange(11) % 2, rng.uniform(0.18, 0.28), 0.5)
    return [np.stack([0.5 + radius * np.cos(angles), 0.5 + radius * np.sin(angles)], axis=1)]


def _houses(rng):
    strokes = [line((0.1, 0.45), (0.1, 1), (0.9, 1), (0.9, 0.45)), line((0.02, 0.5), (0.5, 0.0), (0.98, 0.5))]
    if rng.random() < 0.6:
        strokes.append(line((0.42, 1), (0.42, 0.7), (0.6, 0.7), (0.6, 1)))
    return strokes


def _smileys(rng):
    eyes = [line((0.5 + 0.18 * side, 0.35), (0.5 + 0.18 * side, 0.37)) for side in (-1, 1)]
    mouth = arc(0.5, 0.5, 0.28, 0.25 * rng.choice([1, 1, -0.5]), start=0.2 * np.pi, turns=0.3)
    return [arc(0.5, 0.5, 0.5, 0.5)] + eyes + [mouth]


def _arrows(rng):
    """An arrow pointing right (``draw`` turns it any way)."""
    head = rng.uniform(0.15, 0.3)
    return [line((0, 0.5), (1, 0.5)), line((1 - head, 0.5 - head), (1, 0.5), (1 - head, 0.5 + head))]


def _boxes(rng):
    width, height = rng.uniform(0.5, 1), rng.uniform(0.5, 1)
    x0, y0 = 0.5 - width / 2, 0.5 - height / 2
    return [line((x0, y0), (x0 + width, y0), (x0 + width, y0 + height), (x0, y0 + height), (x0, y0))]


def _crosses(rng):
    return [line((0.5, 0), (0.5, 1)), line((0, 0.5), (1, 0.5))]


def _waves(rng):
    x = np.linspace(0, 1, 60)
    return [np.stack([x, 0.5 + 0.15 * np.sin(2 * np.pi * rng.uniform(1.5, 4) * x + rng.uniform(0, 6))], axis=1)]


def _underlines(rng):
    return [line((0, 0.5), (1, 0.5 + rng.uniform(-0.03, 0.03)))]


def _zigzags(rng):
    count = int(rng.integers(3, 8))
    return [np.stack([np.linspace(0, 1, count + 1), 0.5 + 0.2 * (np.arange(count + 1) % 2 * 2 - 1)], axis=1)]


def _triangles(rng):
    return [line((0.5, 0), (1, 0.9), (0, 0.9), (0.5, 0))]


def _circles(rng):
    strokes = [arc(0.5, 0.5, 0.5, 0.5)]
    for _ in range(int(rng.integers(1, 3))):
        r = rng.uniform(0.1, 0.35)
        strokes.append(arc(0.5, 0.5, r, r))
    return strokes


def _suns(rng):
    rays = int(rng.integers(6, 12))
    angles = 2 * np.pi * np.arange(rays) / rays
    return [arc(0.5, 0.5, 0.22, 0.22)] + [line((0.5 + 0.32 * np.cos(a), 0.5 + 0.32 * np.sin(a)),
                                                  (0.5 + 0.5 * np.cos(a), 0.5 + 0.5 * np.sin(a))) for a in angles]


def _flowers(rng):
    petals = int(rng.integers(4, 8))
    t = np.linspace(0, 2 * np.pi, 120)
    radius = 0.18 + 0.17 * np.abs(np.cos(petals * t / 2))
    head = np.stack([0.5 + radius * np.cos(t), 0.35 + radius * np.sin(t)], axis=1)
    return [head, line((0.5, 0.7), (0.5, 1.0)), arc(0.5, 0.35, 0.07, 0.07)]


def _clouds(rng):
    t = np.linspace(0, 2 * np.pi, 150)
    bumps = int(rng.integers(5, 9))
    radius = 0.38 + 0.07 * np.abs(np.sin(bumps * t / 2))
    return [np.stack([0.5 + radius * np.cos(t), 0.5 + 0.65 * radius * np.sin(t)], axis=1)]


def _hashes(rng):
    return [line((0.35, 0), (0.3, 1)), line((0.7, 0), (0.65, 1)), line((0, 0.33), (1, 0.33)), line((0, 0.67), (1, 0.67))]


def _at_signs(rng):
    inner = arc(0.5, 0.5, 0.17, 0.2)
    outer = arc(0.5, 0.5, 0.5, 0.5, start=0.0, turns=0.85)
    return [inner, line((0.67, 0.3), (0.67, 0.65), (0.85, 0.6), (1.0, 0.5)), outer]


def _notes(rng):
    heads = [arc(0.25, 0.85, 0.13, 0.1), arc(0.75, 0.75, 0.13, 0.1)] if rng.random() < 0.5 else [arc(0.3, 0.85, 0.15, 0.11)]
    stems = [line((0.38, 0.85), (0.38, 0.05), (0.88, 0.0), (0.88, 0.75))] if len(heads) == 2 else \
        [line((0.45, 0.85), (0.45, 0.0), (0.75, 0.3))]
    return heads + stems


def _percents(rng):
    return [line((0.85, 0), (0.15, 1)), arc(0.2, 0.2, 0.15, 0.15), arc(0.8, 0.8, 0.15, 0.15)]


def _trees(rng):
    return [line((0.5, 0), (0.9, 0.7), (0.1, 0.7), (0.5, 0)), line((0.45, 0.7), (0.45, 1)), line((0.55, 0.7), (0.55, 1))]


def _equals(rng):
    return [line((0, 0.35), (1, 0.35)), line((0, 0.65), (1, 0.65))]


def _asterisks(rng):
    angles = np.pi * np.arange(3) / 3 + rng.uniform(0, np.pi / 3)
    return [line((0.5 - 0.5 * np.cos(a), 0.5 - 0.5 * np.sin(a)), (0.5 + 0.5 * np.cos(a), 0.5 + 0.5 * np.sin(a)))
            for a in angles]


def _stick_figures(rng):
    return [arc(0.5, 0.13, 0.13, 0.13), line((0.5, 0.26), (0.5, 0.65)), line((0.2, 0.4), (0.8, 0.4)),
            line((0.25, 1), (0.5, 0.65), (0.75, 1))]


def _eights_lying(rng):
    t = np.linspace(0, 2 * np.pi, 80)
    return [np.stack([0.5 + 0.5 * np.sin(t), 0.5 + 0.25 * np.sin(2 * t)], axis=1)]


def _envelopes(rng):
    return [line((0, 0.2), (1, 0.2), (1, 0.8), (0, 0.8), (0, 0.2)), line((0, 0.2), (0.5, 0.55), (1, 0.2))]


def _fish(rng):
    body = arc(0.45, 0.5, 0.35, 0.22, start=0.25 * np.pi, turns=0.75)
    return [body, line((0.7, 0.35), (1, 0.6), (1, 0.35), (0.7, 0.62)), line((0.3, 0.45), (0.31, 0.46))]


def _lightning(rng):
    return [line((0.6, 0), (0.25, 0.55), (0.65, 0.45), (0.35, 1))]


def _checks(rng):
    return [line((0, 0.55), (0.3, 1), (1, 0))]


def _grids(rng):
    count = int(rng.integers(3, 5))
    spots = np.linspace(0, 1, count)
    return [line((s, 0), (s, 1)) for s in spots] + [line((0, s), (1, s)) for s in spots]


def _diamonds(rng):
    return [line((0.5, 0), (1, 0.5), (0.5, 1), (0, 0.5), (0.5, 0))]


def _umbrellas(rng):
    return [arc(0.5, 0.45, 0.5, 0.4, start=np.pi, turns=0.5), line((0, 0.45), (1, 0.45)),
            line((0.5, 0.45), (0.5, 0.95), (0.4, 1.0), (0.33, 0.92))]


def _crowns(rng):
    return [line((0, 1), (0, 0.2), (0.25, 0.6), (0.5, 0.1), (0.75, 0.6), (1, 0.2), (1, 1), (0, 1))]


def _cups(rng):
    return [line((0.05, 0.1), (0.15, 1), (0.75, 1), (0.85, 0.1)), arc(0.85, 0.5, 0.15, 0.2, start=-np.pi / 2, turns=0.5)]


def _keys(rng):
    return [arc(0.15, 0.5, 0.15, 0.15), line((0.3, 0.5), (1, 0.5)), line((0.8, 0.5), (0.8, 0.7)),
            line((0.95, 0.5), (0.95, 0.7))]


def _eyes(rng):
    return [arc(0.5, 0.5, 0.5, 0.25, start=np.pi, turns=0.5), arc(0.5, 0.5, 0.5, 0.25, start=0, turns=0.5),
            arc(0.5, 0.5, 0.14, 0.14)]


def _leaves(rng):
    return [arc(0.5, 0.5, 0.45, 0.3, start=0, turns=0.5) * [1, 1], arc(0.5, 0.5, 0.45, 0.3, start=np.pi, turns=0.5),
            line((0.0, 0.5), (1.0, 0.5))]


def _mountains(rng):
    peaks = int(rng.integers(3, 6))  # two would be an M
    xs = np.linspace(0, 1, 2 * peaks + 1)
    return [np.stack([xs, np.where(np.arange(2 * peaks + 1) % 2, rng.uniform(0, 0.4, 2 * peaks + 1), 1)], axis=1)]


def _ladders(rng):
    rungs = np.linspace(0.15, 0.85, int(rng.integers(3, 6)))
    return [line((0.2, 0), (0.2, 1)), line((0.8, 0), (0.8, 1))] + [line((0.2, r), (0.8, r)) for r in rungs]


def _tildes(rng):
    x = np.linspace(0, 1, 30)
    return [np.stack([x, 0.5 - 0.12 * np.sin(2 * np.pi * x)], axis=1)]


def _angles(rng):
    side = rng.choice([-1, 1])
    return [line((0.5 + 0.4 * side, 0), (0.5 - 0.4 * side, 0.5), (0.5 + 0.4 * side, 1))]


def _dollars(rng):
    s = arc(0.5, 0.3, 0.3, 0.2, start=-0.1, turns=-0.75)
    s2 = arc(0.5, 0.7, 0.3, 0.2, start=-np.pi / 2, turns=0.75)
    return [np.concatenate([s, s2]), line((0.5, 0), (0.5, 1))]


def _questions(rng):
    return [arc(0.5, 0.27, 0.3, 0.25, start=np.pi, turns=0.75).tolist() + [(0.5, 0.7)], line((0.5, 0.92), (0.5, 0.94))]


def _exclamations(rng):
    return [line((0.5, 0), (0.5, 0.7)), line((0.5, 0.92), (0.5, 0.94))]


def _divides(rng):
    return [line((0, 0.5), (1, 0.5)), line((0.5, 0.15), (0.51, 0.15)), line((0.5, 0.85), (0.51, 0.85))]


def _cat_faces(rng):
    return [arc(0.5, 0.55, 0.45, 0.42), line((0.12, 0.3), (0.2, 0.0), (0.4, 0.15)),
            line((0.6, 0.15), (0.8, 0.0), (0.88, 0.3)), line((0.35, 0.5), (0.36, 0.5)), line((0.65, 0.5), (0.66, 0.5)),
            line((0.1, 0.65), (0.4, 0.68)), line((0.9, 0.65), (0.6, 0.68))]


def _boats(rng):
    return [line((0, 0.7), (1, 0.7), (0.8, 1), (0.2, 1), (0, 0.7)), line((0.5, 0.7), (0.5, 0), (0.9, 0.6), (0.5, 0.6))]


def _ampersands(rng):
    """&: a small loop on top, a wide belly below it, and the tail that crosses out to the right."""
    points = np.array([(0.95, 1.0), (0.2, 0.45), (0.15, 0.2), (0.35, 0.0), (0.55, 0.15), (0.5, 0.35), (0.1, 0.7),
                       (0.15, 0.95), (0.5, 1.0), (0.9, 0.6)])
    along = np.linspace(0, len(points) - 1, 80)
    return [np.stack([np.interp(along, np.arange(len(points)), points[:, axis]) for axis in (0, 1)], axis=1)]


def _ghosts(rng):
    """A dome with a wavy hem and two eyes."""
    x = np.linspace(0.9, 0.1, 40)
    hem = np.stack([x, 0.95 - 0.06 * np.abs(np.sin(3 * np.pi * (x - 0.1) / 0.8))], axis=1)
    body = np.concatenate([arc(0.5, 0.4, 0.4, 0.4, start=np.pi, turns=0.5), [(0.9, 0.95)], hem, [(0.1, 0.4)]])
    return [body, arc(0.38, 0.4, 0.05, 0.07), arc(0.62, 0.4, 0.05, 0.07)]


def _hourglasses(rng):
    """Two triangles point to point, drawn in one stroke: an X closed at the top and the bottom."""
    return [line((0.1, 0), (0.9, 0), (0.1, 1), (0.9, 1), (0.1, 0))]


def _paws(rng):
    """A pad and four toes above it."""
    return [arc(0.5, 0.7, 0.25, 0.2)] + [arc(0.5 + 0.35 * np.cos(a), 0.55 - 0.35 * np.sin(a), 0.08, 0.1)
                                           for a in np.radians([160, 115, 65, 20])]


# name -> (strokes maker, how freely it turns: the largest angle in degrees)
KINDS = {
    "lines": (_lines, 0), "dots": (_dots, 0), "scribbles": (_scribbles, 180), "random strokes": (_random_strokes, 0),
    "spirals": (_spirals, 180), "hearts": (_hearts, 20), "stars": (_stars, 20), "outlined stars": (_outlined_star, 20),
    "houses": (_houses, 15), "smileys": (_smileys, 20), "arrows": (_arrows, 180), "boxes": (_boxes, 10),
    "crosses": (_crosses, 10), "waves": (_waves, 30), "underlines": (_underlines, 4), "zigzags": (_zigzags, 30),
    "triangles": (_triangles, 20), "circles in circles": (_circles, 0), "suns": (_suns, 30),
    "flowers": (_flowers, 15), "clouds": (_clouds, 10), "hashes": (_hashes, 15), "at signs": (_at_signs, 15),
    "notes": (_notes, 15), "percents": (_percents, 10), "trees": (_trees, 10), "equals": (_equals, 10),
    "asterisks": (_asterisks, 0), "stick figures": (_stick_figures, 10), "lying eights": (_eights_lying, 15),
    "envelopes": (_envelopes, 10), "fish": (_fish, 15), "lightning": (_lightning, 15), "checks": (_checks, 15),
    "grids": (_grids, 10), "diamonds": (_diamonds, 10), "umbrellas": (_umbrellas, 15),
    "crowns": (_crowns, 10), "cups": (_cups, 10), "keys": (_keys, 30), "eyes": (_eyes, 15), "leaves": (_leaves, 60),
    "mountains": (_mountains, 5), "ladders": (_ladders, 10), "tildes": (_tildes, 10), "angle brackets": (_angles, 10),
    "dollars": (_dollars, 10), "question marks": (_questions, 10),
    "exclamation marks": (_exclamations, 10), "divides": (_divides, 10), "cat faces": (_cat_faces, 10),
    "boats": (_boats, 10), "ampersands": (_ampersands, 10), "ghosts": (_ghosts, 10),
    "hourglasses": (_hourglasses, 10), "paws": (_paws, 15),
}

"""Not sure: how often the "not sure" rule fires on real drawn characters and on drawings that are none.

Characters: test images of the network's own dataset redrawn on a 280x280 canvas (as in
bench/drawn_accuracy.py). Non-characters, drawn with the app's own brush: lines (not upright, which
would be a fair 1 or I), dots, scribbles, a few random strokes, smileys, and characters of the other
kind (letters shown to a digit network, digits to a letter network). The rule should almost never
fire on the first and as often as possible on the rest.

    python bench/unsure.py [NETWORK.npz ...] [--count 2000] [--seed 0]
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import network  # noqa: E402
from app.canvas import Canvas  # noqa: E402
from drawn_accuracy import dataset_for, drawn_like  # noqa: E402
from network import datasets, inspect  # noqa: E402
from network.preprocess import canvas_to_input  # noqa: E402

SIZE = 280


def brush(rng):
    return float(rng.uniform(4.0, 16.0))


def polyline(canvas, points, radius):
    for start, end in zip(points[:-1], points[1:]):
        canvas.stroke(start, end, radius)


def line(rng):
    """One straight stroke at least 25 degrees away from upright, 60-250 px long, anywhere."""
    canvas = Canvas(SIZE)
    angle = rng.uniform(np.radians(25), np.radians(155)) * rng.choice([-1, 1])
    length = rng.uniform(60, 250)
    centre = rng.uniform(70, SIZE - 70, 2)
    half = 0.5 * length * np.array([np.sin(angle), np.cos(angle)])
    canvas.stroke(centre - half, centre + half, brush(rng))
    return canvas.pixels


def dot(rng):
    """A click or a tiny dab: one short stroke of a wide or narrow brush."""
    canvas = Canvas(SIZE)
    start = rng.uniform(30, SIZE - 30, 2)
    canvas.stroke(start, start + rng.uniform(-4, 4, 2), float(rng.uniform(4.0, 24.0)))
    return canvas.pixels


def scribble(rng):
    """A tangle: one long stroke looping around a centre (a sum of random circles, as a hand scribbles)."""
    canvas = Canvas(SIZE)
    turns = np.linspace(0, rng.uniform(4, 10) * np.pi, 200)[:, None]
    speeds, phases = rng.uniform(0.5, 3.0, (1, 3)), rng.uniform(0, 2 * np.pi, (1, 3))
    sizes = rng.uniform(10, 50, (1, 3))
    x = (sizes * np.cos(speeds * turns + phases)).sum(axis=1)
    y = (sizes * np.sin(speeds * turns * rng.uniform(0.7, 1.3) + phases)).sum(axis=1)
    polyline(canvas, rng.uniform(110, SIZE - 110, 2) + np.stack([x, y], axis=1), brush(rng) * 0.6)
    return canvas.pixels


def strokes(rng):
    """Two to five separate strokes, straight or bent, at random places."""
    canvas = Canvas(SIZE)
    radius = brush(rng)
    for _ in range(int(rng.integers(2, 6))):
        points = rng.uniform(20, SIZE - 20, (int(rng.integers(2, 4)), 2))
        polyline(canvas, points, radius)
    return canvas.pixels


def smiley(rng):
    """A face: a round outline, two eyes, a smiling mouth."""
    canvas = Canvas(SIZE)
    radius = brush(rng) * 0.7
    centre = rng.uniform(110, SIZE - 110, 2)
    face = rng.uniform(60, 100)
    turn = np.linspace(0, 2 * np.pi, 60)
    polyline(canvas, centre + face * np.stack([np.cos(turn), np.sin(turn)], axis=1), radius)
    for side in (-1, 1):
        eye = centre + face * np.array([0.35 * side, -0.3])
        canvas.stroke(eye, eye + 1, radius * 1.3)
    smile = np.linspace(0.2 * np.pi, 0.8 * np.pi, 20)
    polyline(canvas, centre + face * 0.55 * np.stack([np.cos(smile), np.sin(smile)], axis=1), radius)
    return canvas.pixels


SHAPES = {"lines": line, "dots": dot, "scribbles": scribble, "random strokes": strokes, "smileys": smiley}


def non_characters(net, count, rng):
    """``{name: inputs (n, 784)}`` for every kind of drawing that is no class of ``net``."""
    style = net.meta.get("style", "mnist")
    kinds = {name: np.stack([canvas_to_input(make(rng), style) for _ in range(count)])
             for name, make in SHAPES.items()}
    other = "emnist-letters" if dataset_for(net) == "mnist" else "mnist"
    if datasets.is_available(other):
        images, _, _ = datasets.load(other, "test")
        pick = rng.permutation(len(images))[:count]
        kind = "letters" if other == "emnist-letters" else "digits"
        kinds[f"{kind} (other kind)"] = np.stack([canvas_to_input(drawn_like(i, rng), style) for i in images[pick]])
    return kinds


def fires(net, inputs, floor):
    """Where the rule says "not sure", for a batch of inputs."""
    probabilities = net.predict_proba(inputs)
    top = inspect.scores(net, inputs).max(axis=1)
    return np.array([inspect.not_sure(p, s, floor) for p, s in zip(probabilities, top)])


def report(path, count, seed):
    net = network.load(path)
    rng = np.random.default_rng(seed)
    floor = inspect.calibrated_floor(net)
    images, labels, _ = datasets.load(dataset_for(net), "test")
    pick = rng.permutation(len(images))[:count]
    drawn = np.stack([canvas_to_input(drawn_like(i, rng), net.meta.get("style", "mnist")) for i in images[pick]])
    read_right = net.predict(drawn) == labels[pick]
    rows = [("drawn test characters", drawn), ("  ...of those, read right", drawn[read_right]),
            ("  ...of those, read wrong", drawn[~read_right])]
    rows += list(non_characters(net, count // 4, rng).items())
    known = f"{floor:.2f}" if floor is not None else "unknown (its test images are not on disk)"
    print(f"\n{path}: {net!r}; score floor {known}")
    print(f"{'drawing':<40}  {'count':>6}  {'rule':>6}  {'p<0.5 only':>10}")
    for label, inputs in rows:
        print(f"{label:<40}  {len(inputs):6d}  {fires(net, inputs, floor).mean():6.1%}  "
              f"{fires(net, inputs, None).mean():10.1%}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("networks", nargs="*", default=[os.path.join("saved_networks", name) for name in
                                                        ("digits.npz", "tiny-digits.npz", "letters.npz")])
    parser.add_argument("--count", type=int, default=2000, help="drawn test characters per network")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(f"'not sure' when the top probability is below {inspect.SURE_SHARE:.0%} or the top score is below the "
          f"floor: the score only {inspect.FLOOR_SHARE:.1%} of correctly read test images fall below")
    try:
        for path in args.networks:
            report(path, args.count, args.seed)
    except network.InklingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

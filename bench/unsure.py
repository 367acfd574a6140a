"""Not sure: how often the "not sure" rule fires on real drawn characters and on drawings that are none.

Characters: test images of the network's own dataset redrawn on a 280x280 canvas (as in
bench/drawn_accuracy.py). Non-characters, drawn by network.marks with the app's own brush: lines (not
upright, which would be a fair 1 or I), dots, scribbles, a few random strokes, smileys, and characters of the other
kind (letters shown to a digit network, digits to a letter network). The rule should almost never
fire on the first and as often as possible on the rest.

    python bench/unsure.py [NETWORK.npz ...] [--count 2000] [--seed 0]
"""

import argparse
import os
import sys
from functools import partial

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import network  # noqa: E402
from bench_steps import run_steps  # noqa: E402
from drawn_accuracy import dataset_for  # noqa: E402
from network import datasets, inspect, marks  # noqa: E402
from network.redraw import drawn_inputs  # noqa: E402

SHAPES = ("lines", "dots", "scribbles", "random strokes", "smileys")  # kinds of network.marks


def non_characters(net, count, rng):
    """``{name: inputs (n, 784)}`` for every kind of drawing that is no class of ``net``."""
    style = net.meta.get("style", "mnist")
    kinds = {name: marks.framed(name, count, rng, style) for name in SHAPES}
    other = "emnist-letters" if dataset_for(net) == "mnist" else "mnist"
    if datasets.is_available(other):
        images, _, _ = datasets.load(other, "test")
        pick = rng.permutation(len(images))[:count]
        kind = "letters" if other == "emnist-letters" else "digits"
        kinds[f"{kind} (other kind)"] = drawn_inputs(images[pick], rng, style)
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
    drawn = drawn_inputs(images[pick], rng, net.meta.get("style", "mnist"))
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
    return run_steps(*(partial(report, path, args.count, args.seed) for path in args.networks))


if __name__ == "__main__":
    sys.exit(main())

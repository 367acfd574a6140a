"""Not a character: how often network.character_check.is_character calls marks "not a character", per kind,
and how many real drawn characters it refuses, on networks as they are saved.

Marks are drawn by network.marks with the app's own brush (new ones: another seed than the gate learned
from). Kinds the network's gate was kept from are reported apart from the kinds it learned from. Real
characters are test images redrawn on a canvas as in bench/drawn_accuracy.py; "read right" counts the
accepted ones read as their label. Each figure is given for the network's rule (its gate, where it has one)
and for the old rule alone (no class gets half the probability).

    python bench/not_a_character.py [NETWORK.npz ...] [--count 2000] [--marks 300] [--seed 1]
"""

import argparse
import os
import sys
from functools import partial

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import network  # noqa: E402  (first: it sets one BLAS thread before numpy loads)
import numpy as np  # noqa: E402

from network import datasets, marks  # noqa: E402
from network.character_check import is_character  # noqa: E402
from network.redraw import drawn_inputs  # noqa: E402
from bench_steps import run_steps  # noqa: E402

SHIPPED = [os.path.join("saved_networks", name) for name in ("characters.npz", "digits.npz", "letters.npz")]


def other_kind(net, count, rng):
    """Characters of the other kind (letters for a digit network, digits for a letter network), or None."""
    name = {"mnist": "emnist-letters", "emnist-letters": "mnist"}.get(net.meta.get("dataset"))
    if name is None or not datasets.is_available(name):
        return None
    images, _, _ = datasets.load(name, "test")
    return drawn_inputs(images[rng.permutation(len(images))[:count]], rng, net.meta.get("style", "mnist"))


def report(path, count, per_kind, seed):
    net = network.load(path)
    old = net.copy()
    old.gate = None
    rng = np.random.default_rng(seed)
    style = net.meta.get("style", "mnist")
    images, labels, _ = datasets.load(net.meta.get("dataset") or "", "test")
    pick = rng.permutation(len(images))[:count]
    drawn, labels = drawn_inputs(images[pick], rng, style), labels[pick]
    right = net.predict(drawn) == labels
    learned = net.gate.info.get("learned") if net.gate is not None else None
    held_out = list(marks.HELD_OUT) if learned is None else [kind for kind in marks.KINDS if kind not in learned]
    print(f"\n{path}: {net!r}, {'a gate' if net.gate is not None else 'no gate'}")
    print(f"{count:,} drawn test characters, read right {right.mean():.1%}")
    for name, rule in (("network's rule", net), ("50% rule alone", old)):
        accepted = is_character(rule, drawn)
        print(f"  {name:<15} refuses {1 - accepted.mean():5.1%}; read right among the accepted "
              f"{right[accepted].mean():.1%}")
    print(f"\n{'marks called not a character':<32} {'rule':>6} {'50% alone':>10}")
    groups = (("held out (never learned)", [k for k in marks.KINDS if k in held_out]),
              ("learned", [k for k in marks.KINDS if k not in held_out]))
    for title, kinds in groups:
        shares = []
        for kind in kinds:
            inputs = marks.framed(kind, per_kind, rng, style)
            shares.append((1 - is_character(net, inputs).mean(), 1 - is_character(old, inputs).mean()))
            print(f"  {kind:<30} {shares[-1][0]:6.1%} {shares[-1][1]:10.1%}")
        if shares:
            mean = np.mean(shares, axis=0)
            print(f"  {'mean, ' + title:<30} {mean[0]:6.1%} {mean[1]:10.1%}\n")
    others = other_kind(net, per_kind, rng)
    if others is not None:
        print(f"  {'the other kind of character':<30} {1 - is_character(net, others).mean():6.1%} "
              f"{1 - is_character(old, others).mean():10.1%}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("networks", nargs="*", default=SHIPPED)
    parser.add_argument("--count", type=int, default=2000, help="drawn test characters per network")
    parser.add_argument("--marks", type=int, default=300, help="marks of each kind")
    parser.add_argument("--seed", type=int, default=1, help="not 0: the gates learned from seed 0's marks")
    args = parser.parse_args(argv)
    return run_steps(*(partial(report, path, args.count, args.marks, args.seed) for path in args.networks))


if __name__ == "__main__":
    sys.exit(main())

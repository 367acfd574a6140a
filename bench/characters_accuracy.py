"""How well a digits-and-letters network reads MNIST test digits and EMNIST test letters.

Both test sets are framed in the network's own style. Prints the 36-class accuracy on both sets
together, accuracy within each group (the best digit for a digit, the best letter for a letter),
how often the right group wins, and the most confused pairs.

    python bench/characters_accuracy.py [NETWORK.npz] [--pairs 12]
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import network  # noqa: E402
from network import datasets  # noqa: E402
from network.groups import best_in_group, groups_of  # noqa: E402
from network.preprocess import frame_images  # noqa: E402

PARTS = (("digit", "mnist"), ("letter", "emnist-letters"))


def test_set(style):
    """MNIST test digits then EMNIST test letters, framed in ``style``, labelled 0..35."""
    images, labels, first = [], [], 0
    for _, name in PARTS:
        part_images, part_labels, classes = datasets.load(name, "test")
        if datasets.style_of(name) != style:
            part_images = frame_images(part_images, style)
        images.append(part_images)
        labels.append(part_labels + first)
        first += len(classes)
    return np.concatenate(images), np.concatenate(labels)


def confused_pairs(labels, predicted, names, count):
    """The ``count`` class pairs mixed up most often (both directions together), as text lines."""
    size = len(names)
    confusion = np.bincount(labels * size + predicted, minlength=size * size).reshape(size, size)
    np.fill_diagonal(confusion, 0)
    both = np.triu(confusion + confusion.T, 1)
    order = np.argsort(both, axis=None)[::-1][:count]
    lines = []
    for a, b in zip(*np.unravel_index(order, both.shape)):
        if both[a, b]:
            lines.append(f"  {names[a]} / {names[b]}: {both[a, b]:5d}   ({names[a]} read as {names[b]} "
                         f"{confusion[a, b]}, {names[b]} read as {names[a]} {confusion[b, a]})")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("network", nargs="?", default=os.path.join("saved_networks", "characters.npz"))
    parser.add_argument("--pairs", type=int, default=12, help="how many confused pairs to list (default 12)")
    args = parser.parse_args(argv)
    try:
        net = network.load(args.network)
        groups = groups_of(list(net.labels))
        if not groups:
            raise network.InklingError(f"{args.network}: its classes are not digits and letters together")
        style = net.meta.get("style", "mnist")
        images, labels = test_set(style)
    except network.InklingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    probabilities = net.predict_proba(datasets.as_inputs(images))
    predicted = np.argmax(probabilities, axis=1)
    print(f"{args.network}: {net!r}, style {style}")
    print(f"MNIST test digits ({np.isin(labels, groups['digit']).sum():,}) and EMNIST letters test "
          f"({np.isin(labels, groups['letter']).sum():,}), framed in the network's style\n")
    print(f"36-class accuracy, digits and letters together: {np.mean(predicted == labels):.2%}")
    for name, indices in groups.items():
        mine = np.isin(labels, indices)
        within = best_in_group(probabilities[mine], indices) == labels[mine]
        right_group = np.isin(predicted[mine], indices)
        print(f"{name}s: 36-class {np.mean(predicted[mine] == labels[mine]):.2%}, within the {name}s "
              f"{np.mean(within):.2%}, read as a {name} at all {np.mean(right_group):.2%}")
    print("\nmost confused pairs (test images, both directions):")
    print("\n".join(confused_pairs(labels, predicted, list(net.labels), args.pairs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

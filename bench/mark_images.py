"""Pictures for measuring "not a character" through the line reader: marks of every kind and redrawn test
characters, each a PNG of its own, half of them dark ink on white paper, named by what they are; then a
count of what ``python -m network read --as any`` printed for them.

    python bench/mark_images.py write DIR [--per-kind 30] [--characters 300] [--seed 42]
    python -m network read --as any DIR/*.png > read.tsv
    python bench/mark_images.py count read.tsv
"""

import argparse
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from network import datasets, marks  # noqa: E402
from network.redraw import drawn_like  # noqa: E402


def write(folder, per_kind, characters, seed):
    rng = np.random.default_rng(seed)
    os.makedirs(folder, exist_ok=True)

    def save(page, name):
        image = np.round(page * 255).astype(np.uint8)
        if rng.random() < 0.5:
            image, name = 255 - image, name + "-dark"
        Image.fromarray(image).save(os.path.join(folder, name + ".png"))

    for kind in marks.KINDS:
        group = "held" if kind in marks.HELD_OUT else "learned"
        for number in range(per_kind):
            save(marks.draw(kind, rng), f"mark-{group}-{kind.replace(' ', '_')}-{number}")
    images, labels, classes = datasets.load("characters", "test")
    for index in rng.permutation(len(images))[:characters]:
        save(drawn_like(images[index], rng), f"char-{classes[labels[index]]}-{index}")


def only_marks(text):
    """True when the reader named no character: it printed one or more '?' and nothing else."""
    return "?" in text and set(text) <= {"?", " ", "/"}


def count(table):
    """Per kind: the share read as exactly '?' (one mark, not a character) and as nothing but '?'s; for
    characters: the share read as '?', and how many of the rest are read right."""
    marks_read, characters = collections.defaultdict(list), []
    with open(table) as file:
        for line in file:
            path, _, text = line.rstrip("\n").partition("\t")
            name = os.path.basename(path)[:-4].removesuffix("-dark")
            what, group, rest = name.split("-", 2)  # a kind's name may hold a hyphen: its number is last
            if what == "mark":
                marks_read[(group, rest.rpartition("-")[0].replace("_", " "))].append(text)
            else:
                characters.append((group, text))
    print(f"  {'kind':<22} {'?':>6} {'only ?s':>8}  (a long mark may be cut in pieces, each a '?')")
    for group in ("held", "learned"):
        shares = []
        for (kind_group, kind), texts in sorted(marks_read.items()):
            if kind_group == group:
                shares.append((np.mean([text == "?" for text in texts]), np.mean([only_marks(text) for text in texts])))
                print(f"  {kind:<22} {shares[-1][0]:6.1%} {shares[-1][1]:8.1%}")
        if shares:
            mean = np.mean(shares, axis=0)
            print(f"  {'mean, ' + ('held out' if group == 'held' else 'learned'):<22} {mean[0]:6.1%} {mean[1]:8.1%}\n")
    if characters:
        accepted = [(label, text) for label, text in characters if text != "?"]
        print(f"characters: {1 - len(accepted) / len(characters):.1%} of {len(characters)} read as '?'; "
              f"read right among the rest {np.mean([label == text for label, text in accepted]):.1%}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    writer = commands.add_parser("write")
    writer.add_argument("folder")
    writer.add_argument("--per-kind", type=int, default=30)
    writer.add_argument("--characters", type=int, default=300)
    writer.add_argument("--seed", type=int, default=42)
    counter = commands.add_parser("count")
    counter.add_argument("table")
    args = parser.parse_args(argv)
    if args.command == "write":
        write(args.folder, args.per_kind, args.characters, args.seed)
    else:
        count(args.table)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Confusion matrices as heatmaps, one per network: ``python logs/confusion_plotter.py NET.npz [...]``.

Each row is a true class and each column a guess; a cell's colour is the share of that class's test images
guessed so, on a square-root scale so that rare confusions still show. Row labels give per-class accuracy.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the repository, for `network`

import numpy as np  # noqa: E402
from matplotlib.colors import PowerNorm  # noqa: E402

import network  # noqa: E402
from logs import plot_cli  # noqa: E402
from network import judge  # noqa: E402

COUNTS_UP_TO = 12  # classes: with more, the cells are too small to print their counts in


def judged(dataset=None, data_dir=None):
    """A reader for ``plot_cli.read_each``: a network file to its Judgement on its test split."""
    return lambda path: judge.judge(network.load(path), dataset, data_dir)


def shares(matrix):
    """Each row of a confusion matrix as fractions of that true class's images (rows without images stay 0)."""
    totals = matrix.sum(axis=1, keepdims=True)
    return matrix / np.maximum(totals, 1)


def draw_heatmap(axes, judgement, label, width):
    """One network's confusion matrix: colours by share of the row, counts in the cells when there is room;
    its title, the network's name first, fits ``width`` inches."""
    names, matrix = judgement.class_names, judgement.matrix
    classes = len(names)
    image = axes.imshow(np.ma.masked_equal(shares(matrix), 0), cmap="magma_r", norm=PowerNorm(0.4, vmin=0, vmax=1))
    axes.set_facecolor("white")  # a cell no image fell into stays blank
    ticks = np.arange(classes)
    axes.set_xticks(ticks, names, fontsize=9 if classes <= COUNTS_UP_TO else 6)
    accuracy = judgement.per_class_accuracy
    axes.set_yticks(ticks, [f"{name}  {'n/a' if np.isnan(a) else f'{a:.1%}'}" for name, a in zip(names, accuracy)],
                    fontsize=9 if classes <= COUNTS_UP_TO else 6)
    axes.set_xlabel("guessed class")
    axes.set_ylabel("true class  (its accuracy)")
    axes.tick_params(length=0)
    if classes <= COUNTS_UP_TO:
        share = shares(matrix)
        for (row, column), count in np.ndenumerate(matrix):
            if count:
                axes.text(column, row, f"{count:,}", ha="center", va="center", fontsize=7,
                          color="white" if share[row, column] > 0.4 else "black")
    dataset = os.path.basename(judgement.dataset)  # a CSV file or image folder given by its path: its name
    lines = [label, f"{judgement.accuracy:.2%} of {matrix.sum():,} {dataset} test images"]  # the name on its own line
    worst = judgement.worst_confusion()
    if worst:
        true, guessed = worst
        lines.append(f"most often wrong: {names[true]} read as {names[guessed]} ({matrix[true, guessed]:,} times)")
    axes.set_title("\n".join(plot_cli.shortened(line, width, 10) for line in lines), fontsize=10)
    return image


def plot_confusions(paths, dataset=None, data_dir=None):
    """A figure with a heatmap for every network that could be judged, or None when none could."""
    judgements, skipped = plot_cli.read_each(paths, judged(dataset, data_dir))
    if not judgements:
        return None
    side = 4.2 if max(len(j.class_names) for _, j in judgements) <= COUNTS_UP_TO else 7.0
    figure, grid = plot_cli.new_figure("Confusion matrices", skipped, ncols=len(judgements), squeeze=False,
                                       figsize=(side * len(judgements) + 1.2, side + 1.2))
    for axes, (label, judgement) in zip(grid[0], judgements):
        image = draw_heatmap(axes, judgement, label, side - 0.4)
    colour_bar = figure.colorbar(image, ax=list(grid[0]), shrink=0.8, format=lambda v, _: f"{v:.0%}")
    colour_bar.set_label("share of the true class's test images")
    return figure


def main(argv=None):
    """``NET.npz [NET.npz ...] [--dataset NAME] [--data-dir DIR] [--out FILE.png]``."""
    parser = plot_cli.parser("Plot each network's confusion matrix on its test split, with per-class accuracy.",
                             "networks (.npz) saved by Inkling")
    args = plot_cli.add_test_data_options(parser).parse_args(argv)
    return plot_cli.run(args, lambda args: plot_confusions(args.files, args.dataset, args.data_dir))


if __name__ == "__main__":
    sys.exit(main())

"""Robustness curves, networks overlaid: ``python logs/robustness_plotter.py NET.npz [...]``.

Accuracy on test images rotated, shifted, scaled, thickened or thinned, and noised, each over a range
of strengths (the same evenly spaced sample of each network's test split at every point). The last panel
shows what the strongest changes do to one test image.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the repository, for `network`

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

import network  # noqa: E402
from logs import plot_cli  # noqa: E402
from network import datasets, robustness  # noqa: E402
from network.robustness import VARIATIONS  # noqa: E402

EXAMPLE_INDEX = 0  # the test image shown changed


def measured(dataset=None, data_dir=None, count=robustness.SAMPLE):
    """A reader for ``plot_cli.read_each``: a network file to ``(network, curves)``."""
    def read(path):
        net = network.load(path)
        return net, robustness.robustness(net, dataset, data_dir, count)
    return read


def example_strip(image):
    """One row per variation, one column per level: ``image`` changed as the curves' points change it."""
    columns = max(len(v.levels) for v in VARIATIONS)
    strip = np.ones((len(VARIATIONS) * 30, columns * 30), dtype=np.float32)
    for row, variation in enumerate(VARIATIONS):
        changed = np.stack([variation.apply(image[None], level)[0] for level in variation.levels])
        for column, picture in enumerate(changed):
            strip[row * 30 + 1:row * 30 + 29, column * 30 + 1:column * 30 + 29] = 1 - picture
    return strip


def plot_curves(paths, dataset=None, data_dir=None, count=robustness.SAMPLE):
    """A figure of the five curves with every readable network overlaid, or None when none could be read."""
    measured_networks, skipped = plot_cli.read_each(paths, measured(dataset, data_dir, count))
    if not measured_networks:
        return None
    figure, grid = plot_cli.new_figure("Accuracy on changed test images", skipped, nrows=2, ncols=3,
                                       figsize=(13, 8))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    names = [dataset or net.meta.get("dataset") or "mnist" for _, (net, _) in measured_networks]
    for axes, variation in zip(grid.flat, VARIATIONS):
        for number, ((label, (net, curves)), name) in enumerate(zip(measured_networks, names)):
            shown = label if len(set(names)) == 1 else f"{label} ({name})"
            axes.plot(variation.levels, curves[variation.name] * 100, "o-", color=colours[number % len(colours)],
                      label=shown, markersize=4)
        axes.axvline(variation.neutral, color="0.6", linestyle="--", linewidth=1)
        axes.set_title(variation.name.capitalize(), fontsize=11)
        axes.set_xlabel(variation.unit)
        axes.set_ylim(0, 100)
        axes.yaxis.set_major_formatter(PercentFormatter())
        plot_cli.tidy(axes)
    grid[0][0].set_ylabel("test accuracy")
    grid[1][0].set_ylabel("test accuracy")
    images, _, _ = datasets.load(names[0], "test", data_dir)
    example = grid.flat[len(VARIATIONS)]
    example.imshow(example_strip(images[EXAMPLE_INDEX]), cmap="gray", vmin=0, vmax=1)
    example.set_yticks(np.arange(len(VARIATIONS)) * 30 + 14, [v.name for v in VARIATIONS])
    example.set_xticks([])
    example.set_title("One test image at each point", fontsize=11)
    example.set_xlabel(f"{min(count, len(images)):,} test images per point; dashed: unchanged", fontsize=8, color="0.45")
    example.spines[:].set_visible(False)
    handles, labels = grid[0][0].get_legend_handles_labels()
    plot_cli.legend_below(figure, handles, labels)
    return figure


def main(argv=None):
    """``NET.npz [NET.npz ...] [--images N] [--dataset NAME] [--data-dir DIR] [--out FILE.png]``."""
    parser = plot_cli.parser("Plot how each network's test accuracy falls as the images are rotated, shifted, "
                             "scaled, thickened or thinned, and noised.", "networks (.npz) saved by Inkling")
    parser.add_argument("--images", type=int, default=robustness.SAMPLE, metavar="N",
                        help=f"test images per point, evenly spaced over the test split (default {robustness.SAMPLE})")
    args = plot_cli.add_test_data_options(parser).parse_args(argv)
    if args.images < 1:
        parser.error("--images must be at least 1")
    return plot_cli.run(args, lambda args: plot_curves(args.files, args.dataset, args.data_dir, args.images))


if __name__ == "__main__":
    sys.exit(main())

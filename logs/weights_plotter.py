"""Histograms of every layer's weights and biases, networks overlaid: ``python logs/weights_plotter.py NET.npz [...]``.

One column per layer (the way data flows through the network), weights in the top row and biases in the
bottom one. Within a plot all networks share the same bins and each histogram is a density (area 1), so
networks of different sizes compare fairly; how many values each holds is written in the corner.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the repository, for `network`

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

import network  # noqa: E402
from logs import plot_cli  # noqa: E402


TAIL = 0.005  # the share of values cut from each end of a big histogram's range and counted in its end bins


def shared_edges(arrays):
    """Bin edges common to all networks' values, so that their shapes compare fairly.

    About sqrt(n) bins (8 to 80). For big layers the range spans the middle 99% of the values, so a few
    far-out weights do not squeeze everything else into one spike.
    """
    pooled = np.concatenate(arrays)
    bins = int(np.clip(np.sqrt(max(array.size for array in arrays)), 8, 80))
    low, high = np.quantile(pooled, [TAIL, 1 - TAIL]) if pooled.size >= 1000 else (pooled.min(), pooled.max())
    return np.histogram_bin_edges(pooled, bins=bins, range=(low, high) if low < high else None)


def draw_histograms(axes, arrays, labels, colours):
    """One outlined, lightly filled density histogram per network (each has area 1, so networks of different
    sizes compare); values beyond the bins count in the end bins. Returns how many values each holds, as text."""
    edges = shared_edges(arrays)
    for values, label, colour in zip(arrays, labels, colours):
        counts, _ = np.histogram(np.clip(values, edges[0], edges[-1]), edges)
        density = counts / (counts.sum() * np.diff(edges))
        axes.stairs(density, edges, fill=True, facecolor=to_rgba(colour, 0.25), edgecolor=colour,
                    linewidth=1.4, label=label)
    beyond = sum(int(np.sum((values < edges[0]) | (values > edges[-1]))) for values in arrays)
    if beyond:
        axes.text(0.99, 0.98, f"end bins also hold\n{beyond:,} values beyond", transform=axes.transAxes,
                  ha="right", va="top", fontsize=7.5, color="0.45")
    sizes = [f"{values.size:,}" for values in arrays]
    return "n = " + (f"{sizes[0]} each" if len(set(sizes)) == 1 and len(sizes) > 1 else " / ".join(sizes))


def layer_title(layer, kind, shapes, last):
    """"Layer 2 weights: 30 → 10 (output)", leaving out the sizes when the networks' layers differ."""
    title = f"Layer {layer + 1} {kind}"
    if len(set(shapes)) == 1:
        title += f": {shapes[0][0]} → {shapes[0][1]}"
    return title + (" (output)" if last else "")


def plot_networks(paths, weights=True, biases=True):
    """A figure of weight and bias histograms for every readable network, or None when none could be read."""
    networks, skipped = plot_cli.read_each(paths, network.load)
    if not networks:
        return None
    kinds = [kind for kind, shown in (("weights", weights), ("biases", biases)) if shown]
    layers = max(len(net.weights) for _, net in networks)
    figure, grid = plot_cli.new_figure("Weights and biases", skipped, nrows=len(kinds), ncols=layers,
                                       squeeze=False, figsize=(3.6 * layers + 1, 2.9 * len(kinds) + 1.3))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    mixed = len({net.sizes for _, net in networks}) > 1
    for row, kind in enumerate(kinds):
        for layer in range(layers):
            axes = grid[row][layer]
            present = [(number, label, net) for number, (label, net) in enumerate(networks)
                       if layer < len(net.weights)]
            counts = draw_histograms(axes, [getattr(net, kind)[layer].ravel() for _, _, net in present],
                            [label + (f" ({'-'.join(map(str, net.sizes))})" if mixed else "")
                             for _, label, net in present],
                            [colours[number % len(colours)] for number, _, _ in present])
            shapes = [net.sizes[layer:layer + 2] for _, _, net in present]
            last = all(layer == len(net.weights) - 1 for _, _, net in present)
            axes.set_title(layer_title(layer, kind, shapes, last), fontsize=11)
            axes.set_xlabel(f"{'weight' if kind == 'weights' else 'bias'} value\n{counts}")  # two lines: fits a column
            if layer == 0:
                axes.set_ylabel("density (area 1 per network)")
            axes.xaxis.set_major_locator(MaxNLocator(5))
            plot_cli.tidy(axes)
    handles, labels = grid[0][0].get_legend_handles_labels()
    plot_cli.legend_below(figure, handles, labels)
    return figure


def main(argv=None):
    """``NET.npz [NET.npz ...] [--no-weights | --no-biases] [--out FILE.png]``."""
    parser = plot_cli.parser("Plot histograms of each layer's weights and biases, networks overlaid.",
                             "networks (.npz) saved by Inkling")
    parser.add_argument("--no-weights", action="store_true", help="leave out the weights (show only biases)")
    parser.add_argument("--no-biases", action="store_true", help="leave out the biases (show only weights)")
    args = parser.parse_args(argv)
    if args.no_weights and args.no_biases:
        parser.error("--no-weights and --no-biases together leave nothing to plot")
    return plot_cli.run(args, lambda args: plot_networks(args.files, not args.no_weights, not args.no_biases))


if __name__ == "__main__":
    sys.exit(main())

"""Histograms of every layer's weights and biases, networks overlaid: ``python logs/weights_plotter.py NET.npz [...]``.

One column per layer (the way data flows through the network), weights in the top row and biases in the
bottom one. Within a plot all networks share the same bins, so their shapes compare fairly.
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


def bin_count(sizes):
    """Enough bins to show a shape, few enough that each still holds a sample: sqrt of the largest, 8 to 80."""
    return int(np.clip(np.sqrt(max(sizes)), 8, 80))


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
    for row, kind in enumerate(kinds):
        for layer in range(layers):
            axes = grid[row][layer]
            present = [(number, label, net) for number, (label, net) in enumerate(networks)
                       if layer < len(net.weights)]
            arrays = [getattr(net, kind)[layer].ravel() for _, _, net in present]
            edges = np.histogram_bin_edges(np.concatenate(arrays), bins=bin_count([a.size for a in arrays]))
            for (number, label, net), values in zip(present, arrays):
                colour = colours[number % len(colours)]
                counts, _ = np.histogram(values, edges)
                axes.stairs(counts, edges, fill=True, facecolor=to_rgba(colour, 0.25), edgecolor=colour,
                            linewidth=1.4, label=f"{label} ({'-'.join(map(str, net.sizes))})")
            shapes = [net.sizes[layer:layer + 2] for _, _, net in present]
            last = all(layer == len(net.weights) - 1 for _, _, net in present)
            axes.set_title(layer_title(layer, kind, shapes, last), fontsize=11)
            axes.set_xlabel("weight value" if kind == "weights" else "bias value")
            if layer == 0:
                axes.set_ylabel("how many")
            axes.xaxis.set_major_locator(MaxNLocator(5))
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
            plot_cli.tidy(axes)
    handles, labels = grid[0][0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 4), frameon=False)
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

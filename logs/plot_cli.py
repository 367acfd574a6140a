"""What the three plot scripts share: the command line, reading files one by one, and showing or saving."""

import argparse
import os
import sys

import matplotlib.pyplot as plt

from network.errors import InklingError

DPI = 130


def parser(description, files_help):
    """A parser for ``SCRIPT FILE [FILE ...] [--out FILE.png]``; each script adds its own options."""
    result = argparse.ArgumentParser(description=description)
    result.add_argument("files", nargs="+", metavar="FILE", help=files_help)
    result.add_argument("--out", metavar="FILE.png",
                        help="write the plot to this image file instead of opening a window")
    return result


def add_test_data_options(parser):
    """``--dataset`` and ``--data-dir``, for the scripts that judge networks on test images."""
    parser.add_argument("--dataset", help="test data for every network (default: each network's own dataset)")
    parser.add_argument("--data-dir", metavar="DIR", help="data folder (default $INKLING_DATA, else ./data)")
    return parser


def labels_for(paths):
    """Legend labels: each file's name without its extension, with its folder where two names are alike."""
    stems = [os.path.splitext(os.path.basename(path))[0] for path in paths]
    folders = [os.path.basename(os.path.dirname(os.path.abspath(path))) for path in paths]
    return [f"{folder}/{stem}" if stems.count(stem) > 1 else stem for folder, stem in zip(folders, stems)]


def read_each(paths, read):
    """``(readable, skipped)``: (label, contents) of every file ``read`` accepts, and the names of the rest.

    Each refused file gets one line on stderr naming it and the problem; the others still get plotted.
    """
    readable, skipped = [], []
    for path, label in zip(paths, labels_for(paths)):
        try:
            readable.append((label, read(path)))
        except InklingError as error:  # the line names the file, also when the problem is about something else
            named = str(error).startswith(str(path))
            print(f"skipped {error}" if named else f"skipped {path}: {error}", file=sys.stderr)
            skipped.append(os.path.basename(path))
    return readable, skipped


def new_figure(title, skipped=(), **subplots):
    """A figure with a window title, and a quiet footnote naming files that could not be plotted."""
    figure, axes = plt.subplots(layout="constrained", **subplots)
    if figure.canvas.manager is not None:
        figure.canvas.manager.set_window_title(f"Inkling: {title}")
    figure.suptitle(title, fontsize=14, fontweight="bold")
    if skipped:  # a figure-level label, so the layout makes room for it below everything else
        figure.supxlabel(f"Not plotted (see the terminal for why): {', '.join(skipped)}", x=0.005, ha="left",
                         fontsize=8, color="0.45")
    return figure, axes


def tidy(axes):
    """The house style for one plot: a light grid behind the data, no top or right frame."""
    axes.grid(True, color="0.88", linewidth=0.8)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)


def run(args, plot):
    """Draw ``plot(args)`` and show it in a window or save it to ``args.out``; returns the exit code.

    The code is 1 only when nothing could be plotted (or the picture could not be shown or written).
    """
    if args.out:
        plt.switch_backend("agg")
    figure = plot(args)
    if figure is None:
        print("nothing to plot: none of the files could be read", file=sys.stderr)
        return 1
    if args.out:
        try:
            figure.savefig(args.out, dpi=DPI)
        except (OSError, ValueError) as error:
            print(f"cannot write {args.out}: {error}", file=sys.stderr)
            return 1
        print(f"wrote {args.out}")
        return 0
    if figure.canvas.required_interactive_framework is None:
        print(f"cannot open a window here (matplotlib's backend '{plt.get_backend()}' only draws to files): "
              f"add --out FILE.png to save the plot", file=sys.stderr)
        return 1
    plt.show()
    return 0

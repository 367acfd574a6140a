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


FOOTNOTE_INCHES = 0.3  # the strip kept free at the bottom of a figure for its footnote
CHAR_WIDTH = 0.62  # a character's average width in DejaVu Sans, in ems: how much text a width holds, roughly


def new_figure(title, skipped=(), **subplots):
    """A figure with a window title, and a quiet footnote naming files that could not be plotted.

    The footnote has a strip of its own below the layout, so a legend below the plots never covers it.
    """
    figure, axes = plt.subplots(layout="constrained", **subplots)
    if figure.canvas.manager is not None:
        figure.canvas.manager.set_window_title(f"Inkling: {title}")
    figure.suptitle(title, fontsize=14, fontweight="bold")
    if skipped:
        strip = FOOTNOTE_INCHES / figure.get_figheight()
        figure.get_layout_engine().set(rect=(0, strip, 1, 1 - strip))
        note = f"Not plotted (see the terminal for why): {', '.join(skipped)}"
        figure.text(0.005, strip / 2, shortened(note, figure.get_figwidth() - 0.1, 8), ha="left", va="center",
                    fontsize=8, color="0.45")
    return figure, axes


def shortened(text, inches, fontsize):
    """``text`` cut in the middle with an ellipsis to fit about ``inches`` at ``fontsize`` points.

    The middle goes, so that a file name keeps both its start and its end (often a date or a number).
    """
    fits = max(5, int(inches * 72 / (fontsize * CHAR_WIDTH)))
    if len(text) <= fits:
        return text
    head = fits // 2
    return text[:head] + "…" + text[len(text) - (fits - 1 - head):]


def legend_below(figure, handles, labels, fontsize=10):
    """The figure's legend below the plots (above the footnote), in as many columns as its names fit side by side.

    Below rather than beside or above: beside, long names take half the figure; above, the title covers them.
    The layout is told to keep the legend's height free, as it keeps the footnote's strip.
    """
    width = figure.get_figwidth() - 0.2
    longest = max(len(label) for label in labels) + 5  # the line sample and the gap
    columns = max(1, min(len(labels), 4, int(width * 72 / (fontsize * CHAR_WIDTH)) // longest))
    labels = [shortened(label, width / columns - 0.6, fontsize) for label in labels]
    engine = figure.get_layout_engine()
    left, bottom, right, top = engine.get()["rect"]
    legend = figure.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, bottom), ncols=columns,
                           frameon=False, fontsize=fontsize)
    height = legend.get_window_extent(figure.canvas.get_renderer()).height / figure.bbox.height + 0.01  # a gap
    engine.set(rect=(left, bottom + height, right, top - height))


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

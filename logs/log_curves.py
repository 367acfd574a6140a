"""The cost and accuracy plotters' shared part: a train line and a test line for every training log."""

from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.ticker import PercentFormatter, StrMethodFormatter

from network.csvlog import log_info, read_log

from . import plot_cli

MAX_LEGEND_INSIDE = 8  # more legend entries than this go beside the plot, where they cover no line


@dataclass(frozen=True)
class Metric:
    """Which pair of log columns a plot shows, and how it is titled; ``percent`` turns fractions into %."""
    title: str
    axis_label: str
    train_column: str
    test_column: str
    percent: bool = False


def run_label(info):
    """A run named by its log's comment line: "mnist 784-128-10, lr 0.2, 2026-11-29 10:04"; None without one."""
    if not info.get("dataset"):
        return None
    parts = [f"{info['dataset']} {info.get('layers', '')}".strip()]
    if info.get("lr") is not None:
        parts.append(f"lr {info['lr']:g}" if isinstance(info["lr"], (int, float)) else f"lr {info['lr']}")
    if info.get("started"):
        parts.append(str(info["started"]))
    return ", ".join(parts)


def run_labels(labelled):
    """Legend names for ``(file label, log info)`` pairs: the run's description where the log has one (with
    the file's name too when two runs would read the same), else the file's name."""
    described = [run_label(info) for _, info in labelled]
    return [label if text is None else text if described.count(text) == 1 else f"{text} ({label})"
            for (label, _), text in zip(labelled, described)]


def plot_logs(paths, metric, samples=False):
    """A figure with ``metric`` over training for every readable log, or None when none could be read.

    Train values come from every row; test values only from the rows written at each epoch's end.
    The x axis is fractional epochs, or samples seen with ``samples``.
    """
    logs, skipped = plot_cli.read_each(paths, lambda path: (read_log(path), log_info(path)))
    if not logs:
        return None
    logs = list(zip(run_labels([(label, info) for label, (_, info) in logs]), [log for _, (log, _) in logs]))
    figure, axes = plot_cli.new_figure(metric.title, skipped, figsize=(9, 5.5))
    x_column = "samples" if samples else "epoch"
    scale = 100.0 if metric.percent else 1.0
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for number, (label, log) in enumerate(logs):
        colour = colours[number % len(colours)]
        axes.plot(log[x_column], [value * scale for value in log[metric.train_column]],
                  color=colour, linewidth=1.8, label=f"{label} (train)")
        tests = [(x, value * scale) for x, value in zip(log[x_column], log[metric.test_column])
                 if value is not None]
        if tests:
            xs, ys = zip(*tests)
            axes.plot(xs, ys, color=colour, linewidth=1.4, linestyle="--", marker="o", markersize=5,
                      label=f"{label} (test)")
    axes.set_title("train: average since the previous point    test: the whole test set at each epoch's end",
                   fontsize=9, color="0.4")
    axes.set_xlabel("samples seen" if samples else "epochs")
    axes.set_ylabel(metric.axis_label)
    axes.set_xlim(left=0)
    if samples:
        axes.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    if metric.percent:
        axes.yaxis.set_major_formatter(PercentFormatter(100))
    plot_cli.tidy(axes)
    if len(axes.get_lines()) > MAX_LEGEND_INSIDE:
        figure.legend(loc="outside right upper", frameon=False)
    else:
        axes.legend(loc="best", frameon=True, framealpha=0.9)
    return figure


def main(metric, description, argv=None):
    """The command line of a log plotter: ``FILE [FILE ...] [--samples] [--out FILE.png]``."""
    parser = plot_cli.parser(description, "training logs (.csv) written during training")
    parser.add_argument("--samples", action="store_true",
                        help="put the number of samples seen on the x axis instead of epochs")
    args = parser.parse_args(argv)
    return plot_cli.run(args, lambda args: plot_logs(args.files, metric, args.samples))

"""Text for the terminal: progress bars, accuracy reports, network summaries and ASCII-art digits."""

import math
import time

import numpy as np

from .cut_check import LINE_COUNTS
from .judge import confusion_matrix

SHADES = " .:-=+*#%@"


def _bar(fraction, width=24):
    filled = int(round(max(0.0, min(1.0, fraction)) * width))
    return "#" * filled + "-" * (width - filled)


def _duration(seconds):
    if not math.isfinite(seconds):
        return "?"
    seconds = int(round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class ProgressBar:
    """A one-line training progress bar, redrawn a few times a second, plus a line per finished epoch."""

    def __init__(self, stream, interval=0.1):
        self.stream, self.interval, self._last = stream, interval, 0.0
        self._open = False

    def update(self, progress):
        now = time.monotonic()
        if progress.kind == "epoch":
            test = ("" if progress.test_accuracy is None else
                    f"  test cost {progress.test_cost:.4f}  test accuracy {progress.test_accuracy:6.2%}")
            self._write(f"epoch {progress.epoch}/{progress.epochs}  cost {progress.cost:.4f}  "
                        f"accuracy {progress.accuracy:6.2%}{test}  {progress.samples_per_s:,.0f} samples/s  "
                        f"{_duration(progress.seconds)}", end="\n")
        elif now - self._last >= self.interval:
            self._write(f"epoch {progress.epoch}/{progress.epochs} [{_bar(progress.step / progress.steps)}] "
                        f"{progress.step}/{progress.steps}  cost {progress.cost:.4f}  "
                        f"accuracy {progress.accuracy:6.2%}  {progress.samples_per_s:,.0f} samples/s  "
                        f"left {_duration(progress.seconds_left)}", end="")
        else:
            return
        self._last = now

    def _write(self, text, end):
        self.stream.write("\r\033[K" + text + end)
        self.stream.flush()
        self._open = end == ""

    def finish(self):
        if self._open:
            self.stream.write("\n")
            self._open = False


class DownloadBar:
    """Progress of one file's download: name, bar, bytes so far."""

    def __init__(self, stream):
        self.stream = stream

    def __call__(self, name, done, total):
        fraction = done / total if total else 0.0
        size = f"{done / 1e6:.1f}/{total / 1e6:.1f} MB" if total else f"{done / 1e6:.1f} MB"
        self.stream.write(f"\r\033[K{name} [{_bar(fraction)}] {size}" + ("\n" if total and done >= total else ""))
        self.stream.flush()


def accuracy_report(class_names, labels, predicted, title):
    """Overall accuracy, per-class accuracy and the confusion matrix as aligned text."""
    matrix = confusion_matrix(labels, predicted, len(class_names))
    width = max(5, max(len(name) for name in class_names) + 1, len(str(matrix.max())) + 1)
    lines = [f"{title}: accuracy {np.trace(matrix) / matrix.sum():.2%} "
             f"({np.trace(matrix):,} of {matrix.sum():,})", "", "per class:"]
    for index, name in enumerate(class_names):
        total = matrix[index].sum()
        share = f"{matrix[index, index] / total:7.2%}" if total else "    n/a"
        lines.append(f"  {name:>{width}} {share}  ({matrix[index, index]:,} of {total:,})")
    lines += ["", "confusion matrix (rows: true class, columns: predicted):",
              " " * (width + 1) + "".join(f"{name:>{width}}" for name in class_names)]
    for index, name in enumerate(class_names):
        lines.append(f"{name:>{width}} " + "".join(f"{count:>{width}}" for count in matrix[index]))
    return "\n".join(lines)


def network_info(net, path):
    """What a saved network is: sizes, activations, classes, parameters and its training history."""
    accuracy = net.meta.get("test_accuracy")
    history = net.meta.get("history", [])
    stopped = " (measured when its last run was stopped early)" if history and history[-1].get("stopped_early") else ""
    lines = [f"{path}",
             f"  layers:        {' -> '.join(map(str, net.sizes))}",
             f"  activations:   {net.activation} hidden, {net.output} output",
             f"  classes:       {' '.join(net.labels)}",
             f"  parameters:    {net.parameter_count:,}",
             f"  input style:   {net.meta.get('style', 'mnist')}",
             f"  dataset:       {net.meta.get('dataset') or 'unknown'}",
             f"  epochs:        {net.meta.get('epochs', 0)}",
             f"  test accuracy: {'unknown' if accuracy is None else f'{accuracy:.2%}{stopped}'}",
             *gate_info(net), *cut_check_info(net)]
    if history:
        lines.append("  training history:")
    for number, run in enumerate(history, start=1):
        accuracy = run.get("test_accuracy")
        settings = ", ".join(f"{key} {run[key]}" for key in ("batch_size", "lr", "lr_decay", "momentum", "l2", "seed", "augment")
                             if key in run)
        lines.append(f"    {number}. {run.get('dataset', '?')}: {_epochs_done(run)}, {settings}; "
                     f"test accuracy {'?' if accuracy is None else f'{accuracy:.2%}'}, "
                     f"{_duration(run.get('seconds', float('nan')))}")
        if run.get("replay"):
            lines.append(f"       taught with {run['replay']['share']:.0%} of every batch replayed from "
                         f"{run['replay']['dataset']}; " + "; ".join(teaching_changes(run, net.labels)))
        if run.get("refit"):
            counts = run["refit"]
            lines.append(f"       output layer fitted again on training images: {counts.get('as_they_are', 0):,} as "
                         f"they are, {counts.get('drawn', 0):,} redrawn, {counts.get('scanned', 0):,} enlarged "
                         f"(hidden layers and gate kept)")
        for change in run.get("changes", []):
            what = ", ".join(f"{'learning rate' if key == 'lr' else key} -> {value}"
                             for key, value in change.items() if key != "at_epoch")
            lines.append(f"       at epoch {change.get('at_epoch', '?')}: {what}")
        if run.get("command"):
            lines.append(f"       {run['command']}")
    return "\n".join(lines)


def gate_info(net):
    """What says "not a character" for ``net``: its gate (sizes, threshold, what it learned from) or today's rule."""
    gate = net.gate
    if gate is None:
        return ["  not a character: no gate; an input no class gets half the probability for"]
    learned, held_out = gate.info.get("learned"), gate.info.get("held_out")
    reads = ["the hidden layers"] + (["the drawing's shape counts (pieces of ink, holes)"] if gate.counts else []) + (
        ["which way its edges face"] if gate.directions else []) + (
        [f"how well an autoencoder {' -> '.join(map(str, gate.autoencoder.sizes))} of characters redraws it"]
        if gate.autoencoder is not None else [])
    listed = reads[0] if len(reads) == 1 else ", ".join(reads[:-1]) + " and " + reads[-1]
    lines = [f"  not a character: a gate {' -> '.join(map(str, gate.net.sizes))} on {listed}"
             + (", judged in five places a pixel apart" if gate.shifts else "")
             + f", character probability under {gate.threshold:.3f}"
             + (f" (set to refuse {gate.info['refused']:.1%} of drawn training characters)" if "refused" in gate.info else "")]
    if learned is not None:
        lines.append(f"    learned from {len(learned)} kinds of marks: {', '.join(learned)}")
    if held_out:
        lines.append(f"    kept out, to measure it: {', '.join(held_out)}")
    if gate.info.get("command"):
        lines.append(f"    {gate.info['command']}")
    return lines


def cut_check_info(net):
    """The cut check that judges pieces of touching characters, when ``net`` has one (sizes, what it learned
    from)."""
    check = net.cut_check
    if check is None:
        return []
    learned = [f"{check.info[key]:,} of {what}" for key, (_, what) in LINE_COUNTS.items() if check.info.get(key)]
    lines = [f"  cut check: {' -> '.join(map(str, check.net.sizes))} on the last hidden layer and the classes' "
             f"log-probabilities, learned from lines of three touching characters: "
             f"{', '.join(learned) or 'none on record'}"]
    if check.info.get("command"):
        lines.append(f"    {check.info['command']}")
    return lines


CHANGES_SHOWN = 5  # classes named for each of worse and better; the rest are counted


def class_changes(run, labels):
    """``[(class name, before, after)]`` of a teaching run's test classes whose accuracy changed, largest drop first."""
    by_class = run.get("test_by_class", {})
    pairs = zip(labels, by_class.get("before", []), by_class.get("after", []))
    changed = [(name, before, after) for name, before, after in pairs
               if None not in (before, after) and round(after - before, 4)]
    return sorted(changed, key=lambda change: change[2] - change[1])


def _changes_in_words(changes, percent):
    """'7 99.22% -> 97.86%, 4 98.47% -> 98.17% and 3 more'."""
    shown = [f"{name} {before:{percent}} -> {after:{percent}}" for name, before, after in changes[:CHANGES_SHOWN]]
    more = len(changes) - CHANGES_SHOWN
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def drawings_measured(notes):
    """What a teaching run's drawings accuracy was measured on, in words, from its history's notes."""
    count = notes.get("drawings_tested")
    if count is None:
        return "the drawings"
    plural = "s" if count != 1 else ""
    if notes.get("drawings_held_out"):
        return f"the {count} drawing{plural} held out from the teaching"
    return f"the {count} taught drawing{plural} themselves"


def teaching_changes(run, labels, percent=".2%"):
    """A teaching run's before -> after, one item each: the replayed test set, the drawings (saying what they
    were measured on), and the test set's classes that got worse (largest drop first) and better."""
    before, items = run.get("before", {}), []
    if run.get("test_accuracy") is not None:
        start = before.get("test_accuracy")
        items.append(f"{run['replay']['dataset']} test accuracy {'?' if start is None else f'{start:{percent}}'} "
                     f"-> {run['test_accuracy']:{percent}}")
    if run.get("drawings_accuracy") is not None:
        start = before.get("drawings_accuracy")
        items.append(f"drawings accuracy {'?' if start is None else f'{start:{percent}}'} -> "
                     f"{run['drawings_accuracy']:{percent}} on {drawings_measured(run)}")
    changes = class_changes(run, labels)
    worse = [change for change in changes if change[2] < change[1]]
    better = [change for change in reversed(changes) if change[2] > change[1]]
    items += [f"{name}: {_changes_in_words(found, percent)}" for name, found in (("worse", worse), ("better", better))
              if found]
    return items


def teaching_summary(run, labels):
    """A teaching run's accuracies before and after, a line each (see ``teaching_changes``)."""
    return "\n".join(teaching_changes(run, labels))


def _epochs_done(run):
    """'3 epochs', or for a run stopped early 'stopped early after 2.41 of 10 epochs (step 2,260)'."""
    if not run.get("stopped_early"):
        return f"{run.get('epochs', '?')} epochs"
    steps = f" (step {run['steps']:,})" if isinstance(run.get("steps"), int) else ""
    return f"stopped early after {run.get('epochs', '?')} of {run.get('planned_epochs', '?')} epochs{steps}"


def ascii_image(image):
    """A 28x28 uint8 image as text, two characters per pixel so it keeps its shape."""
    steps = (image.astype(np.int64) * (len(SHADES) - 1) + 127) // 255
    return "\n".join("".join(SHADES[v] * 2 for v in row) for row in steps)


def probability_bars(class_names, probabilities, width=30):
    """Every class's probability as a labelled bar, the most likely marked."""
    best = int(np.argmax(probabilities))
    pad = max(len(name) for name in class_names)
    return "\n".join(f"{name:>{pad}} {_bar(p, width)} {p:6.1%}" + ("  <- guess" if i == best else "")
                     for i, (name, p) in enumerate(zip(class_names, probabilities)))


def mistakes_report(judgement, count):
    """The ``count`` most confident mistakes as ASCII art, each with its likeliest classes' probabilities."""
    names = judgement.class_names
    chosen = judgement.mistakes(count)
    lines = [f"the {len(chosen)} most confident mistakes of {int((judgement.predicted != judgement.labels).sum()):,}:"]
    for rank, index in enumerate(chosen, start=1):
        true, guessed = int(judgement.labels[index]), int(judgement.predicted[index])
        shown = [int(k) for k in judgement.top_classes(index)]
        shown += [] if true in shown else [true]
        lines += ["", f"#{rank}: test image {index}, labelled {names[true]}, guessed {names[guessed]} "
                      f"({judgement.confidence[index]:.2%} sure)",
                  ascii_image(judgement.images[index]),
                  probability_bars([names[k] for k in shown], judgement.probabilities[index, shown])]
    return "\n".join(lines)

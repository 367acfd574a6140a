"""The CSV training log: one row every few steps (train cost and accuracy) and one per epoch (with test).

Columns: epoch (fractional epochs done), samples, cost, accuracy, test_cost, test_accuracy,
samples_per_s, seconds. ``cost`` and ``accuracy`` are the means over the training samples since the
previous row, so the curve is smooth and current. Test columns are empty except on rows written at
the end of an epoch. Accuracies are fractions from 0 to 1.
"""

import csv
import math
import os
import time

from .errors import InklingError
from .paths import unique_path
from .places import logs_folder

COLUMNS = ["epoch", "samples", "cost", "accuracy", "test_cost", "test_accuracy", "samples_per_s", "seconds"]


class LogFileError(InklingError):
    """A file that is not an Inkling training log, or one with a malformed row."""

    def __init__(self, path, problem):
        super().__init__(f"{path}: {problem}")


def default_log_path(name, folder=None):
    """``<home>/logs/<name>-<date>-<time>.csv`` (see network.places): a fresh file for every run, even two
    in the same second."""
    return unique_path(folder or logs_folder(), f"{name}-{time.strftime('%Y%m%d-%H%M%S')}", ".csv")


class CsvLog:
    """Writes Progress events as rows; ``rows_per_epoch`` step rows plus one row at every epoch's end."""

    def __init__(self, path, rows_per_epoch=20):
        self.path = path
        self.rows_per_epoch = rows_per_epoch
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self._file = open(path, "w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file)
        self._writer.writerow(COLUMNS)
        self._epoch, self._epoch_start, self._written = 0, 0, (0, 0.0, 0.0)

    def write(self, progress):
        """Record ``progress`` if it is an epoch's end or one of the evenly spaced steps."""
        if progress.epoch != self._epoch:
            self._epoch, self._epoch_start = progress.epoch, self._written[0]
            self._written = (self._epoch_start, 0.0, 0.0)
        every = max(1, progress.steps // self.rows_per_epoch)
        if progress.kind == "step" and (progress.step % every or progress.step == progress.steps):
            return
        # Progress carries means over the epoch so far; the row gets the mean since the previous row.
        done = progress.samples_seen - self._epoch_start
        cost_total, correct_total = progress.cost * done, progress.accuracy * done
        samples, last_cost_total, last_correct_total = self._written
        fresh = max(progress.samples_seen - samples, 1)
        cost = (cost_total - last_cost_total) / fresh
        accuracy = (correct_total - last_correct_total) / fresh
        self._written = (progress.samples_seen, cost_total, correct_total)
        blank = lambda value: "" if value is None else f"{value:.6g}"
        self._writer.writerow([f"{progress.epochs_done:.6g}", progress.samples_seen, f"{cost:.6g}",
                               f"{accuracy:.6g}", blank(progress.test_cost),
                               blank(progress.test_accuracy), f"{progress.samples_per_s:.1f}",
                               f"{progress.seconds:.3f}"])
        self._file.flush()

    def close(self):
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def read_log(path):
    """The log's columns as a dict of lists of floats (None where empty); LogFileError if it is not a log."""
    try:
        with open(path, newline="", encoding="utf-8") as file:
            rows = list(csv.reader(file))
    except (OSError, UnicodeDecodeError) as error:
        raise LogFileError(path, f"cannot be read as a text file ({error})") from None
    if not rows or rows[0] != COLUMNS:
        raise LogFileError(path, "is not an Inkling training log (its first line should be: "
                                 + ",".join(COLUMNS) + ")")
    columns = {name: [] for name in COLUMNS}
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(COLUMNS):
            raise LogFileError(path, f"line {number}: {len(row)} fields, expected {len(COLUMNS)}")
        for name, text in zip(COLUMNS, row):
            try:
                value = float(text) if text.strip() else None
            except ValueError:
                raise LogFileError(path, f"line {number}: {name} {text[:20]!r} is not a number") from None
            if value is None and not name.startswith("test_"):
                raise LogFileError(path, f"line {number}: {name} is missing")
            if value is not None and not math.isfinite(value):
                raise LogFileError(path, f"line {number}: {name} is {text}, not a finite number")
            columns[name].append(value)
    if not columns["epoch"]:
        raise LogFileError(path, "has no rows")
    return columns

"""The CSV training log: one row every few steps (train cost and accuracy) and one per epoch (with test).

Columns: epoch (fractional epochs done), samples, cost, accuracy, test_cost, test_accuracy,
samples_per_s, seconds. ``cost`` and ``accuracy`` are the means over the training samples since the
previous row, so the curve is smooth and current. Test columns are empty except on rows written at
the end of an epoch. Accuracies are fractions from 0 to 1. A log may start with one comment line,
``# inkling-run {json}``, saying what ran (dataset, layers, learning rate, ..., when it started);
logs without it (written before it existed) read the same.
"""

import csv
import json
import math
import os
import time

from .errors import InklingError
from .files import regular_file
from .paths import unique_path
from .places import logs_folder

COLUMNS = ["epoch", "samples", "cost", "accuracy", "test_cost", "test_accuracy", "samples_per_s", "seconds"]
INFO_MARK = "# inkling-run "
MAX_LOG_BYTES = 256 * 2**20  # a log gains about 1.5 KB an epoch: this is over 100,000 epochs


class LogFileError(InklingError):
    """A file that is not an Inkling training log, or one with a malformed row."""

    def __init__(self, path, problem):
        super().__init__(f"{path}: {problem}")


def default_log_path(name, folder=None):
    """``<home>/logs/<name>-<date>-<time>.csv`` (see network.places): a fresh file for every run, even two
    in the same second."""
    return unique_path(folder or logs_folder(), f"{name}-{time.strftime('%Y%m%d-%H%M%S')}", ".csv")


def run_info(dataset, sizes, settings, activation=None):
    """What a log's comment line says about its run: dataset, layers, settings, and when it started."""
    info = {"dataset": dataset, "layers": "-".join(map(str, sizes)), "lr": settings.lr,
            "batch_size": settings.batch_size, "epochs": settings.epochs, "seed": settings.seed,
            "started": time.strftime("%Y-%m-%d %H:%M")}
    if activation:
        info["activation"] = activation
    return info


class CsvLog:
    """Writes Progress events as rows; ``rows_per_epoch`` step rows plus one row at every epoch's end.

    ``info`` (a dict, see ``run_info``) goes into the first line as a comment naming the run.
    """

    def __init__(self, path, rows_per_epoch=20, info=None):
        self.path = path
        self.rows_per_epoch = rows_per_epoch
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self._file = open(path, "w", newline="", encoding="utf-8")
        if info:
            self._file.write(INFO_MARK + json.dumps(info) + "\n")
        self._writer = csv.writer(self._file)
        self._writer.writerow(COLUMNS)
        self._epoch, self._epoch_start, self._written = 0, 0, (0, 0.0, 0.0)

    def write(self, progress, last=False):
        """Record ``progress`` if it is an epoch's end or one of the evenly spaced steps (or, with ``last``,
        the step where a run was stopped, unless it is written already)."""
        if progress.epoch != self._epoch:
            self._epoch, self._epoch_start = progress.epoch, self._written[0]
            self._written = (self._epoch_start, 0.0, 0.0)
        every = max(1, progress.steps // self.rows_per_epoch)
        if last and progress.samples_seen == self._written[0]:
            return
        if not last and progress.kind == "step" and (progress.step % every or progress.step == progress.steps):
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


def _lines(path):
    """The file's lines; LogFileError naming what the file seems to be when it is not text, or is no regular
    file (a named pipe would block the first read forever), or is larger than any training log."""
    size = regular_file(path, LogFileError, "a training log (.csv)")
    if size > MAX_LOG_BYTES:
        raise LogFileError(path, f"is {size / 2**20:,.0f} MB, larger than any training log "
                                 f"(at most {MAX_LOG_BYTES // 2**20} MB)")
    try:
        with open(path, "rb") as file:
            start = file.read(8)
        if start.startswith(b"PK\x03\x04") or start.startswith(b"\x93NUMPY"):
            raise LogFileError(path, "is a saved network or numpy file, not a training log (.csv); "
                                     "plot networks with logs/weights_plotter.py")
        with open(path, newline="", encoding="utf-8") as file:
            return file.read().splitlines()
    except OSError as error:
        raise LogFileError(path, f"cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise LogFileError(path, "is not a text file, so not a training log (.csv)") from None


def log_info(path):
    """The run described by the log's comment line (dataset, layers, lr, ...), or {} for a log without one."""
    for line in _lines(path)[:1]:
        if line.startswith(INFO_MARK):
            try:
                info = json.loads(line[len(INFO_MARK):])
            except ValueError:
                return {}
            return info if isinstance(info, dict) else {}
    return {}


def read_log(path):
    """The log's columns as a dict of lists of floats (None where empty); LogFileError if it is not a log."""
    lines = _lines(path)
    skipped = 1 if lines and lines[0].startswith(INFO_MARK) else 0
    rows = list(csv.reader(lines[skipped:]))
    if not rows or rows[0] != COLUMNS:
        raise LogFileError(path, "is not an Inkling training log (its first line should be: "
                                 + ",".join(COLUMNS) + ")")
    columns = {name: [] for name in COLUMNS}
    for number, row in enumerate(rows[1:], start=2 + skipped):
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

"""Judging a network on its test split: the confusion matrix, per-class accuracy, mistakes ranked by confidence.

A judgement is computed once per network (recognised by its weights) and dataset, and kept in memory,
so the window, the plot scripts and the command line never evaluate the same thing twice in one run.
"""

import hashlib
import os
import threading
from collections import OrderedDict

import numpy as np

from . import datasets
from .errors import InklingError

CHUNK = 1000  # test images per forward pass: the progress steps, and a bound on the memory one pass takes
KEPT = 6  # results kept in memory


def confusion_matrix(labels, predicted, classes):
    """Counts (true class, predicted class), shape (classes, classes)."""
    matrix = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(matrix, (labels, predicted), 1)
    return matrix


class Judgement:
    """Every test image's class probabilities under one network, and what follows from them."""

    def __init__(self, class_names, images, labels, probabilities, dataset=""):
        self.class_names, self.dataset = list(class_names), dataset
        self.images, self.labels, self.probabilities = images, np.asarray(labels), probabilities
        self.predicted = probabilities.argmax(axis=1)
        self.confidence = probabilities[np.arange(len(labels)), self.predicted]
        self.matrix = confusion_matrix(self.labels, self.predicted, len(self.class_names))

    @property
    def accuracy(self):
        return float(np.trace(self.matrix) / max(1, self.matrix.sum()))

    @property
    def per_class_accuracy(self):
        """Share of each class's test images guessed right; NaN for a class without test images."""
        totals = self.matrix.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(totals > 0, np.diag(self.matrix) / totals, np.nan)

    def cell(self, true, guessed):
        """Indices of the test images labelled ``true`` and guessed ``guessed``.

        A mistake cell lists the most confident mistakes first; the diagonal lists the closest calls first
        (the right guesses the network was least sure of), since those are the ones worth a look.
        """
        found = np.flatnonzero((self.labels == true) & (self.predicted == guessed))
        order = np.argsort(self.confidence[found], kind="stable")
        return found[order if true == guessed else order[::-1]]

    def mistakes(self, count=None):
        """Indices of the wrongly guessed test images, the most confident mistakes first."""
        wrong = np.flatnonzero(self.predicted != self.labels)
        return wrong[np.argsort(-self.confidence[wrong], kind="stable")][:count]

    def worst_confusion(self):
        """``(true, guessed)`` of the mistake the network makes most often, or None when it makes none."""
        off = self.matrix - np.diag(np.diag(self.matrix))
        if not off.any():
            return None
        true, guessed = np.unravel_index(int(np.argmax(off)), off.shape)
        return int(true), int(guessed)

    def top_classes(self, index, count=3):
        """The ``count`` most likely classes of test image ``index``, most likely first."""
        return np.argsort(-self.probabilities[index], kind="stable")[:count]


def evaluate(net, images, labels, class_names=None, dataset="", progress=None, chunk=CHUNK):
    """The Judgement of ``net`` on uint8 ``images`` (n, 28, 28); ``progress(done, total)`` after every chunk."""
    total = len(images)
    probabilities = np.empty((total, net.sizes[-1]), dtype=np.float32)
    for start in range(0, total, chunk):
        probabilities[start:start + chunk] = net.predict_proba(datasets.as_inputs(images[start:start + chunk]))
        if progress:
            progress(min(start + chunk, total), total)
    return Judgement(class_names or net.labels, images, labels, probabilities, dataset)


def test_split(net, dataset=None, data_dir=None):
    """``(name, images, labels)`` of the named dataset's test split, else of the one the network was trained on."""
    name = dataset or net.meta.get("dataset") or "mnist"
    if not dataset and name not in datasets.DATASETS and not os.path.exists(name):  # a named one: load says why
        raise InklingError(f"the network was trained on {name!r}, which is not a known dataset here "
                           f"(on the command line, name its test data with --dataset)")
    images, labels, classes = datasets.load(name, "test", data_dir)
    return name, images, datasets.relabel(name, labels, classes, net.labels, "the network")


def fingerprint(net):
    """A digest of everything that decides a network's answers: recognises the same network in another object."""
    digest = hashlib.blake2b(repr((net.sizes, net.activation, net.output, net.labels)).encode(), digest_size=16)
    for array in (*net.weights, *net.biases):
        digest.update(np.ascontiguousarray(array).data)
    return digest.hexdigest()


_memos = []


class Memo:
    """Results kept by key, the least recently used forgotten first; safe to use from a worker thread."""

    def __init__(self, kept=KEPT):
        self.kept, self._results, self._lock = kept, OrderedDict(), threading.Lock()
        _memos.append(self)

    def get(self, key, compute):
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        result = compute()
        with self._lock:
            self._results[key] = result
            while len(self._results) > self.kept:
                self._results.popitem(last=False)
        return result

    def clear(self):
        with self._lock:
            self._results.clear()


def forget():
    """Forget every remembered judgement and robustness curve: the next request computes afresh (for timing)."""
    for memo in _memos:
        memo.clear()


_judgements = Memo()


def judgement_key(net, dataset=None, data_dir=None):
    return fingerprint(net), dataset or net.meta.get("dataset") or "mnist", datasets.data_root(data_dir)


def judge(net, dataset=None, data_dir=None, progress=None):
    """The Judgement of ``net`` on its dataset's test split (or ``dataset``'s), computed once and remembered."""
    def compute():
        name, images, labels = test_split(net, dataset, data_dir)
        return evaluate(net, images, labels, dataset=name, progress=progress)
    return _judgements.get(judgement_key(net, dataset, data_dir), compute)

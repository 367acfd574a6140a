"""The cut check: a small network beside a classifier that judges a candidate piece of a line of touching
characters: one whole character, or not (two framed together, a part of one, a cut that missed).

The classifier alone reads two touching digits framed together as one confident digit (a 7 with the 1 it
touches, as 7), two touching letters as one wide letter (HOLD read as ND) and a part of a character as
another, so the cut search would keep too few cuts, or the wrong ones. The reader adds the check's
log-probability of "one character" to each candidate's score when it reads a line as a kind the check learned
(network/reading.py; ``learned_kinds``). It reads what the classifier sees and says: its last hidden layer and
its log-probabilities on the kind. Training the classifier again, or refitting its output layer, drops it.
"""

from dataclasses import dataclass, field

import numpy as np

from .model import Network

CHECK_LABELS = ["not one character", "one character"]
CHECK_ACTIVATION = "relu"
# What a check's metadata counts of the lines it learned from: each count's key, the kind of line it teaches
# the check to judge, and what those lines were made of (shown by info).
LINE_COUNTS = {"lines": ("number", "MNIST digits"), "drawn_lines": ("number", "drawn digits"),
               "letter_lines": ("word", "EMNIST letters"), "drawn_letter_lines": ("word", "drawn letters")}


@dataclass
class CutCheck:
    """The check's own network (inputs: ``check_inputs``; outputs: not one character, one character) and what
    it learned from (``info``, stored in the metadata: how many lines of digits and of letters)."""
    net: Network
    info: dict = field(default_factory=dict)

    def copy(self):
        return CutCheck(self.net.copy(), dict(self.info))


def input_size(classifier):
    """How many inputs a cut check for ``classifier`` has: its last hidden layer and one per class."""
    return classifier.sizes[-2] + classifier.sizes[-1]


def check_inputs(classifier, activations, indices=None):
    """The check's inputs from the classifier's forward pass over a batch: the last hidden layer beside the
    log of every class's probability; with ``indices`` (a kind's classes), those classes' probabilities shared
    among them alone and the others' at the floor. A piece is one character or not as the kind it is read as:
    two touching digits framed together look like one letter (a 1 and a 4 like an H)."""
    probabilities = classifier.probabilities(activations[-1])
    if indices is not None and len(indices) < probabilities.shape[1]:
        within = probabilities[:, indices]
        probabilities = np.zeros_like(probabilities)
        probabilities[:, indices] = within / np.maximum(within.sum(axis=1, keepdims=True), 1e-12)
    return np.concatenate([activations[-2], np.log(probabilities + 1e-6)], axis=1)


def learned_kinds(classifier):
    """The kinds of line ("number", "word") whose pieces ``classifier``'s cut check learned to judge: a check
    made before it learned letters judges digits only."""
    info = classifier.cut_check.info if classifier.cut_check is not None else {}
    return {kind for key, (kind, _) in LINE_COUNTS.items() if info.get(key)}


def one_character_log_probability(classifier, activations, indices=None):
    """float (n,): the log-probability the classifier's cut check gives each input of being one whole character
    of the classes ``indices`` (a kind's; a check made before it learned letters reads every class); zeros for
    a classifier without one (every candidate then counts as it did before)."""
    check = classifier.cut_check
    if check is None:
        return np.zeros(len(activations[-1]))
    by_kind = indices if "letter_lines" in check.info else None
    share = check.net.predict_proba(check_inputs(classifier, activations, by_kind))[:, 1]
    return np.log(np.maximum(share, 1e-9))

"""The cut check: a small network beside a classifier that judges a candidate piece of a line of touching
digits: one whole digit, or not (two digits framed together, a part of one, a cut that missed).

The classifier alone reads two touching digits framed together as one confident digit (a 7 with the 1 it
touches, as 7) and a part of a digit as another, so the cut search would keep too few cuts, or the wrong
ones. When the reader reads a line as a number, it adds the check's log-probability of "one digit" to each
candidate's score (network/reading.py). It reads what the classifier sees and says: its last hidden layer and
its log-probabilities. Training the classifier again, or refitting its output layer, drops it.
"""

from dataclasses import dataclass, field

import numpy as np

from .model import Network

CHECK_LABELS = ["not one digit", "one digit"]
CHECK_ACTIVATION = "relu"


@dataclass
class CutCheck:
    """The check's own network (inputs: ``check_inputs``; outputs: not one digit, one digit) and what it
    learned from (``info``, stored in the metadata)."""
    net: Network
    info: dict = field(default_factory=dict)

    def copy(self):
        return CutCheck(self.net.copy(), dict(self.info))


def input_size(classifier):
    """How many inputs a cut check for ``classifier`` has: its last hidden layer and one per class."""
    return classifier.sizes[-2] + classifier.sizes[-1]


def check_inputs(classifier, activations):
    """The check's inputs from the classifier's forward pass over a batch: the last hidden layer beside the
    log of every class's probability."""
    probabilities = classifier.probabilities(activations[-1])
    return np.concatenate([activations[-2], np.log(probabilities + 1e-6)], axis=1)


def one_digit_log_probability(classifier, activations):
    """float (n,): the log-probability the classifier's cut check gives each input of being one whole digit;
    zeros for a classifier without one (every candidate then counts as it did before)."""
    if classifier.cut_check is None:
        return np.zeros(len(activations[-1]))
    share = classifier.cut_check.net.predict_proba(check_inputs(classifier, activations))[:, 1]
    return np.log(np.maximum(share, 1e-9))

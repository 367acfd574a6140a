"""The "not a character" gate: a small network beside a classifier that answers whether an input is a
character at all, which a softmax over the classes cannot say.

It reads the classifier's hidden layers (what the classifier itself sees in the input), the drawing's shape
counts where it learned them (network.shape_counts: its pieces of ink and holes, which the hidden layers do not
count), and where it has one, how well an autoencoder that learned characters alone redraws the input
(network.autoencoder: a view no mark taught), and gives the probability that the input is a character; below
``threshold`` it is called a mark. Where it was taught so, it judges the input shifted by a pixel up, down, left
and right as well and averages its five answers (``SHIFTS``): a mark that passes by a pixel's chance seldom
passes in all five places. The threshold was set when the gate was trained, so that a set share of real
drawn characters fall below it (network.gate_training).
The gate belongs to the classifier's weights as they were when it learned: training the classifier again
drops it.
"""

from dataclasses import dataclass, field

import numpy as np

from .autoencoder import redraw_error
from .model import Network
from .shape_counts import COUNT, shape_counts

GATE_LABELS = ["mark", "character"]
GATE_ACTIVATION = "relu"
SHIFTS = ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1))  # (rows, columns): the input as it is and moved by a pixel


@dataclass
class Gate:
    """The gate's own network (inputs: the classifier's hidden activations, with ``counts`` the drawing's
    shape counts, with an ``autoencoder`` its redraw error; outputs: mark, character), its threshold on the
    character probability (averaged over ``SHIFTS`` with ``shifts``), and what it learned from (``info``,
    stored in the metadata)."""
    net: Network
    threshold: float
    info: dict = field(default_factory=dict)
    counts: bool = False
    autoencoder: Network | None = None
    shifts: bool = False

    def copy(self):
        return Gate(self.net.copy(), self.threshold, dict(self.info), self.counts,
                    self.autoencoder.copy() if self.autoencoder is not None else None, self.shifts)


def feature_size(classifier, counts=False, redraw=False):
    """How many inputs a gate for ``classifier`` has: one per hidden unit of the classifier, with ``counts``
    one per shape count, and with ``redraw`` one for the autoencoder's redraw error."""
    return sum(classifier.sizes[1:-1]) + (COUNT if counts else 0) + (1 if redraw else 0)


def new_gate_network(classifier, hidden, seed=0, counts=False, redraw=False):
    """An untrained gate network for ``classifier``, with ``hidden`` units, reading shape counts too with
    ``counts`` and a redraw error with ``redraw``."""
    return Network((feature_size(classifier, counts, redraw), hidden, 2), GATE_ACTIVATION, "softmax", GATE_LABELS,
                   seed=seed)


def features(classifier, inputs, activations=None, counts=False, autoencoder=None):
    """The gate's inputs for classifier inputs (n, 784): every hidden layer's activations side by side, then
    with ``counts`` the inputs' shape counts, and with an ``autoencoder`` its redraw error of each.
    ``activations``: the classifier's forward pass over ``inputs`` when already made (a batch, or one input's)."""
    inputs = np.asarray(inputs, dtype=np.float32).reshape(-1, classifier.sizes[0])
    if activations is None:
        activations = classifier.forward(inputs)
    parts = [np.atleast_2d(a) for a in activations[1:-1]]
    if counts:
        parts.append(shape_counts(inputs))
    if autoencoder is not None:
        parts.append(redraw_error(autoencoder, inputs)[:, None])
    return np.concatenate(parts, axis=1)


def character_probability(classifier, gate, inputs, activations=None):
    """float (n,): how likely ``gate`` finds each input row a character of ``classifier``'s kind; with the gate's
    ``shifts``, the mean of its log-odds for the input in each of the SHIFTS places (a framed drawing has paper
    all round, so what rolls off one side onto the other is paper)."""
    if not gate.shifts:
        return gate.net.predict_proba(features(classifier, inputs, activations, gate.counts, gate.autoencoder))[:, 1]
    inputs = np.asarray(inputs, dtype=np.float32).reshape(-1, classifier.sizes[0])
    side = int(round(np.sqrt(classifier.sizes[0])))
    pictures = inputs.reshape(-1, side, side)
    moved = np.concatenate([np.roll(pictures, shift, axis=(1, 2)) for shift in SHIFTS[1:]]).reshape(-1, side * side)
    shares = gate.net.predict_proba(np.concatenate([
        features(classifier, inputs, activations, gate.counts, gate.autoencoder),
        features(classifier, moved, None, gate.counts, gate.autoencoder)]))
    log_odds = np.log(np.maximum(shares[:, 1], 1e-12) / np.maximum(shares[:, 0], 1e-12))
    return 1.0 / (1.0 + np.exp(-log_odds.reshape(len(SHIFTS), -1).mean(axis=0)))

"""The "not a character" gate: a small network beside a classifier that answers whether an input is a
character at all, which a softmax over the classes cannot say.

It reads the classifier's hidden layers (what the classifier itself sees in the input), the drawing's shape
counts where it learned them (network.shape_counts: its pieces of ink and holes, which the hidden layers do not
count), which way its edges face where it learned them (network.edge_directions: corners, bumps and straight
sides, which the hidden layers blur), and where it has one, how well an autoencoder that learned characters
alone redraws the input (network.autoencoder: a view no mark taught), and gives the probability that the input
is a character; below ``threshold`` it is called a mark. Where it was taught so, it judges an input near the bar
shifted by a pixel up, down, left and right as well and averages its five answers (``SHIFTS``, ``NEAR_BAR``): a
mark that passes by a pixel's chance seldom passes in all five places. The threshold was set when the gate was
trained, so that a set share of real drawn characters fall below it (network.gate_training).
The gate belongs to the classifier's weights as they were when it learned: training the classifier again
drops it.
"""

from dataclasses import dataclass, field

import numpy as np

from .autoencoder import redraw_error
from .edge_directions import COUNT as DIRECTIONS, edge_directions
from .model import Network
from .shape_counts import COUNT, shape_counts

GATE_LABELS = ["mark", "character"]
GATE_ACTIVATION = "relu"
SHIFTS = ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1))  # (rows, columns): the input as it is and moved by a pixel
NEAR_BAR = 4.0  # log-odds: an input judged this far from the bar where it is keeps that answer (five places moved
# it less than 3.4 in 999 of 1,000 drawings and marks, and changed no answer so far from the bar)


@dataclass
class Gate:
    """The gate's own network (inputs: the classifier's hidden activations, with ``counts`` the drawing's
    shape counts, with ``directions`` its edge directions, with an ``autoencoder`` its redraw error; outputs:
    mark, character), its threshold on the character probability (averaged over ``SHIFTS`` with ``shifts``),
    and what it learned from (``info``, stored in the metadata)."""
    net: Network
    threshold: float
    info: dict = field(default_factory=dict)
    counts: bool = False
    autoencoder: Network | None = None
    shifts: bool = False
    directions: bool = False

    def copy(self):
        return Gate(self.net.copy(), self.threshold, dict(self.info), self.counts,
                    self.autoencoder.copy() if self.autoencoder is not None else None, self.shifts, self.directions)


def feature_size(classifier, counts=False, redraw=False, directions=False):
    """How many inputs a gate for ``classifier`` has: one per hidden unit of the classifier, with ``counts``
    one per shape count, with ``directions`` one per edge direction count, and with ``redraw`` one for the
    autoencoder's redraw error."""
    return sum(classifier.sizes[1:-1]) + (COUNT if counts else 0) + (DIRECTIONS if directions else 0) + \
        (1 if redraw else 0)


def new_gate_network(classifier, hidden, seed=0, counts=False, redraw=False, directions=False):
    """An untrained gate network for ``classifier``, with ``hidden`` units, reading shape counts too with
    ``counts``, edge directions with ``directions`` and a redraw error with ``redraw``."""
    return Network((feature_size(classifier, counts, redraw, directions), hidden, 2), GATE_ACTIVATION, "softmax",
                   GATE_LABELS, seed=seed)


def features(classifier, inputs, activations=None, counts=False, autoencoder=None, known_counts=None,
             directions=False):
    """The gate's inputs for classifier inputs (n, 784): every hidden layer's activations side by side, then
    with ``counts`` the inputs' shape counts, with ``directions`` their edge directions, and with an
    ``autoencoder`` its redraw error of each.
    ``activations``: the classifier's forward pass over ``inputs`` when already made (a batch, or one input's);
    ``known_counts``: the shape counts when already made (those of the same drawings in another place)."""
    inputs = np.asarray(inputs, dtype=np.float32).reshape(-1, classifier.sizes[0])
    if activations is None:
        activations = classifier.forward(inputs)
    parts = [np.atleast_2d(a) for a in activations[1:-1]]
    if counts:
        parts.append(shape_counts(inputs) if known_counts is None else known_counts)
    if directions:
        parts.append(edge_directions(inputs))
    if autoencoder is not None:
        parts.append(redraw_error(autoencoder, inputs)[:, None])
    return np.concatenate(parts, axis=1)


def gate_inputs(classifier, gate, inputs, activations=None, known_counts=None):
    """The inputs ``gate`` reads for classifier inputs: ``features`` with the gate's own choice of them."""
    return features(classifier, inputs, activations, gate.counts, gate.autoencoder, known_counts, gate.directions)


def character_probability(classifier, gate, inputs, activations=None, near=None):
    """float (n,): how likely ``gate`` finds each input row a character of ``classifier``'s kind. With the gate's
    ``shifts``, an input whose answer lies within ``near`` log-odds of the bar (NEAR_BAR unless given; np.inf:
    every input) gets the mean of its log-odds in the SHIFTS places."""
    inputs = np.asarray(inputs, dtype=np.float32).reshape(-1, classifier.sizes[0])
    counts = shape_counts(inputs) if gate.counts else None
    shares = gate.net.predict_proba(gate_inputs(classifier, gate, inputs, activations, counts))[:, 1]
    if not gate.shifts:
        return shares
    log_odds = _log_odds(shares)
    unsure = np.flatnonzero(np.abs(log_odds - _log_odds(gate.threshold)) <= (NEAR_BAR if near is None else near))
    if len(unsure):
        moved = _moved_features(classifier, gate, inputs[unsure], None if counts is None else counts[unsure])
        log_odds[unsure] += _log_odds(gate.net.predict_proba(moved)[:, 1]).reshape(len(SHIFTS) - 1, -1).sum(axis=0)
        log_odds[unsure] /= len(SHIFTS)
    return 1.0 / (1.0 + np.exp(-log_odds))


def _moved_features(classifier, gate, inputs, counts):
    """The gate's inputs for ``inputs`` moved to each of SHIFTS[1:], one place after another. A framed drawing has
    paper all round, so what rolls off one side onto the other is paper, and its shape ``counts`` do not move."""
    side = int(round(np.sqrt(classifier.sizes[0])))
    pictures = inputs.reshape(-1, side, side)
    moved = np.concatenate([np.roll(pictures, shift, axis=(1, 2)) for shift in SHIFTS[1:]]).reshape(-1, side * side)
    known = None if counts is None else np.tile(counts, (len(SHIFTS) - 1, 1))
    return gate_inputs(classifier, gate, moved, None, known)


def _log_odds(share):
    share = np.asarray(share, dtype=np.float64)
    return np.log(np.maximum(share, 1e-12) / np.maximum(1.0 - share, 1e-12))

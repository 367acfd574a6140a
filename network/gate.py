"""The "not a character" gate: a small network beside a classifier that answers whether an input is a
character at all, which a softmax over the classes cannot say.

It reads the classifier's hidden layers (what the classifier itself sees in the input) and gives the
probability that the input is a character; below ``threshold`` it is called a mark. The threshold was set
when the gate was trained, so that a set share of real drawn characters fall below it (network.gate_training).
The gate belongs to the classifier's weights as they were when it learned: training the classifier again
drops it.
"""

from dataclasses import dataclass, field

import numpy as np

from .model import Network

GATE_LABELS = ["mark", "character"]
GATE_ACTIVATION = "relu"


@dataclass
class Gate:
    """The gate's own network (inputs: the classifier's hidden activations, outputs: mark, character),
    its threshold on the character probability, and what it learned from (``info``, stored in the metadata)."""
    net: Network
    threshold: float
    info: dict = field(default_factory=dict)

    def copy(self):
        return Gate(self.net.copy(), self.threshold, dict(self.info))


def feature_size(classifier):
    """How many inputs a gate for ``classifier`` has: one per hidden unit of the classifier."""
    return sum(classifier.sizes[1:-1])


def new_gate_network(classifier, hidden, seed=0):
    """An untrained gate network for ``classifier``, with ``hidden`` units."""
    return Network((feature_size(classifier), hidden, 2), GATE_ACTIVATION, "softmax", GATE_LABELS, seed=seed)


def features(classifier, inputs, activations=None):
    """The gate's inputs for classifier inputs (n, 784): every hidden layer's activations side by side.
    ``activations``: the classifier's forward pass over ``inputs`` when already made (a batch, or one input's)."""
    if activations is None:
        activations = classifier.forward(np.asarray(inputs, dtype=np.float32).reshape(-1, classifier.sizes[0]))
    return np.concatenate([np.atleast_2d(a) for a in activations[1:-1]], axis=1)


def character_probability(classifier, gate_net, inputs, activations=None):
    """float (n,): how likely ``gate_net`` finds each input row a character of ``classifier``'s kind."""
    return gate_net.predict_proba(features(classifier, inputs, activations))[:, 1]

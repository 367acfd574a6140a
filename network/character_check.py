"""Is an input a character at all? The answer every guess is shown with: "not a character" rather than a
confident wrong name for a heart, a spiral or a speck.

A network with a gate (network.gate, trained by ``python -m network gate``) asks it; a network without one
falls back to the rule the drawing panel used for "not sure": no class gets half the probability.
The answer comes as a shortfall too: how far an input falls below the bar, which the line reader adds to
its reading of every candidate, so that its cut search prefers pieces that are characters.
"""

import numpy as np

from .gate import character_probability
from .inspect import SURE_SHARE


def character_shortfall(net, inputs, activations=None):
    """float (n,) <= 0: the log of how far each input row (n, 784) in [0, 1] falls short of ``net``'s bar
    for a character (its gate's threshold, or half the probability), 0 where it clears the bar.
    ``activations``: ``net``'s forward pass over ``inputs`` when already made (the gate then reads it)."""
    inputs = np.asarray(inputs, dtype=np.float32).reshape(-1, net.sizes[0])
    if net.gate is not None:
        share, bar = character_probability(net, net.gate, inputs, activations), net.gate.threshold
    else:
        share, bar = net.predict_proba(inputs).max(axis=1), SURE_SHARE
    return np.log(np.minimum(1.0, np.maximum(share, 1e-12) / bar))


def is_character(net, inputs, activations=None):
    """bool (n,): True where ``net`` takes the input rows (n, 784) in [0, 1] for a character of its classes.
    ``activations``: ``net``'s forward pass over ``inputs`` when already made (the gate then reads it)."""
    return character_shortfall(net, inputs, activations) == 0.0

"""Is an input a character at all? The answer every guess is shown with: "not a character" rather than a
confident wrong name for a heart, a spiral or a speck.

Today's rule is the one the drawing panel already uses for "not sure": no class gets half the probability.
"""

import numpy as np

from .inspect import SURE_SHARE


def is_character(net, inputs):
    """bool (n,): True where ``net`` takes the input rows (n, 784) in [0, 1] for a character of its classes."""
    inputs = np.asarray(inputs, dtype=np.float32).reshape(-1, net.sizes[0])
    return net.predict_proba(inputs).max(axis=1) >= SURE_SHARE

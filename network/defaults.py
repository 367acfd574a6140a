"""One set of training defaults per dataset, used alike by ``python -m network train``, ``python -m app
--train`` and the window's setup form, and the hints for layer sizes too small to learn a dataset well.

The figures in the hints were measured with these defaults (10 epochs, lr 0.2, batch 32, sigmoid):
MNIST 784-24-16-10 reached 95.1% on the test set and 784-128-10 97.9%; EMNIST letters 784-24-16-26
reached 75.1% and 784-128-26 87.6%.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Defaults:
    """What a run uses unless told otherwise; ``small`` is the first hidden layer below which a hint warns."""
    hidden: tuple = (128,)
    lr: float = 0.2
    batch_size: int = 32
    epochs: int = 10
    small: int = 32
    measured: str = "784-24-16-10 reached 95% after 10 epochs, 784-128-10 98%"


DEFAULTS = {
    "mnist": Defaults(),
    "emnist-letters": Defaults(small=64, measured="784-24-16-26 tops out near 75%, 784-128-26 reaches about 88%"),
}


def defaults_for(dataset):
    """The defaults of a dataset name (or path: other datasets get MNIST's)."""
    return DEFAULTS.get(dataset, DEFAULTS["mnist"])


def capacity_hint(dataset, hidden):
    """A warning when hidden layer sizes ``hidden`` are too small to learn ``dataset`` well, else None."""
    defaults = DEFAULTS.get(dataset)
    if defaults is None:
        return None
    if not hidden:
        return "no hidden layer: one weight template per class, which cannot learn much (add a hidden layer)"
    if min(hidden) < defaults.small:
        return f"small for this data, it will top out low: {defaults.measured}"
    return None

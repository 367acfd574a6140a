"""Telling when training has gone wrong for good even though no number overflowed.

A learning rate far too high does not always end in a NaN. The outputs can saturate at confident
wrong answers (cost stuck near 14, accuracy at chance), or every relu unit of a hidden layer can
die (output 0 for every image), after which nothing reaches the output and no gradient flows back.
Either way the run can never recover, so the training loop stops it with TrainingDiverged.
"""

import math

import numpy as np

from .errors import TrainingDiverged
from .model import cross_entropy

SMOOTHING_STEPS = 50     # the cost is followed as a moving average over about this many steps
DEAD_BATCHES = 20        # a hidden layer silent for this many batches in a row is dead


class DivergenceWatch:
    """Checks every training step's cost and activations; ``check`` raises TrainingDiverged."""

    def __init__(self, net, lr):
        self.lr = lr
        self.relu = net.activation == "relu"
        classes = net.sizes[-1]
        # The cost of guessing: every class equally likely. A cost twice that (or twice the starting
        # cost, if higher) that persists is worse than knowing nothing, and it only gets there by diverging.
        self.guessing = cross_entropy(np.full((1, classes), 1 / classes), [0], net.output)
        self.average = self.limit = None
        self.steps = 0
        self.silent = 0

    def check(self, cost, activations, epoch, step):
        """Raise TrainingDiverged if this step's cost or hidden activations show the run is lost."""
        if not math.isfinite(cost):
            self._stop(epoch, step, f"the cost became {cost}")
        if self.average is None:
            self.average, self.limit = cost, 2 * max(cost, self.guessing)
        self.average += (cost - self.average) / SMOOTHING_STEPS
        self.steps += 1
        if self.steps >= SMOOTHING_STEPS and self.average > self.limit:
            self._stop(epoch, step, f"the cost rose to {self.average:.1f} and stayed there, "
                                     f"far worse than guessing ({self.guessing:.1f})")
        if self.relu:
            silent = [layer for layer, a in enumerate(activations[1:-1], start=1) if not a.any()]
            self.silent = self.silent + 1 if silent else 0
            if self.silent >= DEAD_BATCHES:
                self._stop(epoch, step, f"hidden layer {silent[0]} died (every unit outputs 0 for every "
                                        f"image), so the network can no longer learn")

    def _stop(self, epoch, step, what):
        raise TrainingDiverged(f"training diverged at epoch {epoch}, step {step}: {what}; "
                               f"try a smaller learning rate than {self.lr:g}")

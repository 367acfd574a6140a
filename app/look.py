"""What the inside views show for one drawing, computed once per drawing (network.inspect does the math).

A Look is made whenever the drawing or the network changes; the maps and pushes the panels ask for
are computed the first time they are asked for and kept, so an unchanged drawing costs nothing.
The "not sure" rule's score floor is measured once per network, in the background, from the
network's own test images where they are on disk.
"""

import threading

import numpy as np

from network import inspect
from network.character_check import is_character


class Look:
    """One drawing's inputs as seen by one network: activations, probabilities, verdicts (a character at all?
    sure?), maps on demand."""

    def __init__(self, net, inputs, floor=None):
        self.net, self.inputs = net, inputs
        self.activations = inspect.layer_activations(net, inputs)
        self.probabilities = net.predict_proba(inputs)
        self.best = int(np.argmax(self.probabilities))
        top_score = float(inspect.scores_of(net, self.activations)[self.best])
        self.unsure = inspect.not_sure(self.probabilities, top_score, floor)
        # False: "not a character", whatever the bars say. A network without a gate has only the half-probability
        # rule, which "not sure" already shows (naming its two contenders), so it keeps saying that.
        self.character = net.gate is None or bool(is_character(net, inputs, self.activations)[0])
        self._why, self._pushes = {}, {}

    @property
    def hidden(self):
        return self.activations[1:-1]

    @property
    def contenders(self):
        """The two most likely classes' names, for "not sure: 6 or 0?" and "not a character (closest: 6, 0)"."""
        return [self.net.labels[k] for k in inspect.contenders(self.probabilities)]

    def why(self, k):
        """The 28x28 input-times-gradient map of class ``k``: positive pixels push toward it."""
        if k not in self._why:
            self._why[k] = inspect.why_map(self.net, self.inputs, k, self.activations).reshape(28, 28)
        return self._why[k]

    def pushes(self, layer):
        """(units, classes): how much each unit of hidden ``layer`` (1 = first) adds to each class's score."""
        if layer not in self._pushes:
            self._pushes[layer] = inspect.unit_pushes(self.net, self.inputs, layer, self.activations)
        return self._pushes[layer]


class Floors:
    """The "not sure" score floor of each network, measured once in a background thread."""

    def __init__(self):
        self._floors = {}
        self._lock = threading.Lock()

    def get(self, net):
        """The floor of ``net``: None until measured, and where its test images are not on disk."""
        key = id(net)
        with self._lock:
            if key in self._floors:
                return self._floors[key][1]
            self._floors[key] = (net, None)  # holding net keeps its id from being reused
        threading.Thread(target=self._measure, args=(net,), daemon=True).start()
        return None

    def _measure(self, net):
        try:
            floor = inspect.calibrated_floor(net)
        except (ValueError, OSError):  # unreadable test data: the rule goes on without a floor
            floor = None
        with self._lock:
            self._floors[id(net)] = (net, floor)

"""The multilayer perceptron: layer sizes, weights, biases and the math of one forward and backward pass.

Weights of layer l have shape (n_in, n_out), so a batch of rows goes through as ``a @ W + b``;
column j of the first layer's weights is hidden unit j's 28x28 "receptive field".
"""

import copy

import numpy as np

from .activations import ACTIVATIONS, OUTPUTS

DTYPE = np.float32


class Network:
    """A fully connected network with one activation for hidden layers and sigmoid or softmax outputs."""

    def __init__(self, sizes, activation="sigmoid", output="softmax", labels=None, seed=None,
                 weights=None, biases=None, meta=None, gate=None, cut_check=None):
        self.sizes = tuple(int(n) for n in sizes)
        if len(self.sizes) < 2 or min(self.sizes) < 1:
            raise ValueError(f"layer sizes must be at least two positive numbers, got {sizes}")
        if activation not in ACTIVATIONS:
            raise ValueError(f"hidden activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
        if output not in OUTPUTS:
            raise ValueError(f"output must be one of {sorted(OUTPUTS)}, got {output!r}")
        self.activation = activation
        self.output = output
        self.labels = list(labels) if labels is not None else [str(i) for i in range(self.sizes[-1])]
        if len(self.labels) != self.sizes[-1]:
            raise ValueError(f"{len(self.labels)} class names for {self.sizes[-1]} outputs")
        self.meta = dict(meta or {})
        self.gate = gate  # a network.gate.Gate that says "not a character", or None
        self.cut_check = cut_check  # a network.cut_check.CutCheck that judges pieces of touching digits, or None
        if weights is None:
            weights, biases = self._initial_parameters(seed)
        self.weights = [np.ascontiguousarray(w, dtype=DTYPE) for w in weights]
        self.biases = [np.ascontiguousarray(b, dtype=DTYPE) for b in biases]

    def _initial_parameters(self, seed):
        """Gaussian weights scaled by fan-in (Xavier for sigmoid, He for relu) and zero biases."""
        rng = np.random.default_rng(seed)
        gain = 2.0 if self.activation == "relu" else 1.0
        weights = [rng.normal(0.0, np.sqrt(gain / n_in), size=(n_in, n_out))
                   for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]
        biases = [np.zeros(n_out) for n_out in self.sizes[1:]]
        return weights, biases

    @property
    def parameter_count(self):
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases))

    def forward(self, x, buffers=None, inputs=None):
        """Activations of every layer for a batch ``x`` of shape (n, sizes[0]); the first is ``x`` itself.

        ``buffers`` (optional, one array of shape (at least n, size) per layer after the input) receive
        the activations instead of new arrays, so a training loop allocates nothing per batch.
        ``inputs`` (optional) names the input units that the columns of ``x`` hold, when the batch has
        zeros in all the others: their weights would only add zeros to the sums, so they are left out.
        """
        hidden, _ = ACTIVATIONS[self.activation]
        activations = [np.asarray(x, dtype=DTYPE)]
        weights = list(self.weights)
        if inputs is not None:
            weights[0] = np.take(weights[0], inputs, axis=0)
        last = len(weights) - 1
        for layer, (w, b) in enumerate(zip(weights, self.biases)):
            z = np.matmul(activations[-1], w, out=None if buffers is None else buffers[layer][:len(x)])
            z += b
            activations.append(OUTPUTS[self.output](z) if layer == last else hidden(z))
        return activations

    def predict_proba(self, x):
        """Class probabilities, shape (n, classes), for inputs in [0, 1] of shape (n, 784) or (784,)."""
        x = np.asarray(x, dtype=DTYPE)
        single = x.ndim == 1
        out = self.probabilities(self.forward(x[None, :] if single else x)[-1])
        return out[0] if single else out

    def probabilities(self, output):
        """Class probabilities from the output layer's activations (sigmoid outputs are made to add up to 1)."""
        if self.output == "sigmoid":
            return output / np.maximum(output.sum(axis=1, keepdims=True), np.finfo(DTYPE).tiny)
        return output

    def predict(self, x):
        """Index of the most likely class for each input row."""
        return np.argmax(self.predict_proba(x), axis=-1)

    def gradient(self, x, labels):
        """Cost, outputs and gradient ``(cost, out, grad_w, grad_b)`` of a batch with integer class ``labels``.

        With softmax or sigmoid outputs and cross-entropy, the error at the output is simply ``a - y``
        for the one-hot rows ``y`` (averaged over the batch).
        """
        activations = self.forward(x)
        out = activations[-1]
        cost = cross_entropy(out, labels, self.output)
        grad_w = [np.empty_like(w) for w in self.weights]
        grad_b = [np.empty_like(b) for b in self.biases]
        self.backward(activations, output_error(out.copy(), labels) / len(x), grad_w, grad_b)
        return cost, out, grad_w, grad_b

    def backward(self, activations, delta, grad_w, grad_b):
        """Backpropagate the output error ``delta`` (dC/dz of the last layer) into ``grad_w`` and ``grad_b``.

        A layer's weight gradient is its input activations (transposed) times its error. The inputs' own
        error is never needed, so the first layer stops there. When the forward pass had only some
        ``inputs``, the first k rows of ``grad_w[0]`` receive theirs. Returns every layer's error, output last.
        """
        deltas = []
        for layer, delta in self.deltas(activations, delta):
            below = activations[layer]
            np.matmul(below.T, delta, out=grad_w[layer][:below.shape[1]])
            delta.sum(axis=0, out=grad_b[layer])
            deltas.append(delta)
        return deltas[::-1]

    def deltas(self, activations, delta, down_to=0):
        """Yield ``(layer, delta)`` from the last layer down to ``down_to``: ``delta`` (a row per sample or
        quantity, or one vector) is the gradient with respect to the sums that ``weights[layer]`` makes.

        This is backpropagation, written once: training, the input gradient and the learning step all use it.
        The error moves back one layer through ``W.T`` (``error_below``) and the activation's derivative,
        written in terms of the activation itself.
        """
        _, derivative = ACTIVATIONS[self.activation]
        for layer in range(len(self.weights) - 1, down_to - 1, -1):
            yield layer, delta
            if layer > down_to:
                delta = self.error_below(layer, delta)
                delta *= derivative(activations[layer])

    def error_below(self, layer, delta):
        """The gradient with respect to ``weights[layer]``'s inputs (layer ``layer``'s activations), from
        ``delta``, the gradient with respect to its sums; computed in the weights' type (no copy of them)."""
        weights = self.weights[layer]
        return delta.astype(weights.dtype, copy=False) @ weights.T

    def copy(self):
        """An independent copy: training it changes neither this network's parameters nor its history."""
        return Network(self.sizes, self.activation, self.output, self.labels,
                       weights=[w.copy() for w in self.weights], biases=[b.copy() for b in self.biases],
                       meta=copy.deepcopy(self.meta), gate=self.gate.copy() if self.gate is not None else None,
                       cut_check=self.cut_check.copy() if self.cut_check is not None else None)

    def __repr__(self):
        return (f"Network(sizes={self.sizes}, activation={self.activation!r}, output={self.output!r}, "
                f"classes={''.join(self.labels) if all(len(c) == 1 for c in self.labels) else self.labels})")


def cross_entropy(out, labels, output):
    """Mean cross-entropy of a batch against integer class ``labels``.

    Softmax: -log of the labelled class's probability. Sigmoid outputs: each unit's binary cost,
    -log a for the labelled unit and -log(1 - a) for all the others.
    """
    eps = 1e-7
    labelled = out[np.arange(len(out)), labels]
    cost = np.log(labelled + eps).sum()
    if output == "sigmoid":
        cost += np.log(1 - out + eps).sum() - np.log(1 - labelled + eps).sum()
    return float(-cost / len(out))


def output_error(out, labels):
    """The error ``a - y`` at the output, ``y`` being the one-hot rows of ``labels``; written over ``out``."""
    out[np.arange(len(out)), labels] -= 1
    return out

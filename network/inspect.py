"""Looking inside a network for one input: its hidden activations, which pixels push a class up or down,
how each hidden unit pushes each class, one step of learning opened up, and whether the network is too
unsure to name a class.

Gradients come from the same backward pass as training (``Network.deltas``), carried one layer further (to
the inputs) and started from a class's log-probability instead of the cost. Everything works on one input.
"""

from typing import NamedTuple

import numpy as np

from . import datasets
from .model import Network, cross_entropy, output_error


def layer_activations(net, x):
    """Every layer's activations for one input ``x`` (784,): the input itself, each hidden layer, the outputs."""
    return [a[0] for a in net.forward(np.asarray(x, dtype=np.float32)[None, :])]


def hidden_activations(net, x):
    """One array per hidden layer: what each hidden unit outputs for the input ``x``."""
    return layer_activations(net, x)[1:-1]


def log_probability_gradient(net, outputs, k):
    """d log(predict_proba[k]) / d z for the output layer's weighted sums z, given its ``outputs``.

    Softmax: e_k - p. Sigmoid outputs, which predict_proba divides by their sum S:
    log p_k = log o_k - log S, so the gradient is e_k (1 - o_k) - o (1 - o) / S.
    """
    outputs = np.asarray(outputs, dtype=np.float64)
    if net.output == "softmax":
        gradient = -outputs
        gradient[k] += 1.0
    else:
        gradient = -outputs * (1.0 - outputs) / max(float(outputs.sum()), np.finfo(np.float64).tiny)
        gradient[k] += 1.0 - outputs[k]
    return gradient


def backpropagate(net, activations, delta, down_to=0):
    """Carry ``delta`` (gradients with respect to the output layer's weighted sums; one row per quantity, or
    one vector) back to the gradients with respect to ``activations[down_to]`` (0: the inputs)."""
    *_, (_, first) = net.deltas(activations, delta, down_to)
    return net.error_below(down_to, first)


def input_gradient(net, x, k, activations=None):
    """float32 (784,): the gradient of log(net.predict_proba(x)[k]) with respect to the 784 inputs ``x``.

    ``activations``: ``layer_activations(net, x)`` when already computed (they are then not computed again).
    """
    activations = activations or layer_activations(net, x)
    delta = log_probability_gradient(net, activations[-1], k)
    return np.asarray(backpropagate(net, activations, delta), dtype=np.float32)


def why_map(net, x, k, activations=None):
    """float32 (784,): input times gradient. Positive pixels are ink that pushes class ``k`` up, negative
    ones ink that pushes it down; blank pixels are 0 (ink that is not there pushes nothing)."""
    return np.asarray(x, dtype=np.float32) * input_gradient(net, x, k, activations)


def unit_pushes(net, x, layer=1, activations=None):
    """(units, classes): how much each unit of hidden ``layer`` (1 = first) adds to each class's score
    (the output layer's weighted sum): its activation times the score's gradient with respect to it.

    For a network with one hidden layer this is exact (activation times the unit's outgoing weight);
    with more layers it is the first-order share of the unit in each score for this input.
    """
    if not 1 <= layer < len(net.sizes) - 1:
        raise ValueError(f"layer must name a hidden layer, 1..{len(net.sizes) - 2}, got {layer}")
    activations = activations or layer_activations(net, x)
    scores = np.eye(net.sizes[-1])  # one row per class: d score_c / d score
    jacobian = backpropagate(net, activations, scores, down_to=layer)  # (classes, units)
    return (activations[layer][:, None] * jacobian.T).astype(np.float32)


# --- one learning step --------------------------------------------------------------------------------
class LearningStep(NamedTuple):
    """One plain SGD step on one image, opened up; see ``training_step``."""
    activations: list  # every layer's activations, the input first
    deltas: list  # dC/dz of every layer's weighted sums, the output last; deltas[-1] is a - y
    grad_w: list  # dC/dW per layer: np.outer(activations[l], deltas[l])
    grad_b: list  # dC/db per layer: deltas[l]
    cost: float  # the cross-entropy on this image before the step
    after: Network  # a new network: W - lr * grad_w, b - lr * grad_b
    cost_after: float  # the cross-entropy on this image after the step


def class_index(net, label):
    """The output index of ``label``: an index, or one of the network's class names."""
    if isinstance(label, str):
        if label not in net.labels:
            raise ValueError(f"{label!r} is not one of the network's classes ({', '.join(net.labels)})")
        return net.labels.index(label)
    if not 0 <= int(label) < net.sizes[-1]:
        raise ValueError(f"class index must be 0..{net.sizes[-1] - 1}, got {label}")
    return int(label)


def training_step(net, x, label, lr):
    """One step of learning on one input ``x`` (784,) whose class is ``label`` (index or class name), with
    learning rate ``lr``: the forward pass, the cost, the deltas from training's own backward pass, the
    gradients, and a new network one plain SGD step on. ``net`` itself is not changed."""
    lr = float(lr)
    if not np.isfinite(lr) or lr < 0:
        raise ValueError(f"learning rate must be a number of at least 0, got {lr}")
    x = np.asarray(x, dtype=np.float32).reshape(1, -1)
    if x.shape[1] != net.sizes[0]:
        raise ValueError(f"input has {x.shape[1]} values, the network takes {net.sizes[0]}")
    k = class_index(net, label)
    activations = net.forward(x)
    cost = cross_entropy(activations[-1], [k], net.output)
    grad_w = [np.empty_like(w) for w in net.weights]
    grad_b = [np.empty_like(b) for b in net.biases]
    deltas = net.backward(activations, output_error(activations[-1].copy(), [k]), grad_w, grad_b)
    after = net.copy()
    for w, b, gw, gb in zip(after.weights, after.biases, grad_w, grad_b):
        w -= w.dtype.type(lr) * gw
        b -= b.dtype.type(lr) * gb
    cost_after = cross_entropy(after.forward(x)[-1], [k], net.output)
    return LearningStep([a[0] for a in activations], [d[0] for d in deltas], grad_w, grad_b, cost, after,
                        cost_after)


# --- "not sure" ------------------------------------------------------------------------------------
# Chosen by measurement (bench/unsure.py): a drawing is "not sure" when no class gets half the
# probability, or when the top class's score (its weighted sum before softmax) is lower than almost
# any correctly read test image's: softmax turns even a weak, unfamiliar input into a confident share.
SURE_SHARE = 0.5
FLOOR_SHARE = 0.005  # the share of correctly read test images whose top score falls below the floor
CALIBRATION_IMAGES = 2000


def scores(net, x):
    """The output layer's weighted sums (before softmax or sigmoid) for one input ``x``, or a batch."""
    x = np.asarray(x, dtype=np.float32)
    out = scores_of(net, net.forward(x[None, :] if x.ndim == 1 else x))
    return out[0] if x.ndim == 1 else out


def scores_of(net, activations):
    """The output layer's weighted sums, from the activations of a forward pass (the last hidden layer's)."""
    return activations[-2] @ net.weights[-1] + net.biases[-1]


def score_floor(net, inputs, labels, share=FLOOR_SHARE):
    """The top score that only ``share`` of the correctly read ``inputs`` (n, 784) fall below."""
    top = scores(net, inputs)
    right = top.argmax(axis=1) == np.asarray(labels)
    return float(np.quantile(top.max(axis=1)[right], share)) if right.any() else None


def calibrated_floor(net, data_dir=None, count=CALIBRATION_IMAGES):
    """``score_floor`` on the network's own test images, or None where its dataset is not on disk."""
    name = net.meta.get("dataset") or ""
    if name not in datasets.DATASETS or not datasets.is_available(name, data_dir):
        return None
    images, labels, classes = datasets.load(name, "test", data_dir)
    if list(classes) != list(net.labels):
        return None
    pick = np.random.default_rng(0).permutation(len(images))[:count]
    return score_floor(net, datasets.as_inputs(images[pick]), labels[pick])


def not_sure(probabilities, top_score, floor=None):
    """True when the guess should read "not sure": no class has half the probability, or the top score
    is below the network's ``floor`` (when known)."""
    return float(np.max(probabilities)) < SURE_SHARE or (floor is not None and top_score < floor)


def contenders(probabilities, count=2):
    """The ``count`` most likely classes, most likely first: what "not sure: 6 or 0?" names."""
    return [int(k) for k in np.argsort(probabilities)[::-1][:count]]

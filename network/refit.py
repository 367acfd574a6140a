"""Refitting a classifier's output layer for drawings: on its training images as they are, redrawn as a
drawing on the canvas (``network.redraw.drawn_like``) and enlarged like a scan (``enlarged_like``).

Why: a network that knows digits and letters together tells a 0 from an O, a 1 from an I or an L, partly by
the style of MNIST's and EMNIST's images; drawings have neither, so it reads drawn digits as letters. Only the
last layer is fitted again (softmax regression on the last hidden layer, from the trained weights): the
hidden layers stay as they are, and so does the "not a character" gate, which reads them.
"""

import time

import numpy as np

from .datasets import as_inputs
from .errors import InklingError
from .model import Network
from .preprocess import canvas_to_input
from .redraw import drawn_like, enlarged_like
from .sgd import fit

# How many training images of each kind the layer learns from (drawn at random from the training set).
AS_THEY_ARE, DRAWN, SCANNED = 72000, 120000, 48000
EPOCHS, LR, LR_DECAY, MOMENTUM, BATCH = 2, 0.01, 0.7, 0.9, 64
CHUNK = 8000  # images made and read at a time, so memory holds features, not pictures


def last_hidden(net, inputs):
    """The last hidden layer's activations for float ``inputs`` (n, 784): what the output layer reads."""
    return net.forward(inputs)[-2]


def refit_features(net, images, labels, rng, say=lambda text: None):
    """``(features, labels)``: the last hidden layer for AS_THEY_ARE training ``images`` as they are, DRAWN
    redrawn and SCANNED enlarged, each picked at random (uint8 images, integer labels)."""
    style = net.meta.get("style", "mnist")
    makers = [("as they are", AS_THEY_ARE, None), ("redrawn as drawings", DRAWN, drawn_like),
              ("enlarged like scans", SCANNED, enlarged_like)]
    features, answers = [], []
    for name, count, maker in makers:
        say(f"{count:,} training images {name}")
        pick = rng.integers(0, len(images), count)
        for start in range(0, count, CHUNK):
            chosen = images[pick[start:start + CHUNK]]
            inputs = as_inputs(chosen) if maker is None else np.stack(
                [canvas_to_input(maker(image, rng), style) for image in chosen])
            features.append(last_hidden(net, inputs))
        answers.append(labels[pick])
    return np.concatenate(features), np.concatenate(answers)


def refit_output(net, train_set, test_set, seed=0, say=lambda text: None):
    """Fit ``net``'s output layer again in place on ``train_set`` (uint8 images, labels), as the module says;
    its hidden layers and gate are kept. Records the run in its history with the accuracy on ``test_set``."""
    if len(net.sizes) < 3 or net.output != "softmax":
        raise InklingError("only a network with a hidden layer and softmax outputs has an output layer to refit")
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    features, answers = refit_features(net, *train_set, rng, say)
    say(f"fitting the output layer on {len(features):,} of them, {EPOCHS} epochs")
    layer = Network(net.sizes[-2:], net.activation, net.output, net.labels,
                    weights=[net.weights[-1].copy()], biases=[net.biases[-1].copy()])
    fit(layer, features, answers, rng, EPOCHS, LR, LR_DECAY, MOMENTUM, BATCH)
    net.weights[-1], net.biases[-1] = layer.weights[0], layer.biases[0]
    net.cut_check = None  # it read the output layer's probabilities as they were
    accuracy = float(np.mean(net.predict(as_inputs(test_set[0])) == test_set[1]))
    net.meta["test_accuracy"] = accuracy
    net.meta.setdefault("history", []).append({
        "dataset": net.meta.get("dataset", ""), "epochs": EPOCHS, "test_accuracy": accuracy,
        "seconds": time.perf_counter() - started, "batch_size": BATCH, "lr": LR, "lr_decay": LR_DECAY,
        "momentum": MOMENTUM, "seed": seed,
        "refit": {"as_they_are": AS_THEY_ARE, "drawn": DRAWN, "scanned": SCANNED}})
    return accuracy

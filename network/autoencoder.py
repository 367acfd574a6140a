"""An autoencoder that learned characters alone: it squeezes a framed input through a few numbers and draws it
again. A character comes back much as it was; anything else comes back as the character it is most like, so
the ink it gets wrong says how unlike every character an input is. The "not a character" gate reads that
beside the classifier's hidden layers (network.gate): it is the one view of a drawing that no kind of mark
taught, so it holds on kinds the gate never saw (an hourglass is redrawn as an 8 without its bars).
"""

import numpy as np

from .model import Network

SIZES = (784, 256, 32, 256, 784)  # the 32 numbers in the middle are all it keeps of an input
ACTIVATION, OUTPUT = "relu", "sigmoid"
EPOCHS, BATCH, LR, BETA1, BETA2 = 8, 64, 1e-3, 0.9, 0.999
ERROR_SCALE = 5.0  # redraw errors of characters are mostly under 0.2: this makes them about 1 for the gate


def new_autoencoder(seed=0):
    """An untrained autoencoder (784 inputs, 784 outputs in [0, 1])."""
    return Network(SIZES, ACTIVATION, OUTPUT, seed=seed)


def train_autoencoder(autoencoder, inputs, rng, epochs=EPOCHS):
    """Teach ``autoencoder`` in place to give back ``inputs`` (n, 784) in [0, 1]: cross-entropy of every pixel,
    whose error at the sigmoid outputs is simply output - input, with Adam steps (plain momentum leaves the
    narrow middle slow to learn)."""
    parameters = autoencoder.weights + autoencoder.biases
    first = [np.zeros_like(p) for p in parameters]
    second = [np.zeros_like(p) for p in parameters]
    grad_w = [np.empty_like(w) for w in autoencoder.weights]
    grad_b = [np.empty_like(b) for b in autoencoder.biases]
    step = 0
    for _ in range(epochs):
        order = rng.permutation(len(inputs))
        for start in range(0, len(inputs), BATCH):
            batch = inputs[order[start:start + BATCH]]
            activations = autoencoder.forward(batch)
            autoencoder.backward(activations, (activations[-1] - batch) / len(batch), grad_w, grad_b)
            step += 1
            for parameter, mean, square, gradient in zip(parameters, first, second, grad_w + grad_b):
                mean *= BETA1
                mean += (1 - BETA1) * gradient
                square *= BETA2
                square += (1 - BETA2) * gradient * gradient
                parameter -= LR * (mean / (1 - BETA1 ** step)) / (np.sqrt(square / (1 - BETA2 ** step)) + 1e-8)


def redraw_error(autoencoder, inputs):
    """float32 (n,): how much of each input row (n, 784) in [0, 1] the autoencoder gets wrong, its squared
    error over the input's ink (so a small mark and a big one are judged alike), times ERROR_SCALE."""
    inputs = np.asarray(inputs, dtype=np.float32).reshape(-1, SIZES[0])
    redrawn = autoencoder.forward(inputs)[-1]
    error = np.square(redrawn - inputs).sum(axis=1) / np.maximum(inputs.sum(axis=1), 1.0)
    return (ERROR_SCALE * error).astype(np.float32)

"""Mini-batch gradient descent with momentum for a small network fitted on fixed inputs: the "not a character"
gate on a classifier's hidden layers, and a classifier's output layer refitted on its last hidden layer."""

import numpy as np


def fit(net, inputs, labels, rng, epochs, lr, lr_decay, momentum, batch_size):
    """Train ``net`` in place on float ``inputs`` and integer class ``labels``, ``epochs`` times over them in a
    new random order; the learning rate is multiplied by ``lr_decay`` after every epoch."""
    velocities = [np.zeros_like(p) for p in net.weights + net.biases]
    for _ in range(epochs):
        order = rng.permutation(len(inputs))
        for start in range(0, len(inputs), batch_size):
            batch = order[start:start + batch_size]
            _, _, grad_w, grad_b = net.gradient(inputs[batch], labels[batch])
            for parameter, velocity, gradient in zip(net.weights + net.biases, velocities, grad_w + grad_b):
                velocity *= momentum
                velocity -= lr * gradient
                parameter += velocity
        lr *= lr_decay

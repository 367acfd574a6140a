"""Activation functions, each with its derivative written in terms of its own output (what backprop has)."""

import numpy as np


def sigmoid(z):
    """1 / (1 + e^-z) in place on z's buffer, as (1 + tanh(z / 2)) / 2: the same function, and tanh never overflows."""
    z *= 0.5
    np.tanh(z, out=z)
    z *= 0.5
    z += 0.5
    return z


def sigmoid_derivative(a):
    return a * (1.0 - a)


def relu(z):
    return np.maximum(z, 0.0, out=z)


def relu_derivative(a):
    return (a > 0).astype(a.dtype)


def softmax(z):
    """Row-wise softmax, shifted by the row maximum so exp never overflows."""
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


ACTIVATIONS = {"sigmoid": (sigmoid, sigmoid_derivative), "relu": (relu, relu_derivative)}
OUTPUTS = {"softmax": softmax, "sigmoid": sigmoid}

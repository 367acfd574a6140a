"""One learning step opened up: training_step against Network.gradient and finite differences, its update,
and the cost on the image falling on the shipped networks."""

import numpy as np
import pytest

import network
from network import Network, datasets
from network.inspect import training_step
from network.model import cross_entropy
from test_model import float64_twin, numerical_gradient

SHAPES = [(6, 5, 4), (6, 5, 4, 3), (6, 7, 5, 4, 3)]
ARCHITECTURES = pytest.mark.parametrize("sizes", SHAPES, ids=["1-hidden", "2-hidden", "3-hidden"])
HIDDEN = pytest.mark.parametrize("activation", ["sigmoid", "relu"])
OUTPUT = pytest.mark.parametrize("output", ["softmax", "sigmoid"])


def one_input(size, seed=0):
    return np.random.default_rng(seed).uniform(0, 1, size).astype(np.float32)


@ARCHITECTURES
@HIDDEN
@OUTPUT
def test_gradients_are_network_gradient_for_the_one_image_and_outer_products_of_activations_and_deltas(
        sizes, activation, output):
    net = Network(sizes, activation=activation, output=output, seed=1)
    x, label = one_input(sizes[0]), sizes[-1] - 1
    step = training_step(net, x, label, lr=0.1)
    cost, out, grad_w, grad_b = net.gradient(x[None, :], [label])
    assert step.cost == cost
    np.testing.assert_array_equal(step.activations[-1], out[0])
    assert [a.shape for a in step.activations] == [(n,) for n in sizes]
    assert [d.shape for d in step.deltas] == [(n,) for n in sizes[1:]]
    for layer in range(len(sizes) - 1):
        np.testing.assert_array_equal(step.grad_w[layer], grad_w[layer])
        np.testing.assert_array_equal(step.grad_b[layer], grad_b[layer])
        np.testing.assert_allclose(step.grad_w[layer], np.outer(step.activations[layer], step.deltas[layer]),
                                   rtol=1e-6, atol=1e-9)
        np.testing.assert_array_equal(step.grad_b[layer], step.deltas[layer])
    np.testing.assert_allclose(step.deltas[-1], out[0] - np.eye(sizes[-1])[label], rtol=1e-6)


@ARCHITECTURES
@HIDDEN
@OUTPUT
def test_gradients_match_finite_differences(sizes, activation, output):
    net = float64_twin(Network(sizes, activation=activation, output=output, seed=3), seed=4)
    x = one_input(sizes[0], seed=5)
    for label in (0, sizes[-1] - 1):
        step = training_step(net, x, label, lr=0.0)
        numeric_w, numeric_b = numerical_gradient(net, x[None, :], [label])
        for analytic, numeric in zip(step.grad_w + step.grad_b, numeric_w + numeric_b):
            assert np.abs(numeric).max() > 1e-4  # every layer really gets a gradient
            # The cost's log(a + 1e-7) guard moves the measured slope by about 1e-7 / a from the exact one.
            np.testing.assert_allclose(analytic, numeric, rtol=1e-4, atol=1e-6)


@HIDDEN
@OUTPUT
def test_after_is_exactly_one_plain_sgd_step_and_net_is_unchanged(activation, output):
    net = Network((784, 12, 8, 10), activation=activation, output=output, seed=2, meta={"epochs": 3})
    weights, biases = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    x = one_input(784, seed=2)
    step = training_step(net, x, "7", lr=0.25)
    for layer in range(3):
        np.testing.assert_array_equal(step.after.weights[layer], weights[layer] - np.float32(0.25) * step.grad_w[layer])
        np.testing.assert_array_equal(step.after.biases[layer], biases[layer] - np.float32(0.25) * step.grad_b[layer])
        np.testing.assert_array_equal(net.weights[layer], weights[layer])
        np.testing.assert_array_equal(net.biases[layer], biases[layer])
        assert step.after.weights[layer] is not net.weights[layer]
    assert step.cost_after == cross_entropy(step.after.forward(x[None, :])[-1], [7], output)
    assert (step.after.sizes, step.after.labels, step.after.meta) == (net.sizes, net.labels, net.meta)
    assert step.after.meta is not net.meta


def test_a_zero_learning_rate_changes_nothing_and_bad_arguments_say_what_is_wrong():
    net = Network((784, 6, 10), seed=0)
    x = one_input(784)
    step = training_step(net, x, 3, lr=0)
    assert step.cost_after == step.cost
    with pytest.raises(ValueError, match="learning rate"):
        training_step(net, x, 3, lr=-0.1)
    with pytest.raises(ValueError, match="learning rate"):
        training_step(net, x, 3, lr=float("nan"))
    with pytest.raises(ValueError, match="0..9"):
        training_step(net, x, 10, lr=0.1)
    with pytest.raises(ValueError, match="'A' is not one of"):
        training_step(net, x, "A", lr=0.1)
    with pytest.raises(ValueError, match="the network takes 784"):
        training_step(net, x[:100], 3, lr=0.1)


@pytest.mark.parametrize("name", ["tiny-digits", "digits", "letters", "characters"])
def test_the_cost_on_the_image_falls_by_about_lr_times_the_squared_gradient_on_the_shipped_networks(name, real_data):
    """For a small learning rate the cost falls, by the first-order amount lr * |gradient|^2."""
    net = network.load(f"saved_networks/{name}.npz")
    images, labels, classes = datasets.load(net.meta["dataset"], "test", real_data)
    assert list(classes) == net.labels
    inputs = datasets.as_inputs(images[:400])
    costs = -np.log(net.predict_proba(inputs)[np.arange(400), labels[:400]])
    picked = np.argsort(costs)[-3:]  # the three images it reads worst: a gradient well worth a step
    for index in picked:
        small = 1e-3
        step = training_step(net, inputs[index], labels[index], lr=small)
        squared = sum(float(np.sum(g.astype(np.float64) ** 2)) for g in step.grad_w + step.grad_b)
        assert step.cost_after < step.cost
        assert (step.cost - step.cost_after) / small == pytest.approx(squared, rel=0.1)
        assert training_step(net, inputs[index], labels[index], lr=0.05).cost_after < step.cost_after

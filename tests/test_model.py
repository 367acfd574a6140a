"""The network's math: backpropagation against finite differences, shapes, probabilities, and the training loop."""

import numpy as np
import pytest

from network import Network, TrainingDiverged
from network.datasets import as_inputs
from network.model import cross_entropy
from network.training import Settings, train


def float64_twin(net, seed):
    """The same network with float64 parameters and random (not zero) biases, for precise finite differences."""
    rng = np.random.default_rng(seed)
    twin = net.copy()
    twin.weights = [w.astype(np.float64) for w in net.weights]
    twin.biases = [rng.normal(0, 0.5, b.shape) for b in net.biases]
    return twin


def numerical_gradient(net, x, labels, h=1e-6):
    """dC/dp for every weight and bias by central differences: (C(p + h) - C(p - h)) / 2h."""
    def cost():
        return cross_entropy(net.forward(x)[-1], labels, net.output)

    gradients = []
    for parameters in (net.weights, net.biases):
        layers = []
        for array in parameters:
            numeric = np.zeros_like(array)
            for index in np.ndindex(array.shape):
                kept = array[index]
                array[index] = kept + h
                above = cost()
                array[index] = kept - h
                below = cost()
                array[index] = kept
                numeric[index] = (above - below) / (2 * h)
            layers.append(numeric)
        gradients.append(layers)
    return gradients


def blocks_dataset(n=300, classes=3, seed=0):
    """uint8 images (n, 28, 28): class k is a bright square at its own place on faint noise; labels (n,)."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, classes, n)
    images = rng.integers(0, 30, (n, 28, 28)).astype(np.uint8)
    for index, label in enumerate(labels):
        images[index, 3 + 7 * label: 10 + 7 * label, 3 + 7 * label: 10 + 7 * label] = 220
    return images, labels.astype(np.int64)


def run(net, train_set, test_set=None, **settings):
    """Every Progress event of a training run."""
    return list(train(net, train_set, test_set, Settings(**settings), dataset="blocks"))


@pytest.mark.parametrize("sizes", [(5, 4, 3), (5, 6, 4, 3, 3)], ids=["shallow", "deep"])
@pytest.mark.parametrize("output", ["softmax", "sigmoid"])
@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_backpropagation_matches_finite_differences(activation, output, sizes):
    net = float64_twin(Network(sizes, activation=activation, output=output, seed=3), seed=4)
    rng = np.random.default_rng(5)
    x = rng.random((7, sizes[0])).astype(np.float32)  # inputs are float32 in the program; exact in float64 too
    labels = rng.integers(0, sizes[-1], 7)
    cost, out, grad_w, grad_b = net.gradient(x, labels)
    assert cost == pytest.approx(cross_entropy(out, labels, output))
    numeric_w, numeric_b = numerical_gradient(net, x, labels)
    for analytic, numeric in zip(grad_w + grad_b, numeric_w + numeric_b):
        assert analytic.shape == numeric.shape
        assert np.abs(numeric).max() > 1e-4  # every layer really gets a gradient
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("output", ["softmax", "sigmoid"])
def test_cross_entropy_of_labels_is_the_one_hot_formula(output):
    rng = np.random.default_rng(6)
    out = rng.uniform(0.01, 0.99, (9, 4))
    labels = rng.integers(0, 4, 9)
    y = np.eye(4)[labels]
    per_unit = y * np.log(out) + ((1 - y) * np.log(1 - out) if output == "sigmoid" else 0)
    assert cross_entropy(out, labels, output) == pytest.approx(-per_unit.sum() / 9, rel=1e-5)


def test_forward_gives_every_layers_activations_in_float32():
    net = Network((784, 24, 16, 10), seed=0)
    activations = net.forward(np.random.default_rng(0).random((7, 784)))
    assert [a.shape for a in activations] == [(7, 784), (7, 24), (7, 16), (7, 10)]
    assert all(a.dtype == np.float32 for a in activations)
    assert all(w.dtype == np.float32 for w in net.weights + net.biases)


def test_forward_into_buffers_matches_fresh_arrays():
    net = Network((784, 32, 10), seed=1)
    x = np.random.default_rng(1).random((5, 784)).astype(np.float32)
    buffers = [np.full((8, 32), np.nan, np.float32), np.full((8, 10), np.nan, np.float32)]
    for fresh, reused in zip(net.forward(x), net.forward(x, buffers)):
        np.testing.assert_array_equal(fresh, reused)
    np.testing.assert_array_equal(buffers[1][:5], net.forward(x)[-1])


def test_leaving_out_blank_inputs_changes_no_activation_or_gradient():
    net = Network((784, 32, 10), seed=4)
    rng = np.random.default_rng(4)
    x = rng.random((6, 784)).astype(np.float32)
    x[:, rng.random(784) < 0.4] = 0.0  # pixels blank in every image of the batch
    labels = rng.integers(0, 10, 6)
    targets = np.eye(10, dtype=np.float32)[labels]
    inked = np.flatnonzero(x.any(axis=0))
    _, out, grad_w, grad_b = net.gradient(x, labels)
    activations = net.forward(x[:, inked], inputs=inked)
    np.testing.assert_allclose(activations[-1], out, rtol=1e-5, atol=1e-7)
    part_w = [np.full_like(w, np.nan) for w in net.weights]
    part_b = [np.empty_like(b) for b in net.biases]
    net.backward(activations, (activations[-1] - targets) / 6, part_w, part_b)
    np.testing.assert_allclose(part_w[0][:len(inked)], grad_w[0][inked], rtol=1e-4, atol=1e-7)
    np.testing.assert_array_equal(grad_w[0][np.setdiff1d(np.arange(784), inked)], 0.0)
    for part, full in zip(part_w[1:] + part_b, grad_w[1:] + grad_b):
        np.testing.assert_allclose(part, full, rtol=1e-4, atol=1e-7)


@pytest.mark.parametrize("output", ["softmax", "sigmoid"])
def test_predict_proba_rows_are_probabilities(output):
    net = Network((784, 20, 10), output=output, seed=2)
    x = np.random.default_rng(2).random((6, 784)).astype(np.float32)
    probabilities = net.predict_proba(x)
    assert probabilities.shape == (6, 10)
    assert np.all(probabilities >= 0) and np.all(probabilities <= 1)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
    single = net.predict_proba(x[0])
    assert single.shape == (10,)
    np.testing.assert_allclose(single, probabilities[0], rtol=1e-6)
    np.testing.assert_array_equal(net.predict(x), probabilities.argmax(axis=1))


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_training_on_separable_data_lowers_cost_and_learns(activation):
    images, labels = blocks_dataset()
    test_images, test_labels = blocks_dataset(n=90, seed=1)
    net = Network((784, 16, 3), activation=activation, seed=0, labels="ABC")
    events = run(net, (images, labels), (test_images, test_labels), epochs=4, batch_size=16, lr=0.1)
    steps = [event for event in events if event.kind == "step"]
    epochs = [event for event in events if event.kind == "epoch"]
    assert len(steps) == 4 * 19 and [event.epoch for event in epochs] == [1, 2, 3, 4]
    assert epochs[-1].cost < 0.5 * steps[0].cost
    assert epochs[-1].test_accuracy >= 0.95
    assert np.mean(net.predict(as_inputs(test_images)) == test_labels) == epochs[-1].test_accuracy
    assert net.meta["epochs"] == 4 and net.meta["test_accuracy"] == epochs[-1].test_accuracy


def test_an_augmenters_float_batches_train_like_the_plain_images():
    images, labels = blocks_dataset(n=64)
    plain, augmented = Network((784, 8, 3), seed=2), Network((784, 8, 3), seed=2)
    run(plain, (images, labels), epochs=2, batch_size=16, lr=0.1)
    list(train(augmented, (images, labels), None, Settings(epochs=2, batch_size=16, lr=0.1),
               augmenter=lambda batch, rng: as_inputs(batch)))
    for got, want in zip(augmented.weights + augmented.biases, plain.weights + plain.biases):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)


def test_momentum_and_l2_steps_follow_the_update_rule():
    """Two mini-batches by hand: v = momentum * v - lr * (gradient + l2 * w); w = w + v."""
    images, labels = blocks_dataset(n=40)
    lr, momentum, l2, seed = 0.2, 0.9, 0.01, 7
    start = Network((784, 8, 3), seed=1)
    trained = start.copy()
    run(trained, (images, labels), epochs=1, batch_size=20, lr=lr, momentum=momentum, l2=l2, seed=seed)

    expected = start.copy()
    velocity_w = [np.zeros_like(w) for w in expected.weights]
    velocity_b = [np.zeros_like(b) for b in expected.biases]
    order = np.random.default_rng(seed).permutation(len(images))
    for batch in (order[:20], order[20:]):
        _, _, grad_w, grad_b = expected.gradient(as_inputs(images[batch]), labels[batch])
        for w, b, vw, vb, gw, gb in zip(expected.weights, expected.biases, velocity_w, velocity_b, grad_w, grad_b):
            vw[:] = momentum * vw - lr * (gw + l2 * w)
            vb[:] = momentum * vb - lr * gb
            w += vw
            b += vb
    for got, want in zip(trained.weights + trained.biases, expected.weights + expected.biases):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)
    assert any(np.abs(got - first).max() > 1e-3 for got, first in zip(trained.weights, start.weights))


def test_l2_shrinks_weights_compared_with_none():
    images, labels = blocks_dataset()
    plain, decayed = Network((784, 16, 3), seed=0), Network((784, 16, 3), seed=0)
    run(plain, (images, labels), epochs=3, batch_size=16, lr=0.1)
    run(decayed, (images, labels), epochs=3, batch_size=16, lr=0.1, l2=0.05)
    assert sum(np.sum(w ** 2) for w in decayed.weights) < 0.8 * sum(np.sum(w ** 2) for w in plain.weights)


def test_momentum_moves_weights_further_than_plain_sgd():
    images, labels = blocks_dataset()
    start = Network((784, 16, 3), seed=0)
    plain, heavy = start.copy(), start.copy()
    run(plain, (images, labels), epochs=1, batch_size=16, lr=0.05, momentum=0.0)
    run(heavy, (images, labels), epochs=1, batch_size=16, lr=0.05, momentum=0.9)
    distance = [sum(np.sum((w - w0) ** 2) for w, w0 in zip(net.weights, start.weights)) for net in (plain, heavy)]
    assert distance[1] > 2 * distance[0]


def test_a_huge_learning_rate_raises_training_diverged():
    images, labels = blocks_dataset()
    net = Network((784, 16, 3), activation="relu", seed=0)
    with pytest.raises(TrainingDiverged, match="diverged at epoch 1.*smaller learning rate"):
        run(net, (images, labels), epochs=3, batch_size=16, lr=1e30)


@pytest.mark.parametrize("field, value, message", [
    ("epochs", 0, "epochs must be at least 1"),
    ("batch_size", 0, "batch size must be at least 1"),
    ("lr", 0, "learning rate must be a positive number"),
    ("lr", -0.1, "learning rate must be a positive number"),
    ("lr", float("nan"), "learning rate must be a positive number"),
    ("lr", float("inf"), "learning rate must be a positive number"),
    ("lr_decay", 0, "learning-rate decay must be above 0 and at most 1"),
    ("lr_decay", 1.5, "learning-rate decay must be above 0 and at most 1"),
    ("momentum", 1.0, "momentum must be from 0 up to"),
    ("momentum", -0.5, "momentum must be from 0 up to"),
    ("l2", -0.01, "L2 strength must be zero or positive"),
])
def test_settings_reject_bad_values(field, value, message):
    with pytest.raises(ValueError, match=message):
        Settings(**{field: value})


@pytest.mark.parametrize("arguments, message", [
    (((784,),), "at least two positive numbers"),
    (((784, 0, 10),), "at least two positive numbers"),
    (((784, 10), "tanh"), "hidden activation must be one of"),
    (((784, 10), "sigmoid", "linear"), "output must be one of"),
    (((784, 10), "sigmoid", "softmax", list("ABC")), "3 class names for 10 outputs"),
])
def test_network_rejects_bad_shapes_and_names(arguments, message):
    with pytest.raises(ValueError, match=message):
        Network(*arguments)


def test_a_copy_shares_no_parameters_or_history():
    net = Network((5, 4, 3), seed=0, meta={"history": [{"epochs": 1}]})
    twin = net.copy()
    twin.weights[0] += 1.0
    twin.meta["history"].append({"epochs": 2})
    assert not np.array_equal(net.weights[0], twin.weights[0])
    assert net.meta["history"] == [{"epochs": 1}]

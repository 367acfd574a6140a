"""Looking inside: input gradients against finite differences of predict_proba, hidden activations, unit pushes."""

import numpy as np
import pytest

from network import Network
from network.inspect import (calibrated_floor, contenders, hidden_activations, input_gradient, layer_activations,
                             not_sure, score_floor, scores, unit_pushes, why_map)
from test_model import float64_twin

SHAPES = [(784, 7, 5), (784, 6, 5, 4), (784, 6, 5, 5, 4)]


def numerical_input_gradient(net, x, k, h=1e-4):
    """d log(predict_proba(x)[k]) / dx by central differences, all 784 inputs in one batch.

    predict_proba takes float32 inputs, so each step is measured between the float32 points it really uses.
    """
    eye = np.eye(x.size)
    above = (x + h * eye).astype(np.float32)
    below = (x - h * eye).astype(np.float32)
    steps = np.diagonal(above.astype(np.float64) - below.astype(np.float64))
    log_p = np.log(net.predict_proba(np.concatenate([above, below]))[:, k])
    return (log_p[:x.size] - log_p[x.size:]) / steps


@pytest.mark.parametrize("sizes", SHAPES, ids=["1-hidden", "2-hidden", "3-hidden"])
@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
@pytest.mark.parametrize("output", ["softmax", "sigmoid"])
def test_input_gradient_matches_finite_differences(sizes, activation, output):
    net = float64_twin(Network(sizes, activation=activation, output=output, seed=1), seed=2)
    x = np.random.default_rng(3).uniform(0.1, 0.9, 784).astype(np.float32)
    for k in range(sizes[-1]):
        analytic = input_gradient(net, x, k)
        assert analytic.dtype == np.float32 and analytic.shape == (784,)
        np.testing.assert_array_equal(analytic, input_gradient(net, x, k, layer_activations(net, x)))
        numeric = numerical_input_gradient(net, x, k)
        scale = np.abs(numeric).max()
        assert scale > 1e-4  # a gradient worth checking
        np.testing.assert_allclose(analytic, numeric, rtol=1e-3, atol=1e-4 * scale)


def test_input_gradient_of_a_float32_network_is_close_to_its_float64_twin():
    net = Network((784, 30, 10), seed=0)
    twin = net.copy()
    twin.weights = [w.astype(np.float64) for w in net.weights]
    x = np.random.default_rng(1).uniform(0, 1, 784).astype(np.float32)
    np.testing.assert_allclose(input_gradient(net, x, 4), input_gradient(twin, x, 4), rtol=1e-3, atol=1e-6)


def test_why_map_is_zero_where_there_is_no_ink_and_input_times_gradient_elsewhere():
    net = Network((784, 12, 10), seed=0)
    x = np.zeros(784, np.float32)
    x[300:340] = 0.8
    shown = why_map(net, x, 3)
    assert not shown[:300].any() and not shown[340:].any()
    np.testing.assert_allclose(shown[300:340], 0.8 * input_gradient(net, x, 3)[300:340], rtol=1e-6)


def test_hidden_activations_are_each_hidden_layers_output():
    net = Network((784, 9, 6, 10), activation="relu", seed=0)
    x = np.random.default_rng(0).uniform(0, 1, 784).astype(np.float32)
    hidden = hidden_activations(net, x)
    assert [h.shape for h in hidden] == [(9,), (6,)]
    first = np.maximum(x @ net.weights[0] + net.biases[0], 0)
    np.testing.assert_allclose(hidden[0], first, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(hidden[1], np.maximum(first @ net.weights[1] + net.biases[1], 0), rtol=1e-5, atol=1e-6)


def test_unit_pushes_of_a_one_hidden_layer_network_are_activation_times_outgoing_weight():
    net = Network((784, 8, 10), seed=0)
    x = np.random.default_rng(0).uniform(0, 1, 784).astype(np.float32)
    pushes = unit_pushes(net, x)
    assert pushes.shape == (8, 10)
    np.testing.assert_allclose(pushes, hidden_activations(net, x)[0][:, None] * net.weights[1], rtol=1e-5)


def test_unit_pushes_of_a_deeper_network_predict_what_silencing_a_unit_does():
    """Small nudges of a unit's activation change each score by gradient times nudge (first order)."""
    net = float64_twin(Network((784, 6, 5, 4), seed=4), seed=5)
    x = np.random.default_rng(6).uniform(0, 1, 784).astype(np.float32)
    hidden = hidden_activations(net, x)
    pushes = unit_pushes(net, x, layer=1)
    unit, share = 2, 1e-5  # take away a tiny share of unit 2's activation

    def scores(first):
        second = 1 / (1 + np.exp(-(first @ net.weights[1] + net.biases[1])))
        return second @ net.weights[2] + net.biases[2]

    nudged = hidden[0].copy()
    nudged[unit] *= 1 - share
    np.testing.assert_allclose((scores(hidden[0]) - scores(nudged)) / share, pushes[unit], rtol=1e-3, atol=1e-9)
    with pytest.raises(ValueError, match="hidden layer"):
        unit_pushes(net, x, layer=3)


def test_scores_are_the_output_layers_weighted_sums_whose_softmax_is_predict_proba():
    net = Network((784, 9, 6, 10), seed=0)
    x = np.random.default_rng(0).uniform(0, 1, (3, 784)).astype(np.float32)
    z = scores(net, x)
    softmax = np.exp(z - z.max(axis=1, keepdims=True))
    np.testing.assert_allclose(softmax / softmax.sum(axis=1, keepdims=True), net.predict_proba(x), rtol=1e-5)
    np.testing.assert_allclose(scores(net, x[1]), z[1], rtol=1e-5, atol=1e-6)


def test_score_floor_leaves_the_given_share_of_correctly_read_inputs_below_it():
    net = Network((784, 9, 4), seed=0)
    x = np.random.default_rng(0).uniform(0, 1, (400, 784)).astype(np.float32)
    labels = net.predict(x)
    labels[:100] = (labels[:100] + 1) % 4  # read wrong: left out of the floor
    floor = score_floor(net, x, labels, share=0.1)
    top = scores(net, x[100:]).max(axis=1)
    assert np.mean(top < floor) == pytest.approx(0.1, abs=0.01)
    assert score_floor(net, x[:100], labels[:100]) is None


def test_not_sure_when_no_class_has_half_or_the_top_score_is_below_the_floor():
    assert not_sure(np.array([0.45, 0.40, 0.15]), top_score=9.0, floor=2.0)
    assert not_sure(np.array([0.9, 0.05, 0.05]), top_score=1.5, floor=2.0)
    assert not not_sure(np.array([0.9, 0.05, 0.05]), top_score=1.5, floor=None)
    assert not not_sure(np.array([0.9, 0.05, 0.05]), top_score=2.5, floor=2.0)
    assert contenders(np.array([0.1, 0.3, 0.05, 0.55])) == [3, 1]


def test_no_floor_for_a_network_whose_test_images_are_not_on_disk(tmp_path):
    net = Network((784, 9, 10), seed=0, meta={"dataset": "mnist"})
    assert calibrated_floor(net, data_dir=str(tmp_path)) is None
    assert calibrated_floor(Network((784, 9, 10), seed=0, meta={"dataset": "my_drawings"})) is None


def test_floor_from_the_real_mnist_test_images(real_data):
    import network
    net = network.load("saved_networks/tiny-digits.npz")
    floor = calibrated_floor(net, data_dir=real_data, count=500)
    assert 0 < floor < scores(net, np.zeros(784, np.float32)).max() + 20

"""Runs that are lost without any NaN (a runaway cost, a dead relu layer) stop with TrainingDiverged."""

import numpy as np
import pytest

from network import Network, TrainingDiverged
from network.divergence import DEAD_BATCHES, SMOOTHING_STEPS, DivergenceWatch

from test_model import blocks_dataset, run


def hidden_activations(units=16, alive=True):
    """The activations list a step hands the watch: input, one hidden layer, output."""
    hidden = np.full((8, units), 0.5 if alive else 0.0, np.float32)
    return [np.ones((8, 784), np.float32), hidden, np.full((8, 3), 1 / 3, np.float32)]


def feed(watch, costs, activations=None):
    for step, cost in enumerate(costs, start=1):
        watch.check(cost, activations or hidden_activations(), 1, step)


def test_a_relu_network_at_a_huge_learning_rate_reports_its_runaway_cost():
    images, labels = blocks_dataset()
    net = Network((784, 16, 3), activation="relu", seed=0)
    with pytest.raises(TrainingDiverged, match=r"cost rose to .* worse than guessing \(1\.1\).*"
                                               r"smaller learning rate than 100"):
        run(net, (images, labels), epochs=4, batch_size=16, lr=100)


def test_a_dead_relu_layer_is_reported_after_a_run_of_silent_batches():
    images, labels = blocks_dataset()  # 300 images: 19 batches of 16 per epoch
    net = Network((784, 16, 3), activation="relu", seed=0)
    net.biases[0][:] = -1000.0  # no image can switch a hidden unit on
    epoch, step = divmod(DEAD_BATCHES - 1, 19)
    with pytest.raises(TrainingDiverged, match=f"epoch {epoch + 1}, step {step + 1}: "
                                               "hidden layer 1 died"):
        run(net, (images, labels), epochs=3, batch_size=16, lr=0.1)


def test_a_sigmoid_layer_near_zero_is_not_taken_for_dead():
    watch = DivergenceWatch(Network((784, 16, 3), seed=0), lr=0.5)
    feed(watch, [1.0] * (3 * DEAD_BATCHES), hidden_activations(alive=False))


def test_a_short_spike_and_a_trained_networks_noise_are_forgiven():
    watch = DivergenceWatch(Network((784, 16, 3), activation="relu", seed=0), lr=0.5)
    feed(watch, [1.1] * 10 + [30.0] * 3 + [0.5] * 200)
    trained = DivergenceWatch(Network((784, 16, 3), seed=0), lr=0.5)
    feed(trained, [0.01] + [1.5, 0.2] * 200)  # far above its first cost, still better than guessing


def test_a_cost_that_stays_far_above_guessing_stops_the_run():
    watch = DivergenceWatch(Network((784, 16, 3), seed=0), lr=3)
    with pytest.raises(TrainingDiverged, match="epoch 1, step .*cost rose to .*smaller learning rate than 3"):
        feed(watch, [1.1] + [6.0] * (2 * SMOOTHING_STEPS))

"""What the learning-step view shows, without the window: the lesson's steps, label and learning rate, keeping
the result as a new file, and the other images measured in the background."""

import os
import time

import numpy as np
import pytest

import network
from app.step_lesson import LEARNING_RATES, Forgetting, StepLesson, TrainingImages
from network import places
from network.inspect import training_step
from test_network_datasets import make_mnist_folder


def lesson_network():
    return network.Network((784, 12, 8, 10), seed=3, meta={"dataset": "mnist", "test_accuracy": 0.9})


def an_image(seed=0):
    x = np.zeros((28, 28), np.float32)
    x[6:22, 12:16] = np.random.default_rng(seed).uniform(0.6, 1.0, (16, 4))
    return x.reshape(-1)


def wait_for(condition, seconds=20.0):
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "the background work did not finish"
        time.sleep(0.01)


def test_repeating_the_step_walks_the_network_on_and_the_cost_on_the_image_falls():
    net = lesson_network()
    weights = [w.copy() for w in net.weights]
    lesson = StepLesson(net, an_image(), "7", "your drawing", lr=0.1)
    first = lesson.step
    assert lesson.net is net and lesson.taken == 1 and lesson.costs == [first.cost, first.cost_after]
    for _ in range(4):
        lesson.repeat()
    assert lesson.taken == 5 and len(lesson.costs) == 6
    assert all(later < earlier for earlier, later in zip(lesson.costs, lesson.costs[1:]))
    assert lesson.step.cost == pytest.approx(lesson.costs[-2])
    np.testing.assert_array_equal(lesson.net.weights[0], training_step(
        training_step(training_step(training_step(net, an_image(), 7, 0.1).after, an_image(), 7, 0.1).after,
                      an_image(), 7, 0.1).after, an_image(), 7, 0.1).after.weights[0])
    for before, now in zip(weights, net.weights):
        np.testing.assert_array_equal(before, now)  # the loaded network is never changed
    lesson.start_again()
    assert lesson.net is net and lesson.taken == 1 and lesson.costs == [first.cost, first.cost_after]


def test_another_label_or_learning_rate_makes_the_shown_step_again():
    lesson = StepLesson(lesson_network(), an_image(), 7, "your drawing", lr=0.05)
    lesson.repeat()
    version = lesson.version
    lesson.change_rate(1)
    assert lesson.lr == 0.1 and lesson.taken == 2 and lesson.version > version  # from where the steps got to
    assert lesson.step.cost_after == training_step(lesson.net, lesson.x, 7, 0.1).cost_after
    for _ in range(40):
        lesson.change_rate(1)
    assert lesson.lr == LEARNING_RATES[-1]
    lesson.change_rate(-100)
    assert lesson.lr == LEARNING_RATES[0]
    lesson.set_label("3")
    assert lesson.label == 3 and lesson.class_name == "3" and lesson.taken == 1 and lesson.net is lesson.original
    with pytest.raises(ValueError):
        lesson.set_label("Q")


def test_a_large_learning_rate_can_overshoot_on_the_image_and_the_lesson_says_so(real_data):
    """On a few of the characters network's test images one step at eta 1 goes past the valley: the cost on the
    image rises. At eta 0.01 it never does."""
    net = network.load("saved_networks/characters.npz")
    images, labels, _ = network.datasets.load("characters", "test", real_data)
    inputs = network.datasets.as_inputs(images[:60])
    overshot = [index for index in range(60) if StepLesson(net, inputs[index], labels[index], "x", lr=1.0).overshoot]
    assert overshot
    lesson = StepLesson(net, inputs[overshot[0]], labels[overshot[0]], "x", lr=1.0)
    assert lesson.step.cost_after > lesson.step.cost
    assert not any(StepLesson(net, inputs[index], labels[index], "x", lr=0.01).overshoot for index in range(60))


def test_keeping_saves_a_new_file_never_over_one_that_loads_like_a_trained_network(inkling_home):
    lesson = StepLesson(lesson_network(), an_image(), 7, "your drawing", lr=0.1)
    lesson.repeat()
    folder = places.networks_folder()
    os.makedirs(folder, exist_ok=True)
    taken = os.path.join(folder, "tiny-2-steps.npz")
    with open(taken, "wb") as file:
        file.write(b"someone else's")
    net, path = lesson.keep("tiny")
    assert os.path.dirname(path) == folder and path != taken and os.path.basename(path).startswith("tiny-2-steps")
    assert open(taken, "rb").read() == b"someone else's"
    loaded = network.load(path)
    np.testing.assert_array_equal(loaded.weights[1], lesson.step.after.weights[1])
    assert loaded.meta["test_accuracy"] is None  # the file's old accuracy no longer describes it
    run = loaded.meta["history"][-1]
    assert run["steps"] == 2 and run["lr"] == 0.1 and run["batch_size"] == 1 and "your drawing as 7" in run["dataset"]
    assert lesson.original.meta["test_accuracy"] == 0.9 and lesson.original.meta.get("history", []) == []
    assert lesson.keep("tiny")[1] not in (path, taken)


def test_the_other_images_are_read_before_and_after_in_the_background(tmp_path):
    make_mnist_folder(tmp_path, n=40)
    net = lesson_network()
    forgetting = Forgetting(net, data_dir=str(tmp_path))
    wait_for(lambda: forgetting.predicted(net) is not None)
    assert forgetting.problem is None and len(forgetting.labels) == 40
    np.testing.assert_array_equal(forgetting.predicted(net), net.predict(forgetting.images))
    after = StepLesson(net, an_image(), 7, "x", lr=10.0).step.after
    assert forgetting.predicted(after) is None  # asked: measured next
    wait_for(lambda: forgetting.predicted(after) is not None)
    np.testing.assert_array_equal(forgetting.predicted(after), after.predict(forgetting.images))
    forgetting.stop()


def test_without_the_networks_test_images_the_measure_says_why(tmp_path):
    forgetting = Forgetting(lesson_network(), data_dir=str(tmp_path))
    wait_for(lambda: forgetting.problem is not None)
    assert "mnist" in forgetting.problem and "not here" in forgetting.problem
    letters = network.Network((784, 5, 3), labels=["a", "b", "c"], meta={"dataset": "my_drawings"})
    images = TrainingImages(letters, data_dir=str(tmp_path))
    wait_for(lambda: images.problem is not None)
    assert images.pick() is None


def test_a_training_image_comes_with_its_own_label(tmp_path):
    images, labels = make_mnist_folder(tmp_path, n=25)
    training = TrainingImages(lesson_network(), data_dir=str(tmp_path), seed=0)
    wait_for(lambda: training.ready)
    x, label, index = training.pick()
    assert label == labels[index] and x.shape == (784,)
    np.testing.assert_allclose(x, images[index].reshape(-1) / 255.0, atol=1e-6)

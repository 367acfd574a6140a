"""Refitting a network's output layer for drawings (network/refit.py, python -m network refit)."""

import os

import numpy as np
import pytest

from network import NetworkFileError, datasets, refit
from network.cli import main
from network.errors import InklingError
from network.model import Network
from network.redraw import drawn_inputs
from network.storage import load, save

from test_network_storage import small_network, with_meta

SHIPPED = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "saved_networks")


@pytest.fixture
def few_images(monkeypatch):
    """Refitting on a few thousand images, not a quarter of a million."""
    for name, value in (("AS_THEY_ARE", 3000), ("DRAWN", 6000), ("SCANNED", 1000), ("EPOCHS", 3)):
        monkeypatch.setattr(refit, name, value)


def test_refitting_reads_drawn_digits_better_and_keeps_the_hidden_layers_and_gate(real_data, few_images):
    net = load(os.path.join(SHIPPED, "digits.npz"))
    net.weights[-1] += np.random.default_rng(5).normal(0, 0.4, net.weights[-1].shape).astype(np.float32)  # worn
    before = [w.copy() for w in net.weights]
    train_x, train_y, _ = datasets.load("mnist", "train", real_data)
    test_x, test_y, _ = datasets.load("mnist", "test", real_data)
    drawn = drawn_inputs(test_x[:600], np.random.default_rng(1), "mnist")
    worn = np.mean(net.predict(drawn) == test_y[:600])
    accuracy = refit.refit_output(net, (train_x, train_y), (test_x[:2000], test_y[:2000]))
    assert np.mean(net.predict(drawn) == test_y[:600]) > worn + 0.02
    assert all(np.array_equal(a, b) for a, b in zip(net.weights[:-1], before[:-1]))  # hidden layers as they were
    assert not np.array_equal(net.weights[-1], before[-1])
    assert net.gate is not None  # the gate reads the hidden layers, which did not change
    run = net.meta["history"][-1]
    assert run["refit"] == {"as_they_are": 3000, "drawn": 6000, "scanned": 1000}
    assert run["test_accuracy"] == accuracy == net.meta["test_accuracy"]


def test_the_refit_command_saves_beside_the_network_and_info_tells_it(real_data, few_images, tmp_path, capsys):
    source = tmp_path / "tiny.npz"
    source.write_bytes(open(os.path.join(SHIPPED, "tiny-digits.npz"), "rb").read())
    assert main(["refit", str(source), "--data-dir", real_data]) == 0
    out = tmp_path / "tiny-2.npz"
    assert "saved " + str(out) in capsys.readouterr().out
    assert load(out).meta["history"][-1]["command"].startswith("python -m network refit")
    assert len(load(source).meta["history"]) == len(load(out).meta["history"]) - 1  # the source as it was
    assert main(["info", str(out)]) == 0
    assert "output layer fitted again on training images: 3,000 as they are, 6,000 redrawn" in capsys.readouterr().out


def test_a_network_without_an_output_layer_to_refit_is_told_so():
    for net in (Network((784, 10)), Network((784, 16, 10), output="sigmoid")):
        with pytest.raises(InklingError, match="only a network with a hidden layer"):
            refit.refit_output(net, (np.zeros((4, 28, 28), np.uint8), np.zeros(4, int)), (None, None))


def test_a_broken_refit_record_is_named(tmp_path):
    path = tmp_path / "net.npz"
    save(small_network(), path)
    with_meta(path, history=[{"dataset": "mnist", "refit": {"drawn": "many"}}])
    with pytest.raises(NetworkFileError, match="'refit' is invalid"):
        load(path)

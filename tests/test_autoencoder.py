"""The autoencoder the "not a character" gate reads: taught on characters alone, it redraws characters better
than marks it never saw, and the gate that reads it is stored, loaded and shown with it."""

import numpy as np
import pytest

from network import NetworkFileError, marks
from network.autoencoder import new_autoencoder, redraw_error, train_autoencoder
from network.character_check import is_character
from network.cli import main
from network.gate import Gate, character_probability, new_gate_network
from network.model import Network
from network.shape_counts import shape_counts
from network.storage import load, save

from test_network_storage import rewrite, small_network
from test_not_a_character import CHARACTERS, drawn_characters, gate_meta


def test_taught_on_characters_it_redraws_them_better_than_marks_it_never_saw():
    net = small_network()
    rng = np.random.default_rng(0)
    characters, _ = drawn_characters(net, 50, rng)
    autoencoder = new_autoencoder(seed=1)
    new_characters, _ = drawn_characters(net, 10, np.random.default_rng(1))
    hearts = marks.framed("hearts", 60, rng, "mnist")
    untaught = np.median(redraw_error(autoencoder, new_characters))
    train_autoencoder(autoencoder, characters, rng, epochs=20)
    taught = redraw_error(autoencoder, new_characters)
    assert np.median(taught) < 0.5 * untaught
    assert np.median(taught) < np.median(redraw_error(autoencoder, hearts))
    assert len(CHARACTERS) * 10 == len(taught) and taught.dtype == np.float32


def test_the_redraw_error_is_over_the_ink_so_a_small_mark_is_judged_as_a_big_one():
    autoencoder = Network((784, 4, 784), "relu", "sigmoid", seed=0)
    autoencoder.weights[1][:] = 0.0
    autoencoder.biases[1][:] = -30.0  # it redraws nothing: every pixel of ink is missed
    small, big = np.zeros((2, 28, 28), np.float32)
    small[10:14, 10:14] = 1.0
    big[4:24, 4:24] = 1.0
    error = redraw_error(autoencoder, np.stack([small, big]))
    np.testing.assert_allclose(error, error[0], rtol=1e-4)
    assert error[0] == pytest.approx(5.0, rel=1e-3)  # ERROR_SCALE times all of the ink, over the ink


def redrawing_network():
    net = small_network()
    autoencoder = Network((784, 8, 784), "relu", "sigmoid", seed=4)
    net.gate = Gate(new_gate_network(net, 6, seed=2, counts=True, redraw=True), 0.4, {"learned": ["dots"]},
                    counts=True, autoencoder=autoencoder)
    return net


def test_a_gate_that_reads_a_redraw_error_is_saved_loaded_and_reads_it(tmp_path, capsys):
    net = redrawing_network()
    assert net.gate.net.sizes == (16 + 10 + 1, 6, 2)
    save(net, tmp_path / "redrawn.npz")
    loaded = load(tmp_path / "redrawn.npz")
    assert loaded.gate.autoencoder.sizes == (784, 8, 784) and loaded.gate.autoencoder.output == "sigmoid"
    assert loaded.gate.info == {"learned": ["dots"]}
    x = np.random.default_rng(0).random((20, 784), dtype=np.float32)
    np.testing.assert_array_equal(is_character(loaded, x), is_character(net, x))
    by_hand = net.gate.net.predict_proba(np.concatenate(
        [net.forward(x)[1], shape_counts(x), redraw_error(net.gate.autoencoder, x)[:, None]], axis=1))[:, 1]
    np.testing.assert_allclose(character_probability(loaded, loaded.gate, x), by_hand, rtol=1e-5)
    copy = loaded.copy()
    copy.gate.autoencoder.weights[0] += 1.0  # a copy's autoencoder is its own
    assert not np.array_equal(copy.gate.autoencoder.weights[0], loaded.gate.autoencoder.weights[0])
    assert main(["info", str(tmp_path / "redrawn.npz")]) == 0
    assert ("on the hidden layers, the drawing's shape counts (pieces of ink, holes) and how well an autoencoder "
            "784 -> 8 -> 784 of characters redraws it") in capsys.readouterr().out


@pytest.mark.parametrize("damage,message", [
    (lambda p: gate_meta(p, autoencoder=[784, 8, 700]), "its autoencoder's sizes \\[784, 8, 700\\] do not give back"),
    (lambda p: gate_meta(p, autoencoder=[784, 9, 784]), "'gate_autoencoder_weights_0' has shape \\(784, 8\\)"),
    (lambda p: gate_meta(p, autoencoder="784-8-784"), "'gate': 'autoencoder' is invalid"),
    (lambda p: gate_meta(p, autoencoder=[784] * 7), "'gate': 'autoencoder' is invalid"),
    (lambda p: rewrite(p, gate_autoencoder_biases_1=None), "missing field 'gate_autoencoder_biases_1'"),
    (lambda p: rewrite(p, gate_autoencoder_weights_1=np.full((8, 784), np.inf, np.float32)),
     "'gate_autoencoder_weights_1' contains NaN or infinite"),
    (lambda p: gate_meta(p, autoencoder=...), "unexpected field 'gate_autoencoder_"),
])
def test_a_broken_autoencoder_is_named(tmp_path, damage, message):
    path = tmp_path / "redrawn.npz"
    save(redrawing_network(), path)
    damage(path)
    with pytest.raises(NetworkFileError, match=message) as error:
        load(path)
    assert str(path) in str(error.value)

"""Not a character: marks drawn by code, the gate beside a network, how it is stored, and the rule on marks and
on characters the tests draw themselves."""

import json
import os

import numpy as np
import pytest

import network
from network import NetworkFileError, marks
from network.character_check import character_shortfall, is_character
from network.cli import main
from network.gate import NEAR_BAR, SHIFTS, Gate, character_probability, features, new_gate_network
from network.edge_directions import COUNT as DIRECTIONS, edge_directions
from network.shape_counts import COUNT, shape_counts
from network.gate_training import BATCH, LR, LR_DECAY, MOMENTUM
from network.preprocess import canvas_to_input
from network.sgd import fit
from network.storage import load, save
from network.training import Settings, train

from test_network_storage import rewrite, small_network, with_meta

SHIPPED = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "saved_networks")


def ellipse(cx, cy, rx, ry, turns=1.0, start=0.0):
    angles = start + np.linspace(0, 2 * np.pi * turns, 30)
    return np.stack([cx + rx * np.cos(angles), cy + ry * np.sin(angles)], axis=1)


# Characters as strokes in a unit box, drawn with the same hand as the marks (network.marks.draw_strokes).
CHARACTERS = {
    "0": [ellipse(0.5, 0.5, 0.33, 0.5)],
    "1": [[(0.35, 0.15), (0.55, 0.0), (0.55, 1.0)]],
    "2": [np.concatenate([ellipse(0.5, 0.28, 0.35, 0.28, turns=0.6, start=np.pi), [(0.1, 1.0), (0.9, 1.0)]])],
    "4": [[(0.6, 0.0), (0.05, 0.7), (0.95, 0.7)], [(0.7, 0.35), (0.7, 1.0)]],
    "7": [[(0.1, 0.0), (0.9, 0.0), (0.4, 1.0)]],
    "A": [[(0.05, 1.0), (0.5, 0.0), (0.95, 1.0)], [(0.25, 0.6), (0.75, 0.6)]],
    "E": [[(0.85, 0.0), (0.15, 0.0), (0.15, 1.0), (0.85, 1.0)], [(0.15, 0.5), (0.7, 0.5)]],
    "H": [[(0.15, 0.0), (0.15, 1.0)], [(0.85, 0.0), (0.85, 1.0)], [(0.15, 0.5), (0.85, 0.5)]],
    "L": [[(0.2, 0.0), (0.2, 1.0), (0.85, 1.0)]],
    "N": [[(0.15, 1.0), (0.15, 0.0), (0.85, 1.0), (0.85, 0.0)]],
    "T": [[(0.05, 0.0), (0.95, 0.0)], [(0.5, 0.0), (0.5, 1.0)]],
    "V": [[(0.05, 0.0), (0.5, 1.0), (0.95, 0.0)]],
}


def drawn_characters(net, per_class, rng):
    """``(inputs, labels)``: each character above drawn ``per_class`` times at a moderate size and pen."""
    style = net.meta.get("style", "mnist")
    inputs, labels = [], []
    for name, strokes in CHARACTERS.items():
        for _ in range(per_class):
            page = marks.draw_strokes(strokes, rng, turn=8, extent=rng.uniform(0.4, 0.8), pen=rng.uniform(5, 12))
            inputs.append(canvas_to_input(page, style))
            labels.append(net.labels.index(name) if name in net.labels else -1)
    return np.stack(inputs), np.array(labels)


def test_every_kind_of_mark_is_ink_framed_as_a_drawing():
    rng = np.random.default_rng(0)
    assert set(marks.LEARNED).isdisjoint(marks.HELD_OUT)
    assert set(marks.LEARNED) | set(marks.HELD_OUT) == set(marks.KINDS)
    for kind in marks.KINDS:
        page = marks.draw(kind, rng)
        assert page.shape == (marks.CANVAS, marks.CANVAS) and page.max() == 1.0, kind
        inputs = marks.framed(kind, 2, rng, "emnist")
        assert inputs.shape == (2, 784) and inputs.max() == 1.0 and inputs.min() >= 0.0, kind


def test_open_ended_kinds_make_a_new_shape_every_time_within_their_box():
    from network import random_marks
    rng = np.random.default_rng(4)
    assert set(random_marks.KINDS) <= set(marks.LEARNED)  # they teach the gate; none is a held-out kind
    for kind, (make, _) in random_marks.KINDS.items():
        first, second = (np.concatenate(make(rng)) for _ in range(2))
        assert first.shape != second.shape or not np.allclose(first, second), kind
        assert first.min() > -0.2 and first.max() < 1.2, kind


def test_a_mirrored_doodle_is_its_own_mirror_image():
    from network.random_marks import KINDS
    make, _ = KINDS["mirrored doodles"]
    for seed in range(5):
        points = np.concatenate(make(np.random.default_rng(seed)))
        mirrored = points * [-1, 1] + [1, 0]
        nearest = np.abs(mirrored[:, None, :] - points[None, :, :]).sum(axis=2).min(axis=1)
        assert nearest.max() < 1e-9


def test_the_gate_learns_from_more_marks_of_each_open_ended_kind(monkeypatch):
    from network import gate_training
    monkeypatch.setattr(gate_training, "MARKS_PER_KIND", 2)
    monkeypatch.setattr(gate_training, "OPEN_ENDED_MARKS", 5)
    inputs = gate_training.marks_inputs(["hashes", "curves", "boxes", "blobs"], np.random.default_rng(0), "mnist")
    assert inputs.shape == (2 + 5 + 2 + 5, 784)


def test_the_window_paints_with_the_same_brush_as_the_marks():
    from app import canvas  # the window's canvas shares network.brush, it has no copy of its own
    from network import brush
    assert canvas.paint is brush.paint


def test_a_gate_learns_marks_from_characters_and_refuses_kinds_it_never_saw():
    """A small gate on digits.npz's hidden layer (its own gate set aside), trained on drawn digits against a
    few kinds of marks."""
    classifier = network.load(os.path.join(SHIPPED, "digits.npz"))
    rng = np.random.default_rng(0)
    learned = ["scribbles", "random strokes", "boxes", "stars", "hashes", "grids", "compositions"]
    digits, labels = drawn_characters(classifier, 60, rng)
    digits = digits[labels >= 0]
    drawn_marks = np.concatenate([marks.framed(kind, 60, rng, "mnist") for kind in learned])
    inputs = np.concatenate([features(classifier, digits), features(classifier, drawn_marks)])
    answers = np.concatenate([np.ones(len(digits), int), np.zeros(len(drawn_marks), int)])
    gate_net = new_gate_network(classifier, 32)
    fit(gate_net, inputs, answers, rng, 30, LR, LR_DECAY, MOMENTUM, BATCH)
    classifier.gate = Gate(gate_net, 0.5)
    new_digits, labels = drawn_characters(classifier, 20, np.random.default_rng(1))
    assert is_character(classifier, new_digits[labels >= 0]).mean() >= 0.9
    for kind in learned:
        assert 1 - is_character(classifier, marks.framed(kind, 40, rng, "mnist")).mean() >= 0.7, kind
    unseen = np.concatenate([marks.framed(kind, 40, rng, "mnist") for kind in ("suns", "flowers", "ladders")])
    assert 1 - is_character(classifier, unseen).mean() >= 0.6


@pytest.mark.parametrize("name", ["characters.npz", "digits.npz", "letters.npz"])
def test_the_shipped_networks_say_not_a_character_for_marks_and_read_characters(name):
    net = network.load(os.path.join(SHIPPED, name))
    assert net.gate is not None and set(net.gate.info["learned"]).isdisjoint(marks.HELD_OUT)
    assert set(net.gate.info["held_out"]) <= set(marks.HELD_OUT)  # kinds added since were never learned either
    rng = np.random.default_rng(5)
    style = net.meta["style"]
    for kind in ("hearts", "stars", "spirals"):  # held out, and told at once
        refused = 1 - is_character(net, marks.framed(kind, 50, rng, style)).mean()
        assert refused >= 0.9, f"{kind}: {refused:.0%}"
    held_out = np.concatenate([marks.framed(kind, 50, rng, style) for kind in marks.HELD_OUT])
    assert 1 - is_character(net, held_out).mean() >= 0.6  # houses, clouds, notes, percents, hourglasses, ampersands
    # are nearly characters
    inputs, labels = drawn_characters(net, 20, rng)
    ours = labels >= 0
    assert is_character(net, inputs[ours]).mean() >= 0.9  # drawn stroke by stroke, as marks are
    without = net.copy()
    without.gate = None  # today's rule misses most held-out marks: the gate is what says so
    assert 1 - is_character(without, held_out).mean() < 0.6


def test_drawn_test_characters_are_rarely_refused(real_data):
    from network import datasets
    from network.redraw import drawn_inputs
    net = network.load(os.path.join(SHIPPED, "characters.npz"))
    images, labels, _ = datasets.load("characters", "test", real_data)
    rng = np.random.default_rng(3)
    pick = rng.permutation(len(images))[:600]
    accepted = is_character(net, drawn_inputs(images[pick], rng, net.meta["style"]))
    assert 1 - accepted.mean() <= 0.03


def gated_network(hidden=6):
    net = small_network()
    net.gate = Gate(new_gate_network(net, hidden, seed=2), 0.25,
                    {"learned": ["dots", "lines"], "held_out": ["hearts"], "refused": 0.01, "command": "made here"})
    return net


def test_a_gate_is_saved_and_loaded_with_its_network(tmp_path):
    net = gated_network()
    save(net, tmp_path / "gated.npz")
    loaded = load(tmp_path / "gated.npz")
    assert loaded.gate.net.sizes == (16, 6, 2) and loaded.gate.threshold == 0.25
    assert loaded.gate.info == net.gate.info
    x = np.random.default_rng(0).random((20, 784), dtype=np.float32)
    np.testing.assert_array_equal(is_character(loaded, x), is_character(net, x))
    copy = loaded.copy()
    copy.gate.net.weights[0] += 1.0  # a copy's gate is its own
    assert not np.array_equal(copy.gate.net.weights[0], loaded.gate.net.weights[0])


def test_a_gate_that_reads_shape_counts_is_saved_loaded_and_reads_them(tmp_path, capsys):
    net = small_network()
    net.gate = Gate(new_gate_network(net, 6, seed=2, counts=True), 0.4, {"learned": ["dots"]}, counts=True)
    assert net.gate.net.sizes == (16 + COUNT, 6, 2)
    save(net, tmp_path / "counted.npz")
    loaded = load(tmp_path / "counted.npz")
    assert loaded.gate.counts and loaded.gate.net.sizes == (26, 6, 2) and loaded.gate.info == {"learned": ["dots"]}
    x = np.random.default_rng(0).random((20, 784), dtype=np.float32)
    np.testing.assert_array_equal(is_character(loaded, x), is_character(net, x))
    hidden = net.forward(x)[1]
    by_hand = net.gate.net.predict_proba(np.concatenate([hidden, shape_counts(x)], axis=1))[:, 1]
    np.testing.assert_allclose(character_probability(loaded, loaded.gate, x), by_hand, rtol=1e-6)
    assert main(["info", str(tmp_path / "counted.npz")]) == 0
    assert "a gate 26 -> 6 -> 2 on the hidden layers and the drawing's shape counts" in capsys.readouterr().out
    gate_meta(tmp_path / "counted.npz", counts=False)  # then it would read 16 values, not the 26 it has
    with pytest.raises(NetworkFileError, match="its 26 inputs do not match the network's 16 hidden units"):
        load(tmp_path / "counted.npz")
    gate_meta(tmp_path / "counted.npz", counts="yes")
    with pytest.raises(NetworkFileError, match="'gate': 'counts' is invalid"):
        load(tmp_path / "counted.npz")


def test_a_gate_that_reads_edge_directions_is_saved_loaded_and_reads_them(tmp_path, capsys):
    net = small_network()
    net.gate = Gate(new_gate_network(net, 6, seed=2, counts=True, directions=True), 0.4, {}, counts=True,
                    directions=True)
    save(net, tmp_path / "directed.npz")
    loaded = load(tmp_path / "directed.npz")
    assert loaded.gate.directions and loaded.gate.net.sizes == (16 + COUNT + DIRECTIONS, 6, 2)
    x = np.random.default_rng(0).random((20, 784), dtype=np.float32)
    hidden = net.forward(x)[1]
    by_hand = net.gate.net.predict_proba(np.concatenate([hidden, shape_counts(x), edge_directions(x)], axis=1))[:, 1]
    np.testing.assert_allclose(character_probability(loaded, loaded.gate, x), by_hand, rtol=1e-6)
    assert main(["info", str(tmp_path / "directed.npz")]) == 0
    assert "shape counts (pieces of ink, holes) and which way its edges face" in capsys.readouterr().out
    gate_meta(tmp_path / "directed.npz", directions=...)  # as older code sees it: fewer inputs than the gate has
    with pytest.raises(NetworkFileError, match=f"its {16 + COUNT + DIRECTIONS} inputs do not match the network's "
                                               f"{16 + COUNT} hidden units and shape counts"):
        load(tmp_path / "directed.npz")
    gate_meta(tmp_path / "directed.npz", directions=1)
    with pytest.raises(NetworkFileError, match="'gate': 'directions' is invalid"):
        load(tmp_path / "directed.npz")


def one_pixel_gate(shifts, sure=3.0):
    """A network whose first hidden unit sees the middle pixel alone, and a gate that finds an input a character
    exactly when that unit fires: its log-odds are ``sure`` then, and ``-sure`` when it does not."""
    net = small_network()
    net.weights[0][:] = 0.0
    net.biases[0][:] = -10.0  # every hidden unit silent (sigmoid), the first one lit by the middle pixel
    net.weights[0][14 * 28 + 14, 0] = 20.0
    gate_net = new_gate_network(net, 1, seed=2)
    gate_net.weights[0][:] = 0.0
    gate_net.weights[0][0, 0] = 1.0
    gate_net.biases[0][:] = 0.0
    gate_net.weights[1][:] = [[-sure, sure]]
    gate_net.biases[1][:] = [sure / 2, -sure / 2]
    net.gate = Gate(gate_net, 0.5, shifts=shifts)
    return net


def test_a_gate_that_judges_in_five_places_refuses_what_passes_in_one_place_only():
    speck = np.zeros((1, 28, 28), np.float32)
    speck[0, 14, 14] = 1.0  # passes where it is, fails a pixel away
    blot = np.zeros((1, 28, 28), np.float32)
    blot[0, 13:16, 13:16] = 1.0  # passes in all five places
    once, five = one_pixel_gate(False), one_pixel_gate(True)
    assert is_character(once, speck.reshape(1, 784))[0] and not is_character(five, speck.reshape(1, 784))[0]
    assert is_character(once, blot.reshape(1, 784))[0] and is_character(five, blot.reshape(1, 784))[0]
    x = np.random.default_rng(4).random((6, 28, 28), dtype=np.float32)
    odds = [np.log(p / (1 - p)) for p in (character_probability(once, once.gate, np.roll(x, shift, (1, 2)).reshape(6, 784))
                                          for shift in SHIFTS)]
    np.testing.assert_allclose(character_probability(five, five.gate, x.reshape(6, 784), near=np.inf),
                               1 / (1 + np.exp(-np.mean(odds, axis=0))), rtol=1e-3)


def test_an_answer_far_from_the_bar_is_not_judged_again_in_other_places():
    sure = one_pixel_gate(True, sure=NEAR_BAR + 8)  # where it is, the speck is far above the bar
    speck = np.zeros((1, 784), np.float32)
    speck[0, 14 * 28 + 14] = 1.0
    assert is_character(sure, speck)[0]
    assert character_probability(sure, sure.gate, speck, near=np.inf)[0] < 0.5  # in five places it would fail


def test_a_gate_that_judges_in_five_places_is_saved_loaded_and_shown(tmp_path, capsys):
    net = one_pixel_gate(True)
    save(net, tmp_path / "five.npz")
    loaded = load(tmp_path / "five.npz")
    assert loaded.gate.shifts and loaded.gate.info == {}
    x = np.random.default_rng(0).random((20, 784), dtype=np.float32)
    np.testing.assert_allclose(character_probability(loaded, loaded.gate, x), character_probability(net, net.gate, x),
                               rtol=1e-6)
    assert main(["info", str(tmp_path / "five.npz")]) == 0
    assert "judged in five places a pixel apart" in capsys.readouterr().out
    gate_meta(tmp_path / "five.npz", shifts=...)  # as older files are: judged where the drawing is
    assert not load(tmp_path / "five.npz").gate.shifts
    gate_meta(tmp_path / "five.npz", shifts="five")
    with pytest.raises(NetworkFileError, match="'gate': 'shifts' is invalid"):
        load(tmp_path / "five.npz")


def test_without_a_gate_the_half_probability_rule_holds(tmp_path):
    save(small_network(), tmp_path / "plain.npz")
    net = load(tmp_path / "plain.npz")
    x = np.random.default_rng(1).random((50, 784), dtype=np.float32)
    assert net.gate is None
    np.testing.assert_array_equal(is_character(net, x), net.predict_proba(x).max(axis=1) >= 0.5)


@pytest.fixture
def gated(tmp_path):
    path = tmp_path / "gated.npz"
    save(gated_network(), path)
    return path


def gate_meta(path, **changes):
    with np.load(path, allow_pickle=False) as archive:
        gate = json.loads(str(archive["meta"]))["gate"]
    gate.update(changes)
    for key in [key for key, value in changes.items() if value is ...]:
        gate.pop(key)
    with_meta(path, gate=gate)


@pytest.mark.parametrize("damage,message", [
    (lambda p: rewrite(p, gate_weights_1=None), "missing field 'gate_weights_1'"),
    (lambda p: rewrite(p, gate_weights_0=np.zeros((16, 7), np.float32)), "'gate_weights_0' has shape \\(16, 7\\)"),
    (lambda p: rewrite(p, gate_biases_0=np.full(6, np.nan, np.float32)), "'gate_biases_0' contains NaN"),
    (lambda p: with_meta(p, gate=...), "unexpected field 'gate_biases_0'|unexpected field 'gate_weights_0'"),
    (lambda p: with_meta(p, gate=[1, 2]), "metadata 'gate' is invalid"),
    (lambda p: gate_meta(p, sizes=[15, 6, 2]), "its 15 inputs do not match the network's 16 hidden units"),
    (lambda p: gate_meta(p, sizes=[16, 6, 3]), "'gate': 'sizes' is invalid"),
    (lambda p: gate_meta(p, sizes=[16, 6, 6, 6, 6, 6, 2]), "'gate': 'sizes' is invalid"),
    (lambda p: gate_meta(p, sizes=[16, 10 ** 7, 2]), "and the gate's \\[16, 10000000, 2\\] mean"),
    (lambda p: gate_meta(p, threshold=2.5), "'gate': 'threshold' is invalid"),
    (lambda p: gate_meta(p, threshold=True), "'gate': 'threshold' is invalid"),
    (lambda p: gate_meta(p, learned=["x" * 41]), "'gate': 'learned' is invalid"),
    (lambda p: gate_meta(p, held_out="hearts"), "'gate': 'held_out' is invalid"),
    (lambda p: gate_meta(p, command=7), "'gate': 'command' is invalid"),
    (lambda p: rewrite(p, meta=np.array(json.dumps({**json.loads(str(np.load(p)["meta"])), "gate": {"sizes": [16, 6, 2]}}))),
     "metadata 'gate' has no 'threshold'"),
])
def test_a_broken_gate_is_named(gated, damage, message):
    damage(gated)
    with pytest.raises(NetworkFileError, match=message) as error:
        load(gated)
    assert str(gated) in str(error.value)


def test_training_a_network_drops_its_gate():
    net = gated_network()
    images = np.random.default_rng(0).integers(0, 256, (64, 28, 28), dtype=np.uint8)
    labels = np.arange(64) % 10
    for _ in train(net, (images, labels), settings=Settings(epochs=1, batch_size=32)):
        pass
    assert net.gate is None  # it judged the hidden layers as they were before this run


def test_info_says_what_calls_a_drawing_not_a_character(tmp_path, capsys):
    save(gated_network(), tmp_path / "gated.npz")
    save(small_network(), tmp_path / "plain.npz")
    assert main(["info", str(tmp_path / "gated.npz")]) == 0
    out = capsys.readouterr().out
    assert "not a character: a gate 16 -> 6 -> 2" in out and "under 0.250" in out
    assert "learned from 2 kinds of marks: dots, lines" in out and "kept out, to measure it: hearts" in out
    assert main(["info", str(tmp_path / "plain.npz")]) == 0
    assert "not a character: no gate" in capsys.readouterr().out


def test_the_gate_command_teaches_and_saves_beside_the_network(real_data, tmp_path, monkeypatch, capsys):
    from network import autoencoder, gate_training
    for name, value in (("MARKS_PER_KIND", 8), ("OPEN_ENDED_MARKS", 8), ("TOGETHER", 50), ("STROKED", 50),
                        ("CHARACTERS", 300), ("CALIBRATION", 200), ("HIDDEN", 8), ("EPOCHS", 1)):
        monkeypatch.setattr(gate_training, name, value)
    source = tmp_path / "tiny.npz"
    source.write_bytes(open(os.path.join(SHIPPED, "tiny-digits.npz"), "rb").read())
    assert main(["gate", str(source), "--data-dir", real_data]) == 0
    out = tmp_path / "tiny-2.npz"
    assert "saved " + str(out) in capsys.readouterr().out
    net = load(out)
    assert net.gate.counts and net.gate.directions  # hidden units, shape counts, edge directions, redraw error:
    assert net.gate.net.sizes == (40 + COUNT + DIRECTIONS + 1, 8, 2)
    assert net.gate.shifts  # it judges a drawing in five places, and its threshold was set so
    assert net.gate.autoencoder.sizes == autoencoder.SIZES
    assert net.gate.info["learned"] == list(marks.LEARNED)
    assert net.gate.info["command"].startswith("python -m network gate")
    assert load(source).gate is None  # the network it started from is as it was


def test_the_gate_reads_a_forward_pass_already_made_as_it_reads_a_new_one():
    net = network.load(os.path.join(SHIPPED, "characters.npz"))
    rng = np.random.default_rng(3)
    inputs = np.concatenate([marks.framed("hearts", 3, rng, "emnist"), drawn_characters(net, 1, rng)[0][:3]])
    batch = net.forward(inputs)
    assert np.array_equal(is_character(net, inputs, batch), is_character(net, inputs))
    for x in inputs:  # one drawing's activations, as the inside view keeps them
        one = [a[0] for a in net.forward(x[None, :])]
        assert is_character(net, x, one)[0] == is_character(net, x)[0]


def test_the_shortfall_is_zero_for_characters_and_says_how_far_below_the_bar_the_rest_fall():
    net = network.load("saved_networks/characters.npz")
    rng = np.random.default_rng(3)
    inputs = np.concatenate([marks.framed("scribbles", 20, rng, "emnist"), np.zeros((1, 784), np.float32)])
    shortfall = character_shortfall(net, inputs)
    share = character_probability(net, net.gate, inputs)
    assert np.array_equal(shortfall == 0.0, is_character(net, inputs))
    below = share < net.gate.threshold
    assert below.any() and np.allclose(shortfall[below], np.log(share[below] / net.gate.threshold), atol=1e-5)
    assert (shortfall[~below] == 0.0).all()


def test_the_gate_learns_from_drawings_framed_as_the_reader_frames_them(tmp_path):
    from PIL import Image
    from network.gate_training import either_framing
    from network.reading import framed_as_read, read_file, read_ink
    net = network.load(os.path.join(SHIPPED, "characters.npz"))
    rng = np.random.default_rng(4)
    heart = marks.draw("hearts", rng)
    seven = marks.draw_strokes(CHARACTERS["7"], rng, extent=0.6, pen=3.0)
    for canvas in (heart, seven):
        read = read_ink(canvas, net).characters
        assert len(read) == 1
        np.testing.assert_allclose(framed_as_read(canvas, "emnist"), read[0].inputs, atol=1e-4)
        assert np.abs(canvas_to_input(canvas, "emnist") - read[0].inputs).max() > 0.05  # framed once, it differs
        Image.fromarray(np.round((1 - canvas) * 255).astype(np.uint8)).save(tmp_path / "drawing.png")
        from_picture = read_file(tmp_path / "drawing.png", net).characters[0].inputs
        framings = [either_framing(np.random.default_rng(seed))(canvas, "emnist") for seed in range(12)]
        assert any(np.allclose(framing, from_picture, atol=1e-4) for framing in framings)
        assert any(np.allclose(framing, read[0].inputs, atol=1e-4) for framing in framings)
        assert any(np.array_equal(framing, canvas_to_input(canvas, "emnist")) for framing in framings)

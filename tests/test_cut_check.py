"""The cut check beside a classifier (network/cut_check.py, python -m network cut-check): it tells one whole
character from two touching ones framed together or a part of one, and the reader asks it for the kinds of line
it learned (numbers, words)."""

import os
import sys

import numpy as np
import pytest

from network import NetworkFileError, context, cut_check_training, datasets
from network.cli import main
from network.cut_check import (CHECK_LABELS, CutCheck, check_inputs, learned_kinds,
                               one_character_log_probability)
from network.model import Network
from network.preprocess import canvas_to_input
from network.reading import read_ink
from network.storage import load, save

from test_network_storage import small_network, with_meta

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHIPPED = os.path.join(PROJECT, "saved_networks")
sys.path.insert(0, os.path.join(PROJECT, "bench"))
from line_makers import drawn_number  # noqa: E402  (numbers drawn with the brush, in the bench's own hand)
from read_lines import edit_distance  # noqa: E402  (the reading bench's measure)


def touching_lines(images, labels, count, seed, length=3, names=datasets.DIGITS):
    """``count`` lines of ``length`` touching test characters: ``(ink, lefts, rights, text)``."""
    rng = np.random.default_rng(seed)
    lines = []
    for _ in range(count):
        picked = rng.integers(0, len(images), length)
        ink, lefts, rights = cut_check_training.touching_line([cut_check_training.cropped(images[k])
                                                               for k in picked], rng)
        lines.append((ink, lefts, rights, "".join(names[labels[k]] for k in picked)))
    return lines


def real_split(name):
    folder = os.environ.get("INKLING_DATA")
    if not folder or not os.path.isdir(os.path.join(folder, name)):
        pytest.skip(f"real data not found: set INKLING_DATA to a folder holding {name}/")
    images, labels, _ = datasets.load(name, "test", folder)
    return images, labels


@pytest.fixture(scope="module")
def test_digits():
    return real_split("mnist")


@pytest.fixture(scope="module")
def test_letters():
    return real_split("emnist-letters")


def test_the_shipped_check_finds_whole_digits_likelier_than_pairs_and_parts(test_digits):
    net = load(os.path.join(SHIPPED, "characters.npz"))
    digits = [net.labels.index(name) for name in datasets.DIGITS]
    rng = np.random.default_rng(1)
    whole, rest, alone_wins = [], [], []
    for ink, lefts, rights, _ in touching_lines(*test_digits, 150, seed=1):
        cuts = cut_check_training.stretches(lefts, rights, ink.shape[0] - 8, ink.shape[1], rng)
        inputs = np.stack([canvas_to_input(ink[:, max(start, 0):max(end, start + 3)], "mnist")
                           for start, end, _ in cuts])
        said = one_character_log_probability(net, net.forward(inputs), digits)
        whole += [value for value, (*_, one) in zip(said, cuts) if one]
        rest += [value for value, (*_, one) in zip(said, cuts) if not one]
        alone_wins.append(said[0] > said[2])  # the first digit cut alone, against it framed with the second
    assert np.mean(alone_wins) > 0.95
    assert np.mean(whole) > np.mean(rest) + 3  # log-probability: whole digits e^3 likelier on average
    net.cut_check = None
    assert not np.any(one_character_log_probability(net, net.forward(inputs), digits))  # no check: as before


def test_a_check_that_learned_letters_judges_a_piece_as_the_kind_it_is_read_as():
    net = load(os.path.join(SHIPPED, "characters.npz"))
    digits = [net.labels.index(name) for name in datasets.DIGITS]
    letters = [net.labels.index(name) for name in datasets.LETTERS]
    activations = net.forward(np.random.default_rng(0).random((6, 784), dtype=np.float32))
    as_digits = check_inputs(net, activations, digits)[:, -len(net.labels):]
    assert np.allclose(np.exp(as_digits[:, digits]).sum(axis=1), 1, atol=1e-4)  # shared among the digits
    assert np.all(as_digits[:, letters] < -13)  # the letters at the floor
    assert np.allclose(check_inputs(net, activations, digits + letters), check_inputs(net, activations))
    by_kind = [one_character_log_probability(net, activations, kind) for kind in (digits, letters)]
    assert not np.allclose(*by_kind)
    net.cut_check.info = {"lines": 15000}  # made before it learned letters: it reads every class
    assert np.allclose(one_character_log_probability(net, activations, digits),
                       one_character_log_probability(net, activations))


def test_the_reader_cuts_touching_digits_better_with_the_check(test_digits):
    net = load(os.path.join(SHIPPED, "characters.npz"))
    without = net.copy()
    without.cut_check = None
    lines = touching_lines(*test_digits, 100, seed=2, length=6)
    wrong = {"with": 0, "without": 0}
    for ink, _, _, text in lines:
        for name, reader in (("with", net), ("without", without)):
            wrong[name] += edit_distance(read_ink(ink, reader, "number").text, text)
    assert wrong["with"] <= wrong["without"] - 5, wrong  # of 600 digits


def test_the_reader_cuts_touching_letters_better_with_a_check_that_learned_letters(test_letters):
    net = load(os.path.join(SHIPPED, "characters.npz"))
    assert learned_kinds(net) == {"number", "word"}
    digits_only = net.copy()  # a check made before it learned letters judges numbers only
    digits_only.cut_check.info = {"lines": 15000, "drawn_lines": 5000}
    without = net.copy()
    without.cut_check = None
    lines = touching_lines(*test_letters, 60, seed=3, length=5, names=datasets.LETTERS)
    wrong = {"with": 0, "digits only": 0, "without": 0}
    for ink, _, _, text in lines:
        for name, reader in (("with", net), ("digits only", digits_only), ("without", without)):
            wrong[name] += edit_distance(read_ink(ink, reader, "word").text, text)
    assert wrong["digits only"] == wrong["without"]  # read as a word, a digits-only check changes nothing
    assert wrong["with"] <= wrong["without"] - 20, wrong  # of 300 letters (HOLD read as ND without)


def test_the_check_helps_the_reader_with_touching_digits_drawn_with_the_brush():
    net = load(os.path.join(SHIPPED, "characters.npz"))
    without = net.copy()
    without.cut_check = None
    rng = np.random.default_rng(4)
    wrong, total = {"with": 0, "without": 0}, 0
    for _ in range(60):
        text = "".join(rng.choice(list("0123456789"), 4))
        canvas = drawn_number(text, rng)
        total += len(text)
        for name, reader in (("with", net), ("without", without)):
            wrong[name] += edit_distance(read_ink(canvas, reader, "number").text, text)
    assert wrong["with"] <= 0.06 * total and wrong["with"] <= wrong["without"] - 5, wrong


def test_with_as_any_touching_drawn_digits_are_a_number_when_their_fine_cuts_read_as_digits(monkeypatch):
    assert context.number_after_all(0.8, 1.0, 1) and not context.number_after_all(0.8, 1.2, 1)
    assert not context.number_after_all(0.65, 0.5, 1)  # a lone letter is a number only when sure of it
    assert context.number_after_all(0.65, 1.0, 2) and not context.number_after_all(0.55, 0.5, 3)
    net = load(os.path.join(SHIPPED, "characters.npz"))
    lines = []
    rng = np.random.default_rng(5)
    for _ in range(120):
        text = "".join(rng.choice(list("0123456789"), 4))
        lines.append((drawn_number(text, rng), text))
    wrong = {}
    for name, share in (("with", None), ("without", 2.0)):  # a share no line reaches
        if share:
            monkeypatch.setattr(context, "FINE_SHARE", share)
            monkeypatch.setattr(context, "LINE_FINE_SHARE", share)
        wrong[name] = sum(edit_distance(read_ink(canvas, net, "any").text, text) for canvas, text in lines)
    assert wrong["with"] <= 0.05 * 480 and wrong["with"] < wrong["without"], wrong


def test_the_check_is_saved_loaded_shown_and_dropped_when_the_network_changes(tmp_path, capsys):
    net = small_network()
    net.cut_check = CutCheck(Network((26, 8, 2), "relu", "softmax", CHECK_LABELS, seed=1), {"lines": 40})
    path = tmp_path / "net.npz"
    save(net, path)
    again = load(path)
    inputs = np.random.default_rng(0).random((5, 784), dtype=np.float32)
    assert np.allclose(one_character_log_probability(again, again.forward(inputs)),
                       one_character_log_probability(net, net.forward(inputs)))
    assert main(["info", str(path)]) == 0
    assert "cut check: 26 -> 8 -> 2" in capsys.readouterr().out
    assert again.copy().cut_check is not again.cut_check and again.copy().cut_check.info == {"lines": 40}
    with_meta(path, cut_check={"sizes": [30, 8, 2], "lines": 40})
    with pytest.raises(NetworkFileError, match="'cut_check': its 30 inputs do not match"):
        load(path)
    with_meta(path, cut_check={"lines": 40})
    with pytest.raises(NetworkFileError, match="'cut_check' has no 'sizes'"):
        load(path)
    for field in ("drawn_lines", "letter_lines", "drawn_letter_lines"):
        with_meta(path, cut_check={"sizes": [26, 8, 2], field: "lots"})
        with pytest.raises(NetworkFileError, match=f"'cut_check': '{field}' is invalid"):
            load(path)
    with_meta(path, cut_check={"sizes": [26, 10 ** 7, 2]})
    with pytest.raises(NetworkFileError, match="and the cut check's \\[26, 10000000, 2\\] mean"):
        load(path)


def test_the_cut_check_command_teaches_the_kinds_a_network_knows_and_refuses_one_that_knows_neither(
        real_data, tmp_path, monkeypatch, capsys):
    for name, count in (("LINES", 300), ("DRAWN_LINES", 100), ("LETTER_LINES", 200), ("DRAWN_LETTER_LINES", 50)):
        monkeypatch.setattr(cut_check_training, name, count)
    source = tmp_path / "tiny.npz"
    source.write_bytes(open(os.path.join(SHIPPED, "tiny-digits.npz"), "rb").read())
    assert main(["cut-check", str(source), "--data-dir", real_data]) == 0
    out = tmp_path / "tiny-2.npz"
    assert "saved " + str(out) + " with its cut check" in capsys.readouterr().out
    checked = load(out)
    assert checked.cut_check.info["lines"] == 300 and checked.cut_check.info["drawn_lines"] == 100
    assert checked.cut_check.info["letter_lines"] == 0 and learned_kinds(checked) == {"number"}
    assert load(source).cut_check is None
    assert checked.cut_check.info["command"].startswith("python -m network cut-check")
    letters = tmp_path / "letters.npz"
    letters.write_bytes(open(os.path.join(SHIPPED, "letters.npz"), "rb").read())
    assert main(["cut-check", str(letters), "--out", str(tmp_path / "letters-2.npz"), "--data-dir", real_data]) == 0
    taught = load(tmp_path / "letters-2.npz").cut_check.info
    assert (taught["lines"], taught["letter_lines"], taught["drawn_letter_lines"]) == (0, 200, 50)
    capsys.readouterr()
    shapes = tmp_path / "shapes.npz"
    save(Network((784, 16, 3), seed=1, labels=["circle", "square", "star"]), shapes)
    assert main(["cut-check", str(shapes), "--data-dir", real_data]) != 0
    assert "must know the ten digits or the 26 letters" in capsys.readouterr().err

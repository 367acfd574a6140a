"""The cut check beside a classifier (network/cut_check.py, python -m network cut-check): it tells one whole
digit from two touching digits framed together or a part of one, and the reader asks it for numbers."""

import os
import sys

import numpy as np
import pytest

from network import NetworkFileError, context, cut_check_training, datasets
from network.cli import main
from network.cut_check import CHECK_LABELS, CutCheck, one_digit_log_probability
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


def touching_lines(images, labels, count, seed, length=3):
    """``count`` lines of ``length`` touching test digits: ``(ink, lefts, rights, text)``."""
    rng = np.random.default_rng(seed)
    lines = []
    for _ in range(count):
        picked = rng.integers(0, len(images), length)
        ink, lefts, rights = cut_check_training.touching_line([cut_check_training.cropped(images[k])
                                                               for k in picked], rng)
        lines.append((ink, lefts, rights, "".join(str(labels[k]) for k in picked)))
    return lines


@pytest.fixture(scope="module")
def test_digits():
    folder = os.environ.get("INKLING_DATA")
    if not folder or not os.path.isdir(os.path.join(folder, "mnist")):
        pytest.skip("real data not found: set INKLING_DATA to a folder holding mnist/")
    images, labels, _ = datasets.load("mnist", "test", folder)
    return images, labels


def test_the_shipped_check_finds_whole_digits_likelier_than_pairs_and_parts(test_digits):
    net = load(os.path.join(SHIPPED, "characters.npz"))
    rng = np.random.default_rng(1)
    whole, rest, alone_wins = [], [], []
    for ink, lefts, rights, _ in touching_lines(*test_digits, 150, seed=1):
        cuts = cut_check_training.stretches(lefts, rights, ink.shape[0] - 8, ink.shape[1], rng)
        inputs = np.stack([canvas_to_input(ink[:, max(start, 0):max(end, start + 3)], "mnist")
                           for start, end, _ in cuts])
        said = one_digit_log_probability(net, net.forward(inputs))
        whole += [value for value, (*_, one) in zip(said, cuts) if one]
        rest += [value for value, (*_, one) in zip(said, cuts) if not one]
        alone_wins.append(said[0] > said[2])  # the first digit cut alone, against it framed with the second
    assert np.mean(alone_wins) > 0.95
    assert np.mean(whole) > np.mean(rest) + 3  # log-probability: whole digits e^3 likelier on average
    letters = load(os.path.join(SHIPPED, "letters.npz"))
    assert not np.any(one_digit_log_probability(letters, letters.forward(inputs)))  # no check: as before


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
    as_words = [read_ink(ink, reader, "word").text for ink, *_ in lines[:10] for reader in (net, without)]
    assert as_words[0::2] == as_words[1::2]  # read as a word, nothing changes


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
    for _ in range(60):
        text = "".join(rng.choice(list("0123456789"), 4))
        lines.append((drawn_number(text, rng), text))
    wrong = {}
    for name, share in (("with", None), ("without", 2.0)):  # a share no line reaches
        if share:
            monkeypatch.setattr(context, "FINE_SHARE", share)
            monkeypatch.setattr(context, "LINE_FINE_SHARE", share)
        wrong[name] = sum(edit_distance(read_ink(canvas, net, "any").text, text) for canvas, text in lines)
    assert wrong["with"] <= 0.05 * 240 and wrong["with"] <= wrong["without"] - 5, wrong


def test_the_check_is_saved_loaded_shown_and_dropped_when_the_network_changes(tmp_path, capsys):
    net = small_network()
    net.cut_check = CutCheck(Network((26, 8, 2), "relu", "softmax", CHECK_LABELS, seed=1), {"lines": 40})
    path = tmp_path / "net.npz"
    save(net, path)
    again = load(path)
    inputs = np.random.default_rng(0).random((5, 784), dtype=np.float32)
    assert np.allclose(one_digit_log_probability(again, again.forward(inputs)),
                       one_digit_log_probability(net, net.forward(inputs)))
    assert main(["info", str(path)]) == 0
    assert "cut check: 26 -> 8 -> 2" in capsys.readouterr().out
    assert again.copy().cut_check is not again.cut_check and again.copy().cut_check.info == {"lines": 40}
    with_meta(path, cut_check={"sizes": [30, 8, 2], "lines": 40})
    with pytest.raises(NetworkFileError, match="'cut_check': its 30 inputs do not match"):
        load(path)
    with_meta(path, cut_check={"lines": 40})
    with pytest.raises(NetworkFileError, match="'cut_check' has no 'sizes'"):
        load(path)
    with_meta(path, cut_check={"sizes": [26, 8, 2], "drawn_lines": "lots"})
    with pytest.raises(NetworkFileError, match="'cut_check': 'drawn_lines' is invalid"):
        load(path)
    with_meta(path, cut_check={"sizes": [26, 10 ** 7, 2]})
    with pytest.raises(NetworkFileError, match="and the cut check's \\[26, 10000000, 2\\] mean"):
        load(path)


def test_the_cut_check_command_teaches_a_digit_network_and_refuses_one_without_digits(real_data, tmp_path,
                                                                                      monkeypatch, capsys):
    monkeypatch.setattr(cut_check_training, "LINES", 300)
    monkeypatch.setattr(cut_check_training, "DRAWN_LINES", 100)
    source = tmp_path / "tiny.npz"
    source.write_bytes(open(os.path.join(SHIPPED, "tiny-digits.npz"), "rb").read())
    assert main(["cut-check", str(source), "--data-dir", real_data]) == 0
    out = tmp_path / "tiny-2.npz"
    assert "saved " + str(out) + " with its cut check" in capsys.readouterr().out
    checked = load(out)
    assert checked.cut_check.info["lines"] == 300 and checked.cut_check.info["drawn_lines"] == 100
    assert load(source).cut_check is None
    assert checked.cut_check.info["command"].startswith("python -m network cut-check")
    letters = tmp_path / "letters.npz"
    letters.write_bytes(open(os.path.join(SHIPPED, "letters.npz"), "rb").read())
    assert main(["cut-check", str(letters), "--data-dir", real_data]) != 0
    assert "must know the digits" in capsys.readouterr().err

"""A mark is read as one "?", not cut in pieces: the rule in network/reading.py (REFUSED_SHARE), on marks and
touching characters the tests draw."""

import numpy as np
import pytest

import network
from network import context, cuts, reading
from network.reading import read_ink
from reading_images import ring, stroke


@pytest.fixture(scope="module")
def characters_net():
    return network.load("saved_networks/characters.npz")


def heart():
    """A heart, wider than most characters: the cut search splits it in two."""
    canvas = np.zeros((120, 160), dtype=np.float32)
    t = np.linspace(0, 2 * np.pi, 80)
    x = 16 * np.sin(t) ** 3
    y = -(13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t))
    return stroke(canvas, list(zip(80 + 3 * x, 55 + 3 * y)), radius=3)


def wave(rng):
    """A long wavy line: one piece of ink, many line heights wide, of a random height, period and pen."""
    canvas = np.zeros((80, 300), dtype=np.float32)
    x = np.linspace(20, 280, 60)
    height, period, pen = rng.uniform(8, 16), rng.uniform(10, 20), rng.uniform(2, 4.5)
    return stroke(canvas, list(zip(x, 40 + height * np.sin(x / period + rng.uniform(0, 6)))), radius=pen)


def two_touching_rings():
    canvas = np.zeros((100, 200), dtype=np.float32)
    stroke(canvas, ring(60, 50, 20, 30))
    return stroke(canvas, ring(99, 50, 20, 30))


def test_a_wide_mark_is_one_question_mark_boxed_whole(characters_net, monkeypatch):
    ink = heart()
    line = read_ink(ink, characters_net, "any").lines[0]
    assert line.text == "?"
    columns = np.flatnonzero(ink.max(axis=0) > 0.25)
    assert line.characters[0].box[0] <= columns[0] + 1 and line.characters[0].box[2] >= columns[-1]
    monkeypatch.setattr(reading, "REFUSED_SHARE", 2.0)  # the rules off: the search cuts it in pieces
    monkeypatch.setattr(reading, "NEAR", -1.0)
    monkeypatch.setattr(reading, "VOUCHING", 0)  # every line vouched for: no lone blob read whole
    assert len(read_ink(ink, characters_net, "any").text) > 1


def test_most_long_waves_are_one_question_mark(characters_net, monkeypatch):
    """A wave's pieces can pass for letters (a J, an R, a V), so it is not refused every time: most waves are
    one '?' (about three in four), and without the rules for wide marks hardly any."""
    waves = [wave(np.random.default_rng(seed)) for seed in range(40)]
    marks_read = [read_ink(ink, characters_net, "any").lines[0].text == "?" for ink in waves]
    assert np.mean(marks_read) >= 0.6
    monkeypatch.setattr(reading, "REFUSED_SHARE", 2.0)
    monkeypatch.setattr(reading, "NEAR", -1.0)
    monkeypatch.setattr(reading, "VOUCHING", 0)
    assert np.mean([read_ink(ink, characters_net, "any").lines[0].text == "?" for ink in waves[:10]]) <= 0.2


def test_touching_characters_keep_their_split_when_read_whole_is_a_character(characters_net, monkeypatch):
    calls = []

    def refuse_parts_only(net, inputs, activations=None):
        calls.append(len(inputs))
        return shortfalls(np.full(len(inputs), len(calls) > 1))  # the parts are refused, the whole is a character

    monkeypatch.setattr(reading, "character_shortfall", refuse_parts_only)
    monkeypatch.setattr(reading, "NEAR", -1.0)  # refused pieces side by side not joined: the first rule alone
    monkeypatch.setattr(reading, "SURE", 1.01)  # the line vouches no more for digits the network is sure of
    assert read_ink(two_touching_rings(), characters_net, "number").text == "??"
    assert calls[1:] == [1]  # every candidate at once, then the blob whole


def test_touching_characters_the_gate_takes_are_not_asked_about_whole(characters_net, monkeypatch):
    calls = []

    def accept(net, inputs, activations=None):
        calls.append(len(inputs))
        return shortfalls(np.ones(len(inputs), dtype=bool))

    monkeypatch.setattr(reading, "character_shortfall", accept)
    assert len(read_ink(two_touching_rings(), characters_net, "number").text) == 2
    assert len(calls) == 1  # the candidates, once: the whole is not asked about


def test_a_blob_refused_in_parts_and_whole_is_one_mark(characters_net, monkeypatch):
    monkeypatch.setattr(reading, "character_shortfall", refuse_all)
    monkeypatch.setattr(reading, "SURE", 1.01)  # the line vouches no more for digits the network is sure of
    line = read_ink(two_touching_rings(), characters_net, "number").lines[0]
    assert line.text == "?" and not line.characters[0].is_character
    assert line.characters[0].probabilities.shape == (36,) and line.characters[0].inputs.shape == (784,)


def bars(gap, count=2, width=120):
    """``count`` level bars ``gap`` pixels apart, one above the other (an equals sign when two)."""
    canvas = np.zeros((60 + count * gap, 200), dtype=np.float32)
    for k in range(count):
        stroke(canvas, [(40 + x, 30 + k * gap) for x in range(0, width + 1, 4)], radius=3)
    return canvas


def shortfalls(accepted):
    """What the gate's shortfall says of inputs it accepts (0) and refuses (well below the bar)."""
    return np.where(accepted, 0.0, -3.0)


def refuse_all(net, inputs, activations=None):
    return shortfalls(np.zeros(len(inputs), dtype=bool))


def test_lines_of_refused_marks_close_above_one_another_are_one_mark(characters_net, monkeypatch):
    monkeypatch.setattr(reading, "character_shortfall", refuse_all)
    assert read_ink(bars(24), characters_net, "any").text == "?"
    assert read_ink(bars(24, count=3), characters_net, "any").text == "?"
    far = read_ink(bars(140, width=40), characters_net, "any")  # further apart than NEAR of their width
    assert far.text == "? / ?"


def test_refused_pieces_that_nearly_touch_in_a_line_are_one_mark(characters_net, monkeypatch):
    monkeypatch.setattr(reading, "character_shortfall", refuse_all)
    canvas = np.zeros((100, 300), dtype=np.float32)
    for left in (40, 110, 180):  # three rings 6 pixels apart
        stroke(canvas, ring(left + 30, 50, 28, 30))
    line = read_ink(canvas, characters_net, "any").lines[0]
    assert line.text == "?" and line.characters[0].box[0] <= 40 and line.characters[0].box[2] >= 240


def test_characters_close_together_are_never_joined(characters_net, monkeypatch):
    canvas = np.zeros((100, 300), dtype=np.float32)
    for left in (40, 110, 180):
        stroke(canvas, ring(left + 30, 50, 28, 30))
    assert read_ink(canvas, characters_net, "number").text == "000"


def test_the_search_keeps_splits_whose_parts_are_characters(characters_net, monkeypatch):
    found = []

    def recorded(ink):
        found[:] = [cuts.candidates(ink)[0]]
        return cuts.candidates(ink)

    def whole_only(net, inputs, activations=None):  # the gate takes the widest candidate, and nothing else
        if len(inputs) == 1:
            return np.zeros(1)
        widths = np.array([candidate.width for candidate in found[0]])
        return shortfalls(widths == widths.max())

    assert len(read_ink(two_touching_rings(), characters_net, "number").text) == 2
    monkeypatch.setattr(reading, "candidates", recorded)
    monkeypatch.setattr(reading, "character_shortfall", whole_only)
    gate_only = characters_net.copy()
    gate_only.cut_check = None  # which finds two joined rings no one digit: this is about the gate's part
    line = read_ink(two_touching_rings(), gate_only, "number").lines[0]
    assert len(line.characters) == 1 and line.characters[0].is_character


def test_a_lone_t_is_measured_by_its_stem_not_its_bar(characters_net):
    canvas = np.zeros((160, 180), dtype=np.float32)
    stroke(canvas, [(30, 30), (150, 30)], radius=2)
    stroke(canvas, [(90, 30), (90, 130)], radius=2)  # the thin stem holds too little ink per row for the profile
    assert read_ink(canvas, characters_net, "word").text == "T"


def test_a_line_said_to_be_a_number_is_judged_by_the_split_that_asks_the_gate(characters_net, monkeypatch):
    found = []

    def recorded(ink):
        found[:] = [cuts.candidates(ink)]
        return found[0]

    def refuse_wide(net, inputs, activations=None):  # each ring, and the two whole, are refused; slices are not
        widths = [candidate.width for candidate in found[0][0]] if len(inputs) > 1 else [found[0][2][0].width]
        return np.where(np.array(widths) < 0.6, 0.0, -20.0)  # far below the bar: any other split is better

    monkeypatch.setattr(reading, "candidates", recorded)
    monkeypatch.setattr(reading, "character_shortfall", refuse_wide)
    assert read_ink(two_touching_rings(), characters_net, "any").text == "?"
    told = read_ink(two_touching_rings(), characters_net, "number").text
    assert told and "?" not in told


def test_writing_vouches_for_a_character_just_short_of_the_bar(characters_net, monkeypatch):
    def short_bars(net, inputs, activations=None):  # a bar falls a little short of the bar; rings clear it
        bar = np.asarray(inputs).reshape(len(inputs), -1).sum(axis=1) < 60
        return np.where(bar, -0.5, 0.0)

    def bar_and_rings(rings):
        canvas = np.zeros((100, 80 + 70 * rings), dtype=np.float32)
        stroke(canvas, [(40, 20), (40, 80)])
        for k in range(rings):
            stroke(canvas, ring(110 + 70 * k, 50, 20, 30))
        return canvas

    monkeypatch.setattr(reading, "character_shortfall", short_bars)
    assert read_ink(bar_and_rings(1), characters_net, "any").text.startswith("?")  # nothing vouches for it
    assert read_ink(bar_and_rings(1), characters_net, "number").text == "10"  # said to be a number
    assert read_ink(bar_and_rings(3), characters_net, "any").text == "1000"  # three characters vouch for it
    monkeypatch.setattr(reading, "character_shortfall", lambda net, inputs, activations=None: np.full(len(inputs), -6.0))
    assert read_ink(bar_and_rings(3), characters_net, "number").text == "????"  # far short: refused all the same


def test_a_lone_blob_read_as_two_characters_that_the_gate_refuses_whole_is_one_mark(characters_net, monkeypatch):
    def refuse_the_whole(net, inputs, activations=None):  # every candidate a character; the blob whole is not
        return shortfalls(np.full(len(inputs), len(inputs) > 1))

    monkeypatch.setattr(reading, "character_shortfall", refuse_the_whole)
    assert read_ink(two_touching_rings(), characters_net, "any").text == "?"
    told = read_ink(two_touching_rings(), characters_net, "number").text
    assert len(told) == 2 and "?" not in told  # said to be a number: two digits
    beside = stroke(np.pad(two_touching_rings(), ((0, 0), (0, 80))), ring(220, 50, 20, 30))
    assert "?" not in read_ink(beside, characters_net, "any").text  # with another character, not alone


def test_a_lone_blob_read_as_two_characters_that_the_gate_takes_whole_is_one_character(characters_net,
                                                                                          monkeypatch):
    monkeypatch.setattr(reading, "character_shortfall", lambda net, inputs, activations=None: np.zeros(len(inputs)))
    line = read_ink(two_touching_rings(), characters_net, "any").lines[0]
    assert len(line.characters) == 1 and line.characters[0].is_character  # a wide letter, not a pair
    assert line.characters[0].box[0] <= 42 and line.characters[0].box[2] >= 117
    assert len(read_ink(two_touching_rings(), characters_net, "number").text) == 2  # said to be a number


def test_a_lone_blob_read_whole_is_whichever_kind_the_network_finds_likelier(characters_net, monkeypatch):
    monkeypatch.setattr(reading, "character_shortfall", lambda net, inputs, activations=None: np.zeros(len(inputs)))
    monkeypatch.setattr(context, "MARGIN", 10.0)  # the line's number reading wins, whatever its word reading
    line = read_ink(two_touching_rings(), characters_net, "any").lines[0]
    (whole,) = line.characters
    assert whole.guess == characters_net.labels[int(whole.probabilities.argmax())]
    assert whole.guess.isalpha() and line.kind == "word"  # not the best digit of a wide letter


def test_a_line_said_to_be_a_number_vouches_more_than_three_characters_do(characters_net, monkeypatch):
    def short_bars(net, inputs, activations=None):  # a bar falls short by more than LEAN, less than TOLD_LEAN
        bar = np.asarray(inputs).reshape(len(inputs), -1).sum(axis=1) < 60
        return np.where(bar, -1.5, 0.0)

    canvas = np.zeros((100, 290), dtype=np.float32)
    stroke(canvas, [(40, 20), (40, 80)])
    for k in range(3):
        stroke(canvas, ring(110 + 70 * k, 50, 20, 30))
    monkeypatch.setattr(reading, "character_shortfall", short_bars)
    monkeypatch.setattr(reading, "SURE", 1.01)  # no character sure enough to be vouched for more
    assert read_ink(canvas, characters_net, "any").text == "?000"
    assert read_ink(canvas, characters_net, "number").text == "1000"


def test_a_line_vouches_more_for_a_character_the_network_is_sure_of(characters_net, monkeypatch):
    def short_bars(net, inputs, activations=None):  # a bar falls short by more than LEAN, less than LEAN + SURE_LEAN
        bar = np.asarray(inputs).reshape(len(inputs), -1).sum(axis=1) < 60
        return np.where(bar, -(reading.LEAN + reading.SURE_LEAN / 2), 0.0)

    canvas = np.zeros((100, 290), dtype=np.float32)
    stroke(canvas, [(40, 20), (40, 80)])
    for k in range(3):
        stroke(canvas, ring(110 + 70 * k, 50, 20, 30))
    monkeypatch.setattr(reading, "character_shortfall", short_bars)
    line = read_ink(canvas, characters_net, "any").lines[0]
    bar = line.characters[0].probabilities[:10]
    assert line.text == "1000" and bar.max() >= reading.SURE * bar.sum()  # sure it is a 1 of the digits
    monkeypatch.setattr(reading, "SURE", 1.01)
    assert read_ink(canvas, characters_net, "any").text == "?000"


def test_a_reading_holds_less_of_its_kind_where_the_gate_refuses_its_characters():
    within = np.array([[0.9, 0.05], [0.8, 0.1]])
    taken = reading.kind_share(within, np.zeros(2))
    assert taken == pytest.approx(0.925)
    assert reading.kind_share(within, np.array([0.0, -np.log(2)])) == pytest.approx((0.95 + 0.45) / 2)
    assert reading.kind_share(within[:0], np.zeros(0)) == 0.0

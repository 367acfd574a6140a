"""The reader's steps on pictures the tests draw: ink from paper, lines, pieces, cuts, context, whole readings."""

import numpy as np
import pytest
from PIL import Image, ImageFilter

import network
from network import brush, cuts
from network.context import KindReading, choose_kind, class_sets, restricted
from network.errors import InklingError
from network.ink import ink_from_grey
from network.pieces import label_pieces
from network.reading import read_ink
from network.text_lines import find_lines
from reading_images import on_paper, one_zero, ring, stroke, widened


@pytest.fixture(scope="module")
def characters_net():
    return network.load("saved_networks/characters.npz")


def test_ink_is_the_strokes_whatever_the_light_paper_and_noise():
    drawn = one_zero(width=300, height=150)
    rng = np.random.default_rng(0)
    light = np.linspace(0.6, 1.0, drawn.shape[1])[None, :]  # uneven light across the page
    photo = on_paper(drawn, paper=170) * light + rng.normal(0, 6, drawn.shape)
    ink = ink_from_grey(np.clip(photo, 0, 255).astype(np.uint8))
    assert ink[drawn == 1].mean() > 0.8
    assert np.count_nonzero(ink[drawn == 0] > 0.25) < 0.002 * drawn.size
    inverted = ink_from_grey(np.round(255 * drawn).astype(np.uint8))  # white ink on black
    assert inverted[drawn == 1].mean() > 0.9 and inverted[drawn == 0].max() < 0.5  # only the soft edge


def test_ink_is_found_under_a_shadow_darker_than_the_strokes_on_the_bright_side():
    drawn = one_zero(width=400, height=150)
    light = np.linspace(1.0, 0.15, drawn.shape[1])[None, :]
    photo = np.clip(on_paper(drawn, paper=220, ink_level=90) * light, 0, 255).astype(np.uint8)
    assert photo[:, -80:].mean() < photo[drawn == 1].mean()  # the dark corner is darker than the ink
    ink = ink_from_grey(photo)
    stray = (ink > 0.25) & ~widened(drawn, 1)  # the reader softens every stroke by a pixel
    assert ink[drawn == 1].mean() > 0.8 and np.count_nonzero(stray) < 0.002 * drawn.size


def test_ink_is_found_on_grey_paper_whose_light_halves_across_the_photo():
    drawn = np.zeros((600, 2000), dtype=np.float32)
    stroke(drawn, [(500, 200), (500, 400)], radius=12)
    stroke(drawn, ring(700, 300, 60, 100), radius=12)
    light = np.linspace(0.81, 0.43, drawn.shape[0])[:, None]  # the paper a third as dark again at the bottom
    blurred = Image.fromarray(on_paper(drawn, paper=155, ink_level=62)).filter(ImageFilter.GaussianBlur(1.5))
    photo = np.asarray(blurred, dtype=np.float32) * light + np.random.default_rng(3).normal(0, 3.5, drawn.shape)
    ink = ink_from_grey(np.clip(photo, 0, 255).astype(np.uint8))
    stray = (ink > 0.25) & ~widened(drawn, 3)  # the blur spreads each stroke by a few pixels
    assert ink[drawn == 1].mean() > 0.8 and np.count_nonzero(stray) < 0.002 * drawn.size


@pytest.mark.parametrize("light_ink", [True, False])
def test_a_thick_character_filling_much_of_the_picture_is_the_ink(light_ink):
    drawn = stroke(np.zeros((280, 280), dtype=np.float32), ring(140, 140, 45, 85), radius=24)
    picture = np.round(255 * (drawn if light_ink else 1 - drawn)).astype(np.uint8)
    ink = ink_from_grey(picture)
    assert ink[drawn == 1].mean() > 0.9 and ink[drawn == 0].max() < 0.5


@pytest.mark.parametrize("light_ink", [True, False])
def test_a_mark_so_thick_its_ink_is_most_of_the_picture_is_still_the_ink(light_ink):
    drawn = stroke(np.zeros((280, 280), dtype=np.float32), ring(140, 140, 80, 95), radius=44)
    assert drawn.mean() > 0.5  # more ink than paper
    picture = np.round(255 * (drawn if light_ink else 1 - drawn)).astype(np.uint8)
    ink = ink_from_grey(picture)
    assert ink[drawn == 1].mean() > 0.9 and ink[drawn == 0].max() < 0.5


def test_a_blank_page_has_no_ink_even_with_noise_and_shadow():
    rng = np.random.default_rng(1)
    page = 200 * np.linspace(0.7, 1.0, 400)[None, :] * np.ones((300, 1)) + rng.normal(0, 4, (300, 400))
    assert ink_from_grey(np.clip(page, 0, 255).astype(np.uint8)).max() == 0


def test_pieces_join_diagonal_neighbours_and_keep_apart_the_rest():
    mask = np.zeros((6, 10), dtype=bool)
    mask[0, 0:3] = mask[1, 3] = True  # one piece, joined across a diagonal
    mask[3, 0] = True  # apart
    mask[4:6, 5:9] = True
    labels, pieces = label_pieces(mask)
    assert len(pieces) == 3
    assert labels[0, 0] == labels[1, 3] != labels[3, 0]
    big = max(pieces, key=lambda piece: piece.area)
    assert (big.top, big.bottom, big.left, big.right, big.area) == (4, 6, 5, 9, 8)


def test_lines_of_a_page_with_the_dot_of_an_i_kept_in_its_line():
    page = np.zeros((300, 200), dtype=np.float32)
    stroke(page, [(40, 40), (40, 100)])
    stroke(page, [(40, 22), (41, 22)], radius=3)  # a dot above, a small band of its own
    stroke(page, ring(100, 220, 20, 30))
    lines = find_lines(page)
    assert len(lines) == 2
    assert lines[0].top <= 19 and lines[0].bottom >= 100 and lines[1].top >= 180


def test_a_big_dot_or_a_broken_piece_is_part_of_its_character_but_a_smaller_line_of_writing_is_a_line():
    page = np.zeros((300, 400), dtype=np.float32)
    stroke(page, [(40, 100), (40, 170)], radius=8)  # the stem of a drawn i: rows 92-178
    stroke(page, [(44, 62), (45, 62)], radius=20)  # its dot, over half the stem's height: not a small band
    lines = find_lines(page)
    assert len(lines) == 1 and lines[0].top <= 42 and lines[0].bottom >= 178
    for left in range(20, 300, 60):  # a line of five characters, lower and close below: writing of its own
        stroke(page, [(left, 200), (left + 30, 250)])
    lines = find_lines(page)
    assert len(lines) == 2 and lines[1].top >= 190


def test_a_speck_is_no_character_and_a_dot_belongs_to_its_stem(characters_net):
    page = one_zero(width=260)
    page[10, 230] = 1.0  # a speck, far from anything
    reading = read_ink(page, characters_net, "number")
    assert reading.text == "10"


def test_touching_characters_get_a_cut_where_they_touch():
    canvas = np.zeros((100, 200), dtype=np.float32)
    stroke(canvas, ring(60, 50, 20, 30))
    stroke(canvas, ring(99, 50, 20, 30))  # touches the first ring
    found, cut_costs, wholes = cuts.candidates(canvas)
    assert len(cut_costs) == 1 and len(cut_costs[0]) > 2  # one blob, cuts inside it
    lefts = {candidate.box[0] for candidate in found}
    assert any(abs(left - 79) < 8 for left in lefts)
    assert len(wholes) == 1 and wholes[0].box[0] < 45 and wholes[0].box[2] > 112  # both rings, read as one


def test_the_best_path_follows_the_scores():
    ink = np.ones((10, 10), dtype=np.float32)
    found = [cuts.Candidate(ink, (0, 0, 10, 10), 0, 0, 2, 0.5, False),
             cuts.Candidate(ink, (0, 0, 5, 10), 0, 0, 1, 0.3, False),
             cuts.Candidate(ink, (5, 0, 10, 10), 0, 1, 2, 0.3, False)]
    costs = [[0.0, 0.0, 0.0]]
    assert cuts.best_path(found, costs, np.log([0.9, 0.2, 0.2]))[0] == [0]
    assert cuts.best_path(found, costs, np.log([0.1, 0.95, 0.95]))[0] == [1, 2]
    assert cuts.best_path(found, [[0.0, 9.0, 0.0]], np.log([0.1, 0.95, 0.95]))[0] == [0]  # a costly cut


def test_context_reads_a_bar_and_a_ring_as_digits_or_letters(characters_net):
    drawn = one_zero()
    assert read_ink(drawn, characters_net, "number").text == "10"
    as_word = read_ink(drawn, characters_net, "word")
    assert all(character.guess.isalpha() for character in as_word.characters)
    assert as_word.lines[0].kind == "word"
    assert read_ink(drawn, characters_net, "any").text == "10"  # confident digits make a number


def test_context_sets_and_their_refusals():
    labels = [str(d) for d in range(10)] + ["A", "B"]
    assert class_sets(labels, "any") == [("number", list(range(10))), ("word", [10, 11])]
    with pytest.raises(InklingError, match="no letters"):
        class_sets(labels[:10], "word")
    with pytest.raises(InklingError, match="--as"):
        class_sets(labels, "sentence")


def test_a_restricted_network_shares_probability_among_its_classes(characters_net):
    digits = restricted(characters_net, list(range(10)))
    x = np.random.default_rng(0).random((3, 784)).astype(np.float32)
    full = characters_net.predict_proba(x)
    assert digits.labels == [str(d) for d in range(10)]
    np.testing.assert_allclose(digits.predict_proba(x), full[:, :10] / full[:, :10].sum(1, keepdims=True),
                               rtol=1e-4, atol=1e-6)


def test_every_character_keeps_its_box_guess_and_probabilities(characters_net):
    reading = read_ink(one_zero(), characters_net, "number")
    bar, ring_ = reading.characters
    assert bar.box[0] <= 36 <= 44 <= bar.box[2] and ring_.box[0] <= 80 and ring_.box[2] >= 120
    assert ring_.probabilities.shape == (36,) and ring_.inputs.shape == (784,)
    assert ring_.is_character


def test_a_mark_that_is_no_character_reads_as_a_question_mark(characters_net, monkeypatch):
    monkeypatch.setattr("network.reading.character_shortfall",
                        lambda net, inputs, activations=None: np.full(len(inputs), -6.0))
    assert read_ink(one_zero(), characters_net, "number").text == "??"  # far below the bar, however sure


def test_a_drawing_alone_is_judged_on_exactly_what_the_drawing_panel_frames(characters_net, monkeypatch):
    """The second look at a drawing alone frames all of its ink, faint edge too, as the panel frames the canvas
    (a box found on the shrunk line alone cuts a pixel or two of it, and the gate's answer may turn on them)."""
    from network import marks, reading
    from network.preprocess import canvas_to_input
    seen = []
    shortfall = reading.character_shortfall
    monkeypatch.setattr(reading, "character_shortfall",
                        lambda net, inputs, activations=None: seen.append(inputs) or shortfall(net, inputs, activations))
    rng = np.random.default_rng(3)
    for kind in ("houses", "clouds", "notes", "hearts") * 3:
        canvas = marks.draw(kind, rng)
        seen.clear()
        if len(read_ink(canvas, characters_net).characters) == 1:
            np.testing.assert_allclose(seen[-1][0], canvas_to_input(canvas, "emnist"), atol=1e-5, err_msg=kind)


def test_a_drawing_alone_is_a_mark_when_the_window_would_say_so(characters_net):
    """The drawing panel frames a drawing once, at full size; the reader shrinks its line first. A drawing
    alone that the panel calls "not a character" is a mark to the reader too, though its own framing may pass."""
    from network import marks
    from network.character_check import is_character
    from network.preprocess import canvas_to_input
    rng = np.random.default_rng(6)
    passed_as_read = 0
    for kind in ("ampersands", "houses", "notes", "clouds", "hourglasses", "ghosts") * 15:
        canvas = marks.draw(kind, rng)
        reading = read_ink(canvas, characters_net)
        if len(reading.characters) != 1 or is_character(characters_net, canvas_to_input(canvas, "emnist"))[0]:
            continue
        assert reading.text == "?", kind
        passed_as_read += bool(is_character(characters_net, reading.characters[0].inputs)[0])
    assert passed_as_read >= 2  # marks the reader's own framing alone would have named


def test_a_page_of_two_lines_joins_them_with_a_slash(characters_net):
    page = np.zeros((260, 200), dtype=np.float32)
    page[:100] = one_zero()
    page[150:250] = one_zero()
    assert read_ink(page, characters_net, "number").text == "10 / 10"
    assert read_ink(np.zeros((50, 50), dtype=np.float32), characters_net).text == ""


def test_context_leans_to_digits_in_a_line_but_not_for_a_lone_character():
    def readings(number_share, word_share, count):
        return [KindReading(number_share, "number", count), KindReading(word_share, "word", count)]

    assert choose_kind(readings(0.55, 0.7, 3)).kind == "number"  # a line of fairly sure digits stays a number
    assert choose_kind(readings(0.45, 0.5, 3)).kind == "word"


def test_a_lone_character_is_the_likeliest_class_not_the_likeliest_kind():
    # a 1 at 0.45 with I at 0.3 and L at 0.25: the letters hold more than the digits, the 1 alone is likeliest
    one = [KindReading(0.45, "number", 1, top=0.45), KindReading(0.55, "word", 1, top=0.3)]
    assert choose_kind(one).kind == "number"
    assert choose_kind([KindReading(0.3, "number", 1, top=0.3), KindReading(0.7, "word", 1, top=0.4)]).kind == "word"


def test_context_keeps_touching_digits_that_a_word_swallows_into_fewer_wide_letters():
    number, word = KindReading(0.75, "number", 5), KindReading(0.99, "word", 2)  # 81918 read as MN
    assert choose_kind([number, word]).kind == "number"
    assert choose_kind([KindReading(0.6, "number", 5), word]).kind == "word"  # digits it is not sure of
    assert choose_kind([KindReading(0.6, "number", 2), KindReading(0.99, "word", 1)]).kind == "word"  # an M, not 77
    fairly_sure = [KindReading(0.75, "number", 2), KindReading(0.99, "word", 1)]
    assert choose_kind(fairly_sure).kind == "number"


def test_context_keeps_a_number_whose_digits_score_better_one_by_one_than_the_words_letters():
    # touching digits whose pieces the gate refuses: less on digits on average than the word puts on letters
    scores = np.array([-0.5, -0.7, -0.6, -2.0, -1.5, -1.8])
    number = KindReading(0.45, "number", 3, path=[0, 1, 2], scores=scores)
    word = KindReading(0.7, "word", 3, path=[3, 4, 5], scores=scores)
    assert choose_kind([number, word]).kind == "number"
    assert choose_kind([number._replace(path=[3, 4, 5]), word._replace(path=[0, 1, 2])]).kind == "word"


def hello(radius=7):
    """HELLO in capitals, written with the window's brush, the O a narrow ring (its halves read as L and J)."""
    strokes = {"H": [[(0.1, 0), (0.1, 1)], [(0.9, 0), (0.9, 1)], [(0.1, 0.5), (0.9, 0.5)]],
               "E": [[(0.85, 0), (0.1, 0), (0.1, 1), (0.85, 1)], [(0.1, 0.5), (0.7, 0.5)]],
               "L": [[(0.15, 0), (0.15, 1), (0.85, 1)]],
               "O": [[(0.5 + 0.45 * np.cos(a), 0.5 + 0.5 * np.sin(a)) for a in np.linspace(-np.pi / 2, 1.5 * np.pi, 24)]]}
    canvas = np.zeros((250, 1000), dtype=np.float32)
    for k, letter in enumerate("HELLO"):
        for points in strokes[letter]:
            brush.polyline(canvas, [(100 + 140 * k + 90 * x, 50 + 150 * y) for x, y in points], radius)
    return canvas


def test_a_letter_as_likely_a_digit_is_not_cut_into_letters_that_look_like_no_digit(characters_net, monkeypatch):
    assert read_ink(hello(), characters_net, "any").text == "HELLO"
    assert read_ink(hello(), characters_net, "word").text == "HELLO"
    monkeypatch.setattr("network.reading.KIND_WEIGHT", 1.0)  # the O pays in full for the probability its 0 holds
    monkeypatch.setattr("network.context.TWINS", {})
    digits_check = characters_net.copy()  # and the cut check does not judge letters (network/cut_check.py)
    digits_check.cut_check.info = {"lines": 15000, "drawn_lines": 10000}
    assert read_ink(hello(), digits_check, "word").text != "HELLO"


def spaced_word(text, radius, half_width):
    """``text`` of L, O and T drawn apart with a pen ``radius`` pixels, each O a ring ``half_width`` wide."""
    canvas = np.zeros((160, 140 * len(text) + 60), dtype=np.float32)
    for k, letter in enumerate(text):
        x = 60 + 140 * k
        if letter == "O":
            stroke(canvas, ring(x + 40, 80, half_width, 55), radius)
        elif letter == "L":
            stroke(canvas, [(x, 25), (x, 135), (x + 70, 135)], radius)
        else:
            stroke(canvas, [(x - 10, 25), (x + 80, 25)], radius)
            stroke(canvas, [(x + 35, 25), (x + 35, 135)], radius)
    return canvas


def test_an_o_the_network_takes_for_a_0_is_an_o_in_a_word_not_a_c_and_a_j(characters_net, monkeypatch):
    words = [(text, spaced_word(text, radius, half_width)) for text in ("LOT", "LOOT", "TOOL")
             for radius in (3, 7) for half_width in (28, 36)]
    assert all(read_ink(canvas, characters_net, "word").text == text for text, canvas in words)
    monkeypatch.setattr("network.context.TWINS", {})  # an O holds only its own probability
    digits_check = characters_net.copy()  # and the cut check does not judge letters (network/cut_check.py)
    digits_check.cut_check.info = {"lines": 15000, "drawn_lines": 10000}
    misread = [read_ink(canvas, digits_check, "word").text for text, canvas in words]
    assert sum(read != text for read, (text, _) in zip(misread, words)) >= 3  # 5 before the gate read edge directions
    assert any("J" in read for read in misread)  # an O cut into a C or an L, and a J


def test_a_blob_wider_than_a_digit_gets_fine_cuts_that_only_a_number_reading_takes():
    wide = np.zeros((100, 200), dtype=np.float32)
    stroke(wide, ring(60, 50, 20, 30))
    stroke(wide, ring(99, 50, 20, 30))  # two rings that touch: one blob, two digits wide
    found, costs, _ = cuts.candidates(wide)
    at_fine = np.array([candidate.fine for candidate in found])
    assert at_fine.any() and not at_fine.all()
    assert all(candidate.width <= cuts.FINE_WIDEST + 0.05 for candidate in np.array(found)[at_fine])
    favoured = np.where(at_fine, 0.0, -50.0)  # scores that favour the fine candidates
    coarse, _ = cuts.best_path(found, costs, favoured, "number")
    assert not any(found[i].fine for i in coarse)
    assert any(found[i].fine for i in cuts.best_path(found, costs, favoured, "number", fine=True)[0])
    narrow = np.zeros((100, 120), dtype=np.float32)
    assert not any(candidate.fine for candidate in cuts.candidates(stroke(narrow, ring(60, 50, 20, 30)))[0])

"""Shape counts: the pieces of ink and holes of framed drawings, counted for a whole batch at once."""

import numpy as np

from network import marks
from network.mark_shapes import arc, line
from network.preprocess import canvas_to_input
from network.shape_counts import COUNT, shape_counts


def drawn(strokes, pen=14):
    """Strokes in a unit box drawn upright and framed as the network sees a drawing."""
    rng = np.random.default_rng(0)
    return canvas_to_input(marks.draw_strokes(strokes, rng, turn=0, extent=0.7, pen=pen), "mnist")


def pieces_and_holes(counts):
    return int(np.argmax(counts[:4])) + 1, int(np.argmax(counts[4:8]))


def test_a_percent_sign_is_three_pieces_an_eight_has_two_holes_and_a_one_none():
    percent = drawn([line((0.85, 0), (0.15, 1)), arc(0.15, 0.15, 0.13, 0.13), arc(0.85, 0.85, 0.13, 0.13)], pen=8)
    eight = drawn([arc(0.5, 0.27, 0.25, 0.25), arc(0.5, 0.75, 0.3, 0.25)])
    one = drawn([line((0.5, 0), (0.5, 1))])
    ring = drawn([arc(0.5, 0.5, 0.45, 0.45)])
    counts = shape_counts(np.stack([percent, eight, one, ring]))
    assert counts.shape == (4, COUNT) and counts.dtype == np.float32
    assert [pieces_and_holes(c) for c in counts] == [(3, 2), (1, 2), (1, 0), (1, 1)]
    assert counts[0, 9] > 0 and (counts[1:, 9] == 0).all()  # a second piece beside the first, or none
    assert (counts[:, 8] > 0).all() and counts[3, 8] > counts[2, 8]  # a ring has more ink than a bar


def test_a_batch_counts_each_drawing_as_it_counts_it_alone():
    rng = np.random.default_rng(3)
    batch = np.concatenate([marks.framed(kind, 3, rng, "emnist") for kind in ("percents", "clouds", "strewn specks",
                                                                             "hashes", "dots")])
    batch = np.concatenate([batch, np.zeros((1, 784), np.float32)])  # an empty drawing: no piece, no hole
    together = shape_counts(batch)
    alone = np.concatenate([shape_counts(row) for row in batch])
    np.testing.assert_array_equal(together, alone)
    assert pieces_and_holes(together[-1]) == (1, 0) and together[-1, 8] == 0


def test_pieces_are_counted_as_the_labelling_finds_them():
    from network.pieces import label_pieces, piece_tops_and_areas
    rng = np.random.default_rng(2)
    for density in (0.05, 0.3, 0.6):
        mask = rng.random((57, 28)) < density
        tops, areas = piece_tops_and_areas(mask)
        _, pieces = label_pieces(mask)
        assert sorted(zip(tops.tolist(), areas.tolist())) == sorted((p.top, p.area) for p in pieces)
    assert [len(a) for a in piece_tops_and_areas(np.zeros((5, 5), bool))] == [0, 0]

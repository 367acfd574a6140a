"""Edge directions (network/edge_directions.py): where a drawing's edges are and which way they face, the
view of a drawing that tells an outline with corners from a round one."""

import numpy as np

from network import marks
from network.edge_directions import BINS, CELLS, COUNT, SCALE, edge_directions
from network.mark_shapes import arc, line
from network.preprocess import canvas_to_input


def bar(rows, columns):
    picture = np.zeros((28, 28), np.float32)
    picture[rows, columns] = 1.0
    return picture.reshape(1, 784)


def test_a_flat_bar_and_an_upright_one_face_across_each_other():
    flat, upright = edge_directions(bar(slice(12, 15), slice(6, 22))), edge_directions(bar(slice(6, 22), slice(12, 15)))
    assert flat.shape == upright.shape == (1, COUNT)
    flat_whole, upright_whole = flat[0, -BINS:], upright[0, -BINS:]
    assert flat_whole.argmax() == BINS // 2 and upright_whole.argmax() == 0  # its long edges: up-down, left-right
    assert flat_whole[BINS // 2] > 0.7 * SCALE and upright_whole[0] > 0.7 * SCALE
    np.testing.assert_allclose([flat_whole.sum(), upright_whole.sum()], SCALE, rtol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(flat[0, :-BINS]), SCALE, rtol=1e-5)


def test_each_cell_counts_the_edges_within_it_alone():
    cells = edge_directions(bar(slice(1, 4), slice(1, 4)))[0, :-BINS].reshape(CELLS, CELLS, BINS)
    assert cells[0, 0].sum() > 0 and cells.sum() == cells[0, 0].sum()  # a speck in the top left cell
    assert not edge_directions(np.zeros((2, 784), np.float32)).any()  # blank paper has no edges


def test_a_ring_and_a_box_the_same_size_differ_in_their_directions():
    """What the gate reads them for: a box's edges face two ways (up-down and left-right, give or take its slant),
    a ring's every way."""
    rng = np.random.default_rng(0)
    rings = np.stack([canvas_to_input(marks.draw_strokes([arc(0.5, 0.5, 0.5, 0.5)], rng, 0), "mnist")
                      for _ in range(100)])
    boxes = np.stack([canvas_to_input(marks.draw_strokes([line((0, 0), (1, 0), (1, 1), (0, 1), (0, 0))], rng, 0),
                                      "mnist") for _ in range(100)])
    top_two = lambda whole: np.sort(whole, axis=1)[:, -2:].sum(axis=1) / SCALE  # the two commonest directions' share
    boxes, rings = top_two(edge_directions(boxes)[:, -BINS:]), top_two(edge_directions(rings)[:, -BINS:])
    assert boxes.mean() > 0.6 > 0.45 > rings.mean()
    assert (boxes > 0.5).mean() > 0.9 and (rings < 0.5).mean() > 0.9

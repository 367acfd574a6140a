"""canvas_to_input: drawings of any size and type become 784 inputs framed like MNIST or EMNIST."""

import numpy as np
import pytest

from network import datasets
from network.preprocess import (EMNIST_BOX, MNIST_BOX, area_average, canvas_to_input, canvases_to_inputs,
                                input_image)
from network.redraw import CANVAS, enlarged_like


def ink_box(inputs, level=0.0):
    """(top, bottom, left, right) of the pixels above ``level`` in a 784-vector, bottom/right exclusive."""
    image = inputs.reshape(28, 28)
    rows, cols = np.flatnonzero(image.max(axis=1) > level), np.flatnonzero(image.max(axis=0) > level)
    return rows[0], rows[-1] + 1, cols[0], cols[-1] + 1


def centre_of_mass(inputs):
    image = inputs.reshape(28, 28).astype(np.float64)
    middles = np.arange(28) + 0.5
    return (image.sum(axis=1) @ middles / image.sum(), image.sum(axis=0) @ middles / image.sum())


def ell(canvas_size=280, top=40, left=60, height=160, width=90, thickness=20, value=1.0):
    """An L drawn on a float canvas: an asymmetric shape whose centre of mass is not its box's centre."""
    canvas = np.zeros((canvas_size, canvas_size), dtype=np.float32)
    canvas[top:top + height, left:left + thickness] = value
    canvas[top + height - thickness:top + height, left:left + width] = value
    return canvas


def test_output_is_784_float32_in_unit_range_with_full_ink():
    inputs = canvas_to_input(ell())
    assert inputs.shape == (784,) and inputs.dtype == np.float32
    assert inputs.min() >= 0.0 and inputs.max() == pytest.approx(1.0)


@pytest.mark.parametrize("canvas", [np.zeros((280, 280), np.uint8), np.zeros((50, 90), np.float32),
                                    np.zeros((0, 0), np.float64)])
def test_empty_canvas_gives_all_zeros(canvas):
    inputs = canvas_to_input(canvas)
    assert inputs.shape == (784,) and inputs.dtype == np.float32 and not inputs.any()


def test_mnist_style_scales_the_longer_side_to_20_px_keeping_aspect():
    inputs = canvas_to_input(ell(height=160, width=80))
    top, bottom, left, right = ink_box(inputs)
    assert bottom - top in (MNIST_BOX, MNIST_BOX + 1)  # + 1: the box may straddle a pixel edge
    assert right - left in (10, 11)


def test_mnist_style_puts_the_centre_of_mass_in_the_middle():
    inputs = canvas_to_input(ell())
    y, x = centre_of_mass(inputs)
    assert y == pytest.approx(14.5, abs=0.1) and x == pytest.approx(14.5, abs=0.1)  # on pixel 14, as MNIST did
    top, bottom, left, right = ink_box(inputs)
    assert (left + right) / 2 > 15  # the L's box sits right of centre: its mass is in the upright stroke


def test_emnist_style_centres_the_bounding_box_with_a_margin():
    inputs = canvas_to_input(ell(height=160, width=80), style="emnist")
    top, bottom, left, right = ink_box(inputs)
    assert bottom - top in (EMNIST_BOX, EMNIST_BOX + 1)
    assert (top + bottom) / 2 == pytest.approx(14.0, abs=0.5) and (left + right) / 2 == pytest.approx(14.0, abs=0.5)
    assert top >= 2 and bottom <= 26


def test_the_two_styles_frame_the_same_drawing_differently():
    canvas = ell()
    assert np.abs(canvas_to_input(canvas, "mnist") - canvas_to_input(canvas, "emnist")).max() > 0.5


def test_position_and_size_on_the_canvas_do_not_matter():
    small = canvas_to_input(ell(top=10, left=10, height=80, width=45, thickness=10))
    large = canvas_to_input(ell(top=100, left=120, height=160, width=90, thickness=20))
    assert np.abs(small - large).max() < 0.05


def test_uint8_and_float_canvases_give_the_same_inputs():
    canvas = ell()
    assert np.allclose(canvas_to_input((canvas * 255).astype(np.uint8)), canvas_to_input(canvas), atol=1e-6)


def test_faint_ink_is_normalised_to_full_strength():
    assert np.allclose(canvas_to_input(ell(value=0.3)), canvas_to_input(ell(value=1.0)), atol=1e-6)


def test_any_canvas_size_and_shape_works():
    wide = np.zeros((90, 400), np.float32)
    wide[30:60, 50:350] = 1.0
    top, bottom, left, right = ink_box(canvas_to_input(wide))
    assert right - left in (20, 21) and bottom - top in (2, 3)
    dot = np.zeros((7, 5), np.uint8)
    dot[3, 2] = 255
    inputs = canvas_to_input(dot)
    assert inputs.max() == pytest.approx(1.0) and centre_of_mass(inputs) == pytest.approx((14.5, 14.5), abs=0.1)


def test_specks_fainter_than_the_ink_do_not_stretch_the_box():
    canvas = ell()
    canvas[275, 275] = 0.02
    assert np.allclose(canvas_to_input(canvas), canvas_to_input(ell()), atol=0.02)


def test_bad_canvases_and_styles_are_refused_with_a_message():
    with pytest.raises(ValueError, match="2-D"):
        canvas_to_input(np.zeros((28, 28, 3)))
    with pytest.raises(ValueError, match="style"):
        canvas_to_input(ell(), style="kanji")


@pytest.mark.parametrize("style", ["mnist", "emnist"])
def test_many_canvases_framed_at_once_come_out_as_each_framed_alone(style):
    rng = np.random.default_rng(0)
    canvases = [np.zeros((5, 9), dtype=np.float32), np.full((1, 1), 0.6, dtype=np.float32)]
    for _ in range(120):
        height, width = rng.integers(1, 60, 2)
        canvas = np.zeros((height, width), dtype=np.float32)
        top, left = rng.integers(0, height), rng.integers(0, width)
        canvas[top:top + rng.integers(1, 25), left:left + rng.integers(1, 25)] = rng.uniform(0.2, 1.0)
        canvas += (rng.random((height, width)) < 0.05) * 0.04  # specks too faint to stretch the box
        canvases.append(canvas)
    together = canvases_to_inputs(canvases, style)
    assert together.shape == (len(canvases), 784) and together.dtype == np.float32
    assert np.abs(together - np.stack([canvas_to_input(canvas, style) for canvas in canvases])).max() < 1e-4
    assert not together[0].any() and canvases_to_inputs([], style).shape == (0, 784)


def test_input_image_shows_the_inputs_as_a_28x28_picture():
    inputs = canvas_to_input(ell())
    picture = input_image(inputs)
    assert picture.shape == (28, 28) and picture.dtype == np.uint8
    assert picture.max() == 255 and np.array_equal(picture > 0, inputs.reshape(28, 28) > 0.5 / 255)


def test_an_image_enlarged_on_a_canvas_keeps_its_shape_and_soft_edge_anywhere_on_it():
    image = np.zeros((28, 28), np.uint8)
    image[4:24, 12:16] = 255  # a bar 20 px tall and 4 wide
    rng = np.random.default_rng(0)
    for _ in range(20):
        page = enlarged_like(image, rng)
        rows, cols = np.flatnonzero(page.max(axis=1) > 0.5), np.flatnonzero(page.max(axis=0) > 0.5)
        height, width = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
        assert page.shape == (CANVAS, CANVAS) and 3 * 20 <= height <= 9 * 20 + 9
        assert height / width == pytest.approx(5, rel=0.2)
        middle = page[(rows[0] + rows[-1]) // 2]
        assert np.count_nonzero((middle > 0.05) & (middle < 0.95)) >= 4  # bilinear: a soft edge 3-9 px wide


@pytest.mark.parametrize("name, style", [("mnist", "mnist"), ("emnist-letters", "emnist")])
def test_real_test_images_enlarged_anywhere_come_back_framed_like_the_originals(real_data, name, style):
    if not datasets.is_available(name, real_data):
        pytest.skip(f"{name} not found in {real_data}")
    images, _, _ = datasets.load(name, "test", real_data)
    originals = datasets.as_inputs(images[:200])
    correlations = {}
    for which in ("mnist", "emnist"):
        rng = np.random.default_rng(0)
        back = np.stack([canvas_to_input(enlarged_like(image, rng), which) for image in images[:200]])
        correlations[which] = np.mean([np.corrcoef(a, b)[0, 1] for a, b in zip(originals, back)])
    other = "emnist" if style == "mnist" else "mnist"
    assert correlations[style] > 0.9
    assert correlations[style] > correlations[other] + 0.05


def test_area_average_matches_the_overlap_of_every_pixel_with_every_interval():
    rng = np.random.default_rng(0)
    ink = rng.random((13, 4)).astype(np.float32)
    edges = np.array([-2.0, 0.5, 0.75, 3.2, 3.4, 9.0, 12.5, 15.0])  # outside, inside one row, across many
    rows = np.arange(13)
    overlaps = [np.clip(np.minimum(end, rows + 1) - np.maximum(start, rows), 0, None)
                for start, end in zip(edges[:-1], edges[1:])]
    scale = 2.5  # the result is the ink over each interval times scale (the mean, when intervals are 1/scale long)
    assert np.allclose(area_average(ink, edges, scale), scale * np.array(overlaps) @ ink, atol=1e-5)

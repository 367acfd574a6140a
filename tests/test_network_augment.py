"""Augmentation: the right shapes, identity when nothing varies, and each variation doing what it says."""

import numpy as np
import pytest

import network
from network.augment import Augmenter, vary_thickness, warp
from network.cli import main


def bar_images(n=4):
    images = np.zeros((n, 28, 28), dtype=np.uint8)
    images[:, 13:15, 6:22] = 255  # a horizontal bar through the centre
    return images


def still(**kwargs):
    """An augmenter that varies only what is given."""
    settings = dict(rotation=0.0, scale=(1.0, 1.0), aspect=0.0, shear=0.0, shift=0.0, thickness=(0.0, 0.0))
    return Augmenter(**{**settings, **kwargs})


def test_identity_when_nothing_varies():
    images = bar_images()
    out = still()(images, np.random.default_rng(0))
    assert out.shape == (4, 784) and out.dtype == np.float32
    np.testing.assert_allclose(out, images.reshape(4, -1) / 255.0, atol=1e-5)


def test_rotation_turns_a_bar():
    out = still(rotation=90.0)(bar_images(64), np.random.default_rng(1)).reshape(64, 28, 28)
    rows_with_ink = (out > 0.5).any(axis=2).sum(axis=1)
    assert rows_with_ink.max() > 8  # some bars now stand at a steep angle
    assert np.allclose(out.sum(axis=(1, 2)), bar_images(1).sum() / 255.0, rtol=0.15)  # ink is kept


def ink_centre(image):
    """(x, y) of the ink's centre of mass."""
    rows, columns = np.mgrid[0:28, 0:28]
    return np.array([(image * columns).sum(), (image * rows).sum()]) / image.sum()


def test_an_offset_moves_the_ink_by_exactly_that_much_and_keeps_it():
    bars = bar_images(2).astype(np.float32) / 255
    out = warp(bars, offset=np.array([(2.0, 0.0), (-3.0, 1.5)], np.float32))
    np.testing.assert_allclose([ink_centre(image) - ink_centre(bars[0]) for image in out], [(2, 0), (-3, 1.5)],
                               atol=1e-4)
    np.testing.assert_allclose(out.sum(axis=(1, 2)), bars.sum(axis=(1, 2)), rtol=1e-5)


def test_shift_moves_each_image_its_own_way_within_the_limit_and_only_moves_it():
    bars = bar_images(64)
    out = still(shift=3.0)(bars, np.random.default_rng(2)).reshape(64, 28, 28)
    moves = np.array([ink_centre(image) for image in out]) - ink_centre(bars[0].astype(np.float32))
    assert np.abs(moves).max() <= 3.0 + 1e-4  # never further than asked, in x or in y
    assert (np.ptp(moves, axis=0) > 4.0).all() and len(np.unique(moves.round(3), axis=0)) == 64  # each its own
    np.testing.assert_allclose(out.sum(axis=(1, 2)), 32.0, rtol=0.02)  # the ink is all still there
    assert ((out > 0.01).any(axis=2).sum(axis=1) <= 3).all()  # still a bar two rows high, not turned or stretched


def test_thickness_adds_or_removes_ink():
    batch = bar_images(2).astype(np.float32) / 255
    thick, thin = vary_thickness(batch, np.array([1.0, -1.0], dtype=np.float32))
    assert thick.sum() > batch[0].sum() * 1.5 and thin.sum() < batch[1].sum() * 0.6


def test_same_seed_same_batch_and_values_in_range():
    images = bar_images(8)
    a = Augmenter()(images, np.random.default_rng(5))
    b = Augmenter()(images, np.random.default_rng(5))
    np.testing.assert_array_equal(a, b)
    assert a.min() >= 0 and a.max() <= 1


def test_a_share_varies_only_part_of_each_batch_and_the_cli_records_it(tmp_path):
    images = bar_images(400)
    out = Augmenter(share=0.5, rotation=40.0)(images, np.random.default_rng(3))
    unchanged = np.all(np.isclose(out, images.reshape(400, -1) / 255.0, atol=1e-5), axis=1)
    assert 150 < unchanged.sum() < 250  # about half seen as they are, the rest varied
    with pytest.raises(ValueError, match="share"):
        Augmenter(share=0)
    csv = tmp_path / "bars.csv"
    labels = np.arange(40) % 2
    pictures = bar_images(40)
    pictures[labels == 1] = pictures[labels == 1].transpose(0, 2, 1)  # class 1: a vertical bar
    np.savetxt(csv, np.column_stack([labels, pictures.reshape(40, -1)]), fmt="%d", delimiter=",")
    out_path = tmp_path / "net.npz"
    assert main(["train", "--dataset", str(csv), "--layers", "784,4,2", "--epochs", "1", "--augment",
                 "--augment-share", "0.25", "--out", str(out_path), "--log", str(tmp_path / "run.csv")]) == 0
    run = network.load(out_path).meta["history"][-1]
    assert run["augment"] is True and run["augment_share"] == 0.25
    assert main(["train", "--dataset", str(csv), "--augment", "--augment-share", "1.5",
                 "--out", str(tmp_path / "other.npz"), "--log", str(tmp_path / "other.csv")]) == 2

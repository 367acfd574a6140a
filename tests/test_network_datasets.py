"""Datasets: IDX (gz and raw, both name styles), EMNIST's fixes, CSV, PNG trees, and every bad-file message."""

import gzip
import os

import numpy as np
import pytest
from PIL import Image

from network import DatasetError, datasets
from network.idx import read_idx

from conftest import idx_bytes, write_idx


def make_mnist_folder(root, n=30, style="-", compress=True, seed=0):
    rng = np.random.default_rng(seed)
    folder = root / "mnist"
    folder.mkdir(parents=True, exist_ok=True)
    images = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, n, dtype=np.uint8)
    gz = ".gz" if compress else ""
    for prefix in ("train", "t10k"):
        write_idx(folder / f"{prefix}-images{style}idx3-ubyte{gz}", images, compress)
        write_idx(folder / f"{prefix}-labels{style}idx1-ubyte{gz}", labels, compress)
    return images, labels


@pytest.mark.parametrize("style,compress", [("-", True), ("-", False), (".", True), (".", False)])
def test_mnist_idx_any_name_style_gz_or_raw(tmp_path, style, compress):
    images, labels = make_mnist_folder(tmp_path, style=style, compress=compress)
    got_images, got_labels, classes = datasets.load("mnist", "test", str(tmp_path))
    assert got_images.dtype == np.uint8 and got_images.shape == (30, 28, 28)
    np.testing.assert_array_equal(got_images, images)
    np.testing.assert_array_equal(got_labels, labels)
    assert classes == [str(d) for d in range(10)]


def test_emnist_letters_are_transposed_upright_and_labelled_from_zero(tmp_path):
    folder = tmp_path / "emnist-letters"
    folder.mkdir()
    upright = np.zeros((2, 28, 28), dtype=np.uint8)
    upright[:, 2:5, :] = 255  # a horizontal bar at the top, as the letter should look
    for split in ("train", "test"):
        write_idx(folder / f"emnist-letters-{split}-images-idx3-ubyte.gz", upright.transpose(0, 2, 1))
        write_idx(folder / f"emnist-letters-{split}-labels-idx1-ubyte.gz", np.array([1, 26]))
    images, labels, classes = datasets.load("emnist-letters", "train", str(tmp_path))
    np.testing.assert_array_equal(images, upright)
    assert labels.tolist() == [0, 25]
    assert classes[0] == "A" and classes[-1] == "Z" and len(classes) == 26
    assert datasets.style_of("emnist-letters") == "emnist" and datasets.style_of("mnist") == "mnist"


def test_data_folder_comes_from_environment(tmp_path, monkeypatch):
    make_mnist_folder(tmp_path)
    monkeypatch.setenv("INKLING_DATA", str(tmp_path))
    assert datasets.is_available("mnist")
    assert len(datasets.load("mnist", "train")[0]) == 30
    assert not datasets.is_available("emnist-letters")


def test_missing_dataset_says_how_to_get_it(tmp_path):
    with pytest.raises(DatasetError, match="python -m network download mnist"):
        datasets.load("mnist", "train", str(tmp_path))
    with pytest.raises(DatasetError, match="python -m network download emnist"):
        datasets.load("emnist-letters", "train", str(tmp_path))


def test_wrong_magic_number(tmp_path):
    path = tmp_path / "bad-idx3-ubyte"
    path.write_bytes(b"\x00\x00\x08\x01" + b"\x00" * 20)
    with pytest.raises(DatasetError, match="wrong IDX magic") as error:
        read_idx(str(path), 3)
    assert str(path) in str(error.value)


def test_truncated_idx_raw_and_gz(tmp_path):
    data = idx_bytes(np.zeros((10, 28, 28)))
    raw = tmp_path / "raw-idx3-ubyte"
    raw.write_bytes(data[:-100])
    with pytest.raises(DatasetError, match="truncated"):
        read_idx(str(raw), 3)
    packed = tmp_path / "packed-idx3-ubyte.gz"
    packed.write_bytes(gzip.compress(data)[:-30])
    with pytest.raises(DatasetError, match="gzip"):
        read_idx(str(packed), 3)


def test_image_and_label_counts_must_agree(tmp_path):
    make_mnist_folder(tmp_path)
    write_idx(tmp_path / "mnist" / "t10k-labels-idx1-ubyte.gz", np.zeros(29))
    with pytest.raises(DatasetError, match="29 labels for 30 images"):
        datasets.load("mnist", "test", str(tmp_path))


def test_label_out_of_range(tmp_path):
    make_mnist_folder(tmp_path)
    write_idx(tmp_path / "mnist" / "train-labels-idx1-ubyte.gz", np.full(30, 12))
    with pytest.raises(DatasetError, match="label 12 at index 0 is out of range 0..9"):
        datasets.load("mnist", "train", str(tmp_path))


def csv_text(rows, header=False):
    lines = ["label," + ",".join(f"p{i}" for i in range(784))] if header else []
    return "\n".join(lines + [",".join(str(v) for v in row) for row in rows]) + "\n"


@pytest.mark.parametrize("header", [False, True])
def test_csv_with_or_without_header(tmp_path, header):
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, (5, 784))
    rows = [[label, *row] for label, row in zip([3, 1, 4, 1, 5], pixels)]
    path = tmp_path / "small.csv"
    path.write_text(csv_text(rows, header))
    images, labels, classes = datasets.load(str(path), "train")
    assert images.shape == (5, 28, 28) and images.dtype == np.uint8
    np.testing.assert_array_equal(images.reshape(5, -1), pixels)
    assert labels.tolist() == [3, 1, 4, 1, 5] and classes == [str(d) for d in range(6)]


@pytest.mark.parametrize("bad_row,message", [
    ([1] + [0] * 783, "line 3: 784 fields, expected 785"),
    ([1, "x"] + [0] * 783, "line 3: 'x' is not a number"),
    ([1, 300] + [0] * 783, "line 3: a pixel value is not a whole number from 0 to 255"),
    ([-1] + [0] * 784, "line 3: a label is not a whole number"),
])
def test_csv_bad_row_is_named(tmp_path, bad_row, message):
    path = tmp_path / "bad.csv"
    path.write_text(csv_text([[0] + [0] * 784, [1] + [9] * 784, bad_row]))
    with pytest.raises(DatasetError, match=message) as error:
        datasets.load(str(path), "train")
    assert str(path) in str(error.value)


def test_png_tree_reads_classes_and_inverts_dark_on_light(tmp_path):
    for name, value in (("cat", 10), ("dog", 200)):
        (tmp_path / name).mkdir()
        for i in range(3):
            image = np.full((28, 28), 255, dtype=np.uint8)  # white paper
            image[10:18, 10:18] = value  # darker ink
            Image.fromarray(image).save(tmp_path / name / f"{i}.png")
    (tmp_path / "dog" / "notes.txt").write_text("not an image")
    images, labels, classes = datasets.load(str(tmp_path), "train")
    assert classes == ["cat", "dog"] and labels.tolist() == [0, 0, 0, 1, 1, 1]
    assert images[0, 0, 0] == 0 and images[0, 12, 12] == 245  # inverted: paper dark, ink high


def test_png_tree_resizes_other_sizes_and_uses_split_folders(tmp_path):
    for split in ("train", "test"):
        (tmp_path / split / "a").mkdir(parents=True)
        Image.fromarray(np.zeros((56, 56), dtype=np.uint8)).save(tmp_path / split / "a" / "big.png")
    images, _, _ = datasets.load(str(tmp_path), "test")
    assert images.shape == (1, 28, 28)


def test_png_tree_with_a_broken_png(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    with pytest.raises(DatasetError, match="broken.png: not a readable PNG"):
        datasets.load(str(tmp_path), "train")


def test_unknown_name(tmp_path):
    with pytest.raises(DatasetError, match="unknown dataset"):
        datasets.load(str(tmp_path / "nope"), "train")


def test_holdout_is_disjoint_and_complete():
    images = np.arange(100 * 784, dtype=np.int64).reshape(100, 28, 28) % 256
    labels = np.arange(100)
    (train_x, train_y), (test_x, test_y) = datasets.holdout(images, labels, 0.1)
    assert len(test_y) == 10 and sorted(np.concatenate([train_y, test_y]).tolist()) == list(range(100))


def test_real_mnist_and_emnist_letters(real_data):
    images, labels, classes = datasets.load("mnist", "test", real_data)
    assert images.shape == (10000, 28, 28) and np.bincount(labels).tolist()[:3] == [980, 1135, 1032]
    if not os.path.isdir(os.path.join(real_data, "emnist-letters")):
        pytest.skip("no emnist-letters folder in INKLING_DATA")
    images, labels, classes = datasets.load("emnist-letters", "test", real_data)
    assert images.shape == (20800, 28, 28) and labels.min() == 0 and labels.max() == 25
    assert np.bincount(labels).tolist() == [800] * 26
    # upright: the average "I" is a vertical bar (transposed, it would lie on its side)
    i_mean = images[labels == classes.index("I")].astype(np.float64).mean(axis=0)
    assert i_mean[4:24, 12:16].mean() > 1.5 * i_mean[12:16, 4:24].mean()

"""The characters dataset: MNIST digits and EMNIST letters as 36 classes, framed in one style, balanced."""

import threading
import time

import numpy as np
import pytest

import network
from network import DatasetError, datasets
from network.cli import main
from network.groups import best_in_group, group_shares, groups_of
from network.preprocess import canvas_to_input, frame_images

from conftest import write_idx

CHARACTERS = [str(d) for d in range(10)] + [chr(ord("A") + i) for i in range(26)]


def small_digit(rng):
    """A small blob of ink off in a corner, framed nothing like EMNIST: reframing must move and grow it."""
    image = np.zeros((28, 28), np.uint8)
    top, left = rng.integers(1, 8, 2)
    image[top:top + 8, left:left + 4] = 255
    return image


def letter(rng):
    """A letter-like bar already framed like EMNIST (a 22 px tall box in the middle), stored transposed."""
    image = np.zeros((28, 28), np.uint8)
    image[3:25, 11:17] = rng.integers(200, 256)
    return image.T


@pytest.fixture
def both_parts(tmp_path):
    """A data folder with small MNIST (30 train images, 3 a digit) and EMNIST letters (2 a letter) files."""
    rng = np.random.default_rng(0)
    (tmp_path / "mnist").mkdir()
    (tmp_path / "emnist-letters").mkdir()
    for split, prefix, per_digit, per_letter in (("train", "train", 3, 2), ("test", "t10k", 1, 1)):
        digits = np.repeat(np.arange(10), per_digit)
        write_idx(tmp_path / "mnist" / f"{prefix}-images-idx3-ubyte.gz", [small_digit(rng) for _ in digits])
        write_idx(tmp_path / "mnist" / f"{prefix}-labels-idx1-ubyte.gz", digits)
        letters = np.repeat(np.arange(1, 27), per_letter)
        folder = tmp_path / "emnist-letters"
        write_idx(folder / f"emnist-letters-{split}-images-idx3-ubyte.gz", [letter(rng) for _ in letters])
        write_idx(folder / f"emnist-letters-{split}-labels-idx1-ubyte.gz", letters)
    return tmp_path


def ink_box(image):
    rows, cols = np.flatnonzero(image.max(axis=1) > 25), np.flatnonzero(image.max(axis=0) > 25)
    return rows[0], rows[-1] + 1, cols[0], cols[-1] + 1


def test_characters_join_digits_then_letters_with_digits_reframed_like_letters(both_parts):
    images, labels, classes = datasets.load("characters", "test", str(both_parts))
    assert classes == CHARACTERS and datasets.style_of("characters") == "emnist"
    assert labels.tolist() == list(range(36)) and images.shape == (36, 28, 28) and images.dtype == np.uint8
    mnist_images, _, _ = datasets.load("mnist", "test", str(both_parts))
    letter_images, _, _ = datasets.load("emnist-letters", "test", str(both_parts))
    np.testing.assert_array_equal(images[10:], letter_images)  # letters keep their own framing
    for digit, original in zip(images[:10], mnist_images):
        expected = np.round(canvas_to_input(original, "emnist") * 255).reshape(28, 28)
        np.testing.assert_array_equal(digit, expected)
        top, bottom, left, right = ink_box(digit)
        assert bottom - top >= 22 and abs((top + bottom) / 2 - 14) <= 1  # grown and centred like a letter


def test_training_split_gives_every_class_as_many_images(both_parts):
    images, labels, _ = datasets.load("characters", "train", str(both_parts))
    # digits have 3 images a class, letters 2: every class gets 3, a letter repeating one of its own
    assert np.bincount(labels, minlength=36).tolist() == [3] * 36
    letter_images, letter_labels, _ = datasets.load("emnist-letters", "train", str(both_parts))
    for index in np.flatnonzero(labels >= 10):
        own = letter_images[letter_labels == labels[index] - 10]
        assert any(np.array_equal(images[index], image) for image in own)


def test_balanced_subsamples_big_classes_and_repeats_small_ones():
    labels = np.array([0] * 10 + [1] * 2 + [2] * 5)
    keep = datasets.balanced(labels, 3, 5)
    assert np.bincount(labels[keep]).tolist() == [5, 5, 5]
    assert len(set(keep[labels[keep] == 0].tolist())) == 5  # a big class: five different images
    assert set(keep[labels[keep] == 1].tolist()) == {10, 11}  # a small one: all of it, repeated
    np.testing.assert_array_equal(keep, datasets.balanced(labels, 3, 5))


def test_characters_need_both_parts(both_parts, tmp_path_factory):
    assert datasets.is_available("characters", str(both_parts))
    only_digits = tmp_path_factory.mktemp("only-digits")
    (both_parts / "mnist").rename(only_digits / "mnist")
    assert not datasets.is_available("characters", str(both_parts))
    with pytest.raises(DatasetError, match="no mnist train images file"):
        datasets.load("characters", "train", str(both_parts))


def test_frame_images_frames_each_image_like_a_drawing():
    rng = np.random.default_rng(1)
    images = np.stack([small_digit(rng) for _ in range(4)] + [np.zeros((28, 28), np.uint8)])
    framed = frame_images(images, "mnist")
    assert framed.shape == (5, 28, 28) and framed.dtype == np.uint8 and not framed[-1].any()
    np.testing.assert_array_equal(framed[0].ravel(), np.round(canvas_to_input(images[0], "mnist") * 255))


def test_cli_trains_a_36_class_network_in_the_letters_style(both_parts, tmp_path, monkeypatch):
    monkeypatch.setenv("INKLING_DATA", str(both_parts))
    out = tmp_path / "characters.npz"
    assert main(["train", "--dataset", "characters", "--layers", "784,16,36", "--epochs", "1", "--augment",
                 "--out", str(out), "--log", str(tmp_path / "run.csv")]) == 0
    net = network.load(out)
    assert net.labels == CHARACTERS and net.meta["style"] == "emnist" and net.meta["dataset"] == "characters"


def test_real_characters_test_split(real_data):
    if not datasets.is_available("characters", real_data):
        pytest.skip("no emnist-letters folder in INKLING_DATA")
    images, labels, classes = datasets.load("characters", "test", real_data)
    assert images.shape == (30800, 28, 28) and len(classes) == 36
    assert np.bincount(labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009] + [800] * 26
    # the digits now span about as many pixels as the letters do (MNIST's own box is 20 px)
    heights = [np.subtract(*ink_box(image)[1::-1]) for image in images[labels == 3][:200]]
    assert 21 <= np.median(heights) <= 25


def test_groups_find_digits_and_letters_and_the_best_of_each():
    assert groups_of(CHARACTERS)["digit"].tolist() == list(range(10))
    assert groups_of(CHARACTERS)["letter"].tolist() == list(range(10, 36))
    assert groups_of(CHARACTERS[:10]) == {} and groups_of(CHARACTERS[10:]) == {}
    assert groups_of(["0", "1", "A", "T-shirt"]) == {}
    probabilities = np.full(36, 0.01)
    probabilities[[2, 35, 7]] = [0.3, 0.4, 0.05]  # the network favours Z, its best digit is 2
    groups = groups_of(CHARACTERS)
    assert best_in_group(probabilities, groups["digit"]) == 2
    assert best_in_group(probabilities, groups["letter"]) == 35
    shares = group_shares(probabilities, groups)
    assert shares["digit"] == pytest.approx(0.35 + 0.08) and shares["letter"] == pytest.approx(0.4 + 0.25)


def test_threads_loading_at_once_reframe_once_and_all_get_the_result(both_parts, monkeypatch):
    """The window's threads (the "not sure" floor, judging, robustness, the training loader) may all ask at once."""
    calls, started = [], threading.Event()
    real_frame = datasets.frame_images

    def slow_frame(images, style):
        calls.append(style)
        started.set()
        time.sleep(0.3)  # the others ask while this one works
        return real_frame(images, style)

    monkeypatch.setattr(datasets, "frame_images", slow_frame)
    monkeypatch.setattr(datasets, "_reframed", {})
    start, results, problems = threading.Barrier(6), [None] * 6, []

    def load(number):
        start.wait()
        try:
            results[number] = datasets.load("characters", "test", str(both_parts))[0]
        except Exception as error:  # a KeyError from a racing cache would land here
            problems.append(error)

    threads = [threading.Thread(target=load, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert problems == [] and calls == ["emnist"] and started.is_set()
    for images in results[1:]:
        np.testing.assert_array_equal(images, results[0])

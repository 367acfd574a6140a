"""Shared test helpers: where the real data is, and small datasets the tests make themselves."""

import gzip
import os
import struct

import numpy as np
import pytest

# Tests never need a screen, a sound card or a plot window: the window runs on SDL's dummy driver.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(autouse=True)
def inkling_home(tmp_path_factory, monkeypatch):
    """Networks and logs a test saves by default go to a folder of its own, never into the project."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("INKLING_HOME", str(home))
    return home


@pytest.fixture
def real_data():
    """The folder with real MNIST/EMNIST files ($INKLING_DATA); skips the test where it is absent."""
    folder = os.environ.get("INKLING_DATA")
    if not folder or not os.path.isdir(os.path.join(folder, "mnist")):
        pytest.skip("real data not found: set INKLING_DATA to a folder holding mnist/")
    return folder


def idx_bytes(array):
    """The IDX encoding of a uint8 array: zero, zero, type 0x08, ndim, big-endian dims, then the bytes."""
    array = np.asarray(array, dtype=np.uint8)
    return bytes([0, 0, 8, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes()


def write_idx(path, array, compress=True):
    data = idx_bytes(array)
    with (gzip.open if compress else open)(path, "wb") as file:
        file.write(data)
    return path


def stripes_dataset(n=200, seed=0):
    """A small, learnable 4-class dataset: each class is a bright bar in a different place, with noise."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 4, n)
    images = rng.integers(0, 40, (n, 28, 28)).astype(np.uint8)
    for index, label in enumerate(labels):
        if label < 2:
            images[index, 4 + 12 * label: 10 + 12 * label, 4:24] = 230
        else:
            images[index, 4:24, 4 + 12 * (label - 2): 10 + 12 * (label - 2)] = 230
    return images, labels.astype(np.int64)


BAR_ROWS = [(4, 10), (16, 22)]  # classes 0 and 1: horizontal bars; classes 2 and 3: vertical bars at these columns


def bar_image(shown, ink=255):
    """A 28x28 uint8 image of the bar of class ``shown`` at ``ink`` brightness."""
    image = np.zeros((28, 28), dtype=np.uint8)
    start, stop = BAR_ROWS[shown % 2]
    if shown < 2:
        image[start:stop, 4:24] = ink
    else:
        image[4:24, start:stop] = ink
    return image


def bars_network():
    """A 784-4 network that reads bar images: each class's weights are +0.04 on its bar, so the brightest bar wins."""
    from network import Network
    weights = np.stack([bar_image(k).ravel() / 255.0 * 0.04 for k in range(4)], axis=1)
    return Network((784, 4), labels=["0", "1", "2", "3"], weights=[weights], biases=[np.zeros(4)],
                   meta={"style": "mnist", "dataset": "bars"})


def judged_bars():
    """Test images with a known outcome for ``bars_network``: (images, labels, shown bar of each).

    Class 0 has 4 images: 2 right, 2 shown as bar 1 (a mistake, the brighter one more confident); class 2 has
    3 images: 2 right, 1 shown as bar 3 (a faint, less confident mistake); classes 1 and 3 have 1 right each.
    """
    rows = [(0, 0, 255), (0, 0, 200), (0, 1, 255), (0, 1, 120), (1, 1, 255),
            (2, 2, 255), (2, 2, 90), (2, 3, 60), (3, 3, 255)]
    images = np.stack([bar_image(shown, ink) for _, shown, ink in rows])
    labels = np.array([label for label, _, _ in rows], dtype=np.int64)
    return images, labels, np.array([shown for _, shown, _ in rows])


def write_csv(path, images, labels):
    """A dataset CSV file (label,p0..p783 with a header) the loaders read."""
    rows = np.column_stack([labels, images.reshape(len(images), -1)])
    np.savetxt(path, rows, fmt="%d", delimiter=",", header="label," + ",".join(f"p{i}" for i in range(784)),
               comments="")
    return str(path)

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

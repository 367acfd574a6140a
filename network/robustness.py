"""Robustness curves: a network's accuracy as its test images are rotated, shifted, scaled, thickened or thinned, and noised.

Each variation is applied to the same evenly spaced sample of the test split at a range of strengths,
using the augmentation's own warp and stroke-thickness code. A drawing is rarely framed exactly like
the training data; the curves show how far off it may be before the network stops reading it.
"""

from dataclasses import dataclass

import numpy as np

from .augment import vary_thickness, warp
from .judge import Memo, judgement_key, test_split

SAMPLE = 2000  # test images per point: enough for accuracy to +-1%, few enough to take seconds
DIRECTIONS = np.array([(1, 0), (0, 1), (-1, 0), (0, -1)], dtype=np.float32)  # a shifted image moves one of these ways
NOISE_SEED = 0


def _rotate(batch, degrees):
    return warp(batch, angle=np.radians(degrees))


def _shift(batch, pixels):
    return warp(batch, offset=DIRECTIONS[np.arange(len(batch)) % len(DIRECTIONS)] * pixels)


def _scale(batch, factor):
    return warp(batch, scale=factor)


def _thicken(batch, pixels):
    """Whole pixels of dilation (or erosion, below zero) one after another, then the fraction that is left."""
    whole, part = divmod(abs(pixels), 1.0)
    sign = np.float32(np.sign(pixels))
    for amount in [1.0] * int(whole) + ([part] if part else []):
        batch = vary_thickness(batch, np.full(len(batch), sign * amount, dtype=np.float32))
    return batch


def _noise(batch, deviation):
    """Gaussian noise of the given standard deviation, the same pattern at every strength, clipped to 0..1."""
    pattern = np.random.default_rng(NOISE_SEED).standard_normal(batch.shape, dtype=np.float32)
    return np.clip(batch + np.float32(deviation) * pattern, 0.0, 1.0)


@dataclass(frozen=True)
class Variation:
    """One way of changing the test images, the strengths it is tried at, and the strength that changes nothing."""
    name: str
    unit: str
    levels: tuple
    neutral: float
    change: object  # (float images (n, 28, 28), level) -> float images (n, 28, 28)

    def apply(self, images, level):
        """uint8 or float images (n, 28, 28) changed by ``level``, as float32 0..1."""
        batch = np.asarray(images, dtype=np.float32)
        if np.asarray(images).dtype.kind in "ui":
            batch = batch / np.float32(255.0)
        return batch if level == self.neutral else self.change(batch, level)


VARIATIONS = (
    Variation("rotation", "degrees", (-60, -45, -30, -15, 0, 15, 30, 45, 60), 0, _rotate),
    Variation("shift", "pixels", (0, 1, 2, 3, 4, 5, 6), 0, _shift),
    Variation("scale", "times the size", (0.5, 0.625, 0.75, 0.875, 1.0, 1.125, 1.25, 1.375, 1.5), 1.0, _scale),
    Variation("thickness", "pixels added to strokes", (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0), 0.0, _thicken),
    Variation("noise", "noise deviation", (0.0, 0.1, 0.2, 0.3, 0.4, 0.5), 0.0, _noise),
)
BY_NAME = {variation.name: variation for variation in VARIATIONS}


def sample_indices(total, count=SAMPLE):
    """``count`` evenly spaced indices of ``total`` (all of them when there are fewer): the same for every network."""
    if total <= count:
        return np.arange(total)
    return np.arange(count, dtype=np.intp) * total // count


def curves(net, images, labels, variations=VARIATIONS, count=SAMPLE, progress=None):
    """``{name: accuracies}`` at each variation's levels, on a sample of ``count`` images.

    ``progress(done, total)`` is called after every point. The unchanged images are judged once for all.
    """
    chosen = sample_indices(len(images), count)
    batch, truth = images[chosen].astype(np.float32) / np.float32(255.0), np.asarray(labels)[chosen]

    def accuracy(changed):
        return float(np.mean(net.predict(changed.reshape(len(changed), -1)) == truth))

    total = 1 + sum(len(v.levels) - (v.neutral in v.levels) for v in variations)
    plain = accuracy(batch)
    done = 1
    if progress:
        progress(done, total)
    result = {}
    for variation in variations:
        points = []
        for level in variation.levels:
            if level == variation.neutral:
                points.append(plain)
                continue
            points.append(accuracy(variation.apply(batch, level)))
            done += 1
            if progress:
                progress(done, total)
        result[variation.name] = np.array(points)
    return result


_curves = Memo()


def robustness(net, dataset=None, data_dir=None, count=SAMPLE, progress=None):
    """The curves of ``net`` on its dataset's test split (or ``dataset``'s), computed once and remembered."""
    def compute():
        _, images, labels = test_split(net, dataset, data_dir)
        return curves(net, images, labels, count=count, progress=progress)
    return _curves.get((*judgement_key(net, dataset, data_dir), count), compute)


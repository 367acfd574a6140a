"""Data augmentation: each training image varied a little, so the network reads real drawings too.

People draw thicker or thinner than MNIST's pens, slanted, squashed or slightly off-centre. Every batch
gets a random affine warp (rotation, scale, aspect, shear, shift) and a random stroke thickness,
vectorised over the batch: no Python loop over images. With a ``share`` below 1 only that part of each
batch is varied and the rest is seen as it is, so the network also knows the dataset's own clean images.
"""

import numpy as np

SIZE = 28
CENTRE = (SIZE - 1) / 2


class Augmenter:
    """Callable ``(uint8 images (n, 28, 28), rng) -> float32 inputs (n, 784)`` with random variations."""

    def __init__(self, rotation=12.0, scale=(0.85, 1.1), aspect=0.12, shear=0.15, shift=1.5,
                 thickness=(-0.5, 1.0), share=1.0):
        if not 0 < share <= 1:
            raise ValueError(f"the share of images to vary must be above 0 and at most 1, got {share}")
        self.rotation, self.scale, self.aspect = np.radians(rotation), scale, aspect
        self.shear, self.shift, self.thickness = shear, shift, thickness
        self.share = share

    def __call__(self, images, rng):
        n = len(images)
        batch = images.astype(np.float32) / np.float32(255.0)
        varied = np.flatnonzero(rng.random(n) < self.share) if self.share < 1 else np.arange(n)
        part = vary_thickness(batch[varied], rng.uniform(*self.thickness, size=len(varied)).astype(np.float32))
        batch[varied] = self._warp(part, rng)
        return batch.reshape(n, SIZE * SIZE)

    def _warp(self, batch, rng):
        """Every image through its own random affine map."""
        n = len(batch)
        return warp(batch, angle=rng.uniform(-self.rotation, self.rotation, n), scale=rng.uniform(*self.scale, n),
                    stretch=rng.uniform(-self.aspect, self.aspect, n), shear=rng.uniform(-self.shear, self.shear, n),
                    offset=rng.uniform(-self.shift, self.shift, (n, 2)))


_GRID = np.stack([axis.ravel() - CENTRE for axis in np.mgrid[0:SIZE, 0:SIZE][::-1]]).astype(np.float32)  # x, y


def warp(batch, angle=0.0, scale=1.0, stretch=0.0, shear=0.0, offset=(0.0, 0.0)):
    """Images (n, 28, 28) through affine maps about the centre, sampled bilinearly; one value or one per image each.

    ``angle`` in radians, ``scale`` and ``stretch`` (wider by 1 + stretch, shorter by 1 - stretch), ``shear``,
    and ``offset`` (x, y) in pixels: the forward map is rotation @ shear @ diag(sx, sy), then the shift.
    """
    n = len(batch)
    angle, scale, stretch, shear = (np.broadcast_to(np.asarray(v, dtype=np.float64), (n,))
                                    for v in (angle, scale, stretch, shear))
    cos, sin = np.cos(angle), np.sin(angle)
    sx, sy = scale * (1 + stretch), scale * (1 - stretch)
    # forward map A = rotation @ shear @ diag(sx, sy); we need A^-1 to find each output pixel's source
    a = np.stack([np.stack([cos * sx, (cos * shear - sin) * sy], -1),
                  np.stack([sin * sx, (sin * shear + cos) * sy], -1)], -2)  # (n, 2, 2)
    inverse = np.linalg.inv(a).astype(np.float32)
    offset = np.broadcast_to(np.asarray(offset, dtype=np.float32), (n, 2))[:, :, None]
    source = inverse @ (_GRID[None] - offset) + CENTRE  # (n, 2, 784)
    return bilinear(batch, source[:, 0], source[:, 1]).reshape(n, SIZE, SIZE)


def bilinear(batch, x, y):
    """Values, shape (n, k), of images ``batch`` (n, h, w) at fractional positions x, y (n, k); zero outside."""
    n, h, w = batch.shape
    padded = np.zeros((n, h + 2, w + 2), dtype=np.float32)
    padded[:, 1:-1, 1:-1] = batch
    x = np.clip(x + 1, 0, w + 0.999)
    y = np.clip(y + 1, 0, h + 0.999)
    x0, y0 = np.floor(x).astype(np.intp), np.floor(y).astype(np.intp)
    fx, fy = (x - x0).astype(np.float32), (y - y0).astype(np.float32)
    x1, y1 = np.minimum(x0 + 1, w + 1), np.minimum(y0 + 1, h + 1)
    flat = padded.reshape(n, -1)
    at = lambda yy, xx: np.take_along_axis(flat, yy * (w + 2) + xx, axis=1)
    top = at(y0, x0) * (1 - fx) + at(y0, x1) * fx
    bottom = at(y1, x0) * (1 - fx) + at(y1, x1) * fx
    return top * (1 - fy) + bottom * fy


def vary_thickness(batch, amount):
    """Thicken (amount > 0) or thin (amount < 0) each image's strokes by blending with a dilation or erosion."""
    amount = amount[:, None, None]
    padded = np.pad(batch, ((0, 0), (1, 1), (1, 1)))
    neighbours = [padded[:, 1:-1, 1:-1], padded[:, :-2, 1:-1], padded[:, 2:, 1:-1],
                  padded[:, 1:-1, :-2], padded[:, 1:-1, 2:]]
    dilated = np.maximum.reduce(neighbours)
    eroded = np.minimum.reduce(neighbours)
    target = np.where(amount > 0, dilated, eroded)
    return batch + np.abs(amount) * (target - batch)

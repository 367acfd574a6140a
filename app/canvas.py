"""The drawing surface as a numpy array (ink high, 0 to 1) painted with anti-aliased round brushes."""

import numpy as np

from network.augment import bilinear

SIZE = 280
UNDO_STEPS = 30  # strokes remembered for undo (a canvas is 300 KB)
ERASED = 0.1  # ink the eraser's soft edge leaves below this is wiped, so no faint crumbs remain


class Canvas:
    """A square float32 array; ``version`` changes whenever a pixel may have changed."""

    def __init__(self, size=SIZE):
        self.size = size
        self.pixels = np.zeros((size, size), dtype=np.float32)
        self.version = 0
        self._empty = True
        self._history = []  # the pixels before each of the last strokes, for undo

    @property
    def is_empty(self):
        return self._empty

    def checkpoint(self):
        """Remember the drawing as it is now, so ``undo`` can bring it back (call before each stroke)."""
        self._history = self._history[-(UNDO_STEPS - 1):] + [self.pixels.copy()]

    def undo(self):
        """Put back the drawing as it was at the last checkpoint; False when there is nothing to undo."""
        if not self._history:
            return False
        self.pixels[:] = self._history.pop()
        self._empty = not self.pixels.any()
        self.version += 1
        return True

    def clear(self):
        self.pixels.fill(0.0)
        self._empty = True
        self.version += 1

    def set_image(self, image):
        """Replace the drawing with ``image`` (2-D, float 0-1 or uint8 0-255, ink high, any size), scaled
        smoothly to fill the canvas with its aspect kept and centred: a test image becomes a drawing."""
        image = np.asarray(image)
        if image.ndim != 2 or image.size == 0:
            raise ValueError(f"an image for the canvas must be a non-empty 2-D array, got shape {image.shape}")
        image = image.astype(np.float32) / (255.0 if image.dtype.kind in "ui" else 1.0)
        height, width = image.shape
        step = max(height, width) / self.size  # source pixels per canvas pixel
        positions = (np.arange(self.size, dtype=np.float32) + 0.5) * step - 0.5
        ys = positions[:, None] - (self.size * step - height) / 2
        xs = positions[None, :] - (self.size * step - width) / 2
        ys, xs = np.broadcast_arrays(ys, xs)
        scaled = bilinear(image[None], xs.reshape(1, -1), ys.reshape(1, -1))[0].reshape(self.size, self.size)
        self.pixels[:] = np.clip(scaled, 0.0, 1.0)
        self._empty = not self.pixels.any()
        self.version += 1

    def stroke(self, start, end, radius, erase=False):
        """Paint (or erase) a round-ended line from ``start`` to ``end`` (x, y in canvas pixels).

        Every pixel within ``radius`` of the segment is covered, so fast mouse moves leave a continuous
        line; coverage falls from 1 to 0 over the last pixel at the edge, which anti-aliases it.
        """
        (x0, y0), (x1, y1) = start, end
        reach = radius + 1.0
        left, right = int(max(0, np.floor(min(x0, x1) - reach))), int(min(self.size, np.ceil(max(x0, x1) + reach)))
        top, bottom = int(max(0, np.floor(min(y0, y1) - reach))), int(min(self.size, np.ceil(max(y0, y1) + reach)))
        if left >= right or top >= bottom:
            return
        ys = np.arange(top, bottom, dtype=np.float32)[:, None] + 0.5
        xs = np.arange(left, right, dtype=np.float32)[None, :] + 0.5
        dx, dy = x1 - x0, y1 - y0
        length_squared = dx * dx + dy * dy
        along = ((xs - x0) * dx + (ys - y0) * dy) / length_squared if length_squared else np.zeros(1, np.float32)
        along = np.clip(along, 0.0, 1.0)
        distance = np.hypot(xs - (x0 + along * dx), ys - (y0 + along * dy))
        coverage = np.clip(radius + 0.5 - distance, 0.0, 1.0).astype(np.float32)
        region = self.pixels[top:bottom, left:right]
        if erase:
            np.minimum(region, 1.0 - coverage, out=region)
            region[region < ERASED] = 0.0
            if not self._empty and not region.any():
                self._empty = not self.pixels.any()
        else:
            np.maximum(region, coverage, out=region)
            self._empty = self._empty and not coverage.any()
        self.version += 1

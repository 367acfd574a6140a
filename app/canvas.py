"""The drawing surface as a numpy array (ink high, 0 to 1) painted with anti-aliased round brushes.

The canvas also remembers how its drawing was made (an image put on it, then brush segments), so it
can be rendered sharp at any size: the window shows it at its on-screen resolution, not upscaled.
"""

import numpy as np

from network.augment import bilinear
from network.brush import paint

SIZE = 280
UNDO_STEPS = 30  # strokes remembered for undo (a canvas is 300 KB)


def fit_image(image, size):
    """``image`` (2-D float) scaled smoothly into a ``size`` x ``size`` square, aspect kept, centred."""
    height, width = image.shape
    step = max(height, width) / size  # source pixels per square pixel
    positions = (np.arange(size, dtype=np.float32) + 0.5) * step - 0.5
    ys = positions[:, None] - (size * step - height) / 2
    xs = positions[None, :] - (size * step - width) / 2
    ys, xs = np.broadcast_arrays(ys, xs)
    scaled = bilinear(image[None], xs.reshape(1, -1), ys.reshape(1, -1))[0].reshape(size, size)
    return np.clip(scaled, 0.0, 1.0).astype(np.float32)


class Canvas:
    """A square float32 array; ``version`` changes whenever a pixel may have changed.

    How the drawing was made is kept as ``base`` (an image put on the canvas, or None) and ``segments``
    (brush segments since, in canvas pixels); ``base_version`` changes whenever those start again
    (clear, undo, a new image), so a renderer can add new segments to what it has and redo the rest.
    """

    def __init__(self, size=SIZE):
        self.size = size
        self.pixels = np.zeros((size, size), dtype=np.float32)
        self.version = 0
        self.base, self.segments, self.base_version = None, [], 0
        self._empty = True
        self._history = []  # the drawing before each of the last strokes, for undo

    @property
    def is_empty(self):
        return self._empty

    def checkpoint(self):
        """Remember the drawing as it is now, so ``undo`` can bring it back (call before each stroke)."""
        saved = (self.pixels.copy(), self.base, list(self.segments))
        self._history = self._history[-(UNDO_STEPS - 1):] + [saved]

    def undo(self):
        """Put back the drawing as it was at the last checkpoint; False when there is nothing to undo."""
        if not self._history:
            return False
        pixels, base, segments = self._history.pop()
        self.pixels[:] = pixels
        self._start_again(base, segments)
        self._empty = not self.pixels.any()
        return True

    def clear(self):
        self.pixels.fill(0.0)
        self._start_again(None, [])
        self._empty = True

    def _start_again(self, base, segments):
        self.base, self.segments = base, segments
        self.base_version += 1
        self.version += 1

    def render(self, size):
        """The drawing at ``size`` x ``size`` pixels, made again from its image and brush segments."""
        pixels = np.zeros((size, size), np.float32) if self.base is None else fit_image(self.base, size)
        self.paint_segments(pixels, self.segments)
        return pixels

    def paint_segments(self, pixels, segments):
        """Paint ``segments`` (from this canvas) onto ``pixels``, a square of any size; returns the changed
        region (top, bottom, left, right) or None."""
        scale = pixels.shape[0] / self.size
        changed = None
        for (x0, y0), (x1, y1), radius, erase in segments:
            region = paint(pixels, (x0 * scale, y0 * scale), (x1 * scale, y1 * scale), radius * scale, erase)
            if region and changed:
                changed = (min(changed[0], region[0]), max(changed[1], region[1]),
                           min(changed[2], region[2]), max(changed[3], region[3]))
            else:
                changed = region or changed
        return changed

    def set_image(self, image):
        """Replace the drawing with ``image`` (2-D, float 0-1 or uint8 0-255, ink high, any size), scaled
        smoothly to fill the canvas with its aspect kept and centred: a test image becomes a drawing."""
        image = np.asarray(image)
        if image.ndim != 2 or image.size == 0:
            raise ValueError(f"an image for the canvas must be a non-empty 2-D array, got shape {image.shape}")
        image = image.astype(np.float32) / (255.0 if image.dtype.kind in "ui" else 1.0)
        self.pixels[:] = fit_image(image, self.size)
        self._start_again(image, [])
        self._empty = not self.pixels.any()

    def stroke(self, start, end, radius, erase=False):
        """Paint (or erase) a round-ended, anti-aliased line from ``start`` to ``end`` (x, y in canvas pixels)."""
        segment = (tuple(start), tuple(end), radius, erase)
        region = paint(self.pixels, *segment)
        if region is None:
            return
        self.segments.append(segment)
        top, bottom, left, right = region
        if erase:
            if not self._empty and not self.pixels[top:bottom, left:right].any():
                self._empty = not self.pixels.any()
        else:
            self._empty = self._empty and not self.pixels[top:bottom, left:right].any()
        self.version += 1

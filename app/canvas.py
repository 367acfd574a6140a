"""The drawing surface as a numpy array (ink high, 0 to 1) painted with anti-aliased round brushes."""

import numpy as np

SIZE = 280
ERASED = 0.1  # ink the eraser's soft edge leaves below this is wiped, so no faint crumbs remain


class Canvas:
    """A square float32 array; ``version`` changes whenever a pixel may have changed."""

    def __init__(self, size=SIZE):
        self.size = size
        self.pixels = np.zeros((size, size), dtype=np.float32)
        self.version = 0
        self._empty = True

    @property
    def is_empty(self):
        return self._empty

    def clear(self):
        self.pixels.fill(0.0)
        self._empty = True
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

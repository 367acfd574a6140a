"""Test images as a grid of clickable tiles, each as the network saw it with its guess and probabilities.

Tiles are whole 28x28 pixels scaled up without smoothing, so what is shown is exactly the input. A tile's
caption gives the guess and how sure the network was (red when wrong), and the true class's probability.
"""

import numpy as np
import pygame

from . import theme, ui
from .guess_panel import percent

GAP = 12
CAPTION_LINES = 2
SIDE_RANGE = (60, 112)


def grey_surface(image, side):
    """A uint8 28x28 image (ink high) as a ``side`` x ``side`` surface, pixel for pixel, ink light on dark."""
    rgb = np.repeat(image.T[:, :, None], 3, axis=2)
    return pygame.transform.scale(pygame.surfarray.make_surface(rgb), (side, side))


class TileGrid:
    """Lays out tiles for a list of test images, scrolls by rows, and tells which image a point is on."""

    def __init__(self, columns=6):
        self.columns = columns  # at least this many tiles a row, unless they would get too small
        self.first_row = 0
        self.hits = []  # (rect, test image index) of the tiles drawn last
        self.rows_shown = self.rows_total = 0
        self._thumbnails = {}

    def scroll(self, rows):
        self.first_row = int(np.clip(self.first_row + rows, 0, max(0, self.rows_total - self.rows_shown)))

    def reset(self):
        self.first_row = 0

    def side_for(self, rect, fonts):
        """The tile size: big enough to see strokes, small enough for several rows."""
        caption = CAPTION_LINES * fonts.small.get_linesize() + 6
        side = min(rect.width // self.columns - GAP, (rect.height - 3 * caption) // 3 - GAP)
        return int(np.clip(side, *SIDE_RANGE)), caption

    def draw(self, surface, rect, judgement, indices, fonts):
        """Draw the tiles of ``indices`` (test image numbers of ``judgement``) that fit ``rect`` from the scroll."""
        rect = pygame.Rect(rect)
        side, caption = self.side_for(rect, fonts)
        columns = max(1, (rect.width + GAP) // (side + GAP))
        self.rows_shown = max(1, (rect.height + GAP) // (side + caption + GAP))
        self.rows_total = -(-len(indices) // columns)
        self.scroll(0)
        start = self.first_row * columns
        self.hits = []
        if len(self._thumbnails) > 400:
            self._thumbnails.clear()
        names = judgement.class_names
        for slot, index in enumerate(indices[start:start + columns * self.rows_shown]):
            row, column = divmod(slot, columns)
            tile = pygame.Rect(rect.x + column * (side + GAP), rect.y + row * (side + caption + GAP), side, side)
            key = (id(judgement.images), int(index), side)
            if key not in self._thumbnails:
                self._thumbnails[key] = grey_surface(judgement.images[index], side)
            surface.blit(self._thumbnails[key], tile)
            true, guessed = int(judgement.labels[index]), int(judgement.predicted[index])
            right = true == guessed
            pygame.draw.rect(surface, theme.GOOD if right else theme.ERROR, tile.inflate(4, 4), width=2)
            probabilities = judgement.probabilities[index]
            first = f"{names[guessed]} {percent(probabilities[guessed])}"
            if right:
                runner_up = int(judgement.top_classes(index, 2)[1])
                second = f"next {names[runner_up]} {percent(probabilities[runner_up])}"
            else:
                second = f"true {names[true]} {percent(probabilities[true])}"
            ui.text(surface, ui.fit(fonts.small, first, side + GAP - 2), fonts.small,
                    theme.GOOD if right else theme.ERROR, (tile.x, tile.bottom + 5))
            ui.text(surface, ui.fit(fonts.small, second, side + GAP - 2), fonts.small, theme.MUTED,
                    (tile.x, tile.bottom + 5 + fonts.small.get_linesize()))
            self.hits.append((tile, int(index)))
        return start, min(len(indices), start + columns * self.rows_shown)

    def index_at(self, position):
        """The test image number of the tile at a window position, or None."""
        return next((index for tile, index in self.hits if tile.collidepoint(position)), None)

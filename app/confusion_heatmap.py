"""The confusion matrix on screen: a heatmap of true classes (rows) against guesses (columns), per-class accuracy beside.

Right guesses (the diagonal) glow green by the share of their class read right; mistakes glow orange by
their share of the class, brightest for the worst confusion, so the eye finds it first even when it is
a handful of images among a thousand.
The cells are built in numpy and reach the screen in one blit.
"""

import numpy as np
import pygame

from . import theme, ui

EMPTY = np.array((30, 33, 44), dtype=np.float32)
RIGHT = np.array(theme.GOOD, dtype=np.float32)
WRONG = np.array((255, 120, 60), dtype=np.float32)
GAMMA = 0.8  # mistakes' shares, relative to the worst, are shown to this power above a faint floor
FLOOR = 0.1  # the colour of a single stray mistake: visible, but far from the worst
GAP = (18, 20, 27)


def cell_colours(matrix):
    """RGB (classes, classes, 3) uint8: the colour of every cell of a confusion matrix."""
    share = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    diagonal = np.eye(len(matrix), dtype=bool)
    worst = max(float(share[~diagonal].max(initial=0.0)), 1e-9)
    strength = np.where(diagonal, share, FLOOR + (1 - FLOOR) * (share / worst) ** GAMMA)[:, :, None]
    target = np.where(diagonal[:, :, None], RIGHT, WRONG)
    colours = EMPTY + strength * (target - EMPTY)
    return np.where((matrix > 0)[:, :, None], colours, EMPTY).round().astype(np.uint8)


class Heatmap:
    """Lays out and draws a confusion matrix inside a rectangle; tells which cell a point is in."""

    def __init__(self):
        self.cells = None  # the matrix's rectangle on the window, once drawn
        self.cell = 0
        self._image = None
        self._image_key = None

    def _layout(self, rect, names, fonts):
        """Cell size, label font and matrix rectangle that fit ``rect`` with labels left, above and right."""
        classes = len(names)
        cell = max(4, min(rect.width - 90, rect.height - 40) // classes)
        for _ in range(2):  # the label size depends on the cell, and the room left for cells on the labels
            label_font = fonts.sized(int(np.clip(cell * 0.9, 13, 24)))
            left = max(ui.text_width(label_font, name) for name in names) + 10
            right = ui.text_width(label_font, "100.0%") + 12
            top = label_font.get_linesize() + 4
            cell = max(4, min((rect.width - left - right) // classes, (rect.height - top) // classes))
        cells = pygame.Rect(rect.x + left, rect.y + top, cell * classes, cell * classes)
        return cell, label_font, cells

    def draw(self, surface, rect, judgement, fonts, selected=None, hovered=None):
        names, matrix = judgement.class_names, judgement.matrix
        self.cell, label_font, self.cells = self._layout(pygame.Rect(rect), names, fonts)
        cell, cells = self.cell, self.cells
        surface.blit(self._surface(matrix, cell), cells)
        every = 1 if cell >= label_font.get_height() * 0.8 else 2  # small cells: every other label
        accuracy = judgement.per_class_accuracy
        for k, name in enumerate(names):
            if k % every:
                continue
            middle = cells.y + k * cell + cell // 2
            centre = cells.x + k * cell + cell // 2
            ui.text(surface, name, label_font, theme.TEXT, (cells.x - 6, middle + 1), "midright")
            ui.text(surface, name, label_font, theme.TEXT, (centre, cells.y - 2), "midbottom")
            share = accuracy[k]
            text = "n/a" if np.isnan(share) else f"{share:.1%}" if cell >= 18 else f"{share:.0%}"
            colour = theme.MUTED if np.isnan(share) or share >= judgement.accuracy else theme.ERROR
            ui.text(surface, text, label_font, colour, (cells.right + 8, middle + 1), "midleft")
        ui.text(surface, "right", label_font, theme.MUTED, (cells.right + 8, cells.y - 2), "bottomleft")
        if cell >= 26:
            self._draw_counts(surface, matrix, cell, fonts.sized(int(np.clip(cell * 0.5, 14, 22))))
        for which, colour in ((hovered, theme.MUTED), (selected, theme.TEXT)):
            if which is not None:
                true, guessed = which
                box = pygame.Rect(cells.x + guessed * cell, cells.y + true * cell, cell, cell)
                pygame.draw.rect(surface, colour, box.inflate(2, 2), width=2)
        return cells

    def _surface(self, matrix, cell):
        """The cells with 1-pixel gaps between them, scaled from one pixel per cell in one step."""
        key = (matrix.tobytes(), matrix.shape, cell)
        if self._image_key != key:
            big = np.repeat(np.repeat(cell_colours(matrix), cell, axis=0), cell, axis=1)
            if cell >= 6:
                big[cell - 1::cell, :] = GAP
                big[:, cell - 1::cell] = GAP
            self._image = pygame.surfarray.make_surface(big.transpose(1, 0, 2))
            self._image_key = key
        return self._image

    def _draw_counts(self, surface, matrix, cell, count_font):
        share = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
        for (true, guessed), count in np.ndenumerate(matrix):
            if count:
                bright = share[true, guessed] > (0.5 if true == guessed else 0.25)
                centre = (self.cells.x + guessed * cell + (cell - 1) // 2, self.cells.y + true * cell + (cell - 1) // 2)
                ui.text(surface, f"{count:,}" if count < 10_000 else f"{count // 1000}k", count_font,
                        theme.BOARD if bright else theme.TEXT, centre, "center")

    def cell_at(self, position):
        """``(true, guessed)`` of the cell at a window position, or None outside the matrix."""
        if self.cells is None or not self.cells.collidepoint(position):
            return None
        return ((position[1] - self.cells.y) // self.cell, (position[0] - self.cells.x) // self.cell)

"""The confusion matrix on screen: a heatmap of true classes (rows) against guesses (columns), per-class accuracy beside.

Right guesses (the diagonal) glow green by the share of their class read right; mistakes glow orange by
their share of the class, brightest for the worst confusion, so the eye finds it first even when it is
a handful of images among a thousand.
The cells are built in numpy and reach the screen in one blit. When the window is too small for every
class at a readable size (36 characters at 640x480), it shows a zoomed part of the matrix that can be
zoomed out to the whole, zoomed in around the pointer, and panned.
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
ZOOM_STEP = 0.75  # each zoom step shows this share of the classes shown before (or 1 / it, zooming out)


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
        self.cells = None  # the shown part of the matrix's rectangle on the window, once drawn
        self.cell = 0
        self.label_font = None
        self.span = None  # classes shown along each side; None until the first drawing picks a readable one
        self.first = (0, 0)  # the first true class (row) and guessed class (column) shown
        self._classes = 0
        self._fitted = None  # the classes and area size the span was picked for
        self._image = None
        self._image_key = None

    def _layout(self, rect, names, fonts, span):
        """Cell size, label font and matrix rectangle that fit ``span`` classes of ``rect`` with labels left, above and right."""
        cell = max(4, min(rect.width - 90, rect.height - 40) // span)
        for _ in range(2):  # the label size depends on the cell, and the room left for cells on the labels
            label_font = fonts.sized(int(np.clip(cell * 0.9, 13, 24)))
            left = max(ui.text_width(label_font, name) for name in names) + 10
            right = ui.text_width(label_font, "100.0%") + 12
            top = label_font.get_linesize() + 4
            cell = max(4, min((rect.width - left - right) // span, (rect.height - top) // span))
        cells = pygame.Rect(rect.x + left, rect.y + top, cell * span, cell * span)
        return cell, label_font, cells

    def _readable_span(self, rect, names, fonts):
        """The most classes per side whose labels are still readable in ``rect`` (all of them when they fit).

        Readable: labels no smaller than the window's small text."""
        span = len(names)
        while span > 2 and self._layout(rect, names, fonts, span)[1].get_height() < fonts.small.get_height():
            span -= 1
        return span

    @property
    def zoomed(self):
        return self.span is not None and self.span < self._classes

    def _place(self, first_row, first_column):
        """Show from ``(first_row, first_column)`` on, kept inside the matrix."""
        most = self._classes - (self.span or self._classes)
        self.first = (int(np.clip(first_row, 0, most)), int(np.clip(first_column, 0, most)))

    def zoom(self, steps, position=None):
        """Zoom in (``steps`` > 0) or out around the window ``position`` (the middle without one), keeping it still."""
        if self.span is None or self.cells is None:
            return
        span = int(np.clip(round(self.span * ZOOM_STEP ** steps), 2, self._classes))
        if span == self.span and steps:
            span = int(np.clip(self.span - np.sign(steps), 2, self._classes))
        position = position if position is not None and self.cells.collidepoint(position) else self.cells.center
        fraction_x = (position[0] - self.cells.x) / self.cells.width
        fraction_y = (position[1] - self.cells.y) / self.cells.height
        row = self.first[0] + fraction_y * self.span  # the classes under the pointer, fractional
        column = self.first[1] + fraction_x * self.span
        self.span = span
        self._place(round(row - fraction_y * span), round(column - fraction_x * span))

    def pan(self, rows, columns):
        self._place(self.first[0] + rows, self.first[1] + columns)

    def follow(self, cell):
        """Pan just enough for ``(true, guessed)`` to be shown."""
        span = self.span or self._classes
        row, column = (int(np.clip(self.first[k], cell[k] - span + 1, cell[k])) for k in range(2))
        self._place(row, column)

    def cell_rect(self, true, guessed):
        """The cell's rectangle on the window, or None when it is not shown."""
        row, column = true - self.first[0], guessed - self.first[1]
        span = self.span or self._classes
        if self.cells is None or not (0 <= row < span and 0 <= column < span):
            return None
        return pygame.Rect(self.cells.x + column * self.cell, self.cells.y + row * self.cell, self.cell, self.cell)

    def draw(self, surface, rect, judgement, fonts, selected=None, hovered=None):
        names, matrix = judgement.class_names, judgement.matrix
        rect = pygame.Rect(rect)
        if self._fitted != (len(names), rect.size):  # new classes or a resized window: readable again
            self._fitted, self._classes = (len(names), rect.size), len(names)
            self.span = self._readable_span(rect, names, fonts)
            self.first = (0, 0)
            if selected is not None:  # with the selected cell near the middle
                self._place(selected[0] - self.span // 2, selected[1] - self.span // 2)
        span, (row0, column0) = self.span, self.first
        self.cell, self.label_font, self.cells = self._layout(rect, names, fonts, span)
        cell, cells, label_font = self.cell, self.cells, self.label_font
        surface.blit(self._surface(matrix, cell), cells)
        every = 1 if cell >= label_font.get_height() * 0.8 else 2  # small cells: every other label
        accuracy = judgement.per_class_accuracy
        for k in range(0, span, every):
            row, column = row0 + k, column0 + k
            middle = cells.y + k * cell + cell // 2
            centre = cells.x + k * cell + cell // 2
            ui.text(surface, names[row], label_font, theme.TEXT, (cells.x - 6, middle + 1), "midright")
            ui.text(surface, names[column], label_font, theme.TEXT, (centre, cells.y - 2), "midbottom")
            share = accuracy[row]
            text = "n/a" if np.isnan(share) else f"{share:.1%}" if cell >= 18 else f"{share:.0%}"
            colour = theme.MUTED if np.isnan(share) or share >= judgement.accuracy else theme.ERROR
            ui.text(surface, text, label_font, colour, (cells.right + 8, middle + 1), "midleft")
        ui.text(surface, "right", label_font, theme.MUTED, (cells.right + 8, cells.y - 2), "bottomleft")
        if cell >= 26:
            self._draw_counts(surface, matrix, cell, fonts.sized(int(np.clip(cell * 0.5, 14, 22))))
        if self.zoomed:
            self._draw_scrollbars(surface)
        for which, colour in ((hovered, theme.MUTED), (selected, theme.TEXT)):
            box = which is not None and self.cell_rect(*which)
            if box:
                pygame.draw.rect(surface, colour, box.inflate(2, 2), width=2)
        return cells

    def _draw_scrollbars(self, surface):
        """Thin bars below and left of the cells: which part of all the columns and rows is shown."""
        cells, span, classes = self.cells, self.span, self._classes
        below = pygame.Rect(cells.x, cells.bottom + 2, cells.width, 3)
        beside = pygame.Rect(cells.x - 3, cells.y, 3, cells.height)
        pygame.draw.rect(surface, theme.BAR_TRACK, below)
        pygame.draw.rect(surface, theme.BAR_TRACK, beside)
        pygame.draw.rect(surface, theme.MUTED, (below.x + below.width * self.first[1] // classes, below.y,
                                                max(2, below.width * span // classes), 3))
        pygame.draw.rect(surface, theme.MUTED, (beside.x, beside.y + beside.height * self.first[0] // classes,
                                                3, max(2, beside.height * span // classes)))

    def _surface(self, matrix, cell):
        """The shown cells with 1-pixel gaps between them, scaled from one pixel per cell in one step."""
        key = (matrix.tobytes(), matrix.shape, cell, self.first, self.span)
        if self._image_key != key:
            (row0, column0), span = self.first, self.span
            shown = cell_colours(matrix)[row0:row0 + span, column0:column0 + span]  # coloured against the whole
            big = np.repeat(np.repeat(shown, cell, axis=0), cell, axis=1)
            if cell >= 6:
                big[cell - 1::cell, :] = GAP
                big[:, cell - 1::cell] = GAP
            self._image = pygame.surfarray.make_surface(big.transpose(1, 0, 2))
            self._image_key = key
        return self._image

    def _draw_counts(self, surface, matrix, cell, count_font):
        share = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
        for (true, guessed), count in np.ndenumerate(matrix):
            box = self.cell_rect(true, guessed)
            if count and box:
                bright = share[true, guessed] > (0.5 if true == guessed else 0.25)
                centre = (box.x + (cell - 1) // 2, box.y + (cell - 1) // 2)
                ui.text(surface, f"{count:,}" if count < 10_000 else f"{count // 1000}k", count_font,
                        theme.BOARD if bright else theme.TEXT, centre, "center")

    def cell_at(self, position):
        """``(true, guessed)`` of the cell at a window position, or None outside the matrix."""
        if self.cells is None or not self.cells.collidepoint(position):
            return None
        return (self.first[0] + (position[1] - self.cells.y) // self.cell,
                self.first[1] + (position[0] - self.cells.x) // self.cell)

"""The label strip: one button per class over the canvas; click one, or type its character, to say what a drawing is.

While it is open it takes every key and click, so typing a label never clears the canvas or starts training.
"""

import pygame

from . import theme, ui

CELL = (28, 56)  # smallest and largest side of a class's button, in pixels (small: the drawing shows above)
GAP = 6
TITLE = 34


class LabelStrip:
    """Closed until ``open(labels)``; calls ``on_choose(label)`` with the chosen class name, then closes."""

    def __init__(self, on_choose):
        self.on_choose = on_choose
        self.labels = None
        self.cells = []  # (label, rect) where each button was last drawn
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.hovered = None

    @property
    def is_open(self):
        return self.labels is not None

    def open(self, labels):
        self.labels, self.cells, self.hovered = list(labels), [], None

    def close(self):
        self.labels = None

    def choose(self, label):
        self.close()
        self.on_choose(label)

    def label_for_key(self, character):
        """The class a typed character names: its exact name, else the only one equal ignoring case."""
        if not character:
            return None
        if character in self.labels:
            return character
        same = [label for label in self.labels if label.lower() == character.lower()]
        return same[0] if len(same) == 1 else None

    def handle_event(self, event):
        """True when the strip took the event (always, while it is open)."""
        if not self.is_open:
            return False
        if event.type == pygame.KEYDOWN:
            label = self.label_for_key(event.unicode)
            if event.key == pygame.K_ESCAPE:
                self.close()
            elif label is not None:
                self.choose(label)
        elif event.type == pygame.MOUSEMOTION:
            self.hovered = next((label for label, rect in self.cells if rect.collidepoint(event.pos)), None)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            label = next((label for label, rect in self.cells if rect.collidepoint(event.pos)), None)
            if label is not None:
                self.choose(label)
            elif not self.rect.collidepoint(event.pos):
                self.close()
        elif event.type not in (pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL):
            return False  # window events and the like are not the strip's business
        return True

    def place(self, area):
        """``(rect, columns, side)``: where the strip goes along the bottom of ``area`` (the canvas), its buttons
        in as many rows as the classes need; the view shows the drawing, smaller, above it."""
        inner = area.width - 2 * GAP
        columns = max(1, min(len(self.labels), (inner + GAP) // (CELL[0] + GAP)))
        rows = -(-len(self.labels) // columns)
        side = max(CELL[0], min(CELL[1], (inner + GAP) // columns - GAP))
        height = TITLE + rows * (side + GAP) + GAP
        return pygame.Rect(area.x, area.bottom - height, area.width, height), columns, side

    def draw(self, surface, area, fonts):
        """The strip along the bottom of ``area`` (the canvas), as many rows of buttons as the classes need."""
        if not self.is_open:
            return
        self.rect, columns, side = self.place(area)
        ui.panel(surface, self.rect, radius=8)
        title = ui.fit(fonts.small, "What is it? Click or type it  (Esc: cancel)", self.rect.width - 2 * GAP)
        ui.text(surface, title, fonts.small, theme.TEXT, (self.rect.x + GAP + 4, self.rect.y + 10))
        self.cells = []
        left = self.rect.x + (self.rect.width - columns * (side + GAP) + GAP) // 2
        for index, label in enumerate(self.labels):
            row, column = divmod(index, columns)
            cell = pygame.Rect(left + column * (side + GAP), self.rect.y + TITLE + row * (side + GAP), side, side)
            pygame.draw.rect(surface, theme.PANEL_EDGE if label == self.hovered else theme.BACKGROUND, cell,
                             border_radius=6)
            pygame.draw.rect(surface, theme.FAINT, cell, width=1, border_radius=6)
            ui.text(surface, ui.fit(fonts.body, label, side - 4), fonts.body, theme.ACCENT, cell.center, "center")
            self.cells.append((label, cell))

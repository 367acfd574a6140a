"""The right-hand panel: the top guess in large type, what the network sees, and one bar per class."""

import numpy as np
import pygame

from . import theme, ui

SEEN_SIDE = 28


class GuessPanel:
    """Draws a guess (labels and probabilities, or None for no guess) and the network's 28x28 input."""

    def __init__(self):
        self._seen_image = self._seen_surface = None
        self._seen_drawn = False

    def draw(self, surface, rect, fonts, labels, probabilities, seen, prompt):
        ui.panel(surface, rect)
        inner = rect.inflate(-32, -28)
        seen_side = min(SEEN_SIDE * 5, max(SEEN_SIDE * 2, inner.height // 4))
        top = pygame.Rect(inner.x, inner.y, inner.width, seen_side + 24)
        self._draw_seen(surface, pygame.Rect(top.right - seen_side, top.y, seen_side, seen_side), fonts, seen)
        self._draw_top_guess(surface, pygame.Rect(top.x, top.y, top.width - seen_side - 16, top.height),
                             fonts, labels, probabilities, prompt)
        if labels:
            bars = pygame.Rect(inner.x, top.bottom + 18, inner.width, inner.bottom - top.bottom - 18)
            self._draw_bars(surface, bars, fonts, labels, probabilities)

    def _draw_top_guess(self, surface, rect, fonts, labels, probabilities, prompt):
        if probabilities is None:
            ui.text(surface, prompt[0], fonts.heading, theme.TEXT, (rect.x, rect.y + 4))
            for line, string in enumerate(prompt[1:]):
                ui.text(surface, ui.fit(fonts.body, string, rect.width), fonts.body, theme.MUTED,
                        (rect.x, rect.y + 40 + 26 * line))
            return
        best = int(np.argmax(probabilities))
        ui.text(surface, "The network says", fonts.body, theme.MUTED, (rect.x, rect.y + 2))
        glyph = ui.text(surface, labels[best], fonts.huge, theme.ACCENT, (rect.x - 4, rect.bottom + 12), "bottomleft")
        ui.text(surface, percent(probabilities[best]), fonts.title, theme.TEXT,
                (glyph.right + 14, glyph.bottom - 26), "bottomleft")
        ui.text(surface, "sure", fonts.body, theme.MUTED, (glyph.right + 14, glyph.bottom - 6), "bottomleft")

    def _draw_seen(self, surface, rect, fonts, seen):
        if seen is not self._seen_image or not self._seen_drawn:
            image = np.zeros((SEEN_SIDE, SEEN_SIDE), np.uint8) if seen is None else seen
            rgb = np.repeat(image.T[:, :, None], 3, axis=2)
            self._seen_surface = pygame.surfarray.make_surface(rgb)
            self._seen_image, self._seen_drawn = seen, True
        surface.blit(pygame.transform.scale(self._seen_surface, rect.size), rect)
        pygame.draw.rect(surface, theme.FAINT, rect.inflate(2, 2), width=1)
        ui.text(surface, "what the network sees", fonts.small, theme.MUTED, (rect.right, rect.bottom + 6), "topright")

    def _draw_bars(self, surface, rect, fonts, labels, probabilities):
        count = len(labels)
        columns = 1 if rect.height / count >= 22 else 2
        rows = -(-count // columns)
        row_height = min(34, rect.height / rows)
        gap = 24
        column_width = (rect.width - gap * (columns - 1)) / columns
        label_width = max(ui.text_width(fonts.body, label) for label in labels) + 12
        best = int(np.argmax(probabilities)) if probabilities is not None else -1
        for index, label in enumerate(labels):
            column, row = divmod(index, rows)
            x = rect.x + column * (column_width + gap)
            y = rect.y + row * row_height
            middle = round(y + row_height / 2)
            colour = theme.ACCENT if index == best else theme.TEXT
            ui.text(surface, ui.fit(fonts.body, label, label_width), fonts.body, colour, (x, middle + 1), "midleft")
            track = pygame.Rect(round(x + label_width), round(middle - row_height * 0.28),
                                round(column_width - label_width - 52), max(4, round(row_height * 0.56)))
            pygame.draw.rect(surface, theme.BAR_TRACK, track, border_radius=4)
            if probabilities is None:
                continue
            share = float(probabilities[index])
            fill = track.copy()
            fill.width = round(track.width * share)
            if fill.width >= 1:
                pygame.draw.rect(surface, theme.ACCENT if index == best else theme.ACCENT_SOFT, fill, border_radius=4)
            ui.text(surface, percent(share), fonts.small, colour if share >= 0.005 else theme.FAINT,
                    (track.right + 46, middle + 1), "midright")


def percent(share):
    """A probability as a whole percentage that does not round up to certainty: 0.9993 reads '>99%'."""
    if 0.995 <= share < 1:
        return ">99%"
    return f"{share:.0%}"

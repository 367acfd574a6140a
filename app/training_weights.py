"""The training view's weights panel: the first layer's mosaic, a page at a time for wide layers, and one
tile enlarged on a click.

A tile is kept at least MIN_TILE pixels wide, so a 512-unit layer is shown in pages (PageUp/PageDown
or the arrows under it) instead of 512 specks. Clicking a tile shows that unit's weights large,
still updating as it learns; a click anywhere on the panel or Esc closes it.
"""

import time

import numpy as np
import pygame

from . import theme, ui
from .mosaic import Mosaic, colour_indices, ramp_surface, weight_scale

MIN_TILE = 36  # on-screen pixels per tile, gap included: about 1.3 screen pixels per weight
MOSAIC_PER_SECOND = 15


class WeightsPanel:
    """Draws the mosaic page and the enlarged tile; answers clicks and page keys."""

    def __init__(self, fonts):
        self.fonts = fonts
        self.mosaic = Mosaic(theme.BACKGROUND)
        self.big = Mosaic(theme.BACKGROUND)
        self.page = 0
        self.pages = 1
        self.per_page = 1
        self.enlarged = None  # the unit whose tile is shown large, or None
        self.rect = None  # where the mosaic was last drawn on the window
        self.pager = []  # (rect, direction) of the page arrows
        self._image = self._key = self._ramp = None
        self._rendered_at, self._interval = 0.0, 0.0

    def reset(self):
        self.page, self.enlarged, self._image, self._key = 0, None, None, None

    def turn(self, direction):
        """Show the next (1) or previous (-1) page of tiles."""
        self.page = max(0, min(self.pages - 1, self.page + direction))
        self.enlarged = None

    def click(self, pos):
        """A click on a tile enlarges it; on an arrow turns the page; any other click on the panel closes."""
        for rect, direction in self.pager:
            if rect.collidepoint(pos):
                self.turn(direction)
                return True
        if self.rect is None or not self.rect.collidepoint(pos):
            if self.enlarged is not None:
                self.enlarged = None
                return True
            return False
        if self.enlarged is not None:
            self.enlarged = None
            return True
        for number, tile in enumerate(self.mosaic.tile_rects(self.rect)):
            unit = self.page * self.per_page + number
            if tile.inflate(2, 2).collidepoint(pos) and unit < self._units:
                self.enlarged = unit
                return True
        return True

    def draw(self, surface, area, run, show, refresh_every_frame=False):
        """Title, mosaic page (or the enlarged tile) and colour legend inside ``area``."""
        fonts, net = self.fonts, run.net
        weights = net.weights[0]
        self._units = units = weights.shape[1]
        layer = "hidden unit" if len(net.sizes) > 2 else "class"
        legend_height = 26
        title_height = fonts.body.get_linesize() + 6
        box = pygame.Rect(area.x, area.y + title_height, area.width, area.height - title_height - legend_height)
        columns, rows = max(1, box.width // MIN_TILE), max(1, (box.height - 24) // MIN_TILE)
        self.per_page = units if units <= columns * rows else columns * rows
        self.pages = -(-units // self.per_page)
        self.page = min(self.page, self.pages - 1)
        first = self.page * self.per_page
        last = min(units, first + self.per_page)
        if self.enlarged is not None:
            title = f"{layer.capitalize()} {self.enlarged + 1} of {units}: its 784 input weights (click to close)"
        elif self.pages > 1:
            title = f"First-layer weights: {layer}s {first + 1}-{last} of {units} (click a tile to enlarge)"
        else:
            title = f"First-layer weights: {units} {layer}s (click a tile to enlarge)"
        if ui.text_width(fonts.body, title) > area.width:
            title = f"Unit {self.enlarged + 1} of {units}" if self.enlarged is not None else (
                f"Weights: {first + 1}-{last} of {units}" if self.pages > 1 else f"Weights: {units} {layer}s")
        ui.text(surface, ui.fit(fonts.body, title, area.width), fonts.body, theme.TEXT, (area.x, area.y))
        self.pager = []
        if self.pages > 1 and self.enlarged is None:
            box.height -= 24
            self._draw_pager(surface, pygame.Rect(box.x, box.bottom + 2, box.width, 22))
        if not show:
            pygame.draw.rect(surface, theme.PANEL, box, border_radius=8)
            ui.text(surface, "weights hidden: W to show", fonts.body, theme.MUTED, box.center, "center")
            self.rect = None
        elif self.enlarged is not None:
            self._draw_enlarged(surface, box, weights)
        else:
            image = self._page_surface(weights[:, first:last], box.size, run, refresh_every_frame)
            self.rect = surface.blit(image, image.get_rect(midtop=box.midtop))
            if layer == "class":  # with no hidden layer each tile is one class's template: name it
                self._label_tiles(surface, net.labels[first:last])
        self._draw_legend(surface, pygame.Rect(area.x, area.bottom - legend_height + 6, area.width, 18))

    def _draw_pager(self, surface, rect):
        fonts = self.fonts
        text = f"page {self.page + 1} of {self.pages}   PageUp / PageDown"
        label = ui.text(surface, text, fonts.small, theme.MUTED, rect.center, "center")
        for direction, glyph, anchor in ((-1, "<", label.left - 16), (1, ">", label.right + 16)):
            arrow = pygame.Rect(0, 0, 26, rect.height)
            arrow.center = (anchor, rect.centery)
            usable = 0 <= self.page + direction < self.pages
            ui.panel(surface, arrow, theme.PANEL_EDGE if usable else theme.PANEL)
            ui.text(surface, glyph, fonts.body, theme.TEXT if usable else theme.FAINT, arrow.center, "center")
            self.pager.append((arrow, direction))

    def _page_surface(self, weights, size, run, every_frame):
        """The mosaic, re-rendered when the weights changed, at most MOSAIC_PER_SECOND times a second (and
        less often when a render is slow), so drawing leaves the frame's time to training."""
        key = (size, run.samples_seen, self.page, weights.shape[1])
        now = time.perf_counter()
        due = every_frame or now - self._rendered_at >= self._interval or run.state != "running"
        if self._image is None or (key != self._key and due) or key[0] != self._key[0] or key[2:] != self._key[2:]:
            self._image = self.mosaic.render(weights, *size)
            self._key = key
            cost = time.perf_counter() - now
            self._rendered_at, self._interval = now, max(1.0 / MOSAIC_PER_SECOND, 4 * cost)
        return self._image

    def _draw_enlarged(self, surface, box, weights):
        """One unit's weights filling the panel, in the same colours (scaled like the whole layer)."""
        side = min(box.width, box.height)
        unit = weights[:, [self.enlarged]]
        indices = colour_indices(unit, 1, 1, weight_scale(weights))
        image = self.big.render_indices(indices, side, side)
        self.rect = surface.blit(image, image.get_rect(midtop=box.midtop))
        values = unit[:, 0]
        ui.text(surface, f"weights from {values.min():+.2f} to {values.max():+.2f}, mean size "
                         f"{np.abs(values).mean():.3f}", self.fonts.small, theme.MUTED,
                (self.rect.x, self.rect.bottom + 4))

    def _label_tiles(self, surface, labels):
        font = self.fonts.small
        for label, tile in zip(labels, self.mosaic.tile_rects(self.rect)):
            image = font.render(label, True, theme.TEXT)
            backdrop = image.get_rect(topleft=(tile.x + 3, tile.y + 3)).inflate(6, 2)
            pygame.draw.rect(surface, theme.BACKGROUND, backdrop, border_radius=3)
            surface.blit(image, image.get_rect(center=backdrop.center))

    def _draw_legend(self, surface, rect):
        fonts = self.fonts
        left = ui.text(surface, "negative", fonts.small, theme.MUTED, (rect.x, rect.centery), "midleft")
        ramp = pygame.Rect(left.right + 10, rect.y + 3, min(160, max(40, rect.width // 4)), rect.height - 6)
        if self._ramp is None or self._ramp.get_size() != ramp.size:
            self._ramp = ramp_surface(*ramp.size)
        surface.blit(self._ramp, ramp)
        right = ui.text(surface, "positive", fonts.small, theme.MUTED, (ramp.right + 10, rect.centery), "midleft")
        if right.right + 24 + ui.text_width(fonts.small, "(dark: near zero)") <= rect.right:
            ui.text(surface, "(dark: near zero)", fonts.small, theme.MUTED, (right.right + 24, rect.centery), "midleft")


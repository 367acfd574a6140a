"""The loaded network at a glance: its layers, its training history and test accuracy, and every first-layer
unit's weights as a mosaic (click a tile to enlarge it). Esc goes back to drawing.
"""

import os

import pygame

from . import theme, ui
from .keys import Key, KeyTable
from .layout import HEADER, MARGIN, place_row
from .mosaic import Mosaic, ramp_surface, weight_scale
from .view import View

LINE = 26


def layer_rows(net):
    """``(name, units, what, weights)`` for the input, every hidden layer and the output layer."""
    side = round(net.sizes[0] ** 0.5)
    shape = f"{side}x{side} pixels" if side * side == net.sizes[0] else "inputs"
    rows = [("input", net.sizes[0], shape, "")]
    for layer, (n_in, n_out) in enumerate(zip(net.sizes[:-1], net.sizes[1:]), start=1):
        last = layer == len(net.sizes) - 1
        name = "output" if last else f"hidden {layer}"
        what = f"{net.output}, one per class" if last else net.activation
        rows.append((name, n_out, what, f"{n_in * n_out + n_out:,} weights and biases"))
    return rows


def history_lines(net):
    """One line per training run: dataset, epochs, learning rate, batch, test accuracy, time, date if known."""
    lines = []
    for number, run in enumerate(net.meta.get("history", []), start=1):
        parts = [str(run.get("dataset", "?")), f"{run.get('epochs', '?')} epochs"]
        if run.get("lr") is not None:
            parts.append(f"lr {run['lr']:g}")
        if run.get("batch_size") is not None:
            parts.append(f"batch {run['batch_size']}")
        if run.get("augment"):
            parts.append("augmented")
        if run.get("test_accuracy") is not None:
            parts.append(f"test {run['test_accuracy']:.2%}")
        if run.get("seconds") is not None:
            minutes, seconds = divmod(round(run["seconds"]), 60)
            parts.append(f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s")
        when = run.get("date") or run.get("finished")
        if when:
            parts.append(str(when))
        lines.append(f"{number}. " + "  ·  ".join(parts))
    return lines or ["no training recorded in this file"]


class NetworkView(View):
    """A full-window view of one network; a tile click enlarges that unit, Esc closes it or goes back."""

    keys = KeyTable(Key((pygame.K_ESCAPE, pygame.K_v), "escape"))

    def __init__(self, app, net, path):
        super().__init__(app)
        self.net, self.path = net, path
        self.mosaic, self.big = Mosaic(theme.BACKGROUND), Mosaic(theme.BACKGROUND)
        self.enlarged = None  # the unit whose tile is shown large
        self.mosaic_rect = None
        self._image = self._image_size = None
        self.back = ui.Button("Back to drawing", "Esc", app.show_drawing)

    def handle_event(self, event):
        if self.back.handle_event(event):
            return
        if self.keys.handle(self, event):
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.enlarged is not None:
                self.enlarged = None
            else:
                self.enlarged = self.unit_at(event.pos)

    def escape(self):
        """Esc: close the enlarged tile, else go back to drawing."""
        if self.enlarged is not None:
            self.enlarged = None
        else:
            self.app.show_drawing()

    def unit_at(self, position):
        """The first-layer unit whose tile is at window ``position``, or None."""
        if self.mosaic_rect is None:
            return None
        for unit, rect in enumerate(self.mosaic.tile_rects(self.mosaic_rect)[:self.net.sizes[1]]):
            if rect.collidepoint(position):
                return unit
        return None

    def needs_frame(self):
        """Nothing here moves on its own: events (a hover, a click) draw it."""
        return False

    def draw(self, surface):
        fonts = self.app.fonts
        width, height = surface.get_size()
        surface.fill(theme.BACKGROUND)
        title = ui.text(surface, "The network", fonts.title, theme.TEXT, (MARGIN, 16))
        place_row([self.back], fonts, 18, right=width - MARGIN, height=36)
        name = os.path.basename(self.path) if self.path else "unsaved network"
        ui.text(surface, ui.fit(fonts.body, name, self.back.rect.x - title.right - 40), fonts.body, theme.MUTED,
                (title.right + 14, title.bottom - 4), "bottomleft")
        self.back.draw(surface, fonts)
        body = pygame.Rect(MARGIN, HEADER, width - 2 * MARGIN, height - HEADER - MARGIN)
        left = pygame.Rect(body.x, body.y, max(260, int(body.width * 0.46)), body.height)
        self._draw_facts(surface, left, fonts)
        right = pygame.Rect(left.right + MARGIN, body.y, body.right - left.right - MARGIN, body.height)
        self._draw_mosaic(surface, right, fonts)

    def _draw_facts(self, surface, rect, fonts):
        net = self.net
        y = rect.y
        ui.text(surface, "Layers", fonts.heading, theme.TEXT, (rect.x, y))
        y += 34
        name_width = max(ui.text_width(fonts.body, row[0]) for row in layer_rows(net)) + 14
        for name, units, what, weights in layer_rows(net):
            ui.text(surface, name, fonts.body, theme.MUTED, (rect.x, y))
            units_text = ui.text(surface, f"{units:,}", fonts.body, theme.ACCENT, (rect.x + name_width, y))
            ui.text(surface, ui.fit(fonts.small, f"{what}   {weights}", rect.right - units_text.right - 12),
                    fonts.small, theme.MUTED, (units_text.right + 12, y + 3))
            y += LINE
        accuracy = net.meta.get("test_accuracy")
        facts = [f"{net.parameter_count:,} numbers learned in all",
                 f"test accuracy {accuracy:.2%}" if accuracy is not None else "not tested yet",
                 f"trained on {net.meta.get('dataset') or 'unknown data'}, {net.meta.get('epochs', 0)} epochs; "
                 f"drawings framed in {net.meta.get('style', 'mnist')} style"]
        y += 8
        for fact in facts:
            for line in ui.wrap(fonts.body, fact, rect.width, max_lines=2):
                ui.text(surface, line, fonts.body, theme.TEXT, (rect.x, y))
                y += LINE
        y += 12
        ui.text(surface, "History", fonts.heading, theme.TEXT, (rect.x, y))
        y += 34
        for line in history_lines(net):
            for part in ui.wrap(fonts.small, line, rect.width, max_lines=3):
                if y + 20 > rect.bottom:
                    return
                ui.text(surface, part, fonts.small, theme.MUTED, (rect.x, y))
                y += 20
            y += 6

    def _draw_mosaic(self, surface, rect, fonts):
        units = self.net.sizes[1]
        ui.text(surface, ui.fit(fonts.body, f"First layer: {units} units, each one's 784 weights as 28x28",
                                rect.width), fonts.body, theme.TEXT, rect.topleft)
        ui.text(surface, ui.fit(fonts.small, "orange pushes the unit on, blue off; click a tile to enlarge it",
                                rect.width), fonts.small, theme.MUTED, (rect.x, rect.y + 26))
        area = pygame.Rect(rect.x, rect.y + 52, rect.width, rect.height - 52 - 24)
        if self._image_size != area.size:
            self._image = self.mosaic.render(self.net.weights[0], area.width, area.height).copy()
            self._image_size = area.size
        self.mosaic_rect = self._image.get_rect(topleft=area.topleft)
        surface.blit(self._image, self.mosaic_rect)
        legend = pygame.Rect(rect.x, self.mosaic_rect.bottom + 8, min(200, rect.width // 2), 10)
        surface.blit(ramp_surface(legend.width, legend.height), legend)
        ui.text(surface, "- weight +", fonts.small, theme.MUTED, (legend.right + 8, legend.centery), "midleft")
        if self.enlarged is not None:
            self._draw_enlarged(surface, rect, fonts, self.enlarged)

    def _draw_enlarged(self, surface, rect, fonts, unit):
        side = max(56, min(rect.width, rect.height) - 80)
        box = pygame.Rect(0, 0, side + 32, side + 70)
        box.center = rect.center
        ui.panel(surface, box, colour=theme.BACKGROUND, edge=theme.ACCENT)
        ui.text(surface, f"unit {unit}", fonts.body, theme.TEXT, (box.x + 16, box.y + 12))
        ui.text(surface, "click or Esc to close", fonts.small, theme.MUTED, (box.right - 16, box.y + 14), "topright")
        weights = self.net.weights[0]
        tile = self.big.render(weights[:, [unit]], side, side, scale=weight_scale(weights))
        surface.blit(tile, (box.x + 16, box.y + 44))

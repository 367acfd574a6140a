"""The inside view: every hidden layer lit by its activations, the first layer's most active units as their
weight tiles and as weights times the drawing, and one unit's details (hover or click a unit).

Every picture is built in numpy and reaches the screen as one paletted surface (the mosaic's colours:
orange for positive, blue for negative, dark for zero), cached until the drawing changes.
"""

import numpy as np
import pygame

from . import theme, ui
from .mosaic import GAP_INDEX, LEVELS, Mosaic, ramp_colour, weight_scale

MAX_CELL = 40  # largest unit square in a layer's grid
ACTIVE = 0.1  # an activation below this is a unit all but off: never listed among "the most active"
MIN_CELL = 6  # smallest readable one: a layer that would need smaller squares shows its most active units
MIN_TILE = 34  # smallest first-layer tile worth showing
MAX_TILES = 12
ZERO = (LEVELS - 1) // 2  # the palette index of exactly zero
TITLE = "Inside the network"


def activation_indices(values, columns, rows, cell):
    """A layer's activations (0 dark .. the layer's top bright) as palette indices, ``cell`` px per unit."""
    top = max(float(np.max(values)), 1.0) if values.size else 1.0  # sigmoid units stay on their 0..1 scale
    return unit_indices(np.clip(values / top, 0, 1), columns, rows, cell)


def unit_indices(shown, columns, rows, cell):
    """One value from -1 (blue) through 0 (dark) to 1 (orange) per unit as a grid of palette indices,
    ``cell`` px per unit, row by row; the cells past the last unit are gaps."""
    levels = np.full(columns * rows, GAP_INDEX, dtype=np.uint8)
    levels[:shown.size] = ZERO + np.rint(np.clip(shown, -1, 1) * (LEVELS - 1 - ZERO)).astype(np.int16)
    grid = np.repeat(np.repeat(levels.reshape(rows, columns), cell, axis=0), cell, axis=1)
    if cell >= 5:  # a dark line between units, so neighbours stay apart
        grid[cell - 1::cell, :] = GAP_INDEX
        grid[:, cell - 1::cell] = GAP_INDEX
    return grid


def layer_grid(units, width, height, largest=MAX_CELL):
    """``(columns, rows, cell)`` placing ``units`` squares of the largest size (up to ``largest``) in the area."""
    for cell in range(largest, 2, -1):
        rows = -(-units // max(1, width // cell))
        if rows * cell <= height:
            return -(-units // rows), rows, cell  # as few columns as those rows need: a balanced grid
    columns = max(1, width // 2)
    return columns, -(-units // columns), 2


def units_that_fit(strength, width, height, largest=MAX_CELL, floor=None):
    """The units of a layer to show in a ``width`` x ``height`` area, in their order, and their grid
    ``(columns, rows, cell)`` (squares of at most ``largest`` px): all of them, or where that would make them
    smaller than MIN_CELL (too many to read), the strongest by ``strength`` that fit at a readable size, none
    below ``floor`` (but at least one)."""
    units = np.arange(strength.size)
    grid = layer_grid(strength.size, width, height, largest)
    if grid[2] < MIN_CELL:
        fit = max(1, width // MIN_CELL) * max(1, height // MIN_CELL)
        if floor is not None:
            fit = max(1, min(fit, int(np.count_nonzero(strength >= floor))))
        units = np.sort(np.argsort(strength)[::-1][:fit])
        grid = layer_grid(units.size, width, height, largest)
    return units, grid


def layer_captions(layer, values, units, activation):
    """What a layer's grid shows, in words (the clearest first, then shorter): all its units, or which of them."""
    if units.size == values.size:
        return [f"layer {layer}: {values.size} {activation} units, lit by activation", f"layer {layer}: {values.size} units"]
    active = int(np.count_nonzero(values >= ACTIVE))
    if active > units.size:
        return [f"layer {layer}: the {units.size} most active of {values.size} units ({active} above {ACTIVE:g})",
                f"layer {layer}: the {units.size} most active of {values.size}", f"layer {layer}: top {units.size} of {values.size}"]
    if active:
        return [f"layer {layer}: the {active} of its {values.size} units above {ACTIVE:g}",
                f"layer {layer}: {active} of {values.size} above {ACTIVE:g}"]
    return [f"layer {layer}: none of its {values.size} units above {ACTIVE:g}; the most active one",
            f"layer {layer}: none above {ACTIVE:g}"]


class InsidePanel:
    """Draws a Look's hidden layers and top first-layer units; remembers the unit hovered or pinned."""

    def __init__(self):
        self.visible = False
        self.hover = None  # (layer, unit) under the mouse, layer 1 being the first hidden layer
        self.pinned = None  # (layer, unit) clicked: its details stay until clicked again or Esc
        self._grids = []  # (rect, layer, columns, cell, units shown in grid order) of each layer as last drawn
        self._tiles = []  # (rect, unit) of each first-layer tile as last drawn
        self._cache = {}
        self._scale = (None, 1.0)  # (first-layer weights, their weight_scale): the same for every drawing
        self._mosaics = {name: Mosaic(theme.PANEL) for name in ("layer", "weights", "product", "detail",
                                                                    "detail-product")}

    # --- events ------------------------------------------------------------------------------------

    def handle_event(self, event):
        """Hovering shows a unit; a click pins or unpins it; Esc unpins. True when the event was used."""
        if not self.visible:
            return False
        if event.type == pygame.MOUSEMOTION:
            self.hover = self.unit_at(event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            unit = self.unit_at(event.pos)
            if unit is not None:
                self.pinned = None if unit == self.pinned else unit
                return True
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.pinned is not None:
            self.pinned = None
            return True
        return False

    def unit_at(self, position):
        """The (layer, unit) drawn at window ``position``, or None."""
        for rect, unit in self._tiles:
            if rect.collidepoint(position):
                return 1, unit
        for rect, layer, columns, cell, units in self._grids:
            if rect.collidepoint(position):
                index = (position[1] - rect.y) // cell * columns + (position[0] - rect.x) // cell
                if index < len(units):
                    return layer, int(units[index])
        return None

    @property
    def shown_unit(self):
        return self.pinned or self.hover

    # --- drawing -----------------------------------------------------------------------------------

    def draw(self, surface, rect, fonts, look, reserved=0):
        """The panel in ``rect`` for ``look`` (None: nothing drawn yet); a unit's details go over it. The title
        row leaves ``reserved`` pixels on its right free (for a button)."""
        ui.panel(surface, rect)
        inner = rect.inflate(-24, -20)
        ui.text(surface, TITLE, fonts.body, theme.TEXT, inner.topleft)
        if inner.width - 200 - reserved >= 40:
            ui.text(surface, ui.first_that_fits(fonts.small, ["hover or click a unit", "click a unit", ""],
                                                inner.width - 200 - reserved), fonts.small,
                    theme.MUTED, (inner.right - reserved, inner.y + 2), "topright")
        self._grids, self._tiles, self._anchor = [], [], None
        if look is None:
            ui.text(surface, ui.fit(fonts.small, "Draw something to see the units light up.", inner.width),
                    fonts.small, theme.MUTED, (inner.x, inner.y + 30))
            return
        body = pygame.Rect(inner.x, inner.y + 26, inner.width, inner.height - 26)
        tile = self._tile_side(body)
        layers_height = body.height - (2 * tile + 44 if tile else 0)
        self._draw_layers(surface, pygame.Rect(body.x, body.y, body.width, layers_height), fonts, look)
        if tile:
            self._draw_top_units(surface, pygame.Rect(body.x, body.y + layers_height, body.width,
                                                      body.height - layers_height), fonts, look, tile)
        if self.shown_unit is not None and self.shown_unit[0] <= len(look.hidden):
            self._draw_details(surface, self._anchor or rect, fonts, look, *self.shown_unit)

    def _tile_side(self, body):
        """The side of the first-layer tiles (two rows of them take about half the panel), or 0 when too small."""
        side = min(96, (body.height * 11 // 20 - 44) // 2, body.width // 4)
        return side if side >= MIN_TILE else 0

    def _draw_layers(self, surface, rect, fonts, look):
        count = len(look.hidden)
        caption_height = 18
        share = (rect.height - count * (caption_height + 6)) // max(1, count)
        y = rect.y
        for layer, values in enumerate(look.hidden, start=1):
            units, (columns, rows, cell) = units_that_fit(values, rect.width, share, floor=ACTIVE)
            caption = ui.first_that_fits(fonts.small, layer_captions(layer, values, units, look.net.activation),
                                         rect.width)
            ui.text(surface, caption, fonts.small, theme.MUTED, (rect.x, y))
            key = ("layer", look, layer, columns, rows, cell)
            image = self._cached(key, lambda: self._mosaics["layer"].render_indices(
                activation_indices(values[units], columns, rows, cell), columns * cell, rows * cell))
            area = pygame.Rect(rect.x, y + caption_height, columns * cell, rows * cell)
            surface.blit(image, area)
            self._grids.append((area, layer, columns, cell, units))
            shown = self.shown_unit
            place = np.flatnonzero(units == shown[1]) if shown is not None and shown[0] == layer else []
            if len(place):
                row, column = divmod(int(place[0]), columns)
                self._anchor = pygame.Rect(area.x + column * cell - 1, area.y + row * cell - 1, cell + 1, cell + 1)
                pygame.draw.rect(surface, theme.TEXT, self._anchor, width=1)
            y = area.bottom + 6

    def _draw_top_units(self, surface, rect, fonts, look, side):
        weights = look.net.weights[0]
        first = look.hidden[0]
        count = int(min(MAX_TILES, first.size, (rect.width + 6) // (side + 6)))
        top = np.argsort(first)[::-1][:count]
        captions = ["most active first-layer units: what each looks for (orange +, blue -), then x your drawing",
                    "most active first-layer units: weights (orange +, blue -), then x your drawing",
                    "most active first-layer units, then x your drawing", "most active units, x drawing"]
        ui.text(surface, ui.first_that_fits(fonts.small, captions, rect.width), fonts.small, theme.MUTED,
                (rect.x, rect.y + 2))
        scale = self._weight_scale(weights)
        rows = [("weights", weights[:, top]), ("product", weights[:, top] * look.inputs[:, None])]
        y = rect.y + 22
        for name, values in rows:
            key = (name, look, count, side)
            image = self._cached(key, lambda: self._mosaics[name].render(values, count * (side + 6) - 6, side, scale))
            drawn = image.get_rect(topleft=(rect.x, y))
            surface.blit(image, drawn)
            for tile, unit in zip(self._mosaics[name].tile_rects(drawn), top):
                self._tiles.append((tile, int(unit)))
                if self.shown_unit == (1, int(unit)):
                    self._anchor = self._anchor or tile.inflate(2, 2)
                    pygame.draw.rect(surface, theme.TEXT, tile.inflate(2, 2), width=1)
            y = drawn.bottom + 4
        for tile, unit in self._tiles[-count:]:
            ui.text(surface, f"{first[unit]:.2f}", fonts.small, theme.MUTED, (tile.centerx, y), "midtop")

    def _draw_details(self, surface, anchor, fonts, look, layer, unit):
        """A box beside the unit (above it where there is room): its tiles (first layer), activation, and its
        push on every class."""
        labels = look.net.labels
        pushes = look.pushes(layer)[unit]
        window = surface.get_rect()
        big = max(56, min(150, window.height // 5)) if layer == 1 else 0
        column = max(10, min(26, (window.width - 2 * big - 80) // len(labels)))
        chart_width = column * len(labels)
        box = pygame.Rect(0, 0, 2 * big + chart_width + 40 + (12 if big else 0), max(big + 70, 170))
        box.centerx = anchor.centerx
        if anchor.top - box.height - 6 >= window.top:
            box.bottom = anchor.top - 6
        else:
            box.top = anchor.bottom + 6
        box.clamp_ip(window)
        ui.panel(surface, box, colour=theme.BACKGROUND, edge=theme.ACCENT)
        name = ui.text(surface, f"layer {layer}, unit {unit}", fonts.small, theme.TEXT, (box.x + 14, box.y + 10))
        ui.text(surface, f"activation {look.hidden[layer - 1][unit]:.2f}", fonts.small, theme.ACCENT,
                (name.right + 12, box.y + 10))
        if self.pinned == (layer, unit):
            ui.text(surface, "Esc lets go", fonts.small, theme.MUTED, (box.right - 14, box.y + 10), "topright")
        x = box.x + 14
        if big:
            weights = look.net.weights[0]
            scale = self._weight_scale(weights)
            for name, values, caption in (("detail", weights[:, [unit]], "looks for"),
                                          ("detail-product", weights[:, [unit]] * look.inputs[:, None], "x drawing")):
                image = self._mosaics[name].render(values, big, big, scale)
                surface.blit(image, (x, box.y + 34))
                ui.text(surface, caption, fonts.small, theme.MUTED, (x + big // 2, box.y + 38 + big), "midtop")
                x += big + 6
            x += 12
        chart = pygame.Rect(x, box.y + 34, chart_width, box.height - 34 - 48)
        draw_pushes(surface, chart, fonts, labels, pushes, box.right - 12 - x)

    def _weight_scale(self, weights):
        if self._scale[0] is not weights:
            self._scale = (weights, weight_scale(weights))
        return self._scale[1]

    def _cached(self, key, make):
        """A copy of the surface ``make`` returns, kept until its key (the Look itself, which the key keeps
        alive so its identity is never reused, and the size it was drawn at) changes."""
        if key not in self._cache:
            if len(self._cache) > 64:
                self._cache.clear()
            self._cache[key] = make().copy()
        return self._cache[key]


def draw_pushes(surface, rect, fonts, labels, pushes, caption_width):
    """One column per class: a bar up (orange) where the unit raises the class's score, down (blue) where it
    lowers it, scaled to the unit's strongest push; class names underneath."""
    middle = rect.y + rect.height // 2
    strongest = float(np.max(np.abs(pushes))) or 1.0
    column = rect.width / len(labels)
    pygame.draw.line(surface, theme.FAINT, (rect.x, middle), (rect.right, middle))
    for index, (label, push) in enumerate(zip(labels, pushes)):
        height = round(abs(push) / strongest * (rect.height // 2 - 2))
        x = round(rect.x + index * column + column * 0.15)
        bar = pygame.Rect(x, middle - height if push > 0 else middle + 1, max(2, round(column * 0.7)), height)
        if height:
            pygame.draw.rect(surface, ramp_colour(0.8 if push > 0 else -0.8), bar)
        ui.text(surface, label, fonts.small, theme.TEXT, (round(rect.x + (index + 0.5) * column), rect.bottom + 4),
                "midtop")
    caption = "push on each class's score (up: toward, down: away)"
    ui.text(surface, ui.fit(fonts.small, caption, caption_width), fonts.small, theme.MUTED, (rect.x, rect.bottom + 24))

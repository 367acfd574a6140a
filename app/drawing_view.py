"""Draw and guess: a canvas on the left, the network's live guess on the right."""

import numpy as np
import pygame

from network.preprocess import canvas_to_input, input_image

from . import theme, ui
from .canvas import Canvas
from .guess_panel import GuessPanel

MARGIN = 20
HEADER = 76
FOOTER = 36
BRUSH = 10.0
BRUSH_RANGE = (2.0, 30.0)
HELP = [
    ("Left mouse button", "draw"),
    ("Right mouse button", "erase"),
    ("Mouse wheel  or  [ ]", "brush width (the ring shows it)"),
    ("R  or  Backspace", "clear the canvas"),
    ("T", "train a network and watch it learn"),
    ("H  or  ?", "show or hide this help"),
    ("Esc", "close this help"),
    ("Drop an .npz file", "load that network"),
    ("Close the window", "quit"),
]


INK_PALETTE = [tuple(round(board + (ink - board) * level / 255) for board, ink in zip(theme.BOARD, theme.INK))
               for level in range(256)]  # ink level 0-255 to colour, so the canvas becomes a surface in one copy


class Layout:
    """Where everything goes for a window of ``size``: header, canvas square, guess panel, footer."""

    def __init__(self, size):
        width, height = size
        self.header = pygame.Rect(0, 0, width, HEADER)
        self.footer = pygame.Rect(0, height - FOOTER, width, FOOTER)
        top, bottom = HEADER + 4, height - FOOTER - 10
        side = max(80, min(bottom - top, int((width - 3 * MARGIN) * 0.56)))
        self.canvas = pygame.Rect(MARGIN, top, side, side)
        self.panel = pygame.Rect(self.canvas.right + MARGIN, top,
                                 max(120, width - self.canvas.right - 2 * MARGIN), side)


class DrawingView:
    """The draw-and-guess view: mouse strokes on a numpy canvas, a guess whenever the drawing changes."""

    def __init__(self, app):
        self.app = app
        self.canvas = Canvas()
        self.brush = BRUSH
        self.pen = None  # "draw" or "erase" while a mouse button is held on the canvas
        self.last_point = None
        self.cursor = None
        self.show_help = False
        self.guess = None  # class probabilities, or None while the canvas is empty or no network is loaded
        self.seen = None  # the 28x28 uint8 input the network was given
        self._guessed_for = None
        self._board = None
        self.panel = GuessPanel()
        self.layout = Layout(app.surface.get_size())
        self.buttons = [ui.Button("Clear", "R", self.clear), ui.Button("Train", "T", app.open_training),
                        ui.Button("Help", "H", self.toggle_help)]

    # --- actions -----------------------------------------------------------------------------------

    def clear(self):
        self.canvas.clear()

    def toggle_help(self):
        self.show_help = not self.show_help

    def set_brush(self, radius):
        self.brush = float(np.clip(radius, *BRUSH_RANGE))

    # --- events ------------------------------------------------------------------------------------

    def handle_event(self, event):
        if any(button.handle_event(event) for button in self.buttons):
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            if self.show_help:
                self.show_help = False
            elif self.layout.canvas.collidepoint(event.pos):
                self.pen = "draw" if event.button == 1 else "erase"
                self.last_point = self._to_canvas(event.pos)
                self._paint(self.last_point)
        elif event.type == pygame.MOUSEMOTION:
            self.cursor = event.pos
            if self.pen:
                point = self._to_canvas(event.pos)
                self._paint(point)
                self.last_point = point
        elif event.type == pygame.MOUSEBUTTONUP and event.button in (1, 3):
            self.pen = self.last_point = None
        elif event.type == pygame.MOUSEWHEEL:
            self.set_brush(self.brush + (event.y if event.y else -event.x))
        elif event.type == pygame.WINDOWLEAVE:
            self.cursor = None
        elif event.type == pygame.KEYDOWN:
            self._handle_key(event)

    def _handle_key(self, event):
        if event.key in (pygame.K_r, pygame.K_BACKSPACE, pygame.K_DELETE):
            self.clear()
        elif event.key == pygame.K_h or event.unicode == "?":
            self.toggle_help()
        elif event.key == pygame.K_ESCAPE:
            self.show_help = False
        elif event.key == pygame.K_t:
            self.app.open_training()
        elif event.key == pygame.K_LEFTBRACKET:
            self.set_brush(self.brush - 1)
        elif event.key == pygame.K_RIGHTBRACKET:
            self.set_brush(self.brush + 1)

    def _to_canvas(self, position):
        """Window pixels to canvas pixels (the canvas is drawn scaled to fit its square)."""
        rect = self.layout.canvas
        scale = self.canvas.size / rect.width
        return ((position[0] - rect.x) * scale, (position[1] - rect.y) * scale)

    def _paint(self, point):
        self.canvas.stroke(self.last_point or point, point, self.brush, erase=self.pen == "erase")

    # --- the guess ---------------------------------------------------------------------------------

    def update(self, dt):
        """Guess again only when the drawing or the network changed since the last guess."""
        net = self.app.network
        state = (self.canvas.version, id(net))
        if state == self._guessed_for:
            return
        self._guessed_for = state
        if net is None or self.canvas.is_empty:
            self.guess = self.seen = None
            return
        inputs = canvas_to_input(self.canvas.pixels, net.meta.get("style", "mnist"))
        self.guess = net.predict_proba(inputs)
        self.seen = input_image(inputs)

    # --- drawing -----------------------------------------------------------------------------------

    def draw(self, surface):
        fonts = self.app.fonts
        self.layout = Layout(surface.get_size())
        surface.fill(theme.BACKGROUND)
        self._draw_header(surface, fonts)
        self._draw_canvas(surface, fonts)
        net = self.app.network
        labels = list(net.labels) if net is not None else []
        self.panel.draw(surface, self.layout.panel, fonts, labels, self.guess, self.seen, self._prompt(labels))
        self._draw_footer(surface, fonts)
        if self.show_help:
            self._draw_help(surface, fonts)

    def _prompt(self, labels):
        if not labels:
            return ["No network loaded", "Drop a network file (.npz)", "here, or press T to train one."]
        if all(label.isdigit() for label in labels):
            thing = "digit"
        elif all(label.isalpha() and len(label) == 1 for label in labels):
            thing = "letter"
        else:
            thing = "picture"
        return [f"Draw a {thing}", "The network guesses", "live as you draw."]

    def _draw_header(self, surface, fonts):
        header = self.layout.header
        title = ui.text(surface, "Inkling", fonts.title, theme.TEXT, (MARGIN, 16))
        ui.text(surface, "draw and guess", fonts.body, theme.MUTED, (title.right + 12, title.bottom - 4), "bottomleft")
        x = header.right - MARGIN
        for button in reversed(self.buttons):
            width = button.width(fonts)
            button.rect = pygame.Rect(x - width, 18, width, 36)
            x -= width + 10
        description = ui.fit(fonts.body, self.app.network_description, x - MARGIN - 20)
        colour = theme.MUTED if self.app.network is not None else theme.ERROR
        ui.text(surface, description, fonts.body, colour, (MARGIN, title.bottom + 6))
        for button in self.buttons:
            button.draw(surface, fonts)

    def _draw_canvas(self, surface, fonts):
        rect = self.layout.canvas
        key = (self.canvas.version, rect.size)
        if self._board is None or self._board[0] != key:
            levels = pygame.surfarray.make_surface((self.canvas.pixels.T * 255).astype(np.uint8))
            levels.set_palette(INK_PALETTE)
            self._board = (key, pygame.transform.smoothscale(levels.convert(), rect.size))
        surface.blit(self._board[1], rect)
        pygame.draw.rect(surface, theme.PANEL_EDGE, rect.inflate(4, 4), width=2, border_radius=4)
        if self.canvas.is_empty:
            ui.text(surface, "draw here", fonts.heading, theme.FAINT, rect.center, "center")
        if self.cursor and rect.collidepoint(self.cursor) and not self.show_help:
            radius = max(2, round(self.brush * rect.width / self.canvas.size))
            colour = theme.ERROR if self.pen == "erase" else theme.ACCENT
            pygame.draw.circle(surface, colour, self.cursor, radius, width=1)

    def _draw_footer(self, surface, fonts):
        footer = self.layout.footer
        hint = "Left button draws  ·  right button erases  ·  wheel: brush width  ·  R clears  ·  H: help"
        ui.text(surface, ui.fit(fonts.small, hint, footer.width - 200), fonts.small, theme.MUTED,
                (MARGIN, footer.centery), "midleft")
        ui.text(surface, f"brush {self.brush:.0f} px", fonts.small, theme.MUTED,
                (footer.right - MARGIN, footer.centery), "midright")

    def _draw_help(self, surface, fonts):
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        surface.blit(shade, (0, 0))
        key_width = max(ui.text_width(fonts.body, key) for key, _ in HELP)
        action_width = max(ui.text_width(fonts.body, action) for _, action in HELP)
        box = pygame.Rect(0, 0, key_width + action_width + 100, 110 + 32 * len(HELP))
        box.center = surface.get_rect().center
        ui.panel(surface, box, radius=14)
        ui.text(surface, "Controls", fonts.title, theme.TEXT, (box.x + 32, box.y + 24))
        for row, (key, action) in enumerate(HELP):
            y = box.y + 78 + 32 * row
            ui.text(surface, key, fonts.body, theme.ACCENT, (box.x + 32, y))
            ui.text(surface, action, fonts.body, theme.TEXT, (box.x + 64 + key_width, y))
        ui.text(surface, "press any of H, ? or Esc to close", fonts.small, theme.MUTED,
                (box.centerx, box.bottom - 14), "midbottom")

    def close(self):
        self.pen = None

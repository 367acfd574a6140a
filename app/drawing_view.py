"""Draw and guess: a canvas on the left, the network's live guess on the right (two networks' side by side)."""

import numpy as np
import pygame

from network.groups import groups_of
from network.preprocess import canvas_to_input, input_image

from . import theme, ui
from .board import Board
from .canvas import Canvas
from .guess_panel import GuessPanel
from .handwriting_view import HandwritingView
from .inside_panel import InsidePanel
from .label_strip import LabelStrip
from .look import Floors, Look
from .network_picker import NetworkPicker
from .teaching import keep_drawing
from .why_panel import WhyPanel
from .window import SIDE_NAMES

MARGIN = 20
HEADER = 76
FOOTER = 36
DESCRIPTION_ROOM = 420  # the header keeps the description beside the buttons while this much width is left
BRUSH = 10.0
BRUSH_RANGE = (2.0, 30.0)
HELP = [
    ("Left mouse button", "draw"),
    ("Right mouse button", "erase"),
    ("Mouse wheel  or  [ ]", "brush width (the ring shows it)"),
    ("R  or  Backspace", "clear the canvas"),
    ("Ctrl+Z", "undo the last stroke"),
    ("N", "choose a network (for either side)"),
    ("B", "show or hide a second network beside"),
    ("T", "train a network and watch it learn"),
    ("E", "test the network: confusions, mistakes, robustness"),
    ("I", "inside view: units, weights, why this guess"),
    ("Click a class's bar", "why (or why not) that class"),
    ("V", "view the network: layers, history, weights"),
    ("L", "label this drawing: keep it as one of yours"),
    ("M", "my handwriting: how the network reads yours; teach it"),
    ("H  or  ?", "show or hide this help"),
    ("Esc", "close this help"),
    ("Drop an .npz file", "load that network (on the chosen side)"),
    ("Close the window", "quit"),
]

FOOTER_HINTS = ["left button: draw", "right: erase", "wheel: brush", "R: clear", "Ctrl+Z: undo", "I: inside",
                "L: label it", "E: test", "N: networks", "B: two sides", "V: the network", "M: my drawings"]  # most useful first: a narrow footer keeps the first ones
ALL_KEYS = "H: all keys"


def footer_hint(font, width):
    """As many whole key hints as fit ``width``, always ending with the key that lists them all."""
    for count in range(len(FOOTER_HINTS), 0, -1):
        hint = "  ·  ".join(FOOTER_HINTS[:count] + [ALL_KEYS])
        if ui.text_width(font, hint) <= width:
            return hint
    return ui.fit(font, ALL_KEYS, width)


class Layout:
    """Where everything goes for a window of ``size``: header, canvas square, one or two guess panels, footer."""

    def __init__(self, size, sides=1, inside=False):
        width, height = size
        self.header = pygame.Rect(0, 0, width, HEADER)
        self.footer = pygame.Rect(0, height - FOOTER, width, FOOTER)
        top, bottom = HEADER + 4, height - FOOTER - 10
        share = 0.56 if sides == 1 else 0.4
        side = max(80, min(bottom - top, int((width - (2 + sides) * MARGIN) * share)))
        self.canvas = pygame.Rect(MARGIN, top, side, side)
        room = max(120 * sides, width - self.canvas.right - (1 + sides) * MARGIN)
        panel_width = (room - (sides - 1) * MARGIN) // sides
        self.panels = [pygame.Rect(self.canvas.right + MARGIN + number * (panel_width + MARGIN), top, panel_width,
                                   max(side, bottom - top)) for number in range(sides)]
        self.panel = self.panels[0]
        self.why = self.inside = None
        if inside:  # the canvas gives up room in its square: the why-map beside it, the inside panel below
            left = self.canvas
            small = round(side * 0.45)
            self.canvas = pygame.Rect(left.x, left.y, small, small)
            self.why = pygame.Rect(self.canvas.right + 12, left.y, left.right - self.canvas.right - 12, small)
            self.inside = pygame.Rect(left.x, self.canvas.bottom + 12, left.width,
                                      self.panel.bottom - self.canvas.bottom - 12)  # down to the panels' bottom


class SideGuess:
    """What one network makes of the drawing: its probabilities, the 28x28 input it was given, and the Look
    (activations, "not sure", maps on demand) the inside view draws."""

    def __init__(self):
        self.panel = GuessPanel()
        self.probabilities = None  # None while the canvas is empty or the side has no network
        self.seen = self.look = None
        self.guessed_for = None

    def update(self, canvas, net, floor=None):
        """Guess again only when the drawing, the network or its "not sure" floor changed since the last guess."""
        state = (canvas.version, id(net), floor)
        if state == self.guessed_for:
            return
        self.guessed_for = state
        if net is None or canvas.is_empty:
            self.probabilities = self.seen = self.look = None
            return
        inputs = canvas_to_input(canvas.pixels, net.meta.get("style", "mnist"))
        self.look = Look(net, inputs, floor)
        self.probabilities = self.look.probabilities
        self.seen = input_image(inputs)


class DrawingView:
    """The draw-and-guess view: mouse strokes on a numpy canvas, a guess whenever the drawing changes."""

    def __init__(self, app):
        self.app = app
        self.canvas = Canvas()
        self.brush = BRUSH
        self.pen = None  # "draw" or "erase" while a mouse button is held on the canvas
        self.pen_outside = None  # (pen, last position) while a button pressed outside the canvas is held
        self.last_point = None
        self.cursor = None
        self.show_help = False
        self.picker = None  # the network picker while it is open
        self.label_strip = LabelStrip(self.keep_drawing)
        self.sides = [SideGuess(), SideGuess()]
        self.selected = None  # the class whose why-map is shown (a clicked bar); None follows the top guess
        self._selected_for = None  # the network it was chosen for
        self.floors = Floors()
        self.inside = InsidePanel()
        self.why = WhyPanel()
        self.board = Board()
        self._drawn = None  # what the last frame showed (see needs_frame)
        self._inside_shown = None  # the Look the inside view last drew
        self.layout = Layout(app.surface.get_size())
        self.buttons = [ui.Button("Clear", "R", self.clear), ui.Button("Networks", "N", self.open_picker),
                        ui.Button("Train", "T", app.open_training), ui.Button("Inside", "I", self.toggle_inside),
                        ui.Button("Help", "H", self.toggle_help)]

    @property
    def guess(self):
        """The main network's class probabilities, or None while the canvas is empty or no network is loaded."""
        return self.sides[0].probabilities

    @property
    def seen(self):
        """The 28x28 uint8 input the main network was given."""
        return self.sides[0].seen

    @property
    def panel(self):
        return self.sides[0].panel

    @property
    def side_count(self):
        return 2 if self.app.two_sides else 1

    @property
    def inside_side(self):
        """The side the inside view looks into: the chosen one while two are shown (the main one while the
        chosen side waits for a network, so B does not blank the inside view), else the main one."""
        side = self.app.drop_side
        return side if self.app.sides[side].net is not None else 0

    @property
    def look(self):
        return self.sides[self.inside_side].look

    def inside_look(self):
        """The Look the inside view draws: the current one, except that while a stroke is being drawn it
        follows every other frame (its pictures cost more than the guess; 30 a second still look live)."""
        look = self.look
        shown = self._inside_shown
        if self.pen and look is not None and shown is not None and shown.net is look.net and self.app.frames % 2:
            return shown
        self._inside_shown = look
        return look

    @property
    def why_class(self):
        """The class the why-map explains: the clicked bar's, else the top guess (None with nothing drawn)."""
        look = self.look
        if look is None:
            return None
        return self.selected if self.selected is not None and self._selected_for is look.net else look.best

    # --- actions -----------------------------------------------------------------------------------

    def clear(self):
        if not self.canvas.is_empty:
            self.canvas.checkpoint()  # a clear can be undone like a stroke
        self.canvas.clear()
        self.selected = None

    def toggle_inside(self):
        self.inside.visible = not self.inside.visible
        self.layout = Layout(self.app.surface.get_size(), self.side_count, self.inside.visible)

    def open_network_view(self):
        """The full-window view of the network the inside view looks into (V)."""
        from .network_view import NetworkView
        side = self.app.sides[self.inside_side]
        if side.net is not None:
            self.app.switch_to(NetworkView(self.app, side.net, side.path))

    def select_class(self, side, k):
        """Show class ``k``'s why-map for ``side``'s network (a click on its bar), opening the inside view."""
        if self.side_count == 2:
            self.app.chosen_side = side
        self.selected, self._selected_for = k, self.app.sides[side].net
        if not self.inside.visible:
            self.toggle_inside()

    def toggle_help(self):
        self.show_help = not self.show_help

    def open_picker(self, side=None):
        """The network picker, for ``side`` (default: the chosen side)."""
        self.picker = NetworkPicker(self.app, self.app.drop_side if side is None else side)

    def set_brush(self, radius):
        self.brush = float(np.clip(radius, *BRUSH_RANGE))

    def open_label_strip(self):
        """L: say what the drawing is, as one of the main network's classes."""
        if self.app.network is None or self.canvas.is_empty:
            self.app.show_notice("Draw something first, then press L to say what it is", "info")
        else:
            self.label_strip.open(self.app.network.labels)

    def keep_drawing(self, label):
        if keep_drawing(self.app, self.canvas.pixels, label):
            self.clear()

    def open_handwriting(self):
        self.app.switch_to(HandwritingView(self.app))

    # --- events ------------------------------------------------------------------------------------

    def handle_event(self, event):
        if self.picker is not None:
            self.picker.handle_event(event)
            if self.picker.closed:
                self.picker = None
            return
        if self.label_strip.handle_event(event) or any(button.handle_event(event) for button in self.buttons) \
                or self.inside.handle_event(event):
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and not self.show_help:
            for side, guess in enumerate(self.sides[:self.side_count]):
                k = guess.panel.class_at(event.pos)
                if k is not None:
                    self.select_class(side, k)
                    return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            pen = "draw" if event.button == 1 else "erase"
            if self.show_help:
                self.show_help = False
            elif self.layout.canvas.collidepoint(event.pos):
                self._start_stroke(pen, event.pos)
            else:
                self.pen_outside = (pen, event.pos)  # held outside: the stroke begins where the pointer enters
                if self.side_count == 2:
                    self.app.chosen_side = next((number for number, rect in enumerate(self.layout.panels)
                                                 if rect.collidepoint(event.pos)), self.app.chosen_side)
        elif event.type == pygame.MOUSEMOTION:
            self.cursor = event.pos
            if self.pen_outside:
                self._enter_canvas(event.pos)
            if self.pen:
                point = self._to_canvas(event.pos)
                self._paint(point)
                self.last_point = point
        elif event.type == pygame.MOUSEBUTTONUP and event.button in (1, 3):
            self.pen = self.last_point = self.pen_outside = None
        elif event.type == pygame.MOUSEWHEEL:
            self.set_brush(self.brush + (event.y if event.y else -event.x))
        elif event.type == pygame.WINDOWLEAVE:
            self.cursor = None
        elif event.type == pygame.KEYDOWN:
            self._handle_key(event)

    def _handle_key(self, event):
        if event.key == pygame.K_z and event.mod & pygame.KMOD_CTRL:
            self.canvas.undo()
        elif event.key == pygame.K_h or event.unicode == "?":
            self.toggle_help()
        elif event.key == pygame.K_ESCAPE:
            self.show_help = False
        elif event.key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET):
            self.set_brush(self.brush + (1 if event.key == pygame.K_RIGHTBRACKET else -1))
        else:
            action = self._key_actions().get(event.key)
            if action:
                action()

    def _key_actions(self):
        """The one-key commands of the drawing view (see HELP), key code to action."""
        return {pygame.K_r: self.clear, pygame.K_BACKSPACE: self.clear, pygame.K_DELETE: self.clear,
                pygame.K_t: self.app.open_training, pygame.K_i: self.toggle_inside,
                pygame.K_v: self.open_network_view, pygame.K_n: self.open_picker,
                pygame.K_b: self.app.toggle_two_sides, pygame.K_e: self.app.open_test,
                pygame.K_l: self.open_label_strip, pygame.K_m: self.open_handwriting}

    def _start_stroke(self, pen, position):
        self.pen = pen
        self.canvas.checkpoint()
        self.last_point = self._to_canvas(position)
        self._paint(self.last_point)

    def _enter_canvas(self, position):
        """A button held since outside the canvas: start the stroke where the move crosses into the canvas."""
        pen, before = self.pen_outside
        crossing = self.layout.canvas.clipline(before, position)
        if crossing:
            self.pen_outside = None
            self._start_stroke(pen, crossing[0])
        else:
            self.pen_outside = (pen, position)

    def _to_canvas(self, position):
        """Window pixels to canvas pixels (the canvas is drawn scaled to fit its square)."""
        rect = self.layout.canvas
        scale = self.canvas.size / rect.width
        return ((position[0] - rect.x) * scale, (position[1] - rect.y) * scale)

    def _paint(self, point):
        self.canvas.stroke(self.last_point or point, point, self.brush, erase=self.pen == "erase")

    # --- the guess ---------------------------------------------------------------------------------

    def update(self, dt):
        for side, guess in zip(self.app.sides[:self.side_count], self.sides):
            guess.update(self.canvas, side.net, self.floors.get(side.net) if side.net is not None else None)

    # --- drawing -----------------------------------------------------------------------------------

    def _shown_state(self):
        """A cheap summary of what the view shows beyond events: the drawing, the networks and what they made of
        it (a "not sure" floor measured in the background changes that), the brush, overlays."""
        app = self.app
        return (self.canvas.version, [id(side.net) for side in app.sides], app.two_sides, app.chosen_side,
                self.brush, self.show_help, self.picker, [guess.guessed_for for guess in self.sides])

    def needs_frame(self):
        """True when the picture changed since the last frame without an event saying so (events draw anyway)."""
        return self._shown_state() != self._drawn

    def draw(self, surface):
        self._drawn = self._shown_state()
        fonts = self.app.fonts
        self.layout = Layout(surface.get_size(), self.side_count, self.inside.visible)
        surface.fill(theme.BACKGROUND)
        self._draw_header(surface, fonts)
        self._draw_canvas(surface, fonts)
        two = self.side_count == 2
        for number, (rect, side, guess) in enumerate(zip(self.layout.panels, self.app.sides, self.sides)):
            labels = list(side.net.labels) if side.net is not None else []
            title = self.app.side_description(number) if two else None
            look = guess.look
            marked = self.why_class if self.inside.visible and number == self.inside_side else None
            guess.panel.draw(surface, rect, fonts, labels, guess.probabilities, guess.seen,
                             self._prompt(labels, number), title, chosen=two and number == self.app.chosen_side,
                             unsure=look.contenders if look is not None and look.unsure else None, selected=marked)
        if self.inside.visible:
            look = self.inside_look()
            self.why.draw(surface, self.layout.why, fonts, look, self.why_class)
            self.inside.draw(surface, self.layout.inside, fonts, look)
        self.label_strip.draw(surface, self.layout.canvas, fonts)
        self._draw_footer(surface, fonts)
        if self.show_help:
            self._draw_help(surface, fonts)
        if self.picker is not None:
            self.picker.draw(surface, fonts)

    def _prompt(self, labels, side=0):
        if not labels and side:
            return ["No network here", "Press N to choose one,", "or drop an .npz file."]
        if not labels:
            return ["No network loaded", "Drop a network file (.npz)", "here, or press T to train one."]
        if groups_of(labels):
            return ["Draw a digit", "or a letter: it tells", "which, as you draw."]
        if all(label.isdigit() for label in labels):
            thing = "digit"
        elif all(label.isalpha() and len(label) == 1 for label in labels):
            thing = "letter"
        else:
            thing = "picture"
        return [f"Draw a {thing}", "The network guesses", "live as you draw."]

    def _draw_header(self, surface, fonts):
        """The title, the buttons on the right and the network's description; in a narrow window the buttons
        take the title's row and the description has the row below to itself."""
        header = self.layout.header
        buttons_width = sum(button.width(fonts) + 10 for button in self.buttons)
        narrow = header.width - buttons_width < DESCRIPTION_ROOM
        title = ui.text(surface, "Inkling", fonts.title, theme.TEXT, (MARGIN, 10 if narrow else 16))
        x = header.right - MARGIN
        for button in reversed(self.buttons):
            width = button.width(fonts)
            button.rect = pygame.Rect(x - width, 10, width, 32) if narrow else pygame.Rect(x - width, 18, width, 36)
            x -= width + 10
        if title.right + 12 + ui.text_width(fonts.body, "draw and guess") < x:
            ui.text(surface, "draw and guess", fonts.body, theme.MUTED, (title.right + 12, title.bottom - 4),
                    "bottomleft")
        description = self.app.network_description
        if self.side_count == 2:
            description = f"comparing two networks  ·  a dropped file goes to the {SIDE_NAMES[self.app.chosen_side]}"
        room = header.width - 2 * MARGIN if narrow else x - MARGIN - 20
        colour = theme.MUTED if self.app.network is not None else theme.ERROR
        ui.text(surface, ui.fit(fonts.body, description, room), fonts.body, colour,
                (MARGIN, (max(title.bottom, 42) + 6) if narrow else title.bottom + 6))
        for button in self.buttons:
            button.draw(surface, fonts)

    def _draw_canvas(self, surface, fonts):
        rect = self.layout.canvas
        surface.blit(self.board.image(self.canvas, rect.width), rect)
        pygame.draw.rect(surface, theme.PANEL_EDGE, rect.inflate(4, 4), width=2, border_radius=4)
        if self.canvas.is_empty:
            ui.text(surface, "draw here", fonts.heading, theme.FAINT, rect.center, "center")
        if self.cursor and rect.collidepoint(self.cursor) and not self.show_help:
            radius = max(2, round(self.brush * rect.width / self.canvas.size))
            colour = theme.ERROR if self.pen == "erase" else theme.ACCENT
            pygame.draw.circle(surface, colour, self.cursor, radius, width=1)

    def _draw_footer(self, surface, fonts):
        footer = self.layout.footer
        ui.text(surface, footer_hint(fonts.small, footer.width - 200), fonts.small, theme.MUTED,
                (MARGIN, footer.centery), "midleft")
        ui.text(surface, f"brush {self.brush:.0f} px", fonts.small, theme.MUTED,
                (footer.right - MARGIN, footer.centery), "midright")

    def _draw_help(self, surface, fonts):
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        surface.blit(shade, (0, 0))
        height = surface.get_height()
        row_height = max(18, min(32, (height - 130) // len(HELP)))  # every key fits, however many there are
        font = fonts.body if row_height >= 26 else fonts.small
        key_width = max(ui.text_width(font, key) for key, _ in HELP)
        action_width = max(ui.text_width(font, action) for _, action in HELP)
        box = pygame.Rect(0, 0, key_width + action_width + 100, 110 + row_height * len(HELP))
        box.center = surface.get_rect().center
        ui.panel(surface, box, radius=14)
        ui.text(surface, "Controls", fonts.title, theme.TEXT, (box.x + 32, box.y + 24))
        for row, (key, action) in enumerate(HELP):
            y = box.y + 78 + row_height * row
            ui.text(surface, key, font, theme.ACCENT, (box.x + 32, y))
            ui.text(surface, action, font, theme.TEXT, (box.x + 64 + key_width, y))
        ui.text(surface, "press any of H, ? or Esc to close", fonts.small, theme.MUTED,
                (box.centerx, box.bottom - 14), "midbottom")

    def close(self):
        self.pen = self.pen_outside = None

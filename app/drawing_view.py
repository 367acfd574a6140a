"""Draw and guess: a canvas on the left, the network's live guess on the right (two networks' side by side)."""

import numpy as np
import pygame

from network.groups import groups_of
from network.preprocess import canvas_to_input, input_image

from . import theme, ui
from .board import Board
from .canvas import Canvas
from .drawing_header import BUTTON_LABELS, draw_header
from .drawing_layout import FOOTER, MARGIN, Layout, notes_room
from .guess_panel import GuessPanel
from .handwriting_view import HandwritingView
from .inside_panel import TITLE as INSIDE_TITLE, InsidePanel
from .keys import Key, KeyTable
from .label_strip import LabelStrip
from .learning_step_view import LearningStepView
from .line_view import LineView
from .look import Floors, Look
from .network_picker import NetworkPicker
from .network_view import NetworkView
from .teaching import keep_drawing
from .test_view import TestView
from .training_view import TrainingView
from .view import View
from .why_panel import WhyPanel

BRUSH = 10.0
BRUSH_RANGE = (2.0, 30.0)
ALL_KEYS = "H: all keys"
HELP_CLOSING = "press any of H, ? or Esc to close"
KEYS = KeyTable(  # the help lists these in this order; the footer shows the hints from the first on, as fit
    Key(help=("Left mouse button", "draw"), hint="left button: draw"),
    Key(help=("Right mouse button", "erase"), hint="right: erase"),
    Key((pygame.K_LEFTBRACKET,), "change_brush", (-1,), ("Mouse wheel  or  [ ]", "brush width (the ring shows it)"),
        "wheel: brush"),
    Key((pygame.K_RIGHTBRACKET,), "change_brush", (1,)),
    Key((pygame.K_r, pygame.K_BACKSPACE, pygame.K_DELETE), "clear", help=("R  or  Backspace", "clear the canvas"),
        hint="R: clear"),
    Key(((pygame.KMOD_CTRL, pygame.K_z),), "undo", help=("Ctrl+Z", "undo the last stroke"), hint="Ctrl+Z: undo"),
    Key((pygame.K_i,), "toggle_inside", help=("I", "inside view: units, weights, why this guess"), hint="I: inside"),
    Key((pygame.K_s,), "open_learning_step", help=("S", "one learning step on this drawing, opened up"),
        hint="S: learn it"),
    Key(help=("Click a class's bar", "why (or why not) that class")),
    Key((pygame.K_l,), "open_label_strip", help=("L", "label this drawing: keep it as one of yours"),
        hint="L: label it"),
    Key((pygame.K_e,), opens=TestView, help=("E", "test the network: confusions, mistakes, robustness"),
        hint="E: test"),
    Key((pygame.K_n,), "open_picker", help=("N", "choose a network (for either side)"), hint="N: networks"),
    Key((pygame.K_b,), "toggle_two_sides", help=("B", "show or hide a second network beside"), hint="B: two sides"),
    Key((pygame.K_t,), opens=TrainingView, help=("T", "train a network and watch it learn")),
    Key((pygame.K_v,), "open_network_view", help=("V", "view the network: layers, history, weights"),
        hint="V: the network"),
    Key((pygame.K_w,), opens=LineView, help=("W", "write a line: numbers and words, read as you write"),
        hint="W: write a line"),
    Key((pygame.K_m,), opens=HandwritingView, help=("M", "my handwriting: how the network reads yours; teach it"),
        hint="M: my drawings"),
    Key((pygame.K_h, "?"), "toggle_help", help=("H  or  ?", "show or hide this help")),
    Key((pygame.K_ESCAPE,), "close_help", help=("Esc", "close this help")),
    Key(help=("Drop an .npz, PNG or JPEG", "load that network (chosen side), or read the writing in it")),
    Key(help=("Close the window", "quit")),
)


def footer_hint(font, width):
    """As many whole key hints as fit ``width``, always ending with the key that lists them all."""
    return ui.hints_that_fit(font, KEYS.hints(), width, ALL_KEYS)


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


def prompt_for(labels, side=0):
    """What an empty panel says: a heading, then the sentence, then shorter ones for a narrow panel."""
    if not labels and side:
        return ["No network here", "Press N to choose one, or drop an .npz file.", "N: choose one"]
    if not labels:
        return ["No network loaded", "Drop a network file (.npz) here, or press T to train one.",
                "Drop one, or T: train"]
    if groups_of(labels):
        return ["Draw a digit", "or a letter: it tells which, as you draw.", "or a letter"]
    if all(label.isdigit() for label in labels):
        thing = "digit"
    elif all(label.isalpha() and len(label) == 1 for label in labels):
        thing = "letter"
    else:
        thing = "picture"
    return [f"Draw a {thing}", "The network guesses live as you draw.", "guessed live"]


class DrawingView(View):
    """The draw-and-guess view: mouse strokes on a numpy canvas, a guess whenever the drawing changes."""

    keys = KEYS
    kept = True

    def __init__(self, app):
        super().__init__(app)
        self.canvas = Canvas()
        self.brush = BRUSH
        self.pen = None  # "draw" or "erase" while a mouse button is held on the canvas
        self.pen_outside = None  # (pen, last position) while a button pressed outside the canvas is held
        self.last_point = None
        self.cursor = None
        self.show_help = False
        self.picker = None  # the network picker while it is open
        self.label_strip = LabelStrip(self.keep_drawing)
        self.guesses = [SideGuess(), SideGuess()]  # what each side's network makes of the drawing
        self.drawing_shown = pygame.Rect(0, 0, 0, 0)  # where the drawing was last shown (smaller while labelling)
        self.selected = None  # the class whose why-map is shown (a clicked bar); None follows the top guess
        self._selected_for = None  # the network it was chosen for
        self.floors = Floors()
        self.inside = InsidePanel()
        self.why = WhyPanel()
        self.board = Board()
        self._drawn = None  # what the last frame showed (see needs_frame)
        self._inside_shown = None  # the Look the inside view last drew
        self.layout = Layout(app.surface.get_size())
        actions = (self.clear, self.open_picker, lambda: app.open(TrainingView), lambda: app.open(LineView),
                   self.toggle_inside, self.toggle_help)
        self.buttons = [ui.Button(label, key, action) for label, key, action in zip(BUTTON_LABELS, "RNTWIH", actions)]
        self.learn_button = ui.Button("Learn it", "S", self.open_learning_step)  # on the inside view

    @property
    def guess(self):
        """The main network's class probabilities, or None while the canvas is empty or no network is loaded."""
        return self.guesses[0].probabilities

    @property
    def seen(self):
        """The 28x28 uint8 input the main network was given."""
        return self.guesses[0].seen

    @property
    def panel(self):
        return self.guesses[0].panel

    @property
    def side_count(self):
        return self.app.shown.side_count

    @property
    def inside_side(self):
        """The side the inside view looks into: the chosen one while two are shown (the main one while the
        chosen side waits for a network, so B does not blank the inside view), else the main one."""
        shown = self.app.shown
        side = shown.drop_side
        return side if shown.sides[side].net is not None else 0

    @property
    def look(self):
        return self.guesses[self.inside_side].look

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
        self.layout = self._laid_out(self.app.surface.get_size())

    def _laid_out(self, size):
        """The layout for a window of ``size``, its footer holding the notices shown."""
        return Layout(size, self.side_count, self.inside.visible, self.app.notices_height(size[0], notes_room(size)))

    def notice_area(self, size):
        """Notices go in the footer above the key hints, which grows to hold them: they cover nothing."""
        return self.layout.notes_area

    def undo(self):
        self.canvas.undo()

    def put_on_canvas(self, image):
        """Draw ``image`` (a test image, say) on the canvas in place of the drawing, which Ctrl+Z brings back."""
        self.canvas.checkpoint()
        self.canvas.set_image(image)

    def open_learning_step(self):
        """S: one training step on the drawing, opened up, for the network the inside view looks into; the
        label starts as its guess, for the user to change to what the drawing really is."""
        side, look = self.app.shown.sides[self.inside_side], self.look
        if side.net is None or look is None:
            self.app.show_notice("Draw something first, then press S to watch the network learn it", "info")
        else:
            self.app.open(LearningStepView, side.net, side.path, look.inputs, look.best, "your drawing")

    def open_network_view(self):
        """The full-window view of the network the inside view looks into (V)."""
        side = self.app.shown.sides[self.inside_side]
        if side.net is not None:
            self.app.open(NetworkView, side.net, side.path)

    def toggle_two_sides(self):
        self.app.toggle_two_sides()

    def select_class(self, side, k):
        """Show class ``k``'s why-map for ``side``'s network (a click on its bar), opening the inside view."""
        self.app.shown.choose(side)
        self.selected, self._selected_for = k, self.app.shown.sides[side].net
        if not self.inside.visible:
            self.toggle_inside()

    def toggle_help(self):
        self.show_help = not self.show_help

    def close_help(self):
        self.show_help = False

    def open_picker(self, side=None):
        """The network picker, for ``side`` (default: the chosen side)."""
        self.picker = NetworkPicker(self.app, self.app.shown.drop_side if side is None else side)

    def set_brush(self, radius):
        self.brush = float(np.clip(radius, *BRUSH_RANGE))

    def change_brush(self, step):
        self.set_brush(self.brush + step)

    def open_label_strip(self):
        """L: say what the drawing is, as one of the main network's classes."""
        net = self.app.shown.network
        if net is None or self.canvas.is_empty:
            self.app.show_notice("Draw something first, then press L to say what it is", "info")
        else:
            self.label_strip.open(net.labels)

    def keep_drawing(self, label):
        if keep_drawing(self.app, self.canvas.pixels, label):
            self.clear()

    # --- events ------------------------------------------------------------------------------------

    def handle_event(self, event):
        if self.picker is not None:
            self.picker.handle_event(event)
            if self.picker.closed:
                self.picker = None
            return
        buttons = self.buttons + ([self.learn_button] if self.inside.visible else [])
        if self.label_strip.handle_event(event) or any(button.handle_event(event) for button in buttons) \
                or self.inside.handle_event(event):
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and not self.show_help:
            for side, guess in enumerate(self.guesses[:self.side_count]):
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
                panel = next((number for number, rect in enumerate(self.layout.panels)
                              if rect.collidepoint(event.pos)), None)
                if panel is not None:
                    self.app.shown.choose(panel)
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
        else:
            self.keys.handle(self, event)

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
        for side, guess in zip(self.app.shown.sides[:self.side_count], self.guesses):
            guess.update(self.canvas, side.net, self.floors.get(side.net) if side.net is not None else None)

    # --- drawing -----------------------------------------------------------------------------------

    def _shown_state(self):
        """A cheap summary of what the view shows beyond events: the drawing, the networks and what they made of
        it (a "not sure" floor measured in the background changes that), the brush, overlays."""
        shown = self.app.shown
        return (self.canvas.version, [id(side.net) for side in shown.sides], shown.two_sides, shown.chosen_side,
                self.brush, self.show_help, self.picker, [guess.guessed_for for guess in self.guesses])

    def needs_frame(self):
        """True when the picture changed since the last frame without an event saying so (events draw anyway)."""
        return self._shown_state() != self._drawn

    def draw(self, surface):
        self._drawn = self._shown_state()
        fonts = self.app.fonts
        self.layout = self._laid_out(surface.get_size())
        surface.fill(theme.BACKGROUND)
        draw_header(surface, self.layout.header, self.layout.scale, fonts, self.buttons, self.app.shown)
        self._draw_canvas(surface, fonts)
        two = self.side_count == 2
        shown = self.app.shown
        for number, (rect, side, guess) in enumerate(zip(self.layout.panels, shown.sides, self.guesses)):
            labels = list(side.net.labels) if side.net is not None else []
            title = shown.description(number) if two else None
            look = guess.look
            marked = self.why_class if self.inside.visible and number == self.inside_side else None
            guess.panel.draw(surface, rect, fonts, labels, guess.probabilities, guess.seen,
                             prompt_for(labels, number), title, chosen=two and number == shown.chosen_side,
                             unsure=look.contenders if look is not None and look.unsure else None, selected=marked,
                             mark=look.contenders if look is not None and not look.character else None)
        if self.inside.visible:
            look = self.inside_look()
            self.why.draw(surface, self.layout.why, fonts, look, self.why_class)
            button, area = self.learn_button, self.layout.inside
            room = area.width - 40 - ui.text_width(fonts.body, INSIDE_TITLE)  # beside the panel's title, if it fits
            button.rect = pygame.Rect(area.right - 12 - button.width(fonts), area.y + 8, button.width(fonts), 28)
            if room < button.rect.width:
                button.rect.width = 0  # too narrow: S alone opens it
            self.inside.draw(surface, area, fonts, look, reserved=button.rect.width + 8 if button.rect.width else 0)
            if button.rect.width:
                button.draw(surface, fonts)
        self.label_strip.draw(surface, self.layout.canvas, fonts)
        self._draw_footer(surface, fonts)
        if self.show_help:
            ui.help_box(surface, fonts, self.keys.help, HELP_CLOSING)
        if self.picker is not None:
            self.picker.draw(surface, fonts)

    def _draw_canvas(self, surface, fonts):
        rect = self.layout.canvas
        image = self.board.image(self.canvas, rect.width)
        surface.blit(image, rect)
        pygame.draw.rect(surface, theme.PANEL_EDGE, rect.inflate(4, 4), width=2, border_radius=4)
        self.drawing_shown = rect
        if self.label_strip.is_open:  # the strip covers the canvas's lower part: the whole drawing, smaller, above it
            strip = self.label_strip.place(rect)[0]
            above = pygame.Rect(rect.x, rect.y, rect.width, strip.y - rect.y - 4)
            side = min(above.width, above.height)
            self.drawing_shown = pygame.Rect(0, 0, side, side)
            self.drawing_shown.center = above.center
            surface.fill(theme.BACKGROUND, rect)
            if side > 0:
                surface.blit(pygame.transform.smoothscale(image, (side, side)), self.drawing_shown)
                pygame.draw.rect(surface, theme.FAINT, self.drawing_shown.inflate(2, 2), width=1)
        if self.canvas.is_empty:
            ui.text(surface, "draw here", fonts.heading, theme.FAINT, rect.center, "center")
        if self.cursor and rect.collidepoint(self.cursor) and not self.show_help:
            radius = max(2, round(self.brush * rect.width / self.canvas.size))
            colour = theme.ERROR if self.pen == "erase" else theme.ACCENT
            pygame.draw.circle(surface, colour, self.cursor, radius, width=1)

    def _draw_footer(self, surface, fonts):
        footer = self.layout.footer
        if not self.layout.hints:  # notices hold the line for a few seconds
            return
        middle = footer.bottom - FOOTER // 2  # the hints' line, below the notices
        ui.text(surface, footer_hint(fonts.small, footer.width - 200), fonts.small, theme.MUTED,
                (MARGIN, middle), "midleft")
        ui.text(surface, f"brush {self.brush:.0f} px", fonts.small, theme.MUTED, (footer.right - MARGIN, middle),
                "midright")

    def close(self):
        self.pen = self.pen_outside = None

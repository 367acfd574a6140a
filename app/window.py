"""The Inkling window: the display, the frame loop, notices, and the view shown (see app.view for the contract).

What the views show (the networks, one or two sides) is ``app.shown``, a ``shown.Shown``; the window only loads
dropped files into it and says what happened in notices.
"""

import os
import traceback

import pygame

from network.errors import InklingError

from . import theme, ui
from .drawing_view import DrawingView
from .line_view import LineView, is_picture
from .loading import describe, load_drawable, short_problem
from .min_size import set_minimum_size
from .shown import SIDE_NAMES, Shown
from .training_view import TrainingView

FPS = 60
MIN_SIZE = (640, 480)  # views are laid out for at least this; SDL keeps the window from shrinking below it
IDLE_WAIT_MS = 250  # the longest the loop sleeps while nothing changes: views still update a few times a second
SIZE = (1040, 700)
NOTICE_SECONDS = 6.0
FADE_SECONDS = 1.0
NOTICE_LINE = 22  # pixels from one line of a notice to the next
NOTICE_GAP = 6  # pixels between stacked notices
NOTICES_KEPT = 3  # at most this many at once, the newest nearest the window's edge
NOTICE_TOP = 80  # a view that names no place for notices gets them below this, from the window's bottom up


class Notice:
    """A message shown over every view until ``until`` (seconds of window time), fading at the end."""

    def __init__(self, text, kind, until):
        self.text, self.kind, self.until = text, kind, until


CHOOSE_RIGHT = "Choose a network for the right side: press N, or drop an .npz onto the window"


def faded(colour, alpha, steps=8):
    """``colour`` mixed into the notices' panel colour by ``alpha`` (1: the colour itself), in a few steps only,
    so that a fading notice's text is rendered (and cached) a few times, not every frame anew."""
    alpha = round(alpha * steps) / steps
    return tuple(round(panel + (value - panel) * alpha) for value, panel in zip(colour, theme.PANEL))


class App:
    """Owns the display and the frame loop; routes events to the view shown and loads dropped networks.

    The drawing can be shown to two networks side by side (``shown``, see app.shown); a dropped file replaces
    the chosen side.
    """

    def __init__(self, network=None, network_path=None, size=SIZE, train_preset=None, second=None):
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("Inkling - draw and guess")
        pygame.display.set_mode(size, pygame.RESIZABLE)
        set_minimum_size(*MIN_SIZE)
        self._small_window_frame = None  # the frame views draw on while the window is below the minimum size
        self.surface = self.frame_surface()
        pygame.key.set_repeat(400, 60)
        self.fonts = theme.Fonts()
        self.clock = pygame.time.Clock()
        self.time = 0.0
        self.frames = 0  # frames drawn
        self.ticks = 0  # passes through the frame loop, drawn or not
        self.frame_wanted = True  # something changed since the last frame drawn (see needs_frame)
        self.notices = []
        self.notice_rects = []  # where the notices were last drawn
        self.shown = Shown((network, network_path), second)
        self.running = True
        self.view = None
        self.kept = {}  # view class -> the one kept view of that class (see View.kept)
        self.drawing = self.open(DrawingView)  # one for the whole session: the drawing and brush survive
        if train_preset is not None:
            self.open(TrainingView, train_preset)

    # --- views -------------------------------------------------------------------------------------

    def open(self, view_class, *args):
        """Show a view of ``view_class`` (made with ``(app, *args)``, or the kept one while it still fits) and
        return it; the view shown before is closed."""
        view = self.kept.get(view_class)
        if view is None or not view.still_fits():
            if view is not None:
                view.discard()
            view = view_class(self, *args)
            if view_class.kept:
                self.kept[view_class] = view
        if self.view is not None:
            self.view.close()
        self.view = view
        self.request_frame()
        return view

    def show_drawing(self):
        """Go back to the drawing view, with its drawing as it was left; returns it."""
        return self.open(DrawingView)

    # --- the networks shown ------------------------------------------------------------------------

    def load_network_file(self, path, side=None):
        """Load a dropped or chosen file onto ``side`` (default: the drop side); on any problem show a
        notice and keep the current network."""
        shown = self.shown
        side = shown.drop_side if side is None else side
        old = shown.sides[side].path
        keeping = f" Still using {os.path.basename(old)}." if old else ""
        net = self.read_network_file(path, keeping)
        if net is None:
            return False
        shown.set_network(net, path, side)
        self.notices = [notice for notice in self.notices if notice.text != CHOOSE_RIGHT]  # done: chosen
        where = ""
        if shown.two_sides:
            replaced = f", replacing {os.path.basename(old)}" if old and old != path else ""
            where = f" on the {SIDE_NAMES[side]}{replaced}"
        self.show_notice(f"Loaded {describe(net, path)}{where}", "info")
        return True

    def toggle_two_sides(self):
        """Show or hide the second network beside the first (B); with none chosen yet, say how to choose one."""
        if self.shown.toggle_two_sides():
            self.show_notice(CHOOSE_RIGHT, "info")

    def read_network_file(self, path, aftermath=""):
        """The drawable network in ``path``, or None after a notice saying why not (ending with ``aftermath``).

        Whatever goes wrong, the window stays open with its work: a bad file is explained, and an
        unexpected failure (a bug) is named in the notice, its traceback printed on the terminal.
        """
        try:
            return load_drawable(path)
        except (InklingError, OSError) as error:
            self.show_notice(f"Could not load {short_problem(error)}.{aftermath}", "error")
        except Exception as error:  # a reader's bug must not close the window and lose a run
            traceback.print_exc()
            self.show_notice(f"Could not load {os.path.basename(os.fspath(path))}: unexpected "
                             f"{type(error).__name__} (the terminal shows the details).{aftermath}", "error")
        return None

    def drop_file(self, path):
        """A file dropped onto the window: the current view may take it (training does); a picture is read in
        line mode; anything else is loaded as a network."""
        if self.view.take_dropped_file(path):
            return
        if is_picture(path):
            self.open(LineView).show_picture(path)
        else:
            self.load_network_file(path)

    def show_trained(self, net, path):
        """Draw with a network just trained, the network it started from beside it for comparing."""
        before = self.shown.sides[0]
        if self.shown.show_beside(net, path):
            self.show_notice(f"The new network on the left, {os.path.basename(before.path or 'the one before')} "
                             f"on the right: B hides it", "info")
        self.show_drawing()

    # --- notices -----------------------------------------------------------------------------------

    def show_notice(self, text, kind="info", seconds=NOTICE_SECONDS):
        """Show ``text`` over every view for a few seconds; ``kind`` is "info" or "error"."""
        self.notices = [n for n in self.notices if n.text != text][-(NOTICES_KEPT - 1):]  # each message once
        self.notices.append(Notice(text, kind, self.time + seconds))
        self.request_frame()

    @property
    def notice_texts(self):
        return [notice.text for notice in self.notices]

    def notice_lines(self, text, width):
        """The lines of a notice saying ``text`` in an area ``width`` wide: wrapped whole, never cut."""
        return ui.wrap_whole(self.fonts.body, text, width - 84)

    def notices_height(self, width, most):
        """How high the notices shown stand, stacked in an area ``width`` wide: the newest always, older ones while
        the stack keeps within ``most`` pixels (0 with none). A view keeping room for them lays out with it."""
        total = 0
        for notice in reversed(self.notices):
            height = 12 + NOTICE_LINE * len(self.notice_lines(notice.text, width)) + NOTICE_GAP
            if total and total + height > most:
                break
            total += height
        return total

    def notice_area(self, size):
        """Where notices go in a window of ``size``: the area the view offers with ``notice_area(size)``, one that
        covers none of its controls, else all below NOTICE_TOP. Notices start at the area's window edge (top or
        bottom) and stack away from it; the newest is always shown, older ones only where they fit."""
        width, height = size
        area = self.view.notice_area(size)
        if area is None or not pygame.Rect(0, 0, width, height).contains(area):
            area = pygame.Rect(0, NOTICE_TOP, width, height - NOTICE_TOP)
        return area

    def _draw_notices(self, surface):
        width, height = surface.get_size()
        area = self.notice_area((width, height))
        downward = area.centery < height / 2
        edge = area.top + 4 if downward else area.bottom - 4
        self.notice_rects = []
        for notice in reversed(self.notices):
            alpha = max(0.0, min(1.0, (notice.until - self.time) / FADE_SECONDS))
            lines = self.notice_lines(notice.text, area.width)
            text_width = max(ui.text_width(self.fonts.body, line) for line in lines)
            box = pygame.Rect(0, 0, text_width + 44, 12 + NOTICE_LINE * len(lines))
            if downward:
                box.midtop = (area.centerx, edge)
                edge = box.bottom + NOTICE_GAP
            else:
                box.midbottom = (area.centerx, edge)
                edge = box.top - NOTICE_GAP
            if self.notice_rects and not area.contains(box):
                break
            # A fading notice keeps its box whole and fades its words into it: what lies beneath never shows
            # through, so text under text is never seen garbled; the box goes when the notice does.
            layer = pygame.Surface(box.size, pygame.SRCALPHA)
            colour = faded(theme.ERROR if notice.kind == "error" else theme.INFO, alpha)
            pygame.draw.rect(layer, theme.PANEL, layer.get_rect(), border_radius=10)
            pygame.draw.rect(layer, colour, layer.get_rect(), width=2, border_radius=10)
            pygame.draw.circle(layer, colour, (16, 17), 5)
            for number, line in enumerate(lines):
                ui.text(layer, line, self.fonts.body, faded(theme.TEXT, alpha), (30, 17 + NOTICE_LINE * number),
                        "midleft")
            surface.blit(layer, box)
            self.notice_rects.append(box)

    # --- the frame loop ----------------------------------------------------------------------------

    def request_frame(self):
        """Draw the next frame: call after changing what a view shows outside an event (events ask already)."""
        self.frame_wanted = True

    def needs_frame(self):
        """Whether the next pass through the loop must draw: something asked for it, a notice is fading, or the
        view says its picture changed on its own (``view.needs_frame()``)."""
        if self.frame_wanted or any(notice.until - self.time < FADE_SECONDS for notice in self.notices):
            return True
        return self.view.needs_frame()

    def frame_surface(self):
        """The surface views draw on: the window's own, or while the window is smaller than MIN_SIZE (where SDL
        could not stop that) one of the minimum size, whose top-left part is shown: cut, never overlapping."""
        window = pygame.display.get_surface()
        size = tuple(max(side, least) for side, least in zip(window.get_size(), MIN_SIZE))
        if size == window.get_size():
            return window
        if self._small_window_frame is None or self._small_window_frame.get_size() != size:
            self._small_window_frame = pygame.Surface(size).convert()
        return self._small_window_frame

    def handle_event(self, event):
        self.request_frame()  # whatever happened (a click, a key, the window uncovered) may change the picture
        if event.type == pygame.QUIT:
            self.quit()
        elif event.type == pygame.DROPFILE:
            self.drop_file(event.file)
        else:
            self.view.handle_event(event)

    def step(self, dt=1.0 / FPS, events=()):
        """One pass: handle ``events`` and those waiting, update the view, and draw it if anything changed.
        False once the window should close."""
        for event in [*events, *pygame.event.get()]:
            self.handle_event(event)
            if not self.running:
                return False
        self.time += dt
        self.ticks += 1
        showing = len(self.notices)
        self.notices = [notice for notice in self.notices if notice.until > self.time]
        if len(self.notices) != showing:
            self.request_frame()
        self.view.update(dt)
        if self.needs_frame():
            self.frame_wanted = False
            self.frames += 1
            self.surface = self.frame_surface()
            self.view.draw(self.surface)
            window = pygame.display.get_surface()
            if self.surface is not window:
                window.blit(self.surface, (0, 0))
            self._draw_notices(window)
            pygame.display.flip()
        return True

    def idle_wait_ms(self):
        """How long the loop may sleep waiting for an event: until the first notice starts fading, at most
        IDLE_WAIT_MS."""
        fades = [(notice.until - FADE_SECONDS - self.time) * 1000 for notice in self.notices]
        return max(1, round(min([IDLE_WAIT_MS, *fades])))

    def run(self, max_frames=None):
        """Run until the window closes (or ``max_frames`` frames have been drawn): up to 60 frames per second
        while something changes; while nothing does, the loop sleeps until an event comes (or a notice fades)."""
        while self.running and (max_frames is None or self.frames < max_frames):
            events = []
            if not self.needs_frame():
                event = pygame.event.wait(self.idle_wait_ms())
                if event.type != pygame.NOEVENT:
                    events.append(event)
            dt = self.clock.tick(FPS) / 1000.0
            self.step(min(dt, 0.25), events)
        if not self.running:
            pygame.quit()

    def quit(self):
        """Close the current view, stop the kept views' background work, and end the frame loop."""
        if self.running:
            self.view.close()
            for view in self.kept.values():
                view.discard(wait=True)
            self.running = False

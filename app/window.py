"""The Inkling window: the display, the frame loop, the loaded network, notices, and the current view.

A view has ``handle_event(event)``, ``update(dt)``, ``draw(surface)`` and ``close()``; it may also have
``needs_frame()`` (True when its picture changed without an event: a view without one is drawn every frame)
and ``notice_area(size)`` (where notices cover none of its controls).
"""

import os
import traceback

import pygame

from network.errors import InklingError

from . import theme, ui
from .loading import describe, load_drawable, short_problem
from .min_size import set_minimum_size

FPS = 60
MIN_SIZE = (640, 480)  # views are laid out for at least this; SDL keeps the window from shrinking below it
IDLE_WAIT_MS = 250  # the longest the loop sleeps while nothing changes: views still update a few times a second
SIZE = (1040, 700)
NOTICE_SECONDS = 6.0
FADE_SECONDS = 1.0
NOTICE_LINE = 22  # pixels from one line of a notice to the next
NOTICES_KEPT = 3  # at most this many at once, the newest nearest the window's edge
NOTICE_TOP = 80  # a view that names no place for notices gets them below this, from the window's bottom up


class Notice:
    """A message shown over every view until ``until`` (seconds of window time), fading at the end."""

    def __init__(self, text, kind, until):
        self.text, self.kind, self.until = text, kind, until


class Side:
    """One network the drawing is shown to, and the file it came from (None for an empty side)."""

    def __init__(self, net=None, path=None):
        self.net, self.path = net, path


SIDE_NAMES = ("left", "right")
CHOOSE_RIGHT = "Choose a network for the right side: press N, or drop an .npz onto the window"


class App:
    """Owns the display and the frame loop; routes events to the current view and handles dropped networks.

    The drawing can be shown to two networks side by side: ``sides[0]`` is the main one (``network``),
    ``sides[1]`` the one beside it while ``two_sides`` is on. A dropped file replaces the chosen side.
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
        self.theme = theme
        self.clock = pygame.time.Clock()
        self.time = 0.0
        self.frames = 0  # frames drawn
        self.ticks = 0  # passes through the frame loop, drawn or not
        self.frame_wanted = True  # something changed since the last frame drawn (see needs_frame)
        self.notices = []
        self.notice_rects = []  # where the notices were last drawn
        self.sides = [Side(network, network_path), Side(*(second or (None, None)))]
        self.two_sides = second is not None
        self.chosen_side = 0  # the side a dropped file replaces while two are shown
        self.opened = [path for path in (network_path, second and second[1]) if path]  # files opened this run
        self.running = True
        from .drawing_view import DrawingView
        self.drawing = DrawingView(self)  # one for the whole session: the drawing and brush survive other views
        self.view = self.drawing
        self.test_view = None  # kept while it tests the networks shown, so its work and place survive
        if train_preset is not None:
            self.open_training(train_preset)

    # --- the network -------------------------------------------------------------------------------

    @property
    def network(self):
        """The main network (the left side), or None."""
        return self.sides[0].net

    @property
    def network_path(self):
        return self.sides[0].path

    def set_network(self, net, path, side=0):
        """Use ``net`` (loaded from or saved to ``path``) on ``side`` from now on; views notice the change."""
        self.sides[side] = Side(net, path)
        if path and path not in self.opened:
            self.opened.append(path)

    @property
    def drop_side(self):
        """The side a dropped file goes to: the chosen one while two are shown, else the main one."""
        return self.chosen_side if self.two_sides else 0

    def load_network_file(self, path, side=None):
        """Load a dropped or chosen file onto ``side`` (default: the drop side); on any problem show a
        notice and keep the current network."""
        side = self.drop_side if side is None else side
        old = self.sides[side].path
        keeping = f" Still using {os.path.basename(old)}." if old else ""
        net = self.read_network_file(path, keeping)
        if net is None:
            return False
        self.set_network(net, path, side)
        self.notices = [notice for notice in self.notices if notice.text != CHOOSE_RIGHT]  # done: chosen
        where = ""
        if self.two_sides:
            replaced = f", replacing {os.path.basename(old)}" if old and old != path else ""
            where = f" on the {SIDE_NAMES[side]}{replaced}"
        self.show_notice(f"Loaded {describe(net, path)}{where}", "info")
        return True

    def toggle_two_sides(self):
        """Show or hide the second network beside the first (B); with none chosen yet, say how to choose one."""
        self.two_sides = not self.two_sides
        if not self.two_sides:
            self.chosen_side = 0
        elif self.sides[1].net is None:
            self.chosen_side = 1
            self.show_notice(CHOOSE_RIGHT, "info")

    def side_description(self, side=0):
        """One line naming the network on ``side``."""
        net, path = self.sides[side].net, self.sides[side].path
        return describe(net, path) if net is not None else "no network loaded"

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
        """A file dropped onto the window: the current view may take it (training does), else it is loaded."""
        take = getattr(self.view, "take_dropped_file", None)
        if take is None or not take(path):
            self.load_network_file(path)

    @property
    def network_description(self):
        return self.side_description(0)

    # --- views -------------------------------------------------------------------------------------

    def switch_to(self, view):
        """Close the current view and show ``view``."""
        self.view.close()
        self.view = view
        self.request_frame()

    def show_drawing(self):
        """Switch back to the drawing view, with its drawing as it was left."""
        self.switch_to(self.drawing)

    def show_trained(self, net, path):
        """Draw with a network just trained, the network it started from beside it for comparing."""
        before = self.sides[0]
        self.set_network(net, path)
        if before.net is not None and before.net is not net:
            self.sides[1], self.two_sides, self.chosen_side = before, True, 0
            self.show_notice(f"The new network on the left, {os.path.basename(before.path or 'the one before')} "
                             f"on the right: B hides it", "info")
        self.show_drawing()

    def open_test(self):
        """Switch to the test view (E in the drawing view): the same one as before while the networks are the same."""
        from .test_view import TestView, shown_networks
        if self.test_view is None or not self.test_view.shows(shown_networks(self)):
            if self.test_view is not None:
                self.test_view.cancel()
            self.test_view = TestView(self)
        self.switch_to(self.test_view)

    def open_training(self, preset=None):
        """Switch to the training view (T in the drawing view), started with ``preset`` options if given."""
        from .training_view import TrainingView  # imported here: it imports the drawing view, which imports us
        self.switch_to(TrainingView(self, preset))

    # --- notices -----------------------------------------------------------------------------------

    def show_notice(self, text, kind="info", seconds=NOTICE_SECONDS):
        """Show ``text`` over every view for a few seconds; ``kind`` is "info" or "error"."""
        self.notices = [n for n in self.notices if n.text != text][-(NOTICES_KEPT - 1):]  # each message once
        self.notices.append(Notice(text, kind, self.time + seconds))
        self.request_frame()

    @property
    def notice_texts(self):
        return [notice.text for notice in self.notices]

    def notice_area(self, size):
        """Where notices go in a window of ``size``: the area the view offers with ``notice_area(size)``, one that
        covers none of its controls, else all below NOTICE_TOP. Notices start at the area's window edge (top or
        bottom) and stack away from it; the newest is always shown, older ones only where they fit."""
        width, height = size
        offered = getattr(self.view, "notice_area", None)
        area = offered(size) if offered else None
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
            lines = ui.wrap(self.fonts.body, notice.text, area.width - 84, max_lines=3)
            text_width = max(ui.text_width(self.fonts.body, line) for line in lines)
            box = pygame.Rect(0, 0, text_width + 44, 12 + NOTICE_LINE * len(lines))
            if downward:
                box.midtop = (area.centerx, edge)
                edge = box.bottom + 6
            else:
                box.midbottom = (area.centerx, edge)
                edge = box.top - 6
            if self.notice_rects and not area.contains(box):
                break
            layer = pygame.Surface(box.size, pygame.SRCALPHA)
            colour = theme.ERROR if notice.kind == "error" else theme.INFO
            pygame.draw.rect(layer, (*theme.PANEL, 245), layer.get_rect(), border_radius=10)
            pygame.draw.rect(layer, colour, layer.get_rect(), width=2, border_radius=10)
            pygame.draw.circle(layer, colour, (16, 17), 5)
            for number, line in enumerate(lines):
                ui.text(layer, line, self.fonts.body, theme.TEXT, (30, 17 + NOTICE_LINE * number), "midleft")
            layer.set_alpha(round(255 * alpha))
            surface.blit(layer, box)
            self.notice_rects.append(box)

    # --- the frame loop ----------------------------------------------------------------------------

    def request_frame(self):
        """Draw the next frame: call after changing what a view shows outside an event (events ask already)."""
        self.frame_wanted = True

    def needs_frame(self):
        """Whether the next pass through the loop must draw: something asked for it, a notice is fading, or the
        view says its picture changed on its own (``view.needs_frame()``; a view without one is drawn every frame)."""
        if self.frame_wanted or any(notice.until - self.time < FADE_SECONDS for notice in self.notices):
            return True
        view_needs = getattr(self.view, "needs_frame", None)
        return view_needs is None or view_needs()

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
        """Close the current view, stop the test view's background work, and end the frame loop."""
        if self.running:
            self.view.close()
            if self.test_view is not None:
                self.test_view.cancel(wait=True)
            self.running = False

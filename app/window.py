"""The Inkling window: the display, the frame loop, the loaded network, notices, and the current view."""

import os

import pygame

from network.errors import InklingError

from . import theme, ui
from .loading import describe, load_drawable, short_problem

FPS = 60
SIZE = (1040, 700)
NOTICE_SECONDS = 6.0
FADE_SECONDS = 1.0
NOTICE_LINE = 24  # pixels from one line of a notice to the next


class Notice:
    """A message shown over every view until ``until`` (seconds of window time), fading at the end."""

    def __init__(self, text, kind, until):
        self.text, self.kind, self.until = text, kind, until


class App:
    """Owns the display and the frame loop; routes events to the current view and handles dropped networks."""

    def __init__(self, network=None, network_path=None, size=SIZE, train_preset=None):
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("Inkling - draw and guess")
        self.surface = pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.key.set_repeat(400, 60)
        self.fonts = theme.Fonts()
        self.theme = theme
        self.clock = pygame.time.Clock()
        self.time = 0.0
        self.frames = 0
        self.notices = []
        self.network, self.network_path = network, network_path
        self.running = True
        from .drawing_view import DrawingView
        self.drawing = DrawingView(self)  # one for the whole session: the drawing and brush survive other views
        self.view = self.drawing
        if train_preset is not None:
            self.open_training(train_preset)

    # --- the network -------------------------------------------------------------------------------

    def set_network(self, net, path):
        """Use ``net`` (loaded from or saved to ``path``) from now on; views notice the change."""
        self.network, self.network_path = net, path

    def load_network_file(self, path):
        """Load a dropped or chosen file; on any problem show a notice and keep the current network."""
        try:
            net = load_drawable(path)
        except (InklingError, OSError) as error:
            keeping = f" Still using {os.path.basename(self.network_path)}." if self.network_path else ""
            self.show_notice(f"Could not load {short_problem(error)}.{keeping}", "error")
            return False
        self.set_network(net, path)
        self.show_notice(f"Loaded {describe(net, path)}", "info")
        return True

    @property
    def network_description(self):
        return describe(self.network, self.network_path) if self.network is not None else "no network loaded"

    # --- views -------------------------------------------------------------------------------------

    def switch_to(self, view):
        """Close the current view and show ``view``."""
        self.view.close()
        self.view = view

    def show_drawing(self):
        """Switch back to the drawing view, with its drawing as it was left."""
        self.switch_to(self.drawing)

    def open_training(self, preset=None):
        """Switch to the training view (T in the drawing view), started with ``preset`` options if given."""
        from .training_view import TrainingView  # imported here: it imports the drawing view, which imports us
        self.switch_to(TrainingView(self, preset))

    # --- notices -----------------------------------------------------------------------------------

    def show_notice(self, text, kind="info", seconds=NOTICE_SECONDS):
        """Show ``text`` over every view for a few seconds; ``kind`` is "info" or "error"."""
        self.notices = [n for n in self.notices if n.text != text][-2:]
        self.notices.append(Notice(text, kind, self.time + seconds))

    @property
    def notice_texts(self):
        return [notice.text for notice in self.notices]

    def _draw_notices(self, surface):
        width, height = surface.get_size()
        bottom = height - 44
        for notice in reversed(self.notices):
            alpha = max(0.0, min(1.0, (notice.until - self.time) / FADE_SECONDS))
            lines = ui.wrap(self.fonts.body, notice.text, width - 120, max_lines=3)
            text_width = max(ui.text_width(self.fonts.body, line) for line in lines)
            box = pygame.Rect(0, 0, text_width + 44, 16 + NOTICE_LINE * len(lines))
            box.midbottom = (width // 2, bottom)
            layer = pygame.Surface(box.size, pygame.SRCALPHA)
            colour = theme.ERROR if notice.kind == "error" else theme.INFO
            pygame.draw.rect(layer, (*theme.PANEL, 240), layer.get_rect(), border_radius=10)
            pygame.draw.rect(layer, colour, layer.get_rect(), width=2, border_radius=10)
            pygame.draw.circle(layer, colour, (16, 20), 5)
            for number, line in enumerate(lines):
                ui.text(layer, line, self.fonts.body, theme.TEXT, (30, 21 + NOTICE_LINE * number), "midleft")
            layer.set_alpha(round(255 * alpha))
            surface.blit(layer, box)
            bottom = box.top - 8

    # --- the frame loop ----------------------------------------------------------------------------

    def handle_event(self, event):
        if event.type == pygame.QUIT:
            self.quit()
        elif event.type == pygame.DROPFILE:
            self.load_network_file(event.file)
        else:
            self.view.handle_event(event)

    def step(self, dt=1.0 / FPS):
        """One frame: handle waiting events, update and draw the view. False once the window should close."""
        for event in pygame.event.get():
            self.handle_event(event)
            if not self.running:
                return False
        self.time += dt
        self.frames += 1
        self.notices = [notice for notice in self.notices if notice.until > self.time]
        self.view.update(dt)
        self.surface = pygame.display.get_surface()
        self.view.draw(self.surface)
        self._draw_notices(self.surface)
        pygame.display.flip()
        return True

    def run(self, max_frames=None):
        """Run at up to 60 frames per second until the window closes (or ``max_frames`` frames have run)."""
        while self.running and (max_frames is None or self.frames < max_frames):
            dt = self.clock.tick(FPS) / 1000.0
            self.step(min(dt, 0.25))
        if not self.running:
            pygame.quit()

    def quit(self):
        """Close the current view and end the frame loop."""
        if self.running:
            self.view.close()
            self.running = False

"""The training view while the data loads: a spinner, and Esc to give up at once (the loader is cancelled)."""

import pygame

from . import theme, ui
from .keys import Key, KeyTable
from .training_start import Loader
from .view import View


class LoadingStage(View):
    """Runs a Loader for ``request`` and hands its outcome to the training view when it is done."""

    name = "loading"
    run = None
    keys = KeyTable(Key((pygame.K_ESCAPE,), "back"))

    def __init__(self, training, request):
        super().__init__(training.app)
        self.training, self.request = training, request
        self.loader = Loader(request)
        self.loader.start()
        self.frames = 0

    def back(self):
        """Esc: nothing has started yet, so back to drawing straight away (close cancels the loader)."""
        self.app.show_drawing()

    def update(self, dt):
        if self.loader.done:
            self.training.loaded(self.loader)

    def draw(self, surface):
        width, height = surface.get_size()
        fonts = self.app.fonts
        ui.text(surface, f"Loading {self.request.title}...", fonts.heading, theme.TEXT,
                (width // 2, height // 2 - 20), "center")
        centre = (width // 2, height // 2 + 40)
        angle = self.frames * 0.15
        for i in range(8):
            shade = 60 + 24 * ((i + int(angle * 8 / 6.283)) % 8)
            point = (centre[0] + 22 * pygame.math.Vector2(1, 0).rotate_rad(i * 0.785).x,
                     centre[1] + 22 * pygame.math.Vector2(1, 0).rotate_rad(i * 0.785).y)
            pygame.draw.circle(surface, (shade, shade, min(255, shade + 30)), point, 4)
        self.frames += 1

    def close(self):
        """Left while loading: nothing was learned, so nothing is kept; the window does not wait for the data."""
        self.loader.cancel()

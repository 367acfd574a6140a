"""Watch it learn: the training view. Set up a run, then see the first-layer weights, curves and progress live.

Three stages take turns in the view, each a class of its own: the setup form (training_setup_stage), loading
(training_loading: the data is read in a background thread so the window keeps answering), and the run
(training_live, with its result in training_result). A finished or stopped run is saved (network to
saved_networks/, log to logs/) and the view offers to draw with it; a diverged run saves nothing.
"""

import os
import time

import pygame

from . import theme
from .layout import HEADER
from .training_live import RunStage, Watching
from .training_loading import LoadingStage
from .training_setup import SetupForm
from .training_setup_stage import SetupStage
from .training_start import request_from_preset
from .view import View

SETTLE_SECONDS = 1.0


class TrainingView(View):
    """The stage shown (``stage``: setup, loading or the run), the form kept across runs, and how runs are watched."""

    def __init__(self, app, preset=None):
        super().__init__(app)
        self.form = SetupForm(app.shown.network, self.loaded_name())
        self.watching = Watching()
        self.request = None
        self.stage = SetupStage(self)
        self._state_seen, self._settled_at = None, 0.0  # the stage and run state, and when frames may rest after it
        if preset is not None:
            try:
                self.start(request_from_preset(preset))
            except ValueError as error:
                app.show_notice(f"Cannot train: {error}", "error", seconds=10)
        elif not any(self.form.available.values()):
            app.show_notice("No dataset found: get one with  python -m network download mnist  "
                            "(or emnist)", "error", seconds=12)

    @property
    def keys(self):
        return self.stage.keys

    @property
    def run(self):
        """The run loaded (live or ended), or None before one is."""
        return self.stage.run

    def loaded_name(self):
        path = self.app.shown.network_path
        return os.path.basename(path) if path else None

    # --- from stage to stage -------------------------------------------------------------------------

    def start(self, request):
        """Load the data for ``request`` (a RunRequest) in the background, then run it."""
        self.request = request
        self.stage = LoadingStage(self, request)

    def loaded(self, loader):
        """The loader is done: run what it prepared, or back to the form with what went wrong."""
        if loader.result is None and loader.error is None:  # a bug, not bad input: its traceback is printed
            loader.error = "preparing the run failed unexpectedly (the terminal shows why)"
        if loader.error:
            self.stage = SetupStage(self)
            self.form.error = loader.error
            self.app.show_notice(f"Cannot train: {loader.error}", "error", seconds=10)
        else:
            self.stage = RunStage(self, loader.result)

    def setup_again(self):
        """Back to the form for another run, with a fresh seed so it is not a copy of the last one."""
        self.run.release()
        self.stage = SetupStage(self)
        self.form.new_seed()

    def take_dropped_file(self, path):
        """While data loads or a run goes on, a dropped file never replaces the network: it is only checked.

        Returns False (the window loads the file as usual) when no run is loading or going on.
        """
        if self.stage.name == "setup" or (self.run is not None and not self.run.active):
            return False
        net = self.app.read_network_file(path, " Training goes on.")
        if net is not None:
            self.app.show_notice(f"Training goes on with its own network: {os.path.basename(path)} was not "
                                 f"loaded. Drop it again when training has ended to draw with it.", "info")
        return True

    # --- the view's part in the frame loop, passed to the stage ----------------------------------------

    def handle_event(self, event):
        self.stage.handle_event(event)

    def update(self, dt):
        self.stage.update(dt)

    def needs_frame(self):
        """Loading and a running run animate; the form and a paused or ended run change with events only (after a
        change of stage or state, frames go on for SETTLE_SECONDS so throttled charts show their last points)."""
        state = (self.stage.name, self.run.state if self.run else None)
        if state != self._state_seen:
            self._state_seen, self._settled_at = state, time.perf_counter() + SETTLE_SECONDS
        return self.stage.needs_frame() or time.perf_counter() < self._settled_at

    def draw(self, surface):
        surface.fill(theme.BACKGROUND)
        self.stage.draw(surface)

    def notice_area(self, size):
        """Notices go over the header's title lines: every control of the view is below them."""
        return pygame.Rect(0, 0, size[0], HEADER - 6)

    def close(self):
        """On quit or leaving the view: a run in progress is stopped and saved; loading is cancelled at once."""
        self.stage.close()

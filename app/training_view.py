"""Watch it learn: the training view. Set up a run, then see the first-layer weights, curves and progress live.

Three stages share the view: the setup form, loading (data read in a background thread so the
window keeps answering), and the run itself, stepped inside the frame loop under a time budget
that leaves room for drawing. A finished or stopped run is saved (network to saved_networks/,
log to logs/) and the view offers to draw with it; a diverged run saves nothing.
"""

import os
import threading
import time

import pygame

from network import Network
from network.augment import Augmenter
from network.cli import load_training_data, network_for, output_paths, settings_from_args
from network.errors import os_error_message

from . import theme, ui
from .mosaic import Mosaic, ramp_surface
from .training_charts import draw_curves, draw_progress
from .training_run import DIVERGED, FINISHED, PAUSED, TrainingRun
from .training_setup import OFFERED, SetupForm

SETUP, LOADING, TRAINING = "setup", "loading", "training"
FRAME_SECONDS = 1.0 / 60
TRAINING_SHARE = 0.9  # of each frame's time, while everything is drawn
SLOWEST_FRAME = 1.0 / 24  # ...unless drawing is so slow that the frame rate would drop below this
CURVES_PER_SECOND = 20
FAST_BUDGET = 0.045  # with drawing off the window still answers about 20 times a second
MARGIN = 24
HEADER = 78
FOOTER = 132
WHAT_TO_WATCH = [
    "What to watch: each tile is one hidden unit's 784 input weights drawn as a 28x28 picture. Orange pixels",
    "push the unit on, blue ones push it off. They start as noise and within seconds turn into strokes and blobs.",
    "The cost should fall and the accuracy rise. If the test curve stops improving while the training curve",
    "keeps going, the network has started memorising its training images.",
    "Try a huge learning rate (1000, with relu) to see training diverge, or a single epoch with batch size 1.",
]


class Job:
    """Everything needed to start a run, gathered from the setup form or the command line's options."""

    def __init__(self, dataset, settings, make_network, save_path=None, augment=False, test_path=None, force=False):
        self.dataset, self.settings, self.make_network = dataset, settings, make_network
        self.save_path, self.augment, self.test_path, self.force = save_path, augment, test_path, force
        self.title = next((label for key, label, _ in OFFERED if key == dataset),
                          os.path.basename(os.path.normpath(dataset)))


class Loader(threading.Thread):
    """Reads the data and prepares the run in the background; ``result`` is a TrainingRun or an error."""

    def __init__(self, job):
        super().__init__(daemon=True)
        self.job, self.result, self.error = job, None, None

    def run(self):
        try:
            self.result = prepare_run(self.job)
        except ValueError as error:  # InklingError and bad settings say what is wrong
            self.error = str(error)
        except OSError as error:
            self.error = os_error_message(error)


def prepare_run(job):
    """Load the dataset, build the network, and start a TrainingRun with its save and log paths."""
    train_set, test_set, classes, style = load_training_data(job.dataset, job.test_path)
    net = job.make_network(classes, style)
    name = os.path.basename(os.path.normpath(job.dataset))
    save_path, log_path = output_paths(name, net.sizes, job.save_path, force=job.force)
    augmenter = Augmenter() if job.augment else None
    return TrainingRun(net, train_set, test_set, job.settings, name, save_path, log_path, augmenter)


def job_from_preset(preset):
    """The Job that ``python -m app --train DATASET [options]`` asks for."""
    def make_network(classes, style):
        return network_for(preset, classes, style)
    return Job(preset.train, settings_from_args(preset), make_network, preset.out, preset.augment,
               getattr(preset, "test_dataset", None), preset.force)


def job_from_plan(plan):
    """The Job for what the setup form chose: a copy of the loaded network, or a new one."""
    def make_network(classes, style):
        if plan.start_from is not None:
            return plan.start_from.copy()  # the drawing view's network stays as it was
        return Network(plan.sizes, plan.activation, "softmax", classes, seed=plan.settings.seed,
                       meta={"style": style})
    return Job(plan.dataset, plan.settings, make_network)


class TrainingView:
    """Setup, loading and the live run, with keys to pause, hide drawing, stop, and go back to drawing."""

    def __init__(self, app, preset=None):
        self.app = app
        self.form = SetupForm(app.network, self.loaded_name())
        self.stage = SETUP
        self.job = self.loader = self.run = None
        self.mosaic = Mosaic(theme.BACKGROUND)
        self.show_weights = True
        self.show_drawing = True
        self.slow = False
        self._mosaic_image = None
        self._mosaic_key = None
        self._mosaic_every = 1
        self._curves_image = None
        self._curves_key = None
        self._curves_drawn_at = 0.0
        self._ramp = None
        self.weights_rect = None  # where the mosaic was last drawn on the window
        self._frames = 0
        self._last_update = None
        self._other_seconds = 0.004  # a frame's time outside training: drawing, events, display
        self._trained_seconds = 0.0
        self.setup_buttons = [ui.Button("Start training", "Enter", self.start_from_form),
                              ui.Button("Back to drawing", "Esc", self.back_to_drawing)]
        self.run_buttons = [ui.Button("Pause", "Space", self.toggle_pause), ui.Button("Weights", "W", self.toggle_weights),
                            ui.Button("Drawing", "F", self.toggle_drawing),
                            ui.Button("Slow motion", "S", self.toggle_slow),
                            ui.Button("Stop and save", "Esc", self.stop_run)]
        self.done_buttons = [ui.Button("Draw with this network", "D", self.draw_with_new),
                             ui.Button("Train again", "R", self.setup_again),
                             ui.Button("Back to drawing", "Esc", self.back_to_drawing)]
        if preset is not None:
            try:
                self.start(job_from_preset(preset))
            except ValueError as error:
                app.show_notice(f"Cannot train: {error}", "error", seconds=10)
        elif not any(self.form.available.values()):
            app.show_notice("No dataset found: get one with  python -m network download mnist  "
                            "(or emnist)", "error", seconds=12)

    def loaded_name(self):
        return os.path.basename(self.app.network_path) if self.app.network_path else None

    # --- starting and ending runs --------------------------------------------------------------------

    def start_from_form(self):
        try:
            plan = self.form.plan()
        except ValueError as error:
            self.form.error = str(error)
            return
        self.start(job_from_plan(plan))

    def start(self, job):
        self.job, self.run, self.stage = job, None, LOADING
        self._mosaic_image = self._mosaic_key = self._curves_image = None
        self.loader = Loader(job)
        self.loader.start()

    def _take_loaded_run(self):
        if self.loader.is_alive():
            return
        loader, self.loader = self.loader, None
        if loader.result is None and loader.error is None:  # a bug, not bad input: its traceback is printed
            loader.error = "preparing the run failed unexpectedly (the terminal shows why)"
        if loader.error:
            self.stage = SETUP
            self.form.error = loader.error
            self.app.show_notice(f"Cannot train: {loader.error}", "error", seconds=10)
            return
        self.run, self.stage = loader.result, TRAINING
        self._last_update = None
        if not self.run.active:
            self._announce_end()

    def _announce_end(self):
        """A diverged run gets a notice, and so does a save that failed; a saved run is described in the footer."""
        if self.run.state == DIVERGED:
            self.app.show_notice(f"{self.run.error}. Nothing was saved.", "error", seconds=12)
        elif self.run.save_problem:
            self.app.show_notice(self.save_story(), "error", seconds=20)

    def save_story(self):
        """Where the network went: 'Saved PATH', or why not where it was meant to go and where it went instead."""
        run = self.run
        if not run.saved:
            return f"Not saved: {run.save_problem}"
        if run.save_problem:
            return f"{run.save_problem[0].upper()}{run.save_problem[1:]}; saved it to {run.save_path} instead"
        return f"Saved {run.save_path}"

    def stop_run(self):
        """Esc while training: stop early and keep what was learned."""
        if self.run and self.run.active:
            self.run.stop()
            self._announce_end()

    def draw_with_new(self):
        if self.run is None or not self.run.saved:  # nothing to draw with after a diverged run
            return
        self.app.show_trained(self.run.net, self.run.save_path)

    def setup_again(self):
        if self.run is None or not self.run.active:
            self.run, self.stage = None, SETUP

    def back_to_drawing(self):
        self.app.show_drawing()

    def close(self):
        """On quit or leaving the view: a run in progress is stopped and saved, and the terminal hears where."""
        if self.loader is not None:  # closed while loading: nothing was learned, so nothing is kept
            self.loader.join()
            if self.loader.result is not None:
                self.loader.result.discard()
            self.loader = None
            return
        if self.run is None or not self.run.active:
            return
        self.run.stop()
        print(f"{self.ending()} {self.save_story()} (log {self.run.log_path})", flush=True)

    def take_dropped_file(self, path):
        """While data loads or a run goes on, a dropped file never replaces the network: it is only checked.

        Returns False (the window loads the file as usual) when no run is loading or going on.
        """
        if self.stage == SETUP or (self.stage == TRAINING and not self.run.active):
            return False
        net = self.app.read_network_file(path, " Training goes on.")
        if net is not None:
            self.app.show_notice(f"Training goes on with its own network: {os.path.basename(path)} was not "
                                 f"loaded. Drop it again when training has ended to draw with it.", "info")
        return True

    # --- events ----------------------------------------------------------------------------------------

    def handle_event(self, event):
        if self.stage == SETUP:
            self._handle_setup_event(event)
        elif self.stage == TRAINING:
            self._handle_training_event(event)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.back_to_drawing()  # while loading: nothing has started yet

    def _handle_setup_event(self, event):
        if any(button.handle_event(event) for button in self.setup_buttons):
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.start_from_form()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.back_to_drawing()
        else:
            self.form.handle_event(event)

    def _handle_training_event(self, event):
        run = self.run
        if any(button.handle_event(event) for button in (self.run_buttons if run.active else self.done_buttons)):
            return
        if event.type != pygame.KEYDOWN:
            return
        key = event.key
        if run.active:
            actions = {pygame.K_SPACE: self.toggle_pause, pygame.K_w: self.toggle_weights,
                       pygame.K_f: self.toggle_drawing, pygame.K_s: self.toggle_slow, pygame.K_ESCAPE: self.stop_run}
        else:
            actions = {pygame.K_d: self.draw_with_new, pygame.K_RETURN: self.draw_with_new,
                       pygame.K_r: self.setup_again, pygame.K_ESCAPE: self.back_to_drawing,
                       pygame.K_w: self.toggle_weights, pygame.K_f: self.toggle_drawing}
        if key in actions:
            actions[key]()

    def toggle_pause(self):
        if self.run is not None:
            self.run.toggle_pause()

    def toggle_weights(self):
        self.show_weights = not self.show_weights

    def toggle_drawing(self):
        self.show_drawing = not self.show_drawing

    def toggle_slow(self):
        self.slow = not self.slow

    # --- the frame ----------------------------------------------------------------------------------------

    def update(self, dt):
        """Take the loaded run when it is ready; train for this frame's slice of time."""
        now = time.perf_counter()
        wall = min(now - self._last_update, 0.25) if self._last_update is not None else 0.0
        self._last_update = now
        if wall:
            self._other_seconds += 0.1 * (max(0.0, wall - self._trained_seconds) - self._other_seconds)
        self._trained_seconds = 0.0
        if self.stage == SETUP and self.form.loaded is not self.app.network:
            self.form.use_loaded(self.app.network, self.loaded_name())
        if self.stage == LOADING:
            self._take_loaded_run()
        elif self.stage == TRAINING and self.run.active:
            self.run.advance(self.budget(), wall, max_steps=1 if self.slow else None)
            self._trained_seconds = time.perf_counter() - now
            if not self.run.active:
                self._announce_end()

    def budget(self):
        """Seconds of training this frame: the rest of a 60 fps frame, and at least TRAINING_SHARE of it."""
        if not self.show_drawing:
            return FAST_BUDGET
        other = self._other_seconds
        share = other * TRAINING_SHARE / (1 - TRAINING_SHARE)
        return max(0.002, min(max(FRAME_SECONDS - other, share), SLOWEST_FRAME - other))

    def draw(self, surface):
        surface.fill(theme.BACKGROUND)
        if self.stage == SETUP:
            self._draw_setup(surface)
        elif self.stage == LOADING:
            self._draw_loading(surface)
        else:
            self._draw_training(surface)
        self._frames += 1

    def _draw_setup(self, surface):
        width, height = surface.get_size()
        fonts = self.app.fonts
        ui.text(surface, "Train a network", fonts.title, theme.TEXT, (MARGIN, 22))
        ui.text(surface, "Choose the data and the network, then watch it learn: its first-layer weights, "
                         "cost and accuracy, live.", fonts.small, theme.MUTED, (MARGIN, 58))
        form_area = pygame.Rect(MARGIN, 96, width - 2 * MARGIN, height - 96)
        y = self.form.draw(surface, form_area, fonts)
        missing = [(name, label) for name, label, _ in OFFERED if not self.form.available[name]]
        for name, label in missing:
            download = name.split("-")[0]
            ui.text(surface, f"{label} not found: get it with   python -m network download {download}",
                    fonts.small, theme.MUTED, (MARGIN + 24, y + 4))
            y += fonts.small.get_linesize() + 6
        problem = self.form.continue_problem()
        if self.form.loaded is not None and problem and not self.form.error:
            ui.text(surface, f"Continuing is off: {problem}", fonts.small, theme.MUTED, (MARGIN + 24, y + 4))
            y += fonts.small.get_linesize() + 6
        if self.form.error:
            ui.text(surface, ui.fit(fonts.body, self.form.error, width - 2 * MARGIN - 24), fonts.body, theme.ERROR,
                    (MARGIN + 24, y + 8))
        y += fonts.body.get_linesize() + 24
        for line in WHAT_TO_WATCH:
            if y + fonts.small.get_linesize() > height - 80:
                break
            ui.text(surface, ui.fit(fonts.small, line, width - 2 * MARGIN - 24), fonts.small, theme.FAINT,
                    (MARGIN + 24, y))
            y += fonts.small.get_linesize() + 4
        self._place_buttons(surface, self.setup_buttons, height - 64)
        ui.text(surface, "Up/Down choose a row   Left/Right change it   type numbers   Enter start",
                fonts.small, theme.FAINT, (width - MARGIN, height - 44), "midright")

    def _place_buttons(self, surface, buttons, top):
        x = MARGIN
        for button in buttons:
            button.rect = pygame.Rect(x, top, button.width(self.app.fonts), 40)
            button.draw(surface, self.app.fonts)
            x = button.rect.right + 12

    def _draw_loading(self, surface):
        width, height = surface.get_size()
        fonts = self.app.fonts
        ui.text(surface, f"Loading {self.job.title}...", fonts.heading, theme.TEXT, (width // 2, height // 2 - 20),
                "center")
        centre = (width // 2, height // 2 + 40)
        angle = self._frames * 0.15
        for i in range(8):
            shade = 60 + 24 * ((i + int(angle * 8 / 6.283)) % 8)
            point = (centre[0] + 22 * pygame.math.Vector2(1, 0).rotate_rad(i * 0.785).x,
                     centre[1] + 22 * pygame.math.Vector2(1, 0).rotate_rad(i * 0.785).y)
            pygame.draw.circle(surface, (shade, shade, min(255, shade + 30)), point, 4)

    def _draw_training(self, surface):
        width, height = surface.get_size()
        fonts, run = self.app.fonts, self.run
        self._draw_header(surface, width)
        middle = pygame.Rect(MARGIN, HEADER + 8, width - 2 * MARGIN, height - HEADER - FOOTER - 16)
        if self.show_drawing:
            side = max(60, min(middle.height, int(middle.width * 0.5)))
            self._draw_weights(surface, pygame.Rect(middle.x, middle.y, side, middle.height))
            curves = pygame.Rect(middle.x + side + 32, middle.y, middle.width - side - 32, middle.height)
            surface.blit(self._curves_surface(curves.size), curves)
        else:
            ui.text(surface, "Drawing is off for the fastest training", fonts.heading, theme.TEXT,
                    middle.center, "center")
            ui.text(surface, "press F to see the weights and curves again", fonts.body, theme.MUTED,
                    (middle.centerx, middle.centery + 36), "center")
        footer = pygame.Rect(MARGIN, height - FOOTER, width - 2 * MARGIN, FOOTER)
        if run.state != DIVERGED:  # a diverged run's message takes the progress bar's place
            draw_progress(surface, (footer.x, footer.y, footer.width, 38), run, fonts)
        if run.active:
            long = ["Resume" if run.state == PAUSED else "Pause",
                    "Hide weights" if self.show_weights else "Show weights",
                    "Drawing off (fastest)" if self.show_drawing else "Drawing on",
                    "Normal speed" if self.slow else "Slow motion", "Stop and save"]
            short = [long[0], "Weights", "Drawing", "Slow", "Stop"]
            for labels in (long, short):
                for button, label in zip(self.run_buttons, labels):
                    button.label = label
                if sum(button.width(fonts) + 12 for button in self.run_buttons) <= footer.width:
                    break
            self._place_buttons(surface, self.run_buttons, footer.y + 56)
        else:
            self._draw_result(surface, footer)

    def _draw_header(self, surface, width):
        run, fonts = self.run, self.app.fonts
        sizes = "-".join(map(str, run.net.sizes))
        ui.text(surface, f"Training {sizes} on {self.job.title}", fonts.title, theme.TEXT, (MARGIN, 18))
        settings = run.settings
        details = (f"{run.net.activation}   learning rate {settings.lr:g}   batch {settings.batch_size}   "
                   f"momentum {settings.momentum:g}   {settings.epochs} epochs   "
                   f"{run.train_size:,} training images{' (augmented)' if settings.augment else ''}, "
                   f"{run.test_size:,} test")
        ui.text(surface, ui.fit(fonts.small, details, width - 2 * MARGIN), fonts.small, theme.MUTED, (MARGIN, 52))

    def _draw_weights(self, surface, area):
        fonts = self.app.fonts
        units = self.run.net.sizes[1]
        layer = "hidden unit" if len(self.run.net.sizes) > 2 else "class"
        ui.text(surface, f"First-layer weights: one tile per {layer} ({units})", fonts.body, theme.TEXT,
                (area.x, area.y))
        legend_height = 26
        box = pygame.Rect(area.x, area.y + 28, area.width, area.height - 28 - legend_height)
        if not self.show_weights:
            pygame.draw.rect(surface, theme.PANEL, box, border_radius=8)
            ui.text(surface, "weights hidden: W to show", fonts.body, theme.MUTED, box.center, "center")
        else:
            image = self._mosaic_surface(box.size)
            self.weights_rect = surface.blit(image, image.get_rect(midtop=box.midtop))
            if layer == "class":  # with no hidden layer each tile is one class's template: name it
                self._label_tiles(surface)
        self._draw_legend(surface, pygame.Rect(area.x, area.bottom - legend_height + 6, area.width, 18))

    def _label_tiles(self, surface):
        font = self.app.fonts.small
        for label, tile in zip(self.run.net.labels, self.mosaic.tile_rects(self.weights_rect)):
            image = font.render(label, True, theme.TEXT)
            backdrop = image.get_rect(topleft=(tile.x + 3, tile.y + 3)).inflate(6, 2)
            pygame.draw.rect(surface, theme.BACKGROUND, backdrop, border_radius=3)
            surface.blit(image, image.get_rect(center=backdrop.center))

    def _mosaic_surface(self, size):
        """The mosaic, re-rendered when the weights changed; big layers are refreshed less often."""
        key = (size, self.run.samples_seen)
        due = self._frames % self._mosaic_every == 0 or self.run.state != "running"
        if self._mosaic_image is None or (key != self._mosaic_key and due) or size != self._mosaic_key[0]:
            started = time.perf_counter()
            self._mosaic_image = self.mosaic.render(self.run.net.weights[0], *size)
            self._mosaic_key = key
            cost = time.perf_counter() - started
            self._mosaic_every = max(1, min(15, int(cost / (0.15 * FRAME_SECONDS)) + 1))
        return self._mosaic_image

    def _curves_surface(self, size):
        """The charts, redrawn when new points arrived, at most CURVES_PER_SECOND times a second."""
        key = (size, self.run.curves.revision, self.run.state)
        now = time.perf_counter()
        if self._curves_image is None or self._curves_image.get_size() != size or (
                key != self._curves_key and now - self._curves_drawn_at >= 1.0 / CURVES_PER_SECOND):
            self._curves_image = pygame.Surface(size)
            self._curves_image.fill(theme.BACKGROUND)
            draw_curves(self._curves_image, self._curves_image.get_rect(), self.run.curves, self.run.settings.epochs,
                        self.app.fonts)
            self._curves_key, self._curves_drawn_at = key, now
        return self._curves_image

    def _draw_legend(self, surface, rect):
        fonts = self.app.fonts
        left = ui.text(surface, "negative", fonts.small, theme.MUTED, (rect.x, rect.centery), "midleft")
        ramp = pygame.Rect(left.right + 10, rect.y + 3, 160, rect.height - 6)
        if self._ramp is None or self._ramp.get_size() != ramp.size:
            self._ramp = ramp_surface(*ramp.size)
        surface.blit(self._ramp, ramp)
        right = ui.text(surface, "positive", fonts.small, theme.MUTED, (ramp.right + 10, rect.centery), "midleft")
        if right.right + 24 + ui.text_width(fonts.small, "(dark: near zero)") <= rect.right:
            ui.text(surface, "(dark: near zero)", fonts.small, theme.MUTED, (right.right + 24, rect.centery), "midleft")

    def _draw_result(self, surface, footer):
        """How the run ended, where it was saved, and buttons for what to do next."""
        run, fonts = self.run, self.app.fonts
        top = footer.y + 48
        if run.state == DIVERGED:
            lines = ui.wrap(fonts.body, f"{run.error}. Nothing was saved.", footer.width, max_lines=2)
            for number, line in enumerate(lines):
                ui.text(surface, line, fonts.body, theme.ERROR, (footer.x, top - 28 * (len(lines) - 1 - number)))
            self.done_buttons[0].rect = pygame.Rect(0, 0, 0, 0)
            self._place_buttons(surface, self.done_buttons[1:], top + 28)
            return
        ui.text(surface, ui.fit(fonts.body, self.ending(), footer.width), fonts.body, theme.GOOD, (footer.x, top - 6))
        where = f"{self.save_story()}   log {run.log_path}"
        colour = theme.ERROR if run.save_problem else theme.MUTED
        ui.text(surface, ui.fit(fonts.small, where, footer.width), fonts.small, colour, (footer.x, top + 14))
        self._place_buttons(surface, self.done_buttons, top + 32)

    def ending(self):
        """How a saved run ended, e.g. 'Stopped early after 2.41 of 10 epochs: test accuracy 91.2% at the stop.'"""
        run = self.run
        accuracy = run.net.meta.get("test_accuracy")
        if run.state == FINISHED:
            return "Finished" + (f": test accuracy {accuracy:.1%}." if accuracy is not None else ".")
        return (f"Stopped early after {run.progress.epochs_done:.2f} of {run.settings.epochs} epochs"
                + (f": test accuracy {accuracy:.1%} at the stop." if accuracy is not None else "."))

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
from .keys import Key, KeyTable
from .training_charts import draw_curves, draw_progress
from .training_pace import FULL, SLOW, WATCH, Pace
from .training_run import DIVERGED, FINISHED, PAUSED, RUNNING, TrainingRun
from .training_setup import LADDERS, OFFERED, SetupForm
from .training_weights import WeightsPanel
from .view import View

SETUP, LOADING, TRAINING = "setup", "loading", "training"
LEARNING_RATES = [float(value) for value in LADDERS["lr"]]
FRAME_SECONDS = 1.0 / 60
TRAINING_SHARE = 0.8  # of each frame's time, while everything is drawn
SLOWEST_FRAME = 1.0 / 24  # ...unless drawing is so slow that the frame rate would drop below this
CURVES_PER_SECOND = 10
SETTLE_SECONDS = 1.0
FAST_BUDGET = 0.045  # with drawing off the window still answers about 20 times a second
MARGIN = 24
DONE_LABELS = ("Draw with this network", "+1 epoch", "Train again", "Back to drawing")
DONE_LABELS_SHORT = ("Draw with it", "+1 epoch", "Again", "Back")
HEADER = 78
FOOTER = 150
KEYS = KeyTable(  # the footer hints, joined, are the keys line under the form and under a run's buttons
    Key((pygame.K_RETURN, pygame.K_KP_ENTER), "start_from_form", when="in_setup"),
    Key((pygame.K_ESCAPE,), "back_to_drawing", when="before_run"),
    Key(hint="Up/Down row", when="in_setup"),  # the form's own keys (training_setup)
    Key(hint="Left/Right choose or move the caret", when="in_setup"),
    Key(hint="PgUp/PgDn common values", when="in_setup"),
    Key((pygame.K_ESCAPE,), "close_tile", when="tile_enlarged"),
    Key((pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_y), "stop_run", when="asking"),
    Key((pygame.K_d,), "stop_without_saving", when="asking"),
    Key((pygame.K_ESCAPE, pygame.K_n), "keep_training", when="asking"),
    Key((pygame.K_UP,), "change_lr", (1,), when="running"),
    Key((pygame.K_DOWN,), "change_lr", (-1,), when="running", hint="Up/Down learning rate"),
    Key(("+", pygame.K_KP_PLUS, pygame.K_PLUS), "add_epoch", when="watching", hint="+ one more epoch"),
    Key((pygame.K_SPACE,), "toggle_pause", when="running"),
    Key((pygame.K_p,), "toggle_full_speed", when="running", hint="P pace"),
    Key((pygame.K_s,), "toggle_slow", when="running"),
    Key((pygame.K_w,), "toggle_weights", when="watching"),
    Key((pygame.K_f,), "toggle_drawing", when="watching"),
    Key((pygame.K_z,), "toggle_zoom", when="watching", hint="Z zoom charts"),
    Key((pygame.K_PAGEDOWN,), "turn_tiles", (1,), when="watching"),
    Key((pygame.K_PAGEUP,), "turn_tiles", (-1,), when="watching", hint="PageUp/PageDown tiles"),
    Key(hint="click a tile to enlarge", when="watching"),
    Key((pygame.K_ESCAPE,), "ask_to_stop", when="running"),
    Key((pygame.K_d, pygame.K_RETURN), "draw_with_new", when="ended"),
    Key((pygame.K_r,), "setup_again", when="ended"),
    Key((pygame.K_ESCAPE,), "back_to_drawing", when="ended"),
)
WHAT_TO_WATCH = [
    "What to watch: each tile is one hidden unit's 784 input weights drawn as a 28x28 picture. Orange pixels",
    "push the unit on, blue ones push it off. They start as noise and over the first minute turn into strokes.",
    "The cost should fall and the accuracy rise. If the test curve stops improving while the training curve",
    "keeps going, the network has started memorising its training images.",
    "Try a huge learning rate (1000, with relu) to see training diverge, or a single epoch with batch size 1.",
]


class Job:
    """Everything needed to start a run, gathered from the setup form or the command line's options."""

    def __init__(self, dataset, settings, make_network, save_path=None, augment=False, test_path=None, force=False,
                 prepare=None, title=None, load_when_saved=False):
        self.dataset, self.settings, self.make_network = dataset, settings, make_network
        self.save_path, self.augment, self.test_path, self.force = save_path, augment, test_path, force
        self.prepare = prepare or prepare_run  # job -> TrainingRun, run in the loader's thread
        self.load_when_saved = load_when_saved  # the window draws with the result as soon as it is saved
        self.title = title or next((label for key, label, _ in OFFERED if key == dataset),
                                   os.path.basename(os.path.normpath(dataset)))


class Loader(threading.Thread):
    """Reads the data and prepares the run in the background; ``result`` is a TrainingRun or an error."""

    def __init__(self, job):
        super().__init__(daemon=True)
        self.job, self.result, self.error = job, None, None

    def run(self):
        try:
            self.result = self.job.prepare(self.job)
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
    augmenter = Augmenter(share=job.settings.augment_share) if job.augment else None
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


class TrainingView(View):
    """Setup, loading and the live run, with keys to pace, pause, change it, stop, and go back to drawing."""

    keys = KEYS

    def __init__(self, app, preset=None):
        super().__init__(app)
        self.form = SetupForm(app.shown.network, self.loaded_name())
        self.stage = SETUP
        self.job = self.loader = self.run = None
        self.weights = WeightsPanel(app.fonts)
        self.pace = Pace()
        self.show_weights = True
        self.show_drawing = True
        self.zoom = False
        self.asking_to_stop = self.paused_to_ask = False
        self._curves_image = None
        self._curves_key = None
        self._curves_drawn_at = 0.0
        self._frames = 0
        self._state_seen, self._settled_at = None, 0.0  # the stage and run state, and when frames may rest after it
        self._last_update = None
        self._other_seconds = 0.004  # a frame's time outside training: drawing, events, display
        self._trained_seconds = 0.0
        self.setup_buttons = [ui.Button("Start training", "Enter", self.start_from_form),
                              ui.Button("Back to drawing", "Esc", self.back_to_drawing)]
        self.run_buttons = [ui.Button("Pause", "Space", self.toggle_pause),
                            ui.Button("Pace", "P", self.toggle_full_speed),
                            ui.Button("Slow motion", "S", self.toggle_slow),
                            ui.Button("+1 epoch", "+", self.add_epoch),
                            ui.Button("Weights", "W", self.toggle_weights),
                            ui.Button("Drawing", "F", self.toggle_drawing),
                            ui.Button("Stop and save", "Esc", self.ask_to_stop)]
        self.confirm_buttons = [ui.Button("Stop and save", "Enter", self.stop_run),
                                ui.Button("Stop without saving", "D", self.stop_without_saving),
                                ui.Button("Keep training", "Esc", self.keep_training)]
        self.done_buttons = [ui.Button(label, key, action) for label, key, action in zip(
            DONE_LABELS, ("D", "+", "R", "Esc"), (self.draw_with_new, self.add_epoch, self.setup_again,
                                                  self.back_to_drawing))]
        if preset is not None:
            try:
                self.start(job_from_preset(preset))
            except ValueError as error:
                app.show_notice(f"Cannot train: {error}", "error", seconds=10)
        elif not any(self.form.available.values()):
            app.show_notice("No dataset found: get one with  python -m network download mnist  "
                            "(or emnist)", "error", seconds=12)

    def loaded_name(self):
        path = self.app.shown.network_path
        return os.path.basename(path) if path else None

    @property
    def weights_rect(self):
        """Where the mosaic (or the enlarged tile) was last drawn on the window, or None."""
        return self.weights.rect

    @weights_rect.setter
    def weights_rect(self, rect):
        self.weights.rect = rect

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
        self._curves_image = None
        self.weights.reset()
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
        self.asking_to_stop = False
        if self.run.state == DIVERGED:
            self.app.show_notice(f"{self.run.error}. Nothing was saved.", "error", seconds=12)
        elif self.run.save_problem:
            self.app.show_notice(self.save_story(), "error", seconds=20)
        if self.run.saved and self.job.load_when_saved:
            self.app.shown.set_network(self.run.net, self.run.save_path)

    def save_story(self):
        """Where the network went: 'Saved PATH', or why not where it was meant to go and where it went instead."""
        run = self.run
        if not run.saved:
            return f"Not saved: {run.save_problem}"
        if run.save_problem:
            return f"{run.save_problem[0].upper()}{run.save_problem[1:]}; saved it to {run.save_path} instead"
        return f"Saved {run.save_path}"

    def ask_to_stop(self):
        """Esc while training: ask before ending the run (a second Esc keeps it going). The run pauses while
        the question waits, so the answer is about the network as it was asked about."""
        if self.run and self.run.active:
            self.asking_to_stop = True
            self.paused_to_ask = self.run.state == RUNNING
            if self.paused_to_ask:
                self.run.toggle_pause()

    def keep_training(self):
        self.asking_to_stop = False
        if self.paused_to_ask and self.run.state == PAUSED:
            self.run.toggle_pause()
        self.paused_to_ask = False

    def stop_run(self):
        """Stop early and keep what was learned."""
        self.asking_to_stop = self.paused_to_ask = False
        if self.run and self.run.active:
            self.run.stop()
            self._announce_end()

    def stop_without_saving(self):
        """Stop early and keep nothing: no network file, no log (a run stopped to try again leaves no clutter)."""
        self.asking_to_stop = self.paused_to_ask = False
        if self.run and self.run.active:
            self.run.discard()

    def add_epoch(self):
        """One more epoch: for a run in progress, or to go on training a finished one (saved again at the end)."""
        run = self.run
        if run is None or not (run.active or run.state == FINISHED):
            return
        run.extend(1)
        self.app.show_notice(f"Training for {run.settings.epochs} epochs now (kept in the network's history)",
                             "info", seconds=3)

    def change_lr(self, direction):
        """Up/Down: the next learning rate up or down the usual ladder, from the next mini-batch on."""
        run = self.run
        if run is None or not run.active:
            return
        current = run.settings.lr
        if direction > 0:
            lr = next((value for value in LEARNING_RATES if value > current * 1.0001), current)
        else:
            lr = next((value for value in reversed(LEARNING_RATES) if value < current * 0.9999), current)
        if lr != current:
            run.set_lr(lr)
            self.app.show_notice(f"Learning rate {current:g} -> {lr:g} from epoch {run.progress.epochs_done:.2f} "
                                 f"(kept in the network's history)", "info", seconds=3)

    def draw_with_new(self):
        if self.run is None or not self.run.saved or self.run.active:  # nothing to draw with after a diverged run
            return
        self.run.release()
        self.app.show_trained(self.run.net, self.run.save_path)

    def setup_again(self):
        """Back to the form for another run, with a fresh seed so it is not a copy of this one."""
        if self.run is None or not self.run.active:
            if self.run is not None:
                self.run.release()
            self.run, self.stage = None, SETUP
            self.form.new_seed()

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
        if self.run is None:
            return
        if not self.run.active:
            if self.run.state == FINISHED:
                self.run.release()
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
            if not any(button.handle_event(event) for button in self.setup_buttons) and not self.keys.handle(self, event):
                self.form.handle_event(event)
        elif self.stage == TRAINING:
            if any(button.handle_event(event) for button in self._live_buttons()):
                return
            if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                self.weights.click(event.pos)
            else:
                self.keys.handle(self, event)
        else:
            self.keys.handle(self, event)  # while loading: Esc goes back, nothing has started yet

    def _live_buttons(self):
        if self.asking():
            return self.confirm_buttons
        return self.run_buttons if self.run.active else self.done_buttons

    # --- which keys apply (see KEYS) ---------------------------------------------------------------------

    def in_setup(self):
        return self.stage == SETUP

    def before_run(self):
        return self.stage in (SETUP, LOADING)

    def tile_enlarged(self):
        return self.stage == TRAINING and self.weights.enlarged is not None

    def asking(self):
        return self.stage == TRAINING and self.asking_to_stop and self.run.active

    def watching(self):
        return self.stage == TRAINING and not self.asking()

    def running(self):
        return self.watching() and self.run.active

    def ended(self):
        return self.stage == TRAINING and not self.run.active

    # --- the run's keys ------------------------------------------------------------------------------------

    def close_tile(self):
        self.weights.enlarged = None

    def turn_tiles(self, step):
        self.weights.turn(step)

    def toggle_pause(self):
        if self.run is not None:
            self.run.toggle_pause()

    def toggle_weights(self):
        self.show_weights = not self.show_weights

    def toggle_drawing(self):
        self.show_drawing = not self.show_drawing

    def toggle_zoom(self):
        self.zoom = not self.zoom

    def toggle_slow(self):
        self.pace.toggle_slow()

    def toggle_full_speed(self):
        self.pace.toggle_full()

    # --- the frame ----------------------------------------------------------------------------------------

    def update(self, dt):
        """Take the loaded run when it is ready; train for this frame's share of the pace and of time."""
        now = time.perf_counter()
        wall = min(now - self._last_update, 0.25) if self._last_update is not None else 0.0
        self._last_update = now
        if wall:
            self._other_seconds += 0.1 * (max(0.0, wall - self._trained_seconds) - self._other_seconds)
        self._trained_seconds = 0.0
        if self.stage == SETUP and self.form.loaded is not self.app.shown.network:
            self.form.use_loaded(self.app.shown.network, self.loaded_name())
        if self.stage == LOADING:
            self._take_loaded_run()
        elif self.stage == TRAINING and self.run.state == "running":
            steps = None if not self.show_drawing else self.pace.steps(dt, self.run.samples_seen,
                                                                         self.run.settings.batch_size)
            self.run.advance(self.budget(), wall, max_steps=steps)
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

    def needs_frame(self):
        """Loading and a running run animate; the form and a paused or ended run change with events only (after a
        change of stage or state, frames go on for SETTLE_SECONDS so throttled charts show their last points)."""
        state = (self.stage, self.run.state if self.run else None)
        if state != self._state_seen:
            self._state_seen, self._settled_at = state, time.perf_counter() + SETTLE_SECONDS
        return self.stage == LOADING or state == (TRAINING, "running") or time.perf_counter() < self._settled_at

    def draw(self, surface):
        surface.fill(theme.BACKGROUND)
        if self.stage == SETUP:
            self._draw_setup(surface)
        elif self.stage == LOADING:
            self._draw_loading(surface)
        else:
            self._draw_training(surface)
        self._frames += 1

    def notice_area(self, size):
        """Notices go over the header's title lines: every control of the view is below them."""
        return pygame.Rect(0, 0, size[0], HEADER - 6)

    def _draw_setup(self, surface):
        width, height = surface.get_size()
        fonts = self.app.fonts
        small = fonts.small.get_linesize()
        compact = height < 600
        ui.text(surface, "Train a network", fonts.title, theme.TEXT, (MARGIN, 14 if compact else 22))
        ui.text(surface, ui.fit(fonts.small, "Choose the data and the network, then watch it learn: its first-layer "
                                             "weights, cost and accuracy, live.", width - 2 * MARGIN),
                fonts.small, theme.MUTED, (MARGIN, 48 if compact else 58))
        buttons_top = height - (58 if compact else 64)
        notes = [(f"{label} not found: get it with   python -m network download {name.split('-')[0]}", theme.MUTED)
                 for name, label, _ in OFFERED if not self.form.available[name]]
        problem = self.form.continue_problem()
        if self.form.loaded is not None and problem and not self.form.error:
            notes.append((f"Continuing is off: {problem}", theme.MUTED))
        notes += [(warning, theme.ACCENT) for warning in self.form.warnings()]
        if self.form.error:
            notes.append((self.form.error, theme.ERROR))
        top = 72 if compact else 92
        form_height = max(34 * len(self.form.rows), buttons_top - top - 12 - 2 * len(notes) * (small + 4))
        y = self.form.draw(surface, pygame.Rect(MARGIN, top, width - 2 * MARGIN, form_height), fonts)
        lines = [(line, colour) for text, colour in notes
                 for line in ui.wrap(fonts.small, text, width - 2 * MARGIN - 24, max_lines=2)]
        for line, colour in lines:
            if y + small > buttons_top - 4:
                break
            ui.text(surface, line, fonts.small, colour, (MARGIN + 24, y + 2))
            y += small + 4
        y += 14
        for line in WHAT_TO_WATCH:
            if y + small > buttons_top - 8:
                break
            ui.text(surface, ui.fit(fonts.small, line, width - 2 * MARGIN - 24), fonts.small, theme.FAINT,
                    (MARGIN + 24, y))
            y += small + 4
        self._place_buttons(surface, self.setup_buttons, buttons_top)
        keys = "   ".join(self.keys.hints(self))
        room = width - self.setup_buttons[-1].rect.right - 24 - MARGIN
        if room > 120:
            ui.text(surface, ui.fit(fonts.small, keys, room), fonts.small, theme.FAINT,
                    (width - MARGIN, buttons_top + 20), "midright")

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
        footer_height = FOOTER if height >= 560 else FOOTER - 20
        middle = pygame.Rect(MARGIN, HEADER + 4, width - 2 * MARGIN, height - HEADER - footer_height - 12)
        if self.show_drawing:
            side = max(60, min(middle.height, int(middle.width * 0.45)))
            self.weights.draw(surface, pygame.Rect(middle.x, middle.y, side, middle.height), run, self.show_weights,
                              refresh_every_frame=self.pace.mode == SLOW)
            curves = pygame.Rect(middle.x + side + 28, middle.y, middle.width - side - 28, middle.height)
            surface.blit(self._curves_surface(curves.size), curves)
        else:
            self.weights.rect = None
            ui.text(surface, "Drawing is off for the fastest training", fonts.heading, theme.TEXT,
                    middle.center, "center")
            ui.text(surface, "press F to see the weights and curves again", fonts.body, theme.MUTED,
                    (middle.centerx, middle.centery + 36), "center")
        footer = pygame.Rect(MARGIN, height - footer_height, width - 2 * MARGIN, footer_height)
        if run.state != DIVERGED:  # a diverged run's message takes the progress bar's place
            left = self.pace.seconds_left(run.samples_seen, run.settings.epochs * run.train_size) \
                if self.show_drawing else None
            draw_progress(surface, (footer.x, footer.y, footer.width, 38), run, fonts, self.pace_text(), left)
        if run.active and self.asking_to_stop:
            ui.text(surface, ui.fit(fonts.body, "Stop training now? Paused while you choose.", footer.width),
                    fonts.body, theme.ACCENT, (footer.x, footer.y + 48))
            self._place_buttons(surface, self.confirm_buttons, footer.y + 74)
        elif run.active:
            self._draw_run_buttons(surface, footer)
        else:
            self._draw_result(surface, footer)

    def pace_text(self):
        if not self.show_drawing:
            return "drawing off: full speed"
        if self.pace.mode == SLOW:
            return "slow motion: one mini-batch per step"
        return "watching pace (P: full speed)" if self.pace.mode == WATCH else "full speed"

    def _draw_run_buttons(self, surface, footer):
        """The run's buttons, with shorter labels (and fewer buttons) where the window is narrow; keys below."""
        fonts, run = self.app.fonts, self.run
        pace = "Watching pace" if self.pace.mode == FULL else "Full speed"
        long = ["Resume" if run.state == PAUSED else "Pause", pace,
                "Watching pace" if self.pace.mode == SLOW else "Slow motion", "+1 epoch",
                "Hide weights" if self.show_weights else "Show weights",
                "Drawing on" if not self.show_drawing else "Drawing off (fastest)", "Stop and save"]
        short = [long[0], pace.split()[0], "Slow" if self.pace.mode != SLOW else "Watch", "+1 epoch", "Weights",
                 "Drawing", "Stop"]
        buttons = list(self.run_buttons)
        for button in self.run_buttons:
            button.rect = pygame.Rect(0, 0, 0, 0)
        for labels in (long, short, short):
            for button, label in zip(self.run_buttons, labels):
                button.label = label
            while sum(button.width(fonts) + 12 for button in buttons) > footer.width and len(buttons) > 5:
                buttons.remove(buttons[-2])  # Drawing, then Weights: their keys still work and are listed
            if sum(button.width(fonts) + 12 for button in buttons) <= footer.width:
                break
        top = footer.y + 48
        self._place_buttons(surface, buttons, top)
        ui.text(surface, ui.fit(fonts.small, "   ".join(self.keys.hints(self)), footer.width), fonts.small, theme.FAINT,
                (footer.x, top + 48))

    def _draw_header(self, surface, width):
        run, fonts = self.run, self.app.fonts
        sizes = "-".join(map(str, run.net.sizes))
        ui.text(surface, ui.fit(fonts.title, f"Training {sizes} on {self.job.title}", width - 2 * MARGIN), fonts.title,
                theme.TEXT, (MARGIN, 14))
        settings = run.settings
        details = (f"{run.net.activation}   learning rate {settings.lr:g}   batch {settings.batch_size}   "
                   f"seed {settings.seed}   momentum {settings.momentum:g}   {settings.epochs} epochs   "
                   f"{run.train_size:,} training images{' (augmented)' if settings.augment else ''}, "
                   f"{run.test_size:,} test")
        summary = "" if run.active else run.before_and_after()  # a teaching run: what it gained and what it cost
        ui.text(surface, ui.fit(fonts.small, summary or details, width - 2 * MARGIN), fonts.small,
                theme.GOOD if summary else theme.MUTED, (MARGIN, 50))

    def _curves_surface(self, size):
        """The charts, redrawn when new points arrived, at most CURVES_PER_SECOND times a second."""
        key = (size, self.run.curves.revision, self.run.state, self.zoom, self.run.settings.epochs)
        now = time.perf_counter()
        if self._curves_image is None or self._curves_image.get_size() != size or (
                key != self._curves_key and now - self._curves_drawn_at >= 1.0 / CURVES_PER_SECOND):
            self._curves_image = pygame.Surface(size)
            self._curves_image.fill(theme.BACKGROUND)
            draw_curves(self._curves_image, self._curves_image.get_rect(), self.run.curves, self.run.settings.epochs,
                        self.app.fonts, self.zoom)
            self._curves_key, self._curves_drawn_at = key, now
        return self._curves_image

    def result_lines(self):
        """How the run ended, and for a saved one the full paths of the network and its log."""
        run = self.run
        if run.state == DIVERGED:
            return [f"{run.error}. Nothing was saved."]
        if not run.saved and not run.save_problem:  # stopped without saving
            return [f"Stopped after {run.progress.epochs_done:.2f} of {run.settings.epochs} epochs without saving: "
                    f"no network and no log were kept."]
        return [f"{self.ending()} {self.save_story()}", f"Log {os.path.abspath(run.log_path)}"]

    def _draw_result(self, surface, footer):
        """How the run ended, where it was saved (and its log), and buttons for what to do next."""
        run, fonts = self.run, self.app.fonts
        top = footer.y + 44
        if run.state == DIVERGED or not (run.saved or run.save_problem):
            lines = ui.wrap(fonts.small, self.result_lines()[0], footer.width, max_lines=2)
            colour, buttons = theme.ERROR if run.state == DIVERGED else theme.MUTED, self.done_buttons[2:]
        else:
            lines, colour = self.result_lines(), theme.ERROR if run.save_problem else theme.GOOD
            buttons = self.done_buttons if run.state == FINISHED else self.done_buttons[:1] + self.done_buttons[2:]
            if ui.text_width(fonts.small, lines[0]) > footer.width:  # a narrow window: the path on a line of its own
                lines = [self.ending(), self.save_story(), lines[1]]
        for button in self.done_buttons:
            if button not in buttons:
                button.rect = pygame.Rect(0, 0, 0, 0)
        for number, line in enumerate(lines):  # a third line takes the (then hidden) progress bar's place
            ui.text(surface, ui.fit(fonts.small, line, footer.width), fonts.small, colour,
                    (footer.x, top - 20 * max(0, len(lines) - 2) + 20 * number))
        for labels in (DONE_LABELS, DONE_LABELS_SHORT):  # a narrow window: the short labels, so all four fit
            for button, label in zip(self.done_buttons, labels):
                button.label = label
            if sum(button.width(fonts) + 12 for button in buttons) <= footer.width:
                break
        self._place_buttons(surface, buttons, top + 44)

    def ending(self):
        """How a saved run ended, e.g. 'Stopped early after 2.41 of 10 epochs: test accuracy 91.2% at the stop.'"""
        run = self.run
        accuracy = run.net.meta.get("test_accuracy")
        if run.state == FINISHED:
            return "Finished" + (f": test accuracy {accuracy:.1%}." if accuracy is not None else ".")
        return (f"Stopped early after {run.progress.epochs_done:.2f} of {run.settings.epochs} epochs"
                + (f": test accuracy {accuracy:.1%} at the stop." if accuracy is not None else "."))

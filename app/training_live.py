"""The training view with a run loaded: the first-layer weights, the curves and the progress, live.

The run is stepped inside the frame loop under a time budget that leaves room for drawing. While it runs,
keys pace, pause, change and stop it; once it has ended the footer is the run's result (training_result).
"""

import time
from dataclasses import dataclass, field

import pygame

from . import layout, theme, ui
from .keys import Key, KeyTable
from .training_charts import draw_curves, draw_progress
from .training_pace import FULL, SLOW, WATCH, Pace
from .training_result import RunResult
from .training_run import DIVERGED, FINISHED, PAUSED, RUNNING
from .training_setup import LADDERS
from .training_weights import WeightsPanel
from .view import View

LEARNING_RATES = [float(value) for value in LADDERS["lr"]]
FRAME_SECONDS = 1.0 / 60
TRAINING_SHARE = 0.8  # of each frame's time, while everything is drawn
SLOWEST_FRAME = 1.0 / 24  # ...unless drawing is so slow that the frame rate would drop below this
CURVES_PER_SECOND = 10
FAST_BUDGET = 0.045  # with drawing off the window still answers about 20 times a second
FOOTER = 150


@dataclass
class Watching:
    """How the person watches runs: kept by the training view from one run to the next."""
    pace: Pace = field(default_factory=Pace)
    show_weights: bool = True
    show_drawing: bool = True
    zoom: bool = False


class RunStage(View):
    """A loaded run (``run``), live or ended; ``asking_to_stop`` while Esc waits for Enter to confirm."""

    name = "training"
    keys = KeyTable(  # the hints, joined, are the keys line under the run's buttons
        Key((pygame.K_ESCAPE,), "close_tile", when="tile_enlarged"),
        Key((pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_y), "stop_run", when="asking"),
        Key((pygame.K_d,), "stop_without_saving", when="asking"),
        Key((pygame.K_ESCAPE, pygame.K_n), "keep_training", when="asking"),
        Key((pygame.K_UP,), "change_lr", (1,), when="running"),
        Key((pygame.K_DOWN,), "change_lr", (-1,), when="running", hint="Up/Down learning rate"),
        Key(("+", pygame.K_KP_PLUS, pygame.K_PLUS), "add_epoch", when="not_asking", hint="+ one more epoch"),
        Key((pygame.K_SPACE,), "toggle_pause", when="running"),
        Key((pygame.K_p,), "toggle_full_speed", when="running", hint="P pace"),
        Key((pygame.K_s,), "toggle_slow", when="running"),
        Key((pygame.K_w,), "toggle_weights", when="not_asking"),
        Key((pygame.K_f,), "toggle_drawing", when="not_asking"),
        Key((pygame.K_z,), "toggle_zoom", when="not_asking", hint="Z zoom charts"),
        Key((pygame.K_PAGEDOWN,), "turn_tiles", (1,), when="not_asking"),
        Key((pygame.K_PAGEUP,), "turn_tiles", (-1,), when="not_asking", hint="PageUp/PageDown tiles"),
        Key(hint="click a tile to enlarge"),
        Key((pygame.K_ESCAPE,), "ask_to_stop", when="running"),
    )

    def __init__(self, training, run):
        super().__init__(training.app)
        self.training, self.run, self.request = training, run, training.request
        self.watching = training.watching
        self.weights = WeightsPanel(self.app.fonts)
        self.result = RunResult(self)
        self.asking_to_stop = self.paused_to_ask = False
        self._curves_image, self._curves_key, self._curves_drawn_at = None, None, 0.0
        self._last_update = None
        self._other_seconds = 0.004  # a frame's time outside training: drawing, events, display
        self._trained_seconds = 0.0
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
        if not run.active:
            self.announce_end()

    # --- which keys apply (see keys) -----------------------------------------------------------------

    def tile_enlarged(self):
        return self.weights.enlarged is not None

    def asking(self):
        return self.asking_to_stop and self.run.active

    def not_asking(self):
        return not self.asking()

    def running(self):
        return not self.asking() and self.run.active

    # --- the run ------------------------------------------------------------------------------------

    def announce_end(self):
        """A diverged run gets a notice, and so does a save that failed; a saved run is described in the footer."""
        run = self.run
        self.asking_to_stop = False
        if run.state == DIVERGED:
            self.app.show_notice(f"{run.error}. Nothing was saved.", "error", seconds=12)
        elif run.save_problem:
            self.app.show_notice(self.result.save_story(), "error", seconds=20)
        if run.saved and self.request.load_when_saved:
            self.app.shown.set_network(run.net, run.save_path)

    def ask_to_stop(self):
        """Esc while training: ask before ending the run (a second Esc keeps it going). The run pauses while
        the question waits, so the answer is about the network as it was asked about."""
        if self.run.active:
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
        if self.run.active:
            self.run.stop()
            self.announce_end()

    def stop_without_saving(self):
        """Stop early and keep nothing: no network file, no log (a run stopped to try again leaves no clutter)."""
        self.asking_to_stop = self.paused_to_ask = False
        if self.run.active:
            self.run.discard()

    def add_epoch(self):
        """One more epoch: for a run in progress, or to go on training a finished one (saved again at the end)."""
        run = self.run
        if not (run.active or run.state == FINISHED):
            return
        run.extend(1)
        self.app.show_notice(f"Training for {run.settings.epochs} epochs now (kept in the network's history)",
                             "info", seconds=3)

    def change_lr(self, direction):
        """Up/Down: the next learning rate up or down the usual ladder, from the next mini-batch on."""
        run = self.run
        if not run.active:
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

    def toggle_pause(self):
        self.run.toggle_pause()

    def toggle_weights(self):
        self.watching.show_weights = not self.watching.show_weights

    def toggle_drawing(self):
        self.watching.show_drawing = not self.watching.show_drawing

    def toggle_zoom(self):
        self.watching.zoom = not self.watching.zoom

    def toggle_slow(self):
        self.watching.pace.toggle_slow()

    def toggle_full_speed(self):
        self.watching.pace.toggle_full()

    def close_tile(self):
        self.weights.enlarged = None

    def turn_tiles(self, step):
        self.weights.turn(step)

    def close(self):
        """On quit or leaving the view: a run in progress is stopped and saved, and the terminal hears where."""
        run = self.run
        if not run.active:
            if run.state == FINISHED:
                run.release()
            return
        run.stop()
        print(f"{self.result.ending()} {self.result.save_story()} (log {run.log_path})", flush=True)

    # --- events and the frame -----------------------------------------------------------------------

    def handle_event(self, event):
        ended = not self.run.active
        buttons = self.result.buttons if ended else self.confirm_buttons if self.asking() else self.run_buttons
        if any(button.handle_event(event) for button in buttons):
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.weights.click(event.pos)
        elif not self.keys.handle(self, event) and ended:
            self.result.keys.handle(self.result, event)

    def update(self, dt):
        """Train for this frame's share of the pace and of time."""
        now = time.perf_counter()
        wall = min(now - self._last_update, 0.25) if self._last_update is not None else 0.0
        self._last_update = now
        if wall:
            self._other_seconds += 0.1 * (max(0.0, wall - self._trained_seconds) - self._other_seconds)
        self._trained_seconds = 0.0
        run = self.run
        if run.state == "running":
            pace = self.watching.pace
            steps = pace.steps(dt, run.samples_seen, run.settings.batch_size) if self.watching.show_drawing else None
            run.advance(self.budget(), wall, max_steps=steps)
            self._trained_seconds = time.perf_counter() - now
            if not run.active:
                self.announce_end()

    def budget(self):
        """Seconds of training this frame: the rest of a 60 fps frame, and at least TRAINING_SHARE of it."""
        if not self.watching.show_drawing:
            return FAST_BUDGET
        other = self._other_seconds
        share = other * TRAINING_SHARE / (1 - TRAINING_SHARE)
        return max(0.002, min(max(FRAME_SECONDS - other, share), SLOWEST_FRAME - other))

    def needs_frame(self):
        return self.run.state == "running"

    def draw(self, surface):
        width, height = surface.get_size()
        fonts, run, watching, margin = self.app.fonts, self.run, self.watching, layout.MARGIN
        self._draw_header(surface, width)
        footer_height = FOOTER if height >= 560 else FOOTER - 20
        middle = pygame.Rect(margin, layout.HEADER + 4, width - 2 * margin, height - layout.HEADER - footer_height - 12)
        if watching.show_drawing:
            side = max(60, min(middle.height, int(middle.width * 0.45)))
            self.weights.draw(surface, pygame.Rect(middle.x, middle.y, side, middle.height), run,
                              watching.show_weights, refresh_every_frame=watching.pace.mode == SLOW)
            curves = pygame.Rect(middle.x + side + 28, middle.y, middle.width - side - 28, middle.height)
            surface.blit(self._curves_surface(curves.size), curves)
        else:
            self.weights.rect = None
            ui.text(surface, "Drawing is off for the fastest training", fonts.heading, theme.TEXT,
                    middle.center, "center")
            ui.text(surface, "press F to see the weights and curves again", fonts.body, theme.MUTED,
                    (middle.centerx, middle.centery + 36), "center")
        footer = pygame.Rect(margin, height - footer_height, width - 2 * margin, footer_height)
        if run.state != DIVERGED:  # a diverged run's message takes the progress bar's place
            left = watching.pace.seconds_left(run.samples_seen, run.settings.epochs * run.train_size) \
                if watching.show_drawing else None
            draw_progress(surface, (footer.x, footer.y, footer.width, 38), run, fonts, self.pace_text(), left)
        if self.asking():
            ui.text(surface, ui.fit(fonts.body, "Stop training now? Paused while you choose.", footer.width),
                    fonts.body, theme.ACCENT, (footer.x, footer.y + 48))
            layout.draw_row(surface, fonts, self.confirm_buttons, footer.y + 74, footer.x)
        elif run.active:
            self._draw_run_buttons(surface, footer)
        else:
            self.result.draw(surface, footer, fonts)

    def pace_text(self):
        pace = self.watching.pace
        if not self.watching.show_drawing:
            return "drawing off: full speed"
        if pace.mode == SLOW:
            return "slow motion: one mini-batch per step"
        return "watching pace (P: full speed)" if pace.mode == WATCH else "full speed"

    def _draw_run_buttons(self, surface, footer):
        """The run's buttons, with shorter labels (and fewer buttons) where the window is narrow; keys below."""
        fonts, run, watching = self.app.fonts, self.run, self.watching
        mode = watching.pace.mode
        pace = "Watching pace" if mode == FULL else "Full speed"
        long = ["Resume" if run.state == PAUSED else "Pause", pace, "Watching pace" if mode == SLOW else "Slow motion",
                "+1 epoch", "Hide weights" if watching.show_weights else "Show weights",
                "Drawing on" if not watching.show_drawing else "Drawing off (fastest)", "Stop and save"]
        short = [long[0], pace.split()[0], "Slow" if mode != SLOW else "Watch", "+1 epoch", "Weights", "Drawing",
                 "Stop"]
        # Drawing, then Weights, are left out where even short labels are too wide: their keys still work
        shown = layout.fit_labels(self.run_buttons, fonts, footer.width, (long, short), fewest=5)
        top = footer.y + 48
        layout.draw_row(surface, fonts, shown, top, footer.x)
        ui.text(surface, ui.fit(fonts.small, "   ".join(self.keys.hints(self)), footer.width), fonts.small,
                theme.FAINT, (footer.x, top + 48))

    def _draw_header(self, surface, width):
        run, fonts, margin = self.run, self.app.fonts, layout.MARGIN
        sizes = "-".join(map(str, run.net.sizes))
        ui.text(surface, ui.fit(fonts.title, f"Training {sizes} on {self.request.title}", width - 2 * margin),
                fonts.title, theme.TEXT, (margin, 14))
        settings = run.settings
        details = (f"{run.net.activation}   learning rate {settings.lr:g}   batch {settings.batch_size}   "
                   f"seed {settings.seed}   momentum {settings.momentum:g}   {settings.epochs} epochs   "
                   f"{run.train_size:,} training images{' (augmented)' if settings.augment else ''}, "
                   f"{run.test_size:,} test")
        summary = "" if run.active else run.before_and_after()  # a teaching run: what it gained and what it cost
        if not summary:
            ui.text(surface, ui.fit(fonts.small, details, width - 2 * margin), fonts.small, theme.MUTED, (margin, 50))
        for number, line in enumerate(ui.wrap(fonts.small, summary, width - 2 * margin, max_lines=2) if summary else []):
            ui.text(surface, line, fonts.small, theme.GOOD, (margin, 46 + 16 * number))  # two lines: what got worse too

    def _curves_surface(self, size):
        """The charts, redrawn when new points arrived, at most CURVES_PER_SECOND times a second."""
        run, zoom = self.run, self.watching.zoom
        key = (size, run.curves.revision, run.state, zoom, run.settings.epochs)
        now = time.perf_counter()
        if self._curves_image is None or self._curves_image.get_size() != size or (
                key != self._curves_key and now - self._curves_drawn_at >= 1.0 / CURVES_PER_SECOND):
            self._curves_image = pygame.Surface(size)
            self._curves_image.fill(theme.BACKGROUND)
            draw_curves(self._curves_image, self._curves_image.get_rect(), run.curves, run.settings.epochs,
                        self.app.fonts, zoom)
            self._curves_key, self._curves_drawn_at = key, now
        return self._curves_image

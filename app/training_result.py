"""The end of a run in the training view: how it ended, where it was saved (and its log), and what to do next."""

import os

import pygame

from . import layout, theme, ui
from .keys import Key, KeyTable
from .training_run import DIVERGED, FINISHED

DONE_LABELS = ("Draw with this network", "+1 epoch", "Train again", "Back to drawing")
DONE_LABELS_SHORT = ("Draw with it", "+1 epoch", "Again", "Back")


class RunResult:
    """The footer of an ended run (``stage.run``), with its buttons and keys (+ for one more epoch is the run's)."""

    keys = KeyTable(
        Key((pygame.K_d, pygame.K_RETURN), "draw_with_new"),
        Key((pygame.K_r,), "setup_again"),
        Key((pygame.K_ESCAPE,), "back"),
    )

    def __init__(self, stage):
        self.stage = stage
        self.buttons = [ui.Button(label, key, action) for label, key, action in zip(
            DONE_LABELS, ("D", "+", "R", "Esc"), (self.draw_with_new, stage.add_epoch, self.setup_again, self.back))]

    # --- what to do next ----------------------------------------------------------------------------

    def draw_with_new(self):
        run = self.stage.run
        if not run.saved or run.active:  # nothing to draw with after a diverged run
            return
        run.release()
        self.stage.app.show_trained(run.net, run.save_path)

    def setup_again(self):
        """Back to the form for another run, with a fresh seed so it is not a copy of this one."""
        if not self.stage.run.active:
            self.stage.training.setup_again()

    def back(self):
        self.stage.app.show_drawing()

    # --- what to say --------------------------------------------------------------------------------

    def save_story(self):
        """Where the network went: 'Saved PATH', or why not where it was meant to go and where it went instead."""
        run = self.stage.run
        if not run.saved:
            return f"Not saved: {run.save_problem}"
        if run.save_problem:
            return f"{run.save_problem[0].upper()}{run.save_problem[1:]}; saved it to {run.save_path} instead"
        return f"Saved {run.save_path}"

    def ending(self):
        """How a saved run ended, e.g. 'Stopped early after 2.41 of 10 epochs: test accuracy 91.2% at the stop.'"""
        run = self.stage.run
        accuracy = run.net.meta.get("test_accuracy")
        if run.state == FINISHED:
            return "Finished" + (f": test accuracy {accuracy:.1%}." if accuracy is not None else ".")
        return (f"Stopped early after {run.progress.epochs_done:.2f} of {run.settings.epochs} epochs"
                + (f": test accuracy {accuracy:.1%} at the stop." if accuracy is not None else "."))

    def lines(self):
        """How the run ended, and for a saved one the full paths of the network and its log."""
        run = self.stage.run
        if run.state == DIVERGED:
            return [f"{run.error}. Nothing was saved."]
        if not run.saved and not run.save_problem:  # stopped without saving
            return [f"Stopped after {run.progress.epochs_done:.2f} of {run.settings.epochs} epochs without saving: "
                    f"no network and no log were kept."]
        return [f"{self.ending()} {self.save_story()}", f"Log {os.path.abspath(run.log_path)}"]

    # --- the footer ---------------------------------------------------------------------------------

    def draw(self, surface, footer, fonts):
        """The lines saying how it ended above the buttons for what to do next (short labels where narrow)."""
        run = self.stage.run
        top = footer.y + 44
        if run.state == DIVERGED or not (run.saved or run.save_problem):
            lines = ui.wrap(fonts.small, self.lines()[0], footer.width, max_lines=2)
            colour, shown = theme.ERROR if run.state == DIVERGED else theme.MUTED, self.buttons[2:]
        else:
            lines, colour = self.lines(), theme.ERROR if run.save_problem else theme.GOOD
            shown = self.buttons if run.state == FINISHED else self.buttons[:1] + self.buttons[2:]
            if ui.text_width(fonts.small, lines[0]) > footer.width:  # a narrow window: the path on a line of its own
                lines = [self.ending(), self.save_story(), lines[1]]
        for number, line in enumerate(lines):  # a third line takes the (then hidden) progress bar's place
            ui.text(surface, ui.fit(fonts.small, line, footer.width), fonts.small, colour,
                    (footer.x, top - 20 * max(0, len(lines) - 2) + 20 * number))
        shown = layout.fit_labels(self.buttons, fonts, footer.width, (DONE_LABELS, DONE_LABELS_SHORT), shown)
        layout.draw_row(surface, fonts, shown, top + 44)

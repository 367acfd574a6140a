"""The training view's first stage: the setup form with its notes and what to watch, and the button to start."""

import pygame

from . import layout, theme, ui
from .keys import Key, KeyTable
from .training_setup import OFFERED
from .training_start import request_from_plan
from .view import View

WHAT_TO_WATCH = [
    "What to watch: each tile is one hidden unit's 784 input weights drawn as a 28x28 picture. Orange pixels",
    "push the unit on, blue ones push it off. They start as noise and over the first minute turn into strokes.",
    "The cost should fall and the accuracy rise. If the test curve stops improving while the training curve",
    "keeps going, the network has started memorising its training images.",
    "Try a huge learning rate (1000, with relu) to see training diverge, or a single epoch with batch size 1.",
]


class SetupStage(View):
    """The form (``training.form``, kept across runs) and Start; Esc goes back to drawing."""

    name = "setup"
    run = None
    keys = KeyTable(  # the hints, joined, are the keys line beside the buttons
        Key((pygame.K_RETURN, pygame.K_KP_ENTER), "start"),
        Key((pygame.K_ESCAPE,), "back"),
        Key(hint="Up/Down row"),  # the form's own keys (training_setup)
        Key(hint="Left/Right choose or move the caret"),
        Key(hint="PgUp/PgDn common values"),
    )

    def __init__(self, training):
        super().__init__(training.app)
        self.training, self.form = training, training.form
        self.buttons = [ui.Button("Start training", "Enter", self.start),
                        ui.Button("Back to drawing", "Esc", self.back)]

    def start(self):
        try:
            plan = self.form.plan()
        except ValueError as error:
            self.form.error = str(error)
            return
        self.training.start(request_from_plan(plan))

    def back(self):
        self.app.show_drawing()

    def handle_event(self, event):
        if not any(button.handle_event(event) for button in self.buttons) and not self.keys.handle(self, event):
            self.form.handle_event(event)

    def update(self, dt):
        """Offer to continue the network the drawing view has now (one may have been dropped meanwhile)."""
        shown = self.app.shown
        if self.form.loaded is not shown.network:
            self.form.use_loaded(shown.network, self.training.loaded_name())

    def needs_frame(self):
        return False

    def draw(self, surface):
        width, height = surface.get_size()
        fonts, margin = self.app.fonts, layout.MARGIN
        small = fonts.small.get_linesize()
        compact = height < 600
        ui.text(surface, "Train a network", fonts.title, theme.TEXT, (margin, 14 if compact else 22))
        ui.text(surface, ui.fit(fonts.small, "Choose the data and the network, then watch it learn: its first-layer "
                                             "weights, cost and accuracy, live.", width - 2 * margin),
                fonts.small, theme.MUTED, (margin, 48 if compact else 58))
        buttons_top = height - (58 if compact else 64)
        notes = self._notes()
        top = 72 if compact else 92
        form_height = max(34 * len(self.form.rows), buttons_top - top - 12 - 2 * len(notes) * (small + 4))
        y = self.form.draw(surface, pygame.Rect(margin, top, width - 2 * margin, form_height), fonts)
        lines = [(line, colour) for text, colour in notes
                 for line in ui.wrap(fonts.small, text, width - 2 * margin - 24, max_lines=2)]
        for line, colour in lines:
            if y + small > buttons_top - 4:
                break
            ui.text(surface, line, fonts.small, colour, (margin + 24, y + 2))
            y += small + 4
        y += 14
        for line in WHAT_TO_WATCH:
            if y + small > buttons_top - 8:
                break
            ui.text(surface, ui.fit(fonts.small, line, width - 2 * margin - 24), fonts.small, theme.FAINT,
                    (margin + 24, y))
            y += small + 4
        right = layout.draw_row(surface, fonts, self.buttons, buttons_top)
        room = width - right - 24 - margin
        if room > 120:
            ui.text(surface, ui.fit(fonts.small, "   ".join(self.keys.hints()), room), fonts.small, theme.FAINT,
                    (width - margin, buttons_top + 20), "midright")

    def _notes(self):
        """``(text, colour)`` under the form: missing datasets, why continuing is off, warnings, the error."""
        form = self.form
        notes = [(f"{label} not found: get it with   python -m network download {name.split('-')[0]}", theme.MUTED)
                 for name, label, _ in OFFERED if not form.available[name]]
        problem = form.continue_problem()
        if form.loaded is not None and problem and not form.error:
            notes.append((f"Continuing is off: {problem}", theme.MUTED))
        notes += [(warning, theme.ACCENT) for warning in form.warnings()]
        if form.error:
            notes.append((form.error, theme.ERROR))
        return notes

"""How it learns: one training step on one image, opened up in five stages the user steps through (forward,
cost, backward, gradient, update), each with its sentence and formula (app.step_stages draws them).

The image is the drawing (with the label the user picks), a training image, or a test image; Space repeats
the step so the cost on the image falls, + and - change the learning rate, K keeps the result as a new file.
The loaded network itself is never changed.
"""

import os

import pygame

from network.errors import InklingError, os_error_message

from . import theme, ui
from .keys import Key, KeyTable
from .step_lesson import Forgetting, StepLesson, TrainingImages
from .step_pictures import Mosaics
from .step_stages import STAGES
from .view import View

HEADER = 44
TABS = 38
CHIPS = 34
EXPLANATION = 62
FOOTER = 26
BACKWARD = [stage.name for stage in STAGES].index("Backward")
KEYS = KeyTable(  # the footer shows the hints from the first on, as many as fit
    Key((pygame.K_RIGHT,), "next_stage", hint="left right: stages"),
    Key((pygame.K_LEFT,), "previous_stage"),
    *(Key((str(number),), "show_stage", (number - 1,)) for number in range(1, len(STAGES) + 1)),
    Key((pygame.K_SPACE, pygame.K_RETURN), "repeat", hint="Space: step again"),
    Key((pygame.K_UP,), "next_label", (1,), hint="up down or click: the label"),
    Key((pygame.K_DOWN,), "next_label", (-1,)),
    Key(("+", "=", pygame.K_KP_PLUS), "change_rate", (1,), hint="+ -: eta"),  # "=" is "+" without Shift
    Key(("-", pygame.K_KP_MINUS), "change_rate", (-1,)),
    Key((pygame.K_k,), "keep", hint="K: keep the result"),
    Key((pygame.K_t,), "training_image", hint="T: a training image"),
    Key((pygame.K_r,), "start_again", hint="R: start again"),
    Key((pygame.K_ESCAPE,), "back"),
)


class LearningStepView(View):
    """One StepLesson shown stage by stage; ``reached`` is the layer the error has flowed back to (backward).

    Opened with ``app.open(LearningStepView, net, path, x, label, source)``: the network (never changed) and
    its file, the image's 784 inputs, its class (index or name) and what it is ("your drawing", ...).
    """

    keys = KEYS

    def __init__(self, app, net, path, x, label, source):
        super().__init__(app)
        self.path = path
        self.lesson = StepLesson(net, x, label, source)
        self.forgetting = Forgetting(net)
        self.training_images = None  # loaded when first asked for (T)
        self.wants_training_image = False
        self.stage = 0
        self.reached = self.output_layer
        self.pictures = Mosaics()
        self.chips = []  # (class index, rect) of the label chips as last drawn
        self.tabs = []  # rect of each stage's tab as last drawn
        self.buttons = [ui.Button("Step again", "Space", self.repeat), ui.Button("Keep", "K", self.keep),
                        ui.Button("Back", "Esc", self.back)]
        self._drawn = None

    @property
    def output_layer(self):
        return len(self.lesson.original.weights) - 1

    # --- actions -----------------------------------------------------------------------------------

    def show_stage(self, stage):
        self.stage = max(0, min(len(STAGES) - 1, stage))
        self.reached = self.output_layer if self.stage <= BACKWARD else 0  # the error flows back in stage 3

    def next_stage(self):
        """Right: the next stage; in the backward stage, first the error's next layer down."""
        if self.stage == BACKWARD and self.reached > 0:
            self.reached -= 1
        else:
            self.show_stage(self.stage + 1)

    def previous_stage(self):
        """Left: the stage before; in the backward stage, first take the error's last layer back up."""
        if self.stage == BACKWARD and self.reached < self.output_layer:
            self.reached += 1
        else:
            self.show_stage(self.stage - 1)
            if self.stage == BACKWARD:
                self.reached = 0

    def repeat(self):
        """Take the step shown and show the next one (on the update stage)."""
        self.lesson.repeat()
        self.show_stage(len(STAGES) - 1)

    def next_label(self, offset):
        self.lesson.set_label((self.lesson.label + offset) % self.lesson.original.sizes[-1])

    def change_rate(self, notches):
        self.lesson.change_rate(notches)

    def start_again(self):
        self.lesson.start_again()

    def back(self):
        self.app.show_drawing()

    def training_image(self):
        """T: a random image of the network's training set, with its own label (once they are loaded)."""
        if self.training_images is None:
            self.training_images = TrainingImages(self.lesson.original)
        self.wants_training_image = True
        if not self.training_images.ready and not self.training_images.problem:
            self.app.show_notice("Loading the training images: one comes up in a moment", "info")
        self.update(0.0)

    def update(self, dt):
        """Show the training image asked for as soon as the images are loaded (or say why there is none)."""
        images = self.training_images
        if not self.wants_training_image or images is None or not (images.ready or images.problem):
            return
        self.wants_training_image = False
        if images.problem:
            self.app.show_notice(f"No training image: {images.problem}", "error")
            return
        x, label, index = images.pick()
        self.lesson = StepLesson(self.lesson.original, x, label, f"training image {index}", self.lesson.lr)

    def keep(self):
        """K: save where the steps end as a new file and load it like a trained network."""
        stem = os.path.splitext(os.path.basename(self.path))[0] if self.path else "network"
        try:
            net, path = self.lesson.keep(stem)
        except InklingError as error:
            self.app.show_notice(f"Could not keep the result: {error}", "error")
            return
        except OSError as error:
            self.app.show_notice(f"Could not keep the result: {os_error_message(error)}", "error")
            return
        self.app.show_trained(net, path)
        self.app.show_notice(f"Kept after {self.lesson.taken} step{'s' if self.lesson.taken > 1 else ''}: "
                             f"saved as {os.path.basename(path)} and loaded", "info")

    # --- events ------------------------------------------------------------------------------------

    def handle_event(self, event):
        if any(button.handle_event(event) for button in self.buttons) or self.keys.handle(self, event):
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            k = next((k for k, rect in self.chips if rect.collidepoint(event.pos)), None)
            stage = next((stage for stage, rect in enumerate(self.tabs) if rect.collidepoint(event.pos)), None)
            if k is not None:
                self.lesson.set_label(k)
            elif stage is not None:
                self.show_stage(stage)

    def _shown_state(self):
        forgetting = self.forgetting
        measured = (forgetting.predicted(self.lesson.original) is not None,
                    forgetting.predicted(self.lesson.step.after) is not None, forgetting.problem)
        return (id(self.lesson), self.lesson.version, self.stage, self.reached, measured, self.wants_training_image)

    def needs_frame(self):
        """The picture changes without an event only when the other images' measure arrives."""
        return self._shown_state() != self._drawn

    # --- drawing -----------------------------------------------------------------------------------

    def draw(self, surface):
        self._drawn = self._shown_state()
        fonts = self.app.fonts
        width, height = surface.get_size()
        margin = 16 if width < 900 else 24
        surface.fill(theme.BACKGROUND)
        y = self._draw_header(surface, fonts, margin, width)
        y = self._draw_tabs(surface, fonts, margin, width, y)
        y = self._draw_chips(surface, fonts, margin, width, y)
        tall = EXPLANATION + (22 if width >= 1200 else 0)
        explanation = pygame.Rect(margin, height - FOOTER - tall, width - 2 * margin, tall - 6)
        body = pygame.Rect(margin, y + 6, width - 2 * margin, explanation.y - y - 14)
        STAGES[self.stage].draw(surface, body, fonts, self)
        self._draw_explanation(surface, fonts, explanation)
        hint = ui.hints_that_fit(fonts.small, self.keys.hints(), width - 2 * margin, "Esc: back")
        ui.text(surface, hint, fonts.small, theme.MUTED,
                (margin, height - FOOTER // 2), "midleft")

    def _draw_header(self, surface, fonts, margin, width):
        """The title; Step again, Keep and Back on the right."""
        right = width - margin
        for button in reversed(self.buttons):
            button.rect = pygame.Rect(right - button.width(fonts), 8, button.width(fonts), 30)
            right = button.rect.x - 8
            button.draw(surface, fonts)
        ui.text(surface, "One learning step", fonts.title if width >= 900 else fonts.heading, theme.TEXT, (margin, 10))
        return HEADER

    def _draw_tabs(self, surface, fonts, margin, width, y):
        """A tab per stage ("1 Forward"...), the one shown lit; the learning rate, the step and the network after."""
        font = fonts.body if width >= 900 else fonts.small
        self.tabs = []
        x = margin
        for number, stage in enumerate(STAGES):
            label = f"{number + 1} {stage.name}"
            rect = pygame.Rect(x, y, ui.text_width(font, label) + 18, 30)
            shown = number == self.stage
            pygame.draw.rect(surface, theme.ACCENT if shown else theme.PANEL, rect, border_radius=8)
            ui.text(surface, label, font, theme.BACKGROUND if shown else theme.TEXT, rect.center, "center")
            self.tabs.append(rect)
            x = rect.right + 6
        net = self.lesson.original
        what = (f"eta {self.lesson.lr:g}  ·  step {self.lesson.taken}  ·  {'-'.join(map(str, net.sizes))} "
                f"{os.path.basename(self.path) if self.path else ''}")
        ui.text(surface, ui.fit(fonts.body, what, width - margin - x - 12), fonts.body, theme.ACCENT,
                (x + 12, y + 16), "midleft")
        return y + TABS

    def _draw_chips(self, surface, fonts, margin, width, y):
        """'It is a:' and one chip per class; the label's chip lit. A click on a chip changes the label."""
        lesson = self.lesson
        labels = lesson.original.labels
        intro = ui.text(surface, "It is a:", fonts.small, theme.MUTED, (margin, y + 14), "midleft")
        room = width - margin - intro.right - 10
        side = max(12, min(30, room // len(labels) - 2))
        self.chips = []
        x = intro.right + 10
        for k, label in enumerate(labels):
            rect = pygame.Rect(x, y + 2, side, 26)
            chosen = k == lesson.label
            pygame.draw.rect(surface, theme.ACCENT if chosen else theme.PANEL, rect, border_radius=5)
            ui.text(surface, label if len(label) == 1 else ui.fit(fonts.small, label, side), fonts.small,
                    theme.BACKGROUND if chosen else theme.TEXT, rect.center, "center")
            self.chips.append((k, rect))
            x += side + 2
        return y + CHIPS

    def _draw_explanation(self, surface, fonts, rect):
        """The stage's sentence, and its formula on the right (above it in a narrow window)."""
        stage = STAGES[self.stage]
        big = rect.width >= 1200
        words, symbols = (fonts.body, fonts.heading) if big else (fonts.small, fonts.body)
        ui.panel(surface, rect, radius=8)
        inner = rect.inflate(-20, -10)
        formula = ui.text(surface, stage.formula, symbols, theme.ACCENT, (inner.right, inner.y + 2), "topright")
        beside = formula.width < inner.width // 2
        lines = ui.wrap(words, f"{self.stage + 1}. {stage.sentence}",
                        formula.x - inner.x - 16 if beside else inner.width, max_lines=3)
        top = inner.y if beside else formula.bottom + 2
        for number, line in enumerate(lines):
            ui.text(surface, line, words, theme.TEXT, (inner.x, top + number * (words.get_linesize() - 2)))

    def close(self):
        """Left: the other images' measure stops (a view is made anew each time it opens)."""
        self.forgetting.stop()

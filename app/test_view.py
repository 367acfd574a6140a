"""How good is it, really? The test view: the loaded network judged on its own dataset's test split.

Three tabs: the confusion matrix (click a cell to see its images), the most confident mistakes, and
robustness curves. Everything is computed in worker threads with progress shown, and remembered per
network, so the window never freezes and opening the view again is instant. Clicking an image puts it on
the canvas, back in the drawing view, where the network's guess for it can be looked into.
"""

import os

import numpy as np
import pygame

from network import judge, robustness
from network.datasets import as_inputs

from . import theme, ui
from .background import Task
from .confusion_heatmap import Heatmap
from .guess_panel import percent
from .image_tiles import TileGrid
from .keys import Key, KeyTable
from .layout import NARROW_MARGIN as MARGIN, place_row
from .learning_step_view import LearningStepView
from .robustness_charts import COLOURS, draw_robustness
from .view import View

HEADER = 84
FOOTER = 30
CONFUSION, MISTAKES, ROBUSTNESS = range(3)
TABS = [("Confusion", "1"), ("Mistakes", "2"), ("Robustness", "3")]
ZOOMED_HINT = "Part of the matrix: + - or the wheel zoom, drag or arrows pan  ·  "
MISTAKES_SHOWN = 500  # the gallery's length: the most confident mistakes, never the whole test set
HINTS = {
    CONFUSION: "Rows: the true class, columns: the guess  ·  click a cell (or arrows) to see its images  ·  "
               "click an image to draw it  ·  + - or wheel on the matrix zoom",
    MISTAKES: "The network was surest of these, and wrong  ·  click one to put it on the canvas  ·  "
              "right-click (or S over it): one learning step on it  ·  wheel scrolls",
    ROBUSTNESS: "Accuracy as the test images are changed more and more; the dashed line marks unchanged images",
}


class Subject:
    """One network under test: its name, and the tasks judging it and measuring its robustness."""

    def __init__(self, net, path):
        self.net, self.path = net, path
        self.name = os.path.basename(path) if path else "the unsaved network"
        self.judging = Task(lambda progress: judge.judge(net, progress=progress))
        self.measuring = None

    @property
    def judgement(self):
        return self.judging.result

    @property
    def curves(self):
        return self.measuring.result if self.measuring else None

    def measure(self):
        self.measuring = Task(lambda progress: robustness.robustness(self.net, progress=progress))

    def cancel(self, wait=False):
        for task in (self.judging, self.measuring):
            if task is not None:
                task.cancel()
                if wait:
                    task.join(timeout=5)


KEYS = KeyTable(
    Key((pygame.K_ESCAPE,), "back"),
    Key(("1",), "show_tab", (CONFUSION,)),
    Key(("2",), "show_tab", (MISTAKES,)),
    Key(("3",), "show_tab", (ROBUSTNESS,)),
    Key((pygame.K_TAB,), "next_network"),
    Key((pygame.K_UP,), "move_selection", (-1, 0), when="on_confusion"),
    Key((pygame.K_DOWN,), "move_selection", (1, 0), when="on_confusion"),
    Key((pygame.K_LEFT,), "move_selection", (0, -1), when="on_confusion"),
    Key((pygame.K_RIGHT,), "move_selection", (0, 1), when="on_confusion"),
    Key(("+", "=", pygame.K_KP_PLUS), "zoom", (1,), when="on_confusion"),  # "=" is "+" without Shift
    Key(("-", pygame.K_KP_MINUS), "zoom", (-1,), when="on_confusion"),
    Key((pygame.K_PAGEDOWN,), "page", (1,)),
    Key((pygame.K_PAGEUP,), "page", (-1,)),
    Key((pygame.K_s,), "learn_pointed"),
)


class TestView(View):
    """The test view: tabs for the confusion matrix, the mistakes gallery and the robustness curves.

    It is kept while it tests the networks shown, so its work and place survive leaving it (E shows it again).
    """

    keys = KEYS
    kept = True

    def __init__(self, app):
        super().__init__(app)
        self.subjects = [Subject(net, path) for net, path in app.shown.networks()]
        self.current = 0
        self.tab = CONFUSION
        self.selected = self.hovered = None
        self.heatmap = Heatmap()
        self.pointer = None  # the mouse's last position: the wheel zooms the matrix around it
        self.dragging_from = None  # where a drag panning the zoomed matrix last moved it
        self.cell_tiles, self.mistake_tiles = TileGrid(columns=4), TileGrid(columns=6)
        self._announced = set()
        self.tab_buttons = [ui.Button(name, key, lambda tab=tab: self.show_tab(tab))
                            for tab, (name, key) in enumerate(TABS)]
        self.back_button = ui.Button("Back", "Esc", self.back)
        self._drawn_tasks = None  # the tasks' progress as last drawn (see needs_frame)
        if not self.subjects:
            app.show_notice("No network to test: drop a network file (.npz) on the window, or train one", "error")

    @property
    def subject(self):
        return self.subjects[self.current] if self.subjects else None

    # --- actions -----------------------------------------------------------------------------------

    def show_tab(self, tab):
        self.tab = tab

    def next_network(self):
        if len(self.subjects) > 1:
            self.current = (self.current + 1) % len(self.subjects)
            self.selected = None
            self.heatmap = Heatmap()
            self.cell_tiles.reset()
            self.mistake_tiles.reset()

    def select(self, cell):
        self.selected = cell
        self.cell_tiles.reset()

    def move_selection(self, rows, columns):
        judgement = self.subject and self.subject.judgement
        if judgement is None or self.selected is None:
            return
        classes = len(judgement.class_names)
        self.select((int(np.clip(self.selected[0] + rows, 0, classes - 1)),
                     int(np.clip(self.selected[1] + columns, 0, classes - 1))))
        self.heatmap.follow(self.selected)

    def drag(self, position):
        """Pan the zoomed matrix by the whole cells the pointer moved since the last drag step."""
        cell = max(self.heatmap.cell, 1)
        rows, columns = ((self.dragging_from[k] - position[k]) // cell for k in (1, 0))
        if rows or columns:
            self.heatmap.pan(int(rows), int(columns))
            self.dragging_from = (self.dragging_from[0] - columns * cell, self.dragging_from[1] - rows * cell)

    def open_on_canvas(self, index):
        """Put test image ``index`` on the canvas and go back to drawing, saying what it is."""
        subject = self.subject
        judgement = subject.judgement
        names = judgement.class_names
        true, guessed = int(judgement.labels[index]), int(judgement.predicted[index])
        self.app.show_drawing().put_on_canvas(judgement.images[index])
        verdict = (f"{subject.name} read it right ({percent(judgement.confidence[index])} sure)" if true == guessed
                   else f"{subject.name} guessed {names[guessed]} ({percent(judgement.confidence[index])} sure)")
        self.app.show_notice(f"Test image {index}, {ui.with_article(names[true])}, is on the canvas: {verdict}", "info")

    def learn(self, index):
        """One learning step, opened up, on test image ``index`` with its true label."""
        subject = self.subject
        judgement = subject.judgement
        self.app.open(LearningStepView, subject.net, subject.path, as_inputs(judgement.images[index:index + 1])[0],
                      int(judgement.labels[index]), f"test image {index}")

    def learn_pointed(self):
        """S: a learning step on the image under the pointer, if there is one."""
        index = self._tile_at(self.pointer) if self.pointer else None
        if index is not None:
            self.learn(index)

    # --- events ------------------------------------------------------------------------------------

    def handle_event(self, event):
        if any(button.handle_event(event) for button in (*self.tab_buttons, self.back_button)):
            return
        if self.keys.handle(self, event):
            return
        if event.type == pygame.MOUSEMOTION:
            self.pointer = event.pos
            if self.dragging_from is not None and event.buttons[0]:
                self.drag(event.pos)
            self.hovered = self.heatmap.cell_at(event.pos) if self.tab == CONFUSION else None
        elif event.type == pygame.MOUSEWHEEL:
            if self.tab == CONFUSION and self.pointer and self.heatmap.cell_at(self.pointer) is not None:
                self.heatmap.zoom(event.y, self.pointer)
            else:
                tiles = self.cell_tiles if self.tab == CONFUSION else self.mistake_tiles
                tiles.scroll(-event.y)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._click(event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 3 and self._tile_at(event.pos) is not None:
            self.learn(self._tile_at(event.pos))
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            self.dragging_from = None

    def on_confusion(self):
        return self.tab == CONFUSION

    def zoom(self, steps):
        self.heatmap.zoom(steps, self.pointer)

    def page(self, direction):
        tiles = self.cell_tiles if self.tab == CONFUSION else self.mistake_tiles
        tiles.scroll(tiles.rows_shown * direction)

    def back(self):
        self.app.show_drawing()

    def _tile_at(self, position):
        """The test image whose tile is at ``position`` on the tab shown, or None."""
        if self.subject is None or self.subject.judgement is None or self.tab == ROBUSTNESS:
            return None
        return (self.cell_tiles if self.tab == CONFUSION else self.mistake_tiles).index_at(position)

    def _click(self, position):
        if self.subject is None or self.subject.judgement is None:
            return
        index = self._tile_at(position)
        if index is not None:
            self.open_on_canvas(index)
        elif self.tab == CONFUSION and self.heatmap.cell_at(position) is not None:
            self.select(self.heatmap.cell_at(position))
            self.dragging_from = position

    # --- the frame ---------------------------------------------------------------------------------

    def update(self, dt):
        """Follow a network dropped meanwhile; announce failures once; measure robustness, one network at a time."""
        if not self.still_fits():
            self.app.open(TestView)  # a fresh view for the networks now shown
            return
        for subject in self.subjects:
            if subject.judging.error and subject not in self._announced:
                self._announced.add(subject)
                self.app.show_notice(f"Cannot test {subject.name}: {subject.judging.error}", "error", seconds=10)
        for subject in self.subjects:
            if subject.measuring is None:
                if subject.judgement is not None:
                    subject.measure()
                break
            if not subject.measuring.finished:
                break

    def _tasks_state(self):
        return [(task.finished, task.done) for subject in self.subjects for task in (subject.judging, subject.measuring)
                if task is not None]

    def needs_frame(self):
        """Drawn while a judgement or robustness measurement makes progress (and once more when it ends)."""
        return self._tasks_state() != self._drawn_tasks

    def draw(self, surface):
        self._drawn_tasks = self._tasks_state()
        width, height = surface.get_size()
        surface.fill(theme.BACKGROUND)
        body = pygame.Rect(MARGIN, HEADER, width - 2 * MARGIN, height - HEADER - FOOTER - 6)
        self._draw_header(surface, width)
        subject = self.subject
        if subject is None:
            self._centred(surface, body, "No network to test", "Drop a network file (.npz) on the window first.")
        elif self.tab == ROBUSTNESS and subject.judging.error is None:
            self._draw_robustness(surface, body)
        elif subject.judging.error:
            self._centred(surface, body, f"Cannot test {subject.name}", subject.judging.error)
        elif subject.judgement is None:
            self._draw_progress(surface, body, subject.judging, f"Testing {subject.name}",
                                "loading the test images..." if not subject.judging.total else
                                f"{subject.judging.done:,} of {subject.judging.total:,} test images")
        elif self.tab == CONFUSION:
            self._draw_confusion(surface, body, subject.judgement)
        else:
            self._draw_mistakes(surface, body, subject.judgement)
        hint = (ZOOMED_HINT if self.tab == CONFUSION and self.heatmap.zoomed else "") + HINTS[self.tab]
        parts = hint.split(ui.SEPARATOR)  # whole hints, as many as fit: never one cut mid-word
        ui.text(surface, ui.hints_that_fit(self.app.fonts.small, parts[:-1], width - 2 * MARGIN, parts[-1]),
                self.app.fonts.small, theme.MUTED, (MARGIN, height - FOOTER // 2 - 2), "midleft")

    def _draw_header(self, surface, width):
        fonts = self.app.fonts
        place_row((*self.tab_buttons, self.back_button), fonts, 14, right=width - MARGIN, height=34, gap=8)
        for tab, button in enumerate(self.tab_buttons):
            if tab == self.tab:
                pygame.draw.rect(surface, theme.ACCENT, button.rect.inflate(4, 4), width=2, border_radius=9)
            button.draw(surface, fonts)
        self.back_button.draw(surface, fonts)
        title = ui.text(surface, "Test", fonts.title, theme.TEXT, (MARGIN, 16))
        subject = self.subject
        if subject is None:
            return
        judgement = subject.judgement
        line = subject.name
        if judgement is not None:
            line += (f":  {judgement.accuracy:.2%} right of {len(judgement.labels):,} {judgement.dataset} test "
                     f"images, {int((judgement.predicted != judgement.labels).sum()):,} mistakes")
        if len(self.subjects) > 1:
            line += f"   (Tab: {self.subjects[(self.current + 1) % len(self.subjects)].name})"
        ui.text(surface, ui.fit(fonts.body, line, width - 2 * MARGIN), fonts.body, theme.MUTED, (MARGIN, title.bottom + 12))

    def _centred(self, surface, rect, heading, detail):
        fonts = self.app.fonts
        ui.text(surface, heading, fonts.heading, theme.TEXT, (rect.centerx, rect.centery - 20), "center")
        for number, line in enumerate(ui.wrap(fonts.body, detail, rect.width - 40, max_lines=3)):
            ui.text(surface, line, fonts.body, theme.MUTED, (rect.centerx, rect.centery + 16 + 26 * number), "center")

    def _draw_progress(self, surface, rect, task, heading, detail):
        fonts = self.app.fonts
        ui.text(surface, heading, fonts.heading, theme.TEXT, (rect.centerx, rect.centery - 34), "center")
        bar = pygame.Rect(0, 0, min(420, rect.width - 40), 12)
        bar.center = rect.center
        pygame.draw.rect(surface, theme.BAR_TRACK, bar, border_radius=6)
        if task.fraction:
            pygame.draw.rect(surface, theme.GOOD, (bar.x, bar.y, round(bar.width * task.fraction), bar.height),
                             border_radius=6)
        ui.text(surface, detail, fonts.body, theme.MUTED, (rect.centerx, bar.bottom + 18), "midtop")

    def _draw_confusion(self, surface, body, judgement):
        fonts = self.app.fonts
        if self.selected is None:  # at first, the worst confusion: where a teacher will want to look
            self.selected = judgement.worst_confusion() or (0, 0)
        names = judgement.class_names
        info_height = fonts.body.get_linesize() + 8
        side = min(body.height - info_height, int(body.width * 0.56))
        area = pygame.Rect(body.x, body.y, side, body.height - info_height)
        cells = self.heatmap.draw(surface, area, judgement, fonts, self.selected, self.hovered)
        pointed = self.hovered or self.selected
        true, guessed = pointed
        count, total = int(judgement.matrix[true, guessed]), int(judgement.matrix[true].sum())
        share = f" ({count / total:.1%})" if total else ""
        about = f"true {names[true]}, guessed {names[guessed]}: {count:,}{share}"
        ui.text(surface, ui.fit(fonts.body, about, area.right - cells.x), fonts.body, theme.TEXT,
                (cells.x, cells.bottom + 8))
        panel = pygame.Rect(area.right + 20, body.y, body.right - area.right - 20, body.height)
        self._draw_cell_images(surface, panel, judgement)

    def _draw_cell_images(self, surface, panel, judgement):
        fonts = self.app.fonts
        names = judgement.class_names
        true, guessed = self.selected
        indices = judgement.cell(true, guessed)
        if true == guessed:
            heading = f"{names[true]} read right: {len(indices):,}"
            order = "the closest calls first"
        else:
            heading = f"{names[true]} read as {names[guessed]}: {len(indices):,}"
            order = "the most confident mistakes first"
        ui.text(surface, ui.fit(fonts.heading, heading, panel.width), fonts.heading, theme.TEXT, panel.topleft)
        ui.text(surface, ui.fit(fonts.small, order, panel.width), fonts.small, theme.MUTED,
                (panel.x, panel.y + fonts.heading.get_linesize() + 2))
        top = panel.y + fonts.heading.get_linesize() + fonts.small.get_linesize() + 12
        grid = pygame.Rect(panel.x + 2, top, panel.width - 2, panel.bottom - top)
        if not len(indices):
            ui.text(surface, "no test images here", fonts.body, theme.FAINT, (grid.x, grid.y + 8))
            return
        self.cell_tiles.draw(surface, grid, judgement, indices, fonts)

    def _draw_mistakes(self, surface, body, judgement):
        fonts = self.app.fonts
        wrong = int((judgement.predicted != judgement.labels).sum())
        indices = judgement.mistakes(MISTAKES_SHOWN)
        grid = pygame.Rect(body.x + 2, body.y + fonts.body.get_linesize() + 10, body.width - 2,
                           body.height - fonts.body.get_linesize() - 10)
        first, last = self.mistake_tiles.draw(surface, grid, judgement, indices, fonts) if wrong else (0, 0)
        heading = (f"The most confident mistakes, {first + 1}-{last} of {wrong:,}" if wrong
                   else "No mistakes on the test set")
        ui.text(surface, heading, fonts.body, theme.TEXT, body.topleft)

    def _draw_robustness(self, surface, body):
        fonts = self.app.fonts
        x = body.x
        for subject, colour in zip(self.subjects, COLOURS):
            task = subject.measuring
            if subject.judging.error:
                state = "cannot be tested"
            elif task is None or not task.finished:
                fraction = task.fraction if task else 0.0
                state = f"measuring {fraction:.0%}" if task else "waiting"
                bar = pygame.Rect(x, body.y + fonts.body.get_linesize() + 2, 120, 5)
                pygame.draw.rect(surface, theme.BAR_TRACK, bar)
                pygame.draw.rect(surface, colour, (bar.x, bar.y, round(bar.width * fraction), bar.height))
            else:
                state = task.error or f"{min(robustness.SAMPLE, len(subject.judgement.labels)):,} test images per point"
            pygame.draw.line(surface, colour, (x, body.y + 10), (x + 18, body.y + 10), 3)
            label = ui.text(surface, f"{subject.name}: {state}", fonts.body, theme.TEXT, (x + 26, body.y))
            x = label.right + 28
        charts = pygame.Rect(body.x, body.y + fonts.body.get_linesize() + 16, body.width,
                             body.height - fonts.body.get_linesize() - 16)
        series = [(colour, subject.curves) for subject, colour in zip(self.subjects, COLOURS) if subject.curves]
        judgement = self.subject.judgement
        example = judgement.images[robustness.sample_indices(len(judgement.labels))[0]] if judgement else None
        draw_robustness(surface, charts, series, example, fonts)

    def still_fits(self):
        """True while this view tests exactly the networks shown (the same objects): it is shown again as it was."""
        return [subject.net for subject in self.subjects] == [net for net, _ in self.app.shown.networks()]

    def discard(self, wait=False):
        """Stop the work still going (the networks it was for are no longer shown); ``wait`` until it has."""
        for subject in self.subjects:
            subject.cancel(wait)

    def close(self):
        """Leaving the view lets its work go on in the background: it is kept to be shown again (E)."""

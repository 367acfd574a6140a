"""Your handwriting (M): how many drawings you kept of each class, how the loaded network reads them, and Teach.

The drawings the network reads wrong are shown as it sees them (28x28, framed in its style), each with
what it is and what the network read. Teach fine-tunes the network on all of them in the training view.
"""

import numpy as np
import pygame

from network.errors import InklingError

from . import theme, ui
from .keys import Key, KeyTable
from .layout import BUTTON_GAP, MARGIN, draw_row
from .teaching import load_collection, start_teaching, teaching_problem, where_words
from .view import View

HEADER = 86  # the title and the line saying where the drawings are kept
FOOTER = 70
THUMB = 56
WRONG_TITLE = 26  # the height of the title over the drawings read wrong


class HandwritingView(View):
    """A full-window view over the loaded network's collection of labelled drawings."""

    keys = KeyTable(Key((pygame.K_RETURN, pygame.K_KP_ENTER), "teach"), Key((pygame.K_ESCAPE, pygame.K_m), "back"))

    def __init__(self, app):
        super().__init__(app)
        self.buttons = [ui.Button("Teach it", "Enter", self.teach), ui.Button("Back to drawing", "Esc", self.back)]
        self._read_for = None
        self.error = None
        self.images = self.labels = self.predicted = None
        self._thumbs = {}
        self._notes = pygame.Rect(0, 0, 0, 0)  # the strip above the buttons kept for the notices, as last drawn

    # --- what the network makes of the drawings -------------------------------------------------------

    def update(self, dt):
        """Read the collection and ask the network about it once, and again whenever the network changes."""
        net = self.app.shown.network
        if self._read_for is net and self._read_for is not None:
            return
        self._read_for, self.error, self._thumbs = net, None, {}
        self.images = self.labels = self.predicted = None
        if net is None:
            return
        try:
            collection = load_collection(net)
        except (InklingError, OSError) as error:
            self.error = str(error)
            return
        if collection is not None:
            self.images, self.labels = collection
            self.predicted = net.predict(self.images.reshape(len(self.images), -1).astype(np.float32) / 255)

    @property
    def count(self):
        return 0 if self.images is None else len(self.images)

    # --- actions ------------------------------------------------------------------------------------

    def teach(self):
        problem = self.error or teaching_problem(self.app.shown.network, self.count)
        if problem:
            self.app.show_notice(f"Cannot teach: {problem}", "error", seconds=8)
        else:
            start_teaching(self.app, self.count)

    def back(self):
        self.app.show_drawing()

    def handle_event(self, event):
        if not any(button.handle_event(event) for button in self.buttons):
            self.keys.handle(self, event)

    # --- drawing ------------------------------------------------------------------------------------

    def needs_frame(self):
        """Nothing here moves on its own: it changes with events (and a network dropped, also an event)."""
        return False

    def notice_area(self, size):
        """Notices go in a strip above the footer's buttons, which the body gives up while they show: never over
        the title, the folder, the drawings or the buttons."""
        return self._notes

    def draw(self, surface):
        fonts, net = self.app.fonts, self.app.shown.network
        width, height = surface.get_size()
        surface.fill(theme.BACKGROUND)
        ui.text(surface, "Your handwriting", fonts.title, theme.TEXT, (MARGIN, 18))
        where = where_words(net) if net is not None else "no network loaded"
        ui.text(surface, ui.fit(fonts.small, f"{self.count} drawings kept in {where}", width - 2 * MARGIN),
                fonts.small, theme.MUTED, (MARGIN, 56))
        notes = self.app.notices_height(width, (height - HEADER - FOOTER) // 3)
        self._notes = pygame.Rect(0, height - FOOTER - notes, width, notes)
        body = pygame.Rect(MARGIN, HEADER, width - 2 * MARGIN, self._notes.top - HEADER)
        if self.error or not self.count:
            message = self.error or ("No drawings yet. Draw one, press L and choose what it is; "
                                     "keep a few of each class the network gets wrong, then teach it here.")
            for number, line in enumerate(ui.wrap(fonts.body, message, body.width, max_lines=4)):
                ui.text(surface, line, fonts.body, theme.ERROR if self.error else theme.TEXT,
                        (body.x, body.y + 10 + 28 * number))
        else:
            y = self._draw_summary(surface, body, fonts, net)
            y = self._draw_classes(surface, pygame.Rect(body.x, y, body.width, body.bottom - y), fonts, net)
            self._draw_wrong(surface, pygame.Rect(body.x, y, body.width, body.bottom - y), fonts, net)
        x = draw_row(surface, fonts, self.buttons, height - FOOTER + 14) + BUTTON_GAP
        problem = teaching_problem(net, self.count) if not self.error and self.count else None
        if problem:
            ui.text(surface, ui.fit(fonts.small, f"Teaching is off: {problem}", width - x - MARGIN), fonts.small,
                    theme.MUTED, (x + 8, height - FOOTER + 34), "midleft")

    def _draw_summary(self, surface, area, fonts, net):
        right = int(np.count_nonzero(self.predicted == self.labels))
        accuracy = net.meta.get("test_accuracy")
        dataset = net.meta.get("dataset") or "its"
        line = (f"The network reads {right} of {self.count} right ({right / self.count:.0%})"
                + (f"   ·   {dataset} test accuracy {accuracy:.2%}" if accuracy is not None else ""))
        ui.text(surface, ui.fit(fonts.body, line, area.width), fonts.body, theme.TEXT, (area.x, area.y))
        return area.y + 32

    def _draw_classes(self, surface, area, fonts, net):
        """One small cell per class: its name, how many drawings, how many read right. Cells shrink to one
        line ('A  3/4') when the classes would otherwise take more than half of ``area``; the rows that do not
        fit above the next section's title (while notices take room) are left out, their count said ('+12')."""
        count = len(net.labels)
        roomy = max(ui.text_width(fonts.small, "99 / 99 right"), 64) + 14
        columns = max(1, min(count, (area.width + 8) // (roomy + 8)))
        compact = -(-count // columns) * 52 > area.height // 2
        if compact:
            width = max(ui.text_width(fonts.body, label) for label in net.labels) + ui.text_width(fonts.small, "99/99") + 26
            columns = max(1, min(count, (area.width + 6) // (width + 6)))
        else:
            width = roomy
        height = 28 if compact else 46
        fits = max(1, (area.height - 8 - WRONG_TITLE) // (height + 6)) * columns
        shown = count if count <= fits else fits - 1
        for index, label in enumerate(net.labels[:shown]):
            row, column = divmod(index, columns)
            cell = pygame.Rect(area.x + column * (width + 6), area.y + row * (height + 6), width, height)
            mine = self.labels == index
            drawn, right = int(np.count_nonzero(mine)), int(np.count_nonzero(self.predicted[mine] == index))
            colour = theme.FAINT if not drawn else theme.GOOD if right == drawn else theme.ERROR
            ui.panel(surface, cell, radius=6)
            ui.text(surface, label, fonts.body, theme.ACCENT if drawn else theme.FAINT, (cell.x + 8, cell.y + 6))
            if compact:
                ui.text(surface, f"{right}/{drawn}", fonts.small, colour, (cell.right - 6, cell.centery), "midright")
                continue
            ui.text(surface, str(drawn), fonts.small, theme.MUTED if drawn else theme.FAINT,
                    (cell.right - 8, cell.y + 8), "topright")
            if drawn:
                ui.text(surface, f"{right} / {drawn} right", fonts.small, colour, (cell.x + 8, cell.bottom - 6),
                        "bottomleft")
        if shown < count:
            row, column = divmod(shown, columns)
            ui.text(surface, f"+{count - shown}", fonts.body, theme.MUTED,
                    (area.x + column * (width + 6) + 8, area.y + row * (height + 6) + height // 2), "midleft")
        return area.y + -(-min(count, fits) // columns) * (height + 6) + 8

    def _draw_wrong(self, surface, area, fonts, net):
        """The drawings read wrong, as the network sees them, each captioned 'is 7, read 1'; the pictures
        shrink (down to 28 px) so that at least one row fits."""
        wrong = np.flatnonzero(self.predicted != self.labels)
        title = "Read wrong (as the network sees them):" if len(wrong) else "The network reads every one right."
        ui.text(surface, title, fonts.body, theme.TEXT, (area.x, area.y))
        caption = fonts.small.get_linesize() + 4
        side = int(min(THUMB, max(28, area.height - WRONG_TITLE - caption - 4)))
        step_x, step_y = max(side, ui.text_width(fonts.small, "W as W")) + 10, side + caption + 4
        columns = max(1, (area.width + 10) // step_x)
        rows = max(0, (area.height - WRONG_TITLE) // step_y)
        shown = wrong[:columns * rows]
        if len(shown) < len(wrong):
            shown = shown[:-1]
        for number, index in enumerate(shown):
            row, column = divmod(number, columns)
            x, y = area.x + column * step_x, area.y + WRONG_TITLE + row * step_y
            surface.blit(self._thumb(index, side), (x, y))
            pygame.draw.rect(surface, theme.FAINT, (x - 1, y - 1, side + 2, side + 2), width=1)
            text = f"{net.labels[self.labels[index]]} as {net.labels[self.predicted[index]]}"
            ui.text(surface, ui.fit(fonts.small, text, step_x - 4), fonts.small, theme.ERROR, (x, y + side + 3))
        if len(shown) < len(wrong) and rows:
            row, column = divmod(len(shown), columns)
            ui.text(surface, f"+{len(wrong) - len(shown)}", fonts.body, theme.MUTED,
                    (area.x + column * step_x + 4, area.y + WRONG_TITLE + row * step_y + side // 2), "midleft")

    def _thumb(self, index, side):
        if (index, side) not in self._thumbs:
            image = self.images[index]
            rgb = np.repeat(image.T[:, :, None], 3, axis=2)
            self._thumbs[index, side] = pygame.transform.scale(pygame.surfarray.make_surface(rgb), (side, side))
        return self._thumbs[index, side]

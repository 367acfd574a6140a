"""The network picker (N): the networks in saved_networks/ (the shipped ones and those trained here, see
network.places) and those opened this run, for either side.

Up/Down (or the wheel) move, Enter or a click chooses, Left/Right or Tab switch between the left and
right side, Esc or N closes. Delete moves the selected network to the trash/ folder beside it (never one
that is shown), and Ctrl+Z puts it back. Choosing for the right side shows it beside the left one. Files in the
folders that are not readable networks are left out; a file opened this run that no longer loads is
listed with its problem and cannot be chosen.
"""

import os
from dataclasses import dataclass

import pygame

import network
from network.errors import InklingError
from network.places import TRASH, list_networks, move_to_trash, networks_folder, restore_from_trash

from . import loading, theme, ui
from .loading import describe, short_problem, summary
from .shown import SIDE_NAMES

ROW = 30


@dataclass
class Entry:
    """One network file: its path and one line describing it (or what is wrong with it)."""
    path: str
    text: str
    usable: bool


def read_entry(path):
    try:
        return Entry(path, describe(network.load(path), path), True)
    except (InklingError, OSError, ValueError) as error:
        return Entry(path, f"cannot be used: {short_problem(error)}", False)


class NetworkPicker:
    """An overlay over the drawing view listing networks; ``closed`` turns True once it is done."""

    def __init__(self, app, side=0):
        self.app, self.side = app, side
        folders = list(dict.fromkeys([loading.SAVED, networks_folder()]))  # shipped, and where training saves
        self.entries = [Entry(found.path, summary(found.name, found.labels, found.test_accuracy), True)
                        for found in list_networks(folders)]
        known = {os.path.realpath(entry.path) for entry in self.entries}
        self.entries += [read_entry(path) for path in dict.fromkeys(app.shown.opened)
                         if os.path.realpath(path) not in known and os.path.isfile(path)]
        current = app.shown.sides[side].path
        self.selected = next((i for i, e in enumerate(self.entries) if current and os.path.realpath(e.path)
                              == os.path.realpath(current)), 0)
        self.top = 0  # the first entry in view
        self.trashed = []  # (path in the trash, path it came from, its entry, its place in the list), for undo
        self.closed = False
        self.rows, self.tabs, self.box = [], [], pygame.Rect(0, 0, 0, 0)  # filled in by draw()

    # --- choosing ------------------------------------------------------------------------------------

    def choose(self, index):
        """Load entry ``index`` onto the picker's side and close; an unusable entry only says why."""
        entry = self.entries[index]
        if not entry.usable:
            self.app.show_notice(f"{os.path.basename(entry.path)} {entry.text}", "error")
            return
        if self.side == 1 and not self.app.shown.two_sides:
            self.app.toggle_two_sides()
        self.app.shown.choose(self.side)
        self.app.load_network_file(entry.path, self.side)
        self.closed = True

    def shown_paths(self):
        shown = self.app.shown
        return {os.path.realpath(side.path) for side in shown.sides[:shown.side_count] if side.path}

    def delete(self, index):
        """Move entry ``index``'s file to the trash folder beside it and drop it from the list (Ctrl+Z undoes)."""
        entry = self.entries[index]
        name = os.path.basename(entry.path)
        if os.path.realpath(entry.path) in self.shown_paths():
            self.app.show_notice(f"{name} is shown: choose another network for its side first", "error")
            return
        try:
            trashed = move_to_trash(entry.path)
        except InklingError as error:
            self.app.show_notice(str(error), "error")
            return
        self.trashed.append((trashed, entry.path, entry, index))
        del self.entries[index]
        self.selected = max(0, min(self.selected, len(self.entries) - 1))
        self.app.show_notice(f"Moved {name} to {os.path.dirname(trashed)}. Ctrl+Z puts it back", "info")

    def undo(self):
        """Put the network deleted last back where it was, in the list and on disk."""
        if not self.trashed:
            return
        trashed, path, entry, index = self.trashed.pop()
        try:
            entry.path = restore_from_trash(trashed, path)
        except InklingError as error:
            self.app.show_notice(str(error), "error")
            return
        self.entries.insert(min(index, len(self.entries)), entry)
        self.selected = self.entries.index(entry)
        self.app.show_notice(f"Put back {os.path.basename(entry.path)}", "info")

    def move(self, step):
        if self.entries:
            self.selected = max(0, min(len(self.entries) - 1, self.selected + step))

    def handle_event(self, event):
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_ESCAPE, pygame.K_n):
                self.closed = True
            elif event.key in (pygame.K_UP, pygame.K_DOWN):
                self.move(-1 if event.key == pygame.K_UP else 1)
            elif event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
                self.move(-5 if event.key == pygame.K_PAGEUP else 5)
            elif event.key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_TAB):
                self.side = {pygame.K_LEFT: 0, pygame.K_RIGHT: 1}.get(event.key, 1 - self.side)
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.entries:
                self.choose(self.selected)
            elif event.key == pygame.K_DELETE and self.entries:
                self.delete(self.selected)
            elif event.key == pygame.K_z and event.mod & pygame.KMOD_CTRL:
                self.undo()
        elif event.type == pygame.MOUSEWHEEL:
            self.move(-event.y)
        elif event.type == pygame.MOUSEMOTION:
            self.selected = next((index for rect, index in self.rows if rect.collidepoint(event.pos)), self.selected)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            tab = next((side for rect, side in self.tabs if rect.collidepoint(event.pos)), None)
            row = next((index for rect, index in self.rows if rect.collidepoint(event.pos)), None)
            if tab is not None:
                self.side = tab
            elif row is not None:
                self.choose(row)
            elif not self.box.collidepoint(event.pos):
                self.closed = True

    # --- drawing ---------------------------------------------------------------------------------------

    def draw(self, surface, fonts):
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        surface.blit(shade, (0, 0))
        width, height = surface.get_size()
        self.box = pygame.Rect(0, 0, min(width - 40, 760), min(height - 40, 140 + ROW * max(3, len(self.entries))))
        self.box.center = (width // 2, height // 2)
        box = self.box
        ui.panel(surface, box, radius=14)
        title = ui.text(surface, "Networks", fonts.title, theme.TEXT, (box.x + 24, box.y + 18))
        self.tabs = []
        x = title.right + 24
        for side, name in enumerate(SIDE_NAMES):
            label = f"for the {name}"
            chip = pygame.Rect(x, title.centery - 14, ui.text_width(fonts.body, label) + 24, 28)
            if side == self.side:
                pygame.draw.rect(surface, theme.ACCENT, chip, border_radius=14)
            else:
                pygame.draw.rect(surface, theme.PANEL_EDGE, chip, width=1, border_radius=14)
            ui.text(surface, label, fonts.body, theme.BACKGROUND if side == self.side else theme.TEXT,
                    chip.center, "center")
            self.tabs.append((chip, side))
            x = chip.right + 10
        list_top, list_bottom = box.y + 70, box.bottom - 40
        visible = max(1, (list_bottom - list_top) // ROW)
        self.top = min(max(self.top, self.selected - visible + 1), self.selected)
        self.rows = []
        if not self.entries:
            ui.text(surface, "No networks in saved_networks/ yet: press T to train one.", fonts.body, theme.MUTED,
                    (box.x + 24, list_top))
        shown = self.shown_paths()
        for slot, index in enumerate(range(self.top, min(len(self.entries), self.top + visible))):
            entry = self.entries[index]
            row = pygame.Rect(box.x + 12, list_top + slot * ROW, box.width - 24, ROW - 2)
            if index == self.selected:
                pygame.draw.rect(surface, theme.PANEL_EDGE, row, border_radius=6)
            current = os.path.realpath(entry.path) in shown
            colour = (theme.ACCENT if current else theme.TEXT) if entry.usable else theme.FAINT
            text = entry.text if entry.usable else f"{os.path.basename(entry.path)}  ·  {entry.text}"
            ui.text(surface, ui.fit_description(fonts.body, text, row.width - 20), fonts.body, colour,
                    (row.x + 12, row.centery + 1), "midleft")
            self.rows.append((row, index))
        hints = ["Enter or click opens", "Left/Right: which side", f"Del: to {TRASH}/", "Ctrl+Z: undo", "Up/Down"]
        ui.text(surface, ui.hints_that_fit(fonts.small, hints, box.width - 48, "Esc closes"), fonts.small,
                theme.MUTED, (box.centerx, box.bottom - 14), "midbottom")

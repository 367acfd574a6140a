"""The training setup screen: dataset, which network to start from, layer sizes and the learning settings.

Every row can be changed with the keyboard (Up/Down to choose a row, Left/Right to change it,
digits to type a number) or the mouse (click an option or a field). Enter starts a run whose
defaults learn visibly within seconds: a small 784-24-16-10 network on MNIST.
"""

from dataclasses import dataclass

import pygame

from network import datasets
from network.training import Settings

from . import theme, ui

OFFERED = [("mnist", "MNIST digits", "mnist"), ("emnist-letters", "EMNIST letters", "emnist"),
           ("characters", "both (36)", "emnist")]
MAX_UNITS = 4096
LADDERS = {
    "hidden": ["", "16", "24, 16", "32", "64", "128", "100, 30", "256, 128"],
    "lr": ["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10", "1000"],
    "batch": ["1", "8", "16", "32", "64", "128", "256", "512"],
    "epochs": ["1", "2", "3", "5", "10", "20", "30", "50"],
}
DEFAULTS = {"hidden": "24, 16", "lr": "0.2", "batch": "32", "epochs": "10"}


@dataclass
class Plan:
    """What the user chose: enough to load the data and build (or copy) the network."""
    dataset: str
    sizes: tuple
    activation: str
    settings: Settings
    start_from: object = None  # the loaded Network to continue training, or None for a new one


def parse_hidden(text):
    """``"24, 16"`` -> ``(24, 16)``; commas, dashes or spaces separate; empty means no hidden layer."""
    parts = text.replace("-", " ").replace(",", " ").split()
    try:
        sizes = tuple(int(part) for part in parts)
    except ValueError:
        raise ValueError(f"hidden layers must be whole numbers separated by commas, got {text!r}") from None
    if any(not 1 <= size <= MAX_UNITS for size in sizes):
        raise ValueError(f"each hidden layer needs 1 to {MAX_UNITS} units, got {text!r}")
    return sizes


def number(text, kind, name):
    try:
        return kind(text.strip())
    except ValueError:
        raise ValueError(f"{name} must be a {'whole ' if kind is int else ''}number, got {text.strip()!r}") from None


def step_ladder(ladder, current, direction):
    """The next value up or down a ladder of common values, from wherever ``current`` is."""
    try:
        value = float(current.replace(",", " ").split()[0]) if current.strip() else 0.0
        keys = [float(item.replace(",", " ").split()[0]) if item else 0.0 for item in ladder]
    except (ValueError, IndexError):
        return ladder[len(ladder) // 2]
    if current in ladder:
        index = ladder.index(current) + direction
    elif direction > 0:
        index = next((i for i, key in enumerate(keys) if key > value), len(ladder) - 1)
    else:
        index = next((i for i in reversed(range(len(keys))) if keys[i] < value), 0)
    return ladder[max(0, min(len(ladder) - 1, index))]


class SetupForm:
    """The rows of the setup screen, their values, the focused row, and the plan they add up to."""

    def __init__(self, loaded_network=None, loaded_name=None, data_dir=None):
        self.available = {name: datasets.is_available(name, data_dir) for name, _, _ in OFFERED}
        self.loaded, self.loaded_name = loaded_network, loaded_name
        self.dataset = next((name for name, _, _ in OFFERED if self.available[name]), None)
        self.start = "new"
        self.activation = "sigmoid"
        self.text = dict(DEFAULTS)
        self.rows = ["dataset", "start", "hidden", "activation", "lr", "batch", "epochs"]
        self.focus = 0
        self.fresh = True  # the first key typed into a focused field replaces its value
        self.error = None
        self.hits = []  # (rect, row, value) of everything clickable, filled in by draw()

    def use_loaded(self, net, name):
        """The window's network changed (a file was dropped): offer to continue that one instead."""
        self.loaded, self.loaded_name = net, name
        if self.start == "loaded":
            self.start = "new"

    # --- what the choices mean ----------------------------------------------------------------------

    def classes(self, name=None):
        return datasets.DATASETS[name or self.dataset].classes

    def continue_problem(self):
        """Why the loaded network cannot continue on the chosen dataset, or None when it can."""
        if self.loaded is None:
            return "no network is loaded"
        if self.dataset and list(self.loaded.labels) != list(self.classes()):
            return (f"the loaded network knows {describe_classes(self.loaded.labels)}; {self.dataset_label()} "
                    f"needs {describe_classes(self.classes())}: train a new one")
        return None

    def dataset_label(self, name=None):
        return next(label for key, label, _ in OFFERED if key == (name or self.dataset))

    def sizes(self):
        if self.start == "loaded":
            return tuple(self.loaded.sizes)
        return (784, *parse_hidden(self.text["hidden"]), len(self.classes()))

    def plan(self):
        """The Plan for the current choices; ValueError with a readable message when one is invalid."""
        if self.dataset is None:
            raise ValueError("no dataset found: get one with python -m network download mnist")
        if self.start == "loaded" and self.continue_problem():
            raise ValueError(self.continue_problem())
        settings = Settings(epochs=number(self.text["epochs"], int, "epochs"),
                            batch_size=number(self.text["batch"], int, "batch size"),
                            lr=number(self.text["lr"], float, "learning rate"))
        if self.start == "loaded":
            return Plan(self.dataset, self.sizes(), self.loaded.activation, settings, self.loaded)
        return Plan(self.dataset, self.sizes(), self.activation, settings)

    # --- changing the choices ------------------------------------------------------------------------

    def choose(self, row, value):
        """Set a choice row to ``value`` (when allowed); text rows get focus instead."""
        self.focus, self.fresh, self.error = self.rows.index(row), True, None
        if row == "dataset" and self.available.get(value):
            self.dataset = value
            if self.start == "loaded" and self.continue_problem():
                self.start = "new"
                self.error = self.continue_problem()
        elif row == "start" and (value == "new" or not self.continue_problem()):
            self.start = value
        elif row == "start":
            self.error = self.continue_problem()
        elif row == "activation" and self.start == "new":
            self.activation = value

    def options(self, row):
        """``(value, label, enabled)`` of a choice row."""
        if row == "dataset":
            return [(name, label, self.available[name]) for name, label, _ in OFFERED]
        if row == "start":
            loaded = f"continue {self.loaded_name}" if self.loaded is not None else "continue the loaded network"
            return [("new", "new network", True), ("loaded", loaded, self.continue_problem() is None)]
        return [(name, name, self.start == "new") for name in ("sigmoid", "relu")]

    def current(self, row):
        """The chosen value of a choice row (a continued network keeps its own activation)."""
        if row == "activation" and self.start == "loaded":
            return self.loaded.activation
        return {"dataset": self.dataset, "start": self.start, "activation": self.activation}[row]

    def cycle(self, direction):
        """Left/Right: the next option of a choice row, or the next common value of a number row."""
        row = self.rows[self.focus]
        if row in self.text:
            if row == "hidden" and self.start == "loaded":
                return
            self.text[row] = step_ladder(LADDERS[row], self.text[row], direction)
            self.fresh, self.error = True, None
            return
        values = [value for value, _, enabled in self.options(row) if enabled]
        current = self.current(row)
        if values:
            index = values.index(current) if current in values else 0
            self.choose(row, values[(index + direction) % len(values)])

    def type_text(self, event):
        """A key typed into the focused number field: digits, point, comma, space; Backspace deletes."""
        row = self.rows[self.focus]
        if row not in self.text or (row == "hidden" and self.start == "loaded"):
            return False
        if event.key == pygame.K_BACKSPACE:
            self.text[row] = "" if self.fresh else self.text[row][:-1]
        elif event.unicode and event.unicode in "0123456789.,- eE":
            self.text[row] = (event.unicode if self.fresh else self.text[row] + event.unicode)[:24]
        else:
            return False
        self.fresh, self.error = False, None
        return True

    def handle_event(self, event):
        """Keys and clicks that change the form; True when the event was used."""
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_TAB):
                back = event.key == pygame.K_UP or (event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT)
                self.focus = (self.focus + (-1 if back else 1)) % len(self.rows)
                self.fresh = True
                return True
            if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
                self.cycle(1 if event.key == pygame.K_RIGHT else -1)
                return True
            return self.type_text(event)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for rect, row, value in self.hits:
                if rect.collidepoint(event.pos):
                    self.choose(row, value)
                    return True
        return False

    # --- drawing ---------------------------------------------------------------------------------------

    def draw(self, surface, rect, fonts):
        """The rows inside ``rect``, with the focused one highlighted and any error below them."""
        self.hits = []
        labels = {"dataset": "Dataset", "start": "Start from", "hidden": "Hidden layers", "activation": "Activation",
                  "lr": "Learning rate", "batch": "Batch size", "epochs": "Epochs"}
        row_height = fonts.body.get_linesize() + 22
        label_x, value_x = rect.x + 24, rect.x + 200
        y = rect.y
        for index, row in enumerate(self.rows):
            line = pygame.Rect(rect.x, y, rect.width, row_height - 6)
            if index == self.focus:
                pygame.draw.rect(surface, theme.PANEL_EDGE, line, border_radius=8)
            ui.text(surface, labels[row], fonts.body, theme.TEXT if index == self.focus else theme.MUTED,
                    (label_x, line.centery), "midleft")
            if row in self.text:
                self._draw_field(surface, fonts, row, index == self.focus, (value_x, line.centery))
            else:
                self._draw_options(surface, fonts, row, (value_x, line.centery))
            y += row_height
        return y

    def _draw_options(self, surface, fonts, row, position):
        x, centre = position
        current = self.current(row)
        for value, label, enabled in self.options(row):
            chosen = value == current
            colour = theme.BACKGROUND if chosen else (theme.TEXT if enabled else theme.FAINT)
            width = ui.text_width(fonts.body, label) + 28
            chip = pygame.Rect(x, centre - 15, width, 30)
            if chosen:
                pygame.draw.rect(surface, theme.ACCENT, chip, border_radius=15)
            else:
                pygame.draw.rect(surface, theme.PANEL_EDGE if enabled else theme.PANEL, chip, width=1,
                                 border_radius=15)
            ui.text(surface, label, fonts.body, colour, chip.center, "center")
            self.hits.append((chip, row, value))
            x = chip.right + 12

    def _draw_field(self, surface, fonts, row, focused, position):
        x, centre = position
        locked = row == "hidden" and self.start == "loaded"
        value = " - ".join(map(str, self.loaded.sizes[1:-1])) or "none" if locked else self.text[row]
        box = pygame.Rect(x, centre - 15, max(120, ui.text_width(fonts.body, value) + 24), 30)
        pygame.draw.rect(surface, theme.BOARD, box, border_radius=6)
        pygame.draw.rect(surface, theme.ACCENT if focused and not locked else theme.PANEL_EDGE, box, width=1,
                         border_radius=6)
        shown = ui.text(surface, value, fonts.body, theme.FAINT if locked else theme.TEXT,
                        (box.x + 12, centre + 1), "midleft")
        if focused and not locked and not self.fresh:
            pygame.draw.line(surface, theme.ACCENT, (shown.right + 2, centre - 9), (shown.right + 2, centre + 9), 2)
        self.hits.append((box, row, None))
        hint = self._field_hint(row)
        if hint:
            room = surface.get_width() - box.right - 14 - 24
            ui.text(surface, ui.fit(fonts.small, hint, room), fonts.small, theme.MUTED, (box.right + 14, centre + 1),
                    "midleft")

    def _field_hint(self, row):
        if row == "hidden":
            try:
                return "network  " + " - ".join(map(str, self.sizes())) if self.dataset else ""
            except ValueError as error:
                return str(error)
        if row == "lr" and self.current("activation") == "relu":  # relu dies at sigmoid's rates
            return "how big a step each mini-batch takes (relu wants a small one: 0.02-0.05)"
        return {"lr": "how big a step each mini-batch takes", "batch": "images per weight update",
                "epochs": "passes over the training images"}[row]


def describe_classes(labels):
    labels = list(labels)
    if all(len(label) == 1 for label in labels) and len(labels) > 3:
        return f"{labels[0]}-{labels[-1]}"
    return " ".join(labels)

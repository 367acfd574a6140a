"""The training setup screen: dataset, which network to start from, layer sizes and the learning settings.

Every row can be changed with the keyboard (Up/Down or Tab to choose a row; Left/Right change a
choice row; a text box edits like one: Left/Right/Home/End move the caret, Backspace/Delete erase,
PageUp/PageDown step through common values) or the mouse (click an option or a field). The
starting values are the dataset's defaults (``network.defaults``, the same as the command line's),
and the seed is a fresh random one unless typed.
"""

import random
from dataclasses import dataclass

import pygame

from network import datasets
from network.defaults import capacity_hint, defaults_for
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
LABELS = {"dataset": "Dataset", "start": "Start from", "hidden": "Hidden layers", "activation": "Activation",
          "lr": "Learning rate", "batch": "Batch size", "epochs": "Epochs", "seed": "Seed"}


def default_texts(dataset):
    """The number fields' starting text for ``dataset``: its defaults, as the command line has them."""
    defaults = defaults_for(dataset)
    return {"hidden": ", ".join(map(str, defaults.hidden)), "lr": f"{defaults.lr:g}",
            "batch": str(defaults.batch_size), "epochs": str(defaults.epochs)}


def fresh_seed():
    return str(random.randrange(1, 10000))


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
        self.text = {**default_texts(self.dataset), "seed": fresh_seed()}
        self.edited = set()  # fields the user changed: a new dataset's defaults leave them alone
        self.rows = ["dataset", "start", "hidden", "activation", "lr", "batch", "epochs", "seed"]
        self.focus = 0
        self.fresh = True  # the focused field's whole text is selected: the first key typed replaces it
        self.caret = 0
        self.error = None
        self.hits = []  # (rect, row, value) of everything clickable, filled in by draw()

    def new_seed(self):
        """A fresh random seed for the next run, unless the user typed one."""
        if "seed" not in self.edited:
            self.text["seed"] = fresh_seed()

    def warnings(self):
        """Problems worth a line under the form: layers too small for the chosen dataset."""
        try:
            hidden = self.sizes()[1:-1] if self.dataset else None
        except ValueError:
            return []
        hint = capacity_hint(self.dataset, hidden) if hidden is not None else None
        return [f"Hidden layers {', '.join(map(str, hidden)) or 'none'}: {hint}"] if hint else []

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
                            lr=number(self.text["lr"], float, "learning rate"),
                            seed=number(self.text["seed"], int, "seed"))
        if self.start == "loaded":
            return Plan(self.dataset, self.sizes(), self.loaded.activation, settings, self.loaded)
        return Plan(self.dataset, self.sizes(), self.activation, settings)

    # --- changing the choices ------------------------------------------------------------------------

    def choose(self, row, value):
        """Set a choice row to ``value`` (when allowed); text rows get focus instead."""
        self.focus_row(self.rows.index(row))
        self.error = None
        if row == "dataset" and self.available.get(value):
            self.dataset = value
            self.text.update({name: text for name, text in default_texts(value).items() if name not in self.edited})
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

    def editable(self, row):
        return row in self.text and not (row == "hidden" and self.start == "loaded")

    def cycle(self, direction):
        """The next option of a choice row, or (PageUp/PageDown) the next common value of a number row."""
        row = self.rows[self.focus]
        if row in self.text:
            if self.editable(row) and row in LADDERS:
                self._set_text(row, step_ladder(LADDERS[row], self.text[row], direction))
                self.fresh = True
            return
        values = [value for value, _, enabled in self.options(row) if enabled]
        current = self.current(row)
        if values:
            index = values.index(current) if current in values else 0
            self.choose(row, values[(index + direction) % len(values)])

    def _set_text(self, row, text):
        self.text[row] = text[:24]
        self.caret = min(self.caret, len(self.text[row])) if not self.fresh else len(self.text[row])
        self.edited.add(row)
        self.error = None

    def edit_text(self, event):
        """A key in the focused text box: caret moves, erasing, or a digit, point, comma, space typed at the caret."""
        row = self.rows[self.focus]
        if not self.editable(row):
            return False
        text, key = self.text[row], event.key
        if self.fresh and key in (pygame.K_LEFT, pygame.K_HOME):
            self.caret, self.fresh = 0, False
        elif self.fresh and key in (pygame.K_RIGHT, pygame.K_END):
            self.caret, self.fresh = len(text), False
        elif key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_HOME, pygame.K_END):
            moves = {pygame.K_LEFT: self.caret - 1, pygame.K_RIGHT: self.caret + 1, pygame.K_HOME: 0,
                     pygame.K_END: len(text)}
            self.caret = max(0, min(len(text), moves[key]))
        elif key in (pygame.K_BACKSPACE, pygame.K_DELETE) and self.fresh:
            self.fresh, self.caret = False, 0
            self._set_text(row, "")
        elif key == pygame.K_BACKSPACE:
            if self.caret:
                self.caret -= 1
                self._set_text(row, text[:self.caret] + text[self.caret + 1:])
        elif key == pygame.K_DELETE:
            self._set_text(row, text[:self.caret] + text[self.caret + 1:])
        elif event.unicode and event.unicode in "0123456789.,- eE":
            if self.fresh:
                text, self.caret, self.fresh = "", 0, False
            self.caret += 1
            self._set_text(row, text[:self.caret - 1] + event.unicode + text[self.caret - 1:])
        else:
            return False
        return True

    def handle_event(self, event):
        """Keys and clicks that change the form; True when the event was used."""
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_TAB):
                back = event.key == pygame.K_UP or (event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT)
                self.focus_row((self.focus + (-1 if back else 1)) % len(self.rows))
                return True
            if event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
                self.cycle(1 if event.key == pygame.K_PAGEUP else -1)
                return True
            if self.rows[self.focus] not in self.text and event.key in (pygame.K_LEFT, pygame.K_RIGHT):
                self.cycle(1 if event.key == pygame.K_RIGHT else -1)
                return True
            return self.edit_text(event)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for rect, row, value in self.hits:
                if rect.collidepoint(event.pos):
                    self.choose(row, value)
                    return True
        return False

    def focus_row(self, index):
        self.focus, self.fresh = index, True
        row = self.rows[index]
        self.caret = len(self.text[row]) if row in self.text else 0

    # --- drawing ---------------------------------------------------------------------------------------

    def draw(self, surface, rect, fonts):
        """The rows inside ``rect``, with the focused one highlighted and any error below them."""
        self.hits = []
        row_height = max(34, min(fonts.body.get_linesize() + 22, rect.height // len(self.rows)))
        label_x, value_x = rect.x + 24, rect.x + min(200, max(150, rect.width // 5))
        y = rect.y
        for index, row in enumerate(self.rows):
            line = pygame.Rect(rect.x, y, rect.width, row_height - 6)
            if index == self.focus:
                pygame.draw.rect(surface, theme.PANEL_EDGE, line, border_radius=8)
            ui.text(surface, LABELS[row], fonts.body, theme.TEXT if index == self.focus else theme.MUTED,
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
        if focused and not locked and self.fresh and value:  # the whole value selected: typing replaces it
            selection = pygame.Rect(box.x + 10, centre - 11, ui.text_width(fonts.body, value) + 4, 22)
            pygame.draw.rect(surface, theme.PANEL_EDGE, selection, border_radius=3)
        ui.text(surface, value, fonts.body, theme.FAINT if locked else theme.TEXT, (box.x + 12, centre + 1), "midleft")
        if focused and not locked and not self.fresh:
            x = box.x + 12 + (ui.text_width(fonts.body, value[:self.caret]) if self.caret else 0) + 1
            pygame.draw.line(surface, theme.ACCENT, (x, centre - 9), (x, centre + 9), 2)
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
                "epochs": "passes over the training images",
                "seed": "starting weights and image order: the same seed repeats a run"}[row]


def describe_classes(labels):
    labels = list(labels)
    if all(len(label) == 1 for label in labels) and len(labels) > 3:
        return f"{labels[0]}-{labels[-1]}"
    return " ".join(labels)

"""A view's keys as one table: each row says what is pressed, what it does, and how the help and footer name it.

A row's ``keys`` are pygame key codes, typed characters (``"?"``, ``"+"``: whatever the keyboard layout)
or ``(pygame.KMOD_CTRL, key)`` for a key held with a modifier. ``action`` names the view's method to call
(with ``args``), or ``opens`` is a view class to open (``app.open(opens, *args)``); a row with neither is a
help line only (the mouse, a dropped file). ``when`` names a view method that must say True for the row to
apply (e.g. a stage of the view).
"""

from dataclasses import dataclass

import pygame


@dataclass(frozen=True)
class Key:
    """One row of a key table."""
    keys: tuple = ()
    action: str = None
    args: tuple = ()
    help: tuple = None  # ("R  or  Backspace", "clear the canvas"): a line of the view's help
    hint: str = None  # "R: clear": a piece of the view's footer hint
    when: str = None
    opens: type = None

    def matches(self, event):
        for key in self.keys:
            if isinstance(key, str):
                if event.unicode == key:
                    return True
            elif isinstance(key, tuple):
                if event.key == key[1] and event.mod & key[0]:
                    return True
            elif event.key == key:
                return True
        return False


class KeyTable:
    """The rows of one view's keys, in the order its help lists them."""

    def __init__(self, *rows):
        self.rows = rows

    def row_for(self, view, event):
        """The first row that applies to the KEYDOWN ``event`` in ``view``'s present state, or None."""
        for row in self.rows:
            if (row.action or row.opens) and row.matches(event) and (row.when is None or getattr(view, row.when)()):
                return row
        return None

    def handle(self, view, event):
        """Run the action of the row ``event`` presses; True when there was one."""
        row = self.row_for(view, event) if event.type == pygame.KEYDOWN else None
        if row is None:
            return False
        if row.opens is not None:
            view.app.open(row.opens, *row.args)
        else:
            getattr(view, row.action)(*row.args)
        return True

    @property
    def help(self):
        """``[(keys, what they do)]`` for the help overlay."""
        return [row.help for row in self.rows if row.help]

    def hints(self, view=None):
        """The footer's hints, in table order (those whose ``when`` holds, given a view)."""
        return [row.hint for row in self.rows
                if row.hint and (view is None or row.when is None or getattr(view, row.when)())]

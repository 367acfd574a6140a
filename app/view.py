"""The contract between the frame loop and a view: one base class whose defaults every view may keep.

A view is opened with ``app.open(ViewClass, *args)`` and left with ``app.show_drawing()`` (or by opening
another). Each frame the loop hands it events (``handle_event``), lets it work (``update``) and, when
``needs_frame()`` says the picture changed, has it ``draw`` the whole window.
"""

from .keys import KeyTable


class View:
    """A full-window view. ``keys`` is its key table (see app.keys): the default ``handle_event`` runs it.

    ``kept`` views are made once and shown again as they were left (the drawing keeps its drawing, the test
    view its work) for as long as ``still_fits()``; otherwise each ``app.open`` makes a new one.
    """

    keys = KeyTable()
    kept = False

    def __init__(self, app):
        self.app = app

    def handle_event(self, event):
        """An event from the window: by default, a key of the view's table runs its action."""
        self.keys.handle(self, event)

    def update(self, dt):
        """Work for this frame (``dt`` seconds since the last): nothing by default."""

    def draw(self, surface):
        raise NotImplementedError

    def needs_frame(self):
        """Whether the picture changed without an event (events draw anyway): by default always, an animation."""
        return True

    def notice_area(self, size):
        """Where notices may cover the view in a window of ``size`` (a Rect), or None for the window's default.
        A view may keep that room free while notices show: ``app.notices_height`` says how high they stand."""
        return None

    def take_dropped_file(self, path):
        """A file dropped on the window while the view shows: True when the view took it, else the window
        loads it as a network."""
        return False

    def close(self):
        """The view is left (another opens, or the window closes)."""

    def still_fits(self):
        """A kept view: whether it can be shown again as it was (else a new one replaces it)."""
        return True

    def discard(self, wait=False):
        """A kept view is replaced or the window closes: stop its background work (``wait`` until stopped)."""

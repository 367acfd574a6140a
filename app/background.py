"""Long computations in a worker thread, so the window keeps drawing; the frame loop reads their progress.

The work is numpy, which lets go of Python's lock while it multiplies, so the frame loop keeps its pace.
"""

import threading


class Cancelled(Exception):
    """Raised inside the work when its task was cancelled, at its next progress report."""


class Task(threading.Thread):
    """Runs ``work(progress)`` once; ``fraction``, ``result`` and ``error`` tell the frame loop how it goes.

    ``work`` calls ``progress(done, total)`` as it goes. A problem with the user's data (a ValueError,
    such as InklingError, or an OSError) becomes ``error``, one line for a notice.
    """

    def __init__(self, work):
        super().__init__(daemon=True)
        self.work, self.result, self.error = work, None, None
        self.done, self.total = 0, 0
        self._cancelled = threading.Event()
        self.start()

    def run(self):
        try:
            self.result = self.work(self._progress)
        except Cancelled:
            pass
        except (ValueError, OSError) as error:
            self.error = str(error)
        finally:
            if self.result is None and self.error is None and not self._cancelled.is_set():
                self.error = "the computation failed unexpectedly (the terminal shows why)"

    def _progress(self, done, total):
        if self._cancelled.is_set():
            raise Cancelled()
        self.done, self.total = done, total

    @property
    def fraction(self):
        return self.done / self.total if self.total else 0.0

    @property
    def finished(self):
        return not self.is_alive()

    def cancel(self):
        """Stop at the next progress report; the frame loop does not wait for it."""
        self._cancelled.set()

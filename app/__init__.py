"""Inkling's pygame window: draw and guess, and watch a network train."""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # the window speaks for itself; no banner on stdout

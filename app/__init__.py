"""Inkling's pygame window: draw and guess, and watch a network train."""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # the window speaks for itself; no banner on stdout
# One BLAS thread, as the network package asks: pygame loads numpy first, before `network` could say so.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

"""Inkling's pygame window: draw and guess, and watch a network train.

Where things go (arrows point one way: window -> views -> panels -> network):

- ``window.App``: the display, the frame loop, notices, dropped files. It shows one view at a time.
- ``shown.Shown`` (``app.shown``): what is shown: the networks on one or two sides, the chosen side, the
  files opened this run. Views read it and change it only through its methods; they never import the window.
- ``view.View``: the contract between the loop and a view, with defaults (``needs_frame``, ``notice_area``,
  ``take_dropped_file``, ...). A view is opened one way: ``app.open(ViewClass, *args)``;
  ``app.show_drawing()`` goes back to drawing.
- ``keys.KeyTable``: each view's keys in one table of ``Key`` rows, driving its actions, its help lines and its
  footer hints.
- ``layout``: margins, the header's height, rows of buttons, labels that shorten to fit, shared by the views.
- A view is a module ``app/<name>_view.py`` (a view with stages, as training, has a class per stage); the
  pieces it draws (guess panel, inside panel, charts, mosaics)
  are panels in modules of their own that draw into a rect and know no view.
- Computation belongs in ``network/`` (pure numpy); ``app/`` only draws it. A new dataset goes into
  ``network/datasets.py`` (``DATASETS``); the training form offers those in ``training_setup.OFFERED``.

To add a view: write one class ``class MyView(View)`` with ``draw`` (and ``keys = KeyTable(Key(...), ...)``
naming its methods), and add one line to the drawing view's ``KEYS`` table:
``Key((pygame.K_x,), opens=MyView, help=("X", "what it shows"), hint="X: mine")``. Its key then works, and
the help and the footer list it.
"""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # the window speaks for itself; no banner on stdout
# One BLAS thread, as the network package asks: pygame loads numpy first, before `network` could say so.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

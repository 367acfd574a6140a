"""Make the "Teach it your handwriting" screenshots from the real window, driven by posted mouse and key events.

    python examples/make_teach_media.py [--out-dir examples]

digits.npz is shown 1s with a long flag (which it reads as 7s) and slashed 0s, drawn with the mouse and
labelled with L; then the M panel (teach_panel.png), then Teach in the training view (teach_training.png).
The drawings, the taught network and its log go to a temporary folder, never to my_drawings/ or
saved_networks/. Needs MNIST (INKLING_DATA or data/); runs headless.
"""

import argparse
import os
import sys
import tempfile

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import numpy as np  # noqa: E402
import pygame  # noqa: E402

import network  # noqa: E402
from app.window import App  # noqa: E402

NETWORK = os.path.join(os.path.dirname(HERE), "saved_networks", "digits.npz")
LONG_FLAG_ONE = [[(0.3, 0.5), (0.62, 0.15), (0.62, 0.85)]]
SLASHED_ZERO = [[(0.5 + 0.2 * np.sin(a), 0.5 - 0.3 * np.cos(a)) for a in np.linspace(0, 2 * np.pi, 40)],
                [(0.68, 0.2), (0.32, 0.8)]]


def post(kind, **attributes):
    pygame.event.post(pygame.event.Event(kind, **attributes))


def draw(app, strokes, rng):
    """Draw ``strokes`` (fractions of the canvas) with the mouse, shifted, scaled and slanted a little."""
    rect = app.drawing.layout.canvas
    shift, scale, slant = rng.uniform(-0.08, 0.08, 2), rng.uniform(0.8, 1.1), rng.uniform(-0.15, 0.15)
    for line in strokes:
        points = [(0.5 + (x - 0.5) * scale + slant * (0.5 - y) + shift[0], 0.5 + (y - 0.5) * scale + shift[1])
                  for x, y in line]
        positions = [(round(rect.x + x * rect.width), round(rect.y + y * rect.height)) for x, y in points]
        post(pygame.MOUSEBUTTONDOWN, pos=positions[0], button=1)
        for position in positions[1:]:
            post(pygame.MOUSEMOTION, pos=position, rel=(0, 0), buttons=(1, 0, 0))
        post(pygame.MOUSEBUTTONUP, pos=positions[-1], button=1)
    app.step()


def press(app, key, unicode=""):
    post(pygame.KEYDOWN, key=key, unicode=unicode, mod=0, scancode=0)
    app.step()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=HERE)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(4)
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["INKLING_HOME"] = scratch  # drawings, the taught network and its log go here, and are deleted
        app = App(network.load(NETWORK), NETWORK)
        for number in range(16):
            strokes, key, character = (LONG_FLAG_ONE, pygame.K_1, "1") if number % 2 == 0 else \
                (SLASHED_ZERO, pygame.K_0, "0")
            draw(app, strokes, rng)
            press(app, pygame.K_l, "l")
            press(app, key, character)
        press(app, pygame.K_m, "m")
        app.step(dt=10.0)  # the "kept" notices fade before the picture is taken
        pygame.image.save(app.surface, os.path.join(args.out_dir, "teach_panel.png"))
        press(app, pygame.K_RETURN)
        view = app.view
        while view.run is None or view.run.active:
            app.step()
        app.step()
        pygame.image.save(app.surface, os.path.join(args.out_dir, "teach_training.png"))
        print(f"saved teach_panel.png and teach_training.png in {args.out_dir}: {view.run.before_and_after()}")
        app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())

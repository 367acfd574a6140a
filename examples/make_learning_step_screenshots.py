"""Make the learning-step pictures from the real window, driven by posted events (headless), with tiny-digits.npz
(784-24-16-10) and a drawn 7 with a short bar that it reads as 1:

    examples/step_cost.png        S on the drawing, 7 clicked as its label: the cost stage, the error a - y
    examples/step_backward.png    the error flowed back to the first hidden layer
    examples/step_update.png      two steps later: the update, the cost falling, the 7 read as 7
    examples/step_too_large.png   the learning rate raised to 10: the image learnt, the other images forgotten

    python examples/make_learning_step_screenshots.py [--out-dir examples]

Needs MNIST (INKLING_DATA or data/) for the other images' measure.
"""

import argparse
import os
import sys
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import pygame  # noqa: E402

import network  # noqa: E402
from app.window import App  # noqa: E402
from make_inside_screenshots import click, draw, press, save  # noqa: E402

SAVED = os.path.join(os.path.dirname(HERE), "saved_networks")


def seven():
    """A 7 with a short bar and a steep stem, as fractions of the canvas: tiny-digits reads it as 1."""
    bar = [(0.455 + 0.13 * t, 0.215 - 0.021 * t) for t in np.linspace(0, 1, 8)]
    stem = [(0.585 - 0.068 * t, 0.194 + 0.677 * t) for t in np.linspace(0, 1, 22)]
    return bar + stem


def measured(app, seconds=30):
    """Frames until the other images' measure of the step shown has arrived (or ``seconds`` passed)."""
    view, started = app.view, time.monotonic()
    while time.monotonic() - started < seconds and not view.forgetting.problem and (
            view.forgetting.predicted(view.lesson.step.after) is None):
        app.step()
        time.sleep(0.05)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=HERE)
    args = parser.parse_args(argv)

    path = os.path.join(SAVED, "tiny-digits.npz")
    app = App(network.load(path), path)
    app.step()
    draw(app, seven())
    app.step()
    app.step()
    if int(np.argmax(app.drawing.guess)) != 1:
        print(f"the 7 was read as {int(np.argmax(app.drawing.guess))}, not 1: not saving", file=sys.stderr)
        return 1
    press(pygame.K_s, "s")
    app.step()
    view = app.view
    click(dict(view.chips)[7].center)
    press(pygame.K_2, "2")
    app.step()
    save(app, os.path.join(args.out_dir, "step_cost.png"))
    for _ in range(len(view.lesson.step.deltas)):
        press(pygame.K_RIGHT, "")
    app.step()
    save(app, os.path.join(args.out_dir, "step_backward.png"))
    press(pygame.K_SPACE, " ")
    press(pygame.K_SPACE, " ")
    app.step()
    measured(app)
    save(app, os.path.join(args.out_dir, "step_update.png"))
    for _ in range(8):
        press(pygame.K_EQUALS, "+")
    app.step()
    measured(app)
    save(app, os.path.join(args.out_dir, "step_too_large.png"))
    app.quit()
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())

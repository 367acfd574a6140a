"""Make examples/drawing.png: the real window, a 3 drawn by posted mouse events, and the network's guess.

    python examples/make_drawing_screenshot.py [NETWORK.npz] [--out examples/drawing.png]

With the digits-and-letters network (the default) the picture shows both answers: the best digit and
the best letter. Runs headless (SDL dummy driver), so it gives the same picture on any machine. Exits 1
without saving if the network's digit is not a 3, so a weak network never ends up in the README.
"""

import argparse
import os
import sys

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import numpy as np  # noqa: E402
import pygame  # noqa: E402

import network  # noqa: E402
from app.window import App  # noqa: E402
from network.groups import best_in_group, groups_of  # noqa: E402


def three():
    """Points of a handwritten 3 as fractions of the canvas: an upper bowl, then a larger lower one."""
    upper = [(0.5 + 0.17 * np.cos(a), 0.33 + 0.13 * np.sin(a)) for a in np.linspace(-0.85 * np.pi, 0.5 * np.pi, 25)]
    lower = [(0.5 + 0.2 * np.cos(a), 0.63 + 0.17 * np.sin(a)) for a in np.linspace(-0.5 * np.pi, 0.85 * np.pi, 30)]
    return upper + lower


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("network", nargs="?", default=os.path.join(os.path.dirname(HERE), "saved_networks", "characters.npz"))
    parser.add_argument("--out", default=os.path.join(HERE, "drawing.png"))
    args = parser.parse_args(argv)
    try:
        net = network.load(args.network)
    except network.InklingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    app = App(net, args.network)
    rect = app.view.layout.canvas
    points = [(round(rect.x + x * rect.width), round(rect.y + y * rect.height)) for x, y in three()]
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=points[0], button=1))
    for point in points[1:]:
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(1, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=points[-1], button=1))
    app.step()
    app.step()
    digits = groups_of(list(net.labels)).get("digit", np.arange(len(net.labels)))
    guess = net.labels[int(best_in_group(app.view.guess, digits))]
    if guess != "3":
        print(f"{args.network} reads the drawn 3 as {guess}: not saving a screenshot", file=sys.stderr)
        return 1
    pygame.image.save(app.surface, args.out)
    answers = app.view.panel.answers
    said = (f"digit 3, letter {answers['letter']}, favouring the {answers['favoured']}" if answers
            else f"3 with {app.view.guess.max():.2%}")
    print(f"saved {args.out} ({args.network}: {said})")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())

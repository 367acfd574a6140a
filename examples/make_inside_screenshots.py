"""Make the looking-inside pictures from the real window, driven by posted events (headless):

    examples/inside.png    tiny-digits.npz (784-24-16-10): a drawn 3, the inside view, one unit's details pinned
    examples/why_not.png   digits.npz: the same 3, and the why-map of 8 after a click on 8's bar
    examples/not_sure.png  digits.npz: a scribble, which the network answers with "not sure"
    examples/network.png   tiny-digits.npz in the network view (V)

    python examples/make_inside_screenshots.py [--out-dir examples]
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
from make_drawing_screenshot import three  # noqa: E402

SAVED = os.path.join(os.path.dirname(HERE), "saved_networks")


def scribble():
    """A looping tangle, as a hand scribbles."""
    turns = np.linspace(0, 7 * np.pi, 160)
    return list(zip(0.5 + 0.16 * np.cos(turns) + 0.1 * np.cos(2.3 * turns + 1),
                    0.5 + 0.14 * np.sin(1.1 * turns) + 0.1 * np.sin(2.7 * turns)))


def post(kind, **attributes):
    pygame.event.post(pygame.event.Event(kind, **attributes))


def press(key, letter):
    post(pygame.KEYDOWN, key=key, unicode=letter, mod=0, scancode=0)


def click(position):
    post(pygame.MOUSEBUTTONDOWN, pos=position, button=1)
    post(pygame.MOUSEBUTTONUP, pos=position, button=1)


def draw(app, points):
    """Drag the mouse through ``points`` (fractions of the canvas square) with the left button held."""
    rect = app.drawing.layout.canvas
    positions = [(round(rect.x + x * rect.width), round(rect.y + y * rect.height)) for x, y in points]
    post(pygame.MOUSEBUTTONDOWN, pos=positions[0], button=1)
    for position in positions[1:]:
        post(pygame.MOUSEMOTION, pos=position, rel=(0, 0), buttons=(1, 0, 0))
    post(pygame.MOUSEBUTTONUP, pos=positions[-1], button=1)


def open_app(name, points, inside=True, brush=10):
    """The window with ``name``'s network, the inside view open, ``points`` drawn with a ``brush`` px brush, and
    the "not sure" floor measured."""
    path = os.path.join(SAVED, name)
    net = network.load(path)
    app = App(net, path)
    app.drawing.set_brush(brush)
    if inside:
        press(pygame.K_i, "i")
        app.step()
    draw(app, points)
    waited = time.monotonic()
    while app.drawing.floors.get(net) is None and time.monotonic() - waited < 30:
        app.step()
        time.sleep(0.05)
    app.step()
    return app


def save(app, path):
    app.request_frame()
    app.step()
    pygame.image.save(app.surface, path)
    print(f"saved {path}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=HERE)
    args = parser.parse_args(argv)

    app = open_app("tiny-digits.npz", three())
    inside = app.drawing.inside
    tile, unit = inside._tiles[1]
    click(tile.center)
    app.step()
    save(app, os.path.join(args.out_dir, "inside.png"))
    app.quit()

    app = open_app("digits.npz", three())
    eight = next(rect for rect, index in app.drawing.panel.bar_rects if index == 8)
    click(eight.center)
    app.step()
    save(app, os.path.join(args.out_dir, "why_not.png"))
    app.quit()

    app = open_app("digits.npz", scribble(), brush=4)
    look = app.drawing.look
    if not look.unsure:
        print("the scribble was read with confidence: not saving not_sure.png", file=sys.stderr)
        return 1
    save(app, os.path.join(args.out_dir, "not_sure.png"))
    app.quit()

    app = open_app("tiny-digits.npz", three(), inside=False)
    press(pygame.K_v, "v")
    app.step()
    save(app, os.path.join(args.out_dir, "network.png"))
    app.quit()
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())

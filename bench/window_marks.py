"""Not a character in the window: marks of the kinds no gate learned, and characters, drawn on the real
canvas with the mouse (pygame events on SDL's dummy driver) at three brush widths and four sizes, and what
the drawing panel says of each: the share of each kind called "not a character" and of characters refused.
The networks named are measured side by side on the same drawings.

    python bench/window_marks.py [NETWORK.npz ...] [--per-size 2] [--seed 1]
"""

import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ["INKLING_HOME"] = tempfile.mkdtemp(prefix="inkling-bench-")  # nothing lands in the user's folders

import network  # noqa: E402  (first: it sets one BLAS thread before numpy loads)
import numpy as np  # noqa: E402
import pygame  # noqa: E402

from app.window import App  # noqa: E402
from network import marks  # noqa: E402
from network.character_strokes import CHARACTER_STROKES  # noqa: E402
from bench_steps import run_steps  # noqa: E402

BRUSHES = (5, 10, 16)  # canvas pixels; the window starts at 10
SIZES = (0.2, 0.35, 0.5, 0.7)  # of the canvas's side
CHARACTERS = "characters (refused)"


def drawings(labels, per_size, seed):
    """``{kind: [(strokes in a unit box, brush, size, (x, y) centre)]}``: the held-out kinds, then characters."""
    rng = np.random.default_rng(seed)
    ways = [way for label in labels for way in CHARACTER_STROKES.get(label, [])]
    found = {}
    for kind in [*marks.HELD_OUT, CHARACTERS]:
        found[kind] = [([np.asarray(s, float) for s in (ways[int(rng.integers(len(ways)))] if kind == CHARACTERS
                                                          else marks.KINDS[kind][0](rng))],
                        brush, size, tuple(rng.uniform(0.4, 0.6, 2)))
                       for brush in BRUSHES for size in SIZES for _ in range(per_size)]
    return found


def post(kind, **attributes):
    pygame.event.post(pygame.event.Event(kind, **attributes))


def refused(app, strokes, brush, size, centre):
    """Draw ``strokes`` on a clear canvas with ``brush``, ``size`` of it wide at ``centre``; True when the
    panel says "not a character"."""
    view = app.view
    view.set_brush(brush)
    rect = view.layout.canvas
    for stroke in strokes:
        points = [(round(rect.x + (centre[0] + (x - 0.5) * size) * rect.width),
                   round(rect.y + (centre[1] + (y - 0.5) * size) * rect.height)) for x, y in stroke]
        post(pygame.MOUSEBUTTONDOWN, pos=points[0], button=1)
        for point in points[1:] or points:
            post(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(1, 0, 0))
        post(pygame.MOUSEBUTTONUP, pos=points[-1], button=1)
        app.step()
    answer = view.panel.answers.get("verdict") == "not a character"
    post(pygame.KEYDOWN, key=pygame.K_r, unicode="r", mod=0, scancode=0)
    app.step()
    return answer


def measure(path, per_size, seed):
    net = network.load(path)
    app = App(net, path, size=(1040, 700))
    try:
        return {kind: float(np.mean([refused(app, *drawing) for drawing in drawn]))
                for kind, drawn in drawings(net.labels, per_size, seed).items()}
    finally:
        app.quit()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("networks", nargs="*", default=[os.path.join("saved_networks", "characters.npz")])
    parser.add_argument("--per-size", type=int, default=2, help="drawings of each kind per brush and size")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    results = {}
    status = run_steps(*(lambda path=path: results.update({path: measure(path, args.per_size, args.seed)})
                         for path in args.networks))
    if results:
        count = len(BRUSHES) * len(SIZES) * args.per_size
        print(f"called not a character in the window ({count} drawings a kind: brushes {BRUSHES} px, sizes "
              f"{SIZES} of the canvas)")
        print(f"  {'kind':<22}" + "".join(f"{p[-19:]:>20}" for p in results))
        for kind in next(iter(results.values())):
            print(f"  {kind:<22}" + "".join(f"{r[kind]:>20.0%}" for r in results.values()))
        held = [np.mean([r[k] for k in marks.HELD_OUT]) for r in results.values()]
        print(f"  {'mean, held-out kinds':<22}" + "".join(f"{h:>20.0%}" for h in held))
    return status


if __name__ == "__main__":
    sys.exit(main())

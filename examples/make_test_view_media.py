"""Make the README's test view pictures from the real window: examples/test_{confusion,mistakes,robustness}.png.

    python examples/make_test_view_media.py [NETWORK.npz] [--out-dir examples]

Runs headless (SDL dummy driver): presses E, waits for the judging and the robustness curves (they compute
in the window's worker threads), and saves each tab as the window shows it, the worst confusion selected.
"""

import argparse
import os
import sys

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import pygame  # noqa: E402

from app.loading import load_drawable  # noqa: E402
from app.window import App  # noqa: E402
from network.errors import InklingError  # noqa: E402

TABS = ("confusion", "mistakes", "robustness")


def failed(problem):
    print(f"error: {problem}", file=sys.stderr)
    return 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("network", nargs="?", default=os.path.join(os.path.dirname(HERE), "saved_networks", "digits.npz"))
    parser.add_argument("--out-dir", default=HERE)
    args = parser.parse_args(argv)
    try:
        app = App(load_drawable(args.network), args.network)
    except InklingError as error:
        return failed(error)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_e, unicode="e", mod=0, scancode=0))
    app.step()
    subject = app.view.subject  # E opened the test view
    subject.judging.join()
    while subject.measuring is None and subject.judging.error is None:
        app.step()
    if subject.judging.error:
        return failed(subject.judging.error)
    subject.measuring.join()
    for tab, name in enumerate(TABS):
        app.view.show_tab(tab)
        app.step()
        path = os.path.join(args.out_dir, f"test_{name}.png")
        pygame.image.save(app.surface, path)
        print(f"saved {path}")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())

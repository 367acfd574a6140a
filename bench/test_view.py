"""How fast a network is judged, and whether the window keeps its pace while the robustness curves compute.

1. The confusion matrix of the network's 10,000-image test split: headless (``network.judge``: loading the
   test images and one forward pass over them), and in the real window (SDL dummy driver): from pressing E
   until the first frame that draws the matrix. Medians of alternating runs, nothing remembered between runs.
2. The window on the robustness tab under its 60 fps clock, while the curves compute in the worker thread
   and after they are done, in the same run: the time each frame's work takes, and the time from one
   frame to the next (what a person sees; it includes waiting for the worker to let go of Python).

    python bench/test_view.py [NETWORK.npz] [--runs 7]
"""

import argparse
import os
import sys
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from app.window import App  # noqa: E402  (first, as in python -m app: it sets the BLAS threads before numpy loads)
from app.test_view import TestView  # noqa: E402
import numpy as np  # noqa: E402
import pygame  # noqa: E402

import network  # noqa: E402
from network import judge  # noqa: E402

SIZE = (1040, 700)


def headless_seconds(net):
    judge.forget()
    started = time.perf_counter()
    judge.judge(net)
    return time.perf_counter() - started


def window_seconds(app):
    """From E until the first frame with the matrix on it, on a fresh test view."""
    judge.forget()
    app.kept.pop(TestView, None)  # a fresh test view, not the one kept from the last measurement
    app.show_drawing()
    app.step()
    started = time.perf_counter()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_e, unicode="e", mod=0, scancode=0))
    while True:
        app.step(app.clock.tick(60) / 1000.0)
        view = app.kept.get(TestView)
        if view is not None and view.heatmap.cells is not None:
            seconds = time.perf_counter() - started
            view.discard(wait=True)
            return seconds
        if view is not None and view.subject.judging.error:
            raise SystemExit(f"error: {view.subject.judging.error}")


def run_frames(app, keep_going):
    """``(work, intervals)`` in ms of frames under the 60 fps clock while ``keep_going()``."""
    work, starts = [], []
    while keep_going():
        dt = app.clock.tick(60) / 1000.0
        starts.append(time.perf_counter())
        app.step(dt)
        work.append(time.perf_counter() - starts[-1])
    return 1000 * np.array(work), 1000 * np.diff(starts)


def frame_times(app):
    """Frames on the robustness tab while the curves compute, then as many frames after."""
    judge.forget()
    app.kept.pop(TestView, None)
    app.show_drawing()
    view = app.open(TestView)
    view.show_tab(2)
    view.subject.judging.join()
    if view.subject.judging.error:
        raise SystemExit(f"error: {view.subject.judging.error}")
    busy = run_frames(app, lambda: view.subject.curves is None and not (view.subject.measuring and
                                                                        view.subject.measuring.error))
    count = iter(range(len(busy[0])))
    return busy, run_frames(app, lambda: next(count, None) is not None)


def describe(work, intervals):
    return (f"work median {np.median(work):5.2f} ms, 95th percentile {np.percentile(work, 95):5.2f} ms; "
            f"frame to frame median {np.median(intervals):5.1f} ms, 95th percentile "
            f"{np.percentile(intervals, 95):5.1f} ms, slowest {intervals.max():5.0f} ms; "
            f"{1000 / np.mean(intervals):4.1f} frames/s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("network", nargs="?", default=os.path.join("saved_networks", "digits.npz"))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    try:
        net = network.load(args.network)
        judge.test_split(net)
    except network.InklingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    app = App(net, args.network, size=SIZE)
    headless, window = [], []
    for _ in range(args.runs):
        headless.append(headless_seconds(net))
        window.append(window_seconds(app))
    images = len(judge.judge(net).labels)
    print(f"{args.network} {net.sizes}, {images:,} test images, median of {args.runs} alternating runs")
    print(f"  confusion matrix, headless (load + forward pass)       {np.median(headless):6.3f} s "
          f"(range {min(headless):.3f}-{max(headless):.3f})")
    print(f"  confusion matrix in the window, from E to its frame    {np.median(window):6.3f} s "
          f"(range {min(window):.3f}-{max(window):.3f})")
    started = time.perf_counter()
    busy, idle = frame_times(app)
    print(f"\nrobustness tab, {SIZE[0]}x{SIZE[1]} window under the 60 fps clock "
          f"(curves took {time.perf_counter() - started:.1f} s in the worker):")
    print(f"  while the curves compute ({len(busy[0])} frames): {describe(*busy)}")
    print(f"  after they are done ({len(idle[0])} frames):      {describe(*idle)}")
    app.quit()
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())

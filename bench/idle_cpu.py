"""What the drawing window costs: CPU while it sits idle, and frames per second while a stroke is drawn.

The real App with the shipped digits network runs its own frame loop (``App.run``) four ways, alternating,
--repeats times (default 3), each in turn for --seconds (default 10):

- idle: nothing happens; the window only waits (it draws a frame only when something changed);
- drawing: a thread posts a mouse drag over the canvas, 200 motion events a second (a typical mouse),
  the left button held, as a person drawing slowly round and round;
- and both again "drawn every frame", the loop as it was before frames were skipped (App.needs_frame
  replaced by one that always says yes), side by side.

Printed per run and as medians: the process's CPU time over the wall time (% of one core) and the
frames drawn per second. Targets: idle under 5% of a core, 60 frames per second while drawing.
SDL's video driver is whatever the environment gives (set DISPLAY for a real X server, e.g. Xvfb;
without one the dummy driver is used), and it is printed.

    python bench/idle_cpu.py [--seconds 10] [--repeats 3]
"""

import argparse
import math
import os
import statistics
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

import network  # noqa: E402
from app.window import App  # noqa: E402

DIGITS = os.path.join(REPO, "saved_networks", "digits.npz")
MOTIONS_PER_SECOND = 200


def drag_over_canvas(app, stop):
    """Post a left-button drag circling inside the canvas until ``stop`` is set, then release the button."""
    rect = app.view.layout.canvas
    centre, reach = rect.center, 0.35 * rect.width
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=centre, button=1))
    count = 0
    while not stop.is_set():
        angle = count * 0.03
        position = (round(centre[0] + reach * math.cos(angle)), round(centre[1] + reach * math.sin(1.3 * angle)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=position, rel=(0, 0), buttons=(1, 0, 0)))
        count += 1
        time.sleep(1 / MOTIONS_PER_SECOND)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=centre, button=1))


def measure(net, seconds, drawing, every_frame):
    """(% of a core, frames per second) of the window's own loop for ``seconds``."""
    app = App(net, DIGITS)
    if every_frame:
        app.needs_frame = lambda: True  # the loop as it was: draw, flip and tick at 60 fps whatever happens
    app.step()  # the first frame, before the clock starts
    stop = threading.Event()
    drawer = threading.Thread(target=drag_over_canvas, args=(app, stop)) if drawing else None

    def close():
        stop.set()
        if drawer:
            drawer.join()
        pygame.event.post(pygame.event.Event(pygame.QUIT))
    timer = threading.Timer(seconds, close)
    frames, wall, cpu = app.frames, time.perf_counter(), time.process_time()
    timer.start()
    if drawer:
        drawer.start()
    app.run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return 100 * cpu / wall, (app.frames - frames) / wall


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    net = network.load(DIGITS)
    pygame.display.init()
    print(f"drawing window 1040x700, {os.path.basename(DIGITS)} {net.sizes}, SDL video driver "
          f"{pygame.display.get_driver()}; {args.seconds:g} s per run, {args.repeats} alternating repetitions")
    pygame.quit()
    cases = {"idle": (False, False), "idle, drawn every frame": (False, True),
             "drawing": (True, False), "drawing, drawn every frame": (True, True)}
    results = {name: [] for name in cases}
    for repeat in range(1, args.repeats + 1):
        order = list(cases)[repeat % 4:] + list(cases)[:repeat % 4]  # each goes first in turn
        for name in order:
            results[name].append(measure(net, args.seconds, *cases[name]))
        print(f"  {repeat}: " + "   ".join(f"{name} {values[-1][0]:.1f}% {values[-1][1]:.0f} fps"
                                          for name, values in results.items()), flush=True)
    width = max(len(name) for name in cases)
    for name, values in results.items():
        cpu, fps = (statistics.median(value[i] for value in values) for i in (0, 1))
        print(f"median {name:<{width}}  {cpu:5.1f}% of a core  {fps:5.1f} frames/s")


if __name__ == "__main__":
    main()

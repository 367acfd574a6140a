"""How fast the window answers: preprocessing plus a forward pass, and the frame rate while drawing.

1. Median time of canvas_to_input + predict_proba on a 280x280 canvas holding a drawn digit, next to
   the same framing done with Pillow (crop, resize, shift by centre of mass) as a peer.
2. The real window (SDL dummy driver) while a stroke is drawn by posted mouse events: the time each
   frame's work takes (events, stroke, guess, drawing) and the frame rate under the 60 fps clock,
   with the inside view off and on (a unit's details pinned), in alternating runs, side by side.

    python bench/guess_latency.py [NETWORK.npz] [--repeats 2000] [--frames 600] [--size 1040x700]
"""

import argparse
import os
import sys
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as in the app, where network sets it before numpy loads
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

import network  # noqa: E402
from network.preprocess import canvas_to_input  # noqa: E402


def drawn_digit(size=280):
    """A 280x280 canvas holding a 2 drawn with the app's own brush: an arc, a diagonal and a base."""
    from app.canvas import Canvas
    canvas = Canvas(size)
    arc = np.linspace(0.0, 1.2 * np.pi, 30)
    points = np.concatenate([
        np.stack([0.5 - 0.2 * np.cos(arc), 0.3 - 0.12 * np.sin(arc)], axis=1),
        np.stack([np.linspace(0.65, 0.3, 20), np.linspace(0.38, 0.78, 20)], axis=1),
        np.stack([np.linspace(0.3, 0.72, 10), np.full(10, 0.78)], axis=1)]) * size
    for start, end in zip(points[:-1], points[1:]):
        canvas.stroke(start, end, 10)
    return canvas.pixels


def pillow_input(canvas):
    """The MNIST framing done with Pillow: crop to ink, LANCZOS resize to 20 px, integer shift by centre of mass."""
    ys, xs = np.nonzero(canvas > 0.05)
    crop = canvas[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    scale = 20 / max(crop.shape)
    size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
    small = np.asarray(Image.fromarray((crop * 255).astype(np.uint8)).resize(size, Image.Resampling.LANCZOS),
                       dtype=np.float32)
    field = np.zeros((28, 28), np.float32)
    cy, cx = np.array(np.nonzero(small)).mean(axis=1) if small.any() else (0, 0)
    top = int(np.clip(round(14 - cy), 0, 28 - small.shape[0]))
    left = int(np.clip(round(14 - cx), 0, 28 - small.shape[1]))
    field[top:top + small.shape[0], left:left + small.shape[1]] = small
    return (field / max(field.max(), 1e-6)).ravel()


def median_ms(function, repeats):
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return 1000 * float(np.median(times))


def guess_latency(net, repeats):
    canvas = drawn_digit()
    style = net.meta.get("style", "mnist")
    inputs = canvas_to_input(canvas, style)
    rows = [
        ("canvas_to_input (numpy area averaging)", lambda: canvas_to_input(canvas, style)),
        ("predict_proba (forward pass alone)", lambda: net.predict_proba(inputs)),
        ("canvas_to_input + predict_proba", lambda: net.predict_proba(canvas_to_input(canvas, style))),
        ("peer: Pillow crop/resize/shift + predict_proba", lambda: net.predict_proba(pillow_input(canvas))),
    ]
    return [(label, median_ms(function, repeats)) for label, function in rows]


def frame_rate(net, path, frames, inside=False, size=(1040, 700)):
    """Frame work times (ms) and the achieved frame rate of the real App while a stroke is being drawn,
    with the inside view off or on (and the first unit's details pinned, the most it draws)."""
    import pygame
    from app.window import App

    app = App(net, path, size=size)
    if inside:
        app.drawing.toggle_inside()
        app.drawing.inside.pinned = (1, 0)
    rect = app.view.layout.canvas
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=rect.center, button=1))
    work, cpu = [], []
    started = time.perf_counter()
    for frame in range(frames):
        angle = frame * 0.05
        position = (round(rect.centerx + 0.35 * rect.width * np.cos(angle) * np.sin(0.37 * angle)),
                    round(rect.centery + 0.35 * rect.height * np.sin(angle)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=position, rel=(0, 0), buttons=(1, 0, 0)))
        if frame % 150 == 75:  # clear now and then, so the guess keeps starting from a fresh canvas
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_r, unicode="r", mod=0, scancode=0))
        dt = app.clock.tick(60) / 1000.0
        begun, begun_cpu = time.perf_counter(), time.thread_time()
        app.step(dt)
        work.append(time.perf_counter() - begun)
        cpu.append(time.thread_time() - begun_cpu)
    elapsed = time.perf_counter() - started
    guesses = app.view.guess is not None
    app.quit()
    pygame.quit()
    return 1000 * np.array(work), 1000 * np.array(cpu), frames / elapsed, guesses


def frame_rates(net, path, frames, size, rounds=2):
    """Inside view off and on, alternating ``rounds`` times:
    {mode: (median, 95th percentile, late share, fps, median CPU time of the frame's thread)}."""
    work, cpu, rates, guessed = {"off": [], "on": []}, {"off": [], "on": []}, {"off": [], "on": []}, True
    for _ in range(rounds):
        for mode in work:
            times, cpu_times, fps, guesses = frame_rate(net, path, frames, inside=mode == "on", size=size)
            work[mode].append(times)
            cpu[mode].append(cpu_times)
            rates[mode].append(fps)
            guessed = guessed and guesses
    results = {}
    for mode, runs in work.items():
        times = np.concatenate(runs)
        results[mode] = (float(np.median(times)), float(np.percentile(times, 95)),
                         float(np.mean(times > 1000 / 60)), float(np.median(rates[mode])),
                         float(np.median(np.concatenate(cpu[mode]))))
    return results, guessed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("network", nargs="?", default=os.path.join("saved_networks", "digits.npz"))
    parser.add_argument("--repeats", type=int, default=2000)
    parser.add_argument("--frames", type=int, default=600)
    parser.add_argument("--size", default="1040x700", help="window size, WIDTHxHEIGHT (default 1040x700)")
    args = parser.parse_args(argv)
    size = tuple(int(side) for side in args.size.lower().split("x"))
    path = args.network
    if os.path.exists(path):
        try:
            net = network.load(path)
        except network.InklingError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    else:
        print(f"{path} not found: timing an untrained 784-128-10 network (speed does not depend on training)")
        net, path = network.Network((784, 128, 10), seed=0), None
    print(f"network {net.sizes}, 280x280 canvas, median of {args.repeats} runs\n")
    rows = guess_latency(net, args.repeats)
    width = max(len(label) for label, _ in rows)
    for label, ms in rows:
        print(f"{label:<{width}}  {ms:7.3f} ms")
    results, guessed = frame_rates(net, path, args.frames, size)
    print(f"\nreal window {size[0]}x{size[1]} (SDL {os.environ['SDL_VIDEODRIVER']} driver), 2 x {args.frames} frames "
          f"while drawing a stroke, inside view off and on alternately:")
    rows = [("frame work (events, stroke, guess, drawing), median", 0, "{:7.3f} ms"),
            ("frame work in CPU time (not stretched by a busy machine), median", 4, "{:7.3f} ms"),
            ("frame work, 95th percentile", 1, "{:7.3f} ms"),
            ("frames whose work took longer than 1/60 s", 2, "{:7.1%}   "),
            ("frames per second under the 60 fps clock", 3, "{:7.1f}   ")]
    width = max(width, *(len(label) for label, _, _ in rows))
    print(f"{'':<{width}}  {'off':>10}  {'on':>10}")
    for label, column, form in rows:
        print(f"{label:<{width}}  {form.format(results['off'][column]):>10}  {form.format(results['on'][column]):>10}")
    if not guessed:
        print("warning: the window showed no guess at the end", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

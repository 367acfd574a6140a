"""What watching costs: frames per second and training throughput in the window, as a fraction of headless.

What is measured: the same training run (EMNIST letters, 784-512-256-26 sigmoid, batch 32, lr 0.2,
1 epoch, seed 0; --dataset/--layers/--epochs/--batch-size change it) three ways, alternating (each
going first in turn), --repeats times (default 3):

- headless: the plain loop as the CLI runs it, ``network.training.train`` with every event written to
  the CSV log, nothing drawn;
- window: the real App on SDL's dummy video driver, opened with ``--train`` like ``python -m app
  --train emnist-letters``, P pressed once for full speed (the window's own default is a slower
  watching pace), its own frame loop (``App.run``: 60 fps clock, events, update, draw, flip), the
  weight mosaic, curves and progress bar drawn every frame;
- window, drawing off: the same with F pressed (the fastest training the window offers).

Throughput is the loop's own figure at the end of the run, samples seen / seconds since its first
step, for all three (so the window's number includes every frame's drawing, and the test pass after
each epoch counts everywhere). Frames per second is the window's frames during the run / its wall
seconds. Each run prints its samples/s (and frames per second), and in brackets samples per CPU
second of the whole process (steadier on a machine shared with other work); then the medians. The
LAST two lines are the window's median frames per second (goal: 50 or more) and its median
throughput as a fraction of headless (goal: 0.8 or more).

Run from the repository root (data from $INKLING_DATA, else data/):
    python bench/training_view.py [--repeats 3] [--dataset mnist --layers 784,24,16,10]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import network  # noqa: E402,F401 (first: it fixes OpenBLAS to one thread before pygame loads numpy)
import pygame  # noqa: E402

from app.__main__ import build_parser  # noqa: E402
from app.window import App  # noqa: E402
from network import datasets  # noqa: E402
from network.cli import load_training_data, network_for, settings_from_args  # noqa: E402
from network.csvlog import CsvLog  # noqa: E402
from network.training import train  # noqa: E402


def headless(options, data, dataset):
    """(samples/s, samples per CPU second) of the plain loop with CSV logging, as the CLI runs it."""
    train_set, test_set, classes, style = data
    net = network_for(options, classes, style)
    with tempfile.TemporaryDirectory() as folder, CsvLog(os.path.join(folder, "log.csv")) as log:
        cpu = time.process_time()
        for progress in train(net, train_set, test_set, settings_from_args(options), dataset):
            log.write(progress)
        cpu = time.process_time() - cpu
    return progress.samples_per_s, progress.samples_seen / cpu


def in_window(options, drawing=True):
    """The same figures for the run in the real window's frame loop at full speed (or drawing off), and its
    frames per second."""
    with tempfile.TemporaryDirectory() as folder:
        here = os.getcwd()
        os.chdir(folder)
        try:
            app = App(None, None, train_preset=options)
            view = app.view
            while view.run is None:
                app.run(max_frames=app.frames + 1)
            press(pygame.K_p, "p")  # full speed
            if not drawing:
                press(pygame.K_f, "f")
            cpu, first, frames, wall = time.process_time(), view.run.samples_seen, app.frames, time.perf_counter()
            while view.run.active:
                app.run(max_frames=app.frames + 10)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            progress, frames = view.run.progress, app.frames - frames
            pygame.quit()
        finally:
            os.chdir(here)
    return progress.samples_per_s, (progress.samples_seen - first) / cpu, frames / wall


def press(key, character):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, unicode=character, mod=0, scancode=0))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--dataset", default="emnist-letters")
    parser.add_argument("--layers", default="784,512,256,26")
    parser.add_argument("--epochs", default="1")
    parser.add_argument("--batch-size", default="32")
    args = parser.parse_args()
    if not datasets.is_available(args.dataset):
        sys.exit(f"{args.dataset} not found: set INKLING_DATA or run python -m network download "
                 f"{args.dataset.split('-')[0]}")
    options = build_parser().parse_args(["--train", args.dataset, "--layers", args.layers, "--epochs", args.epochs,
                                         "--batch-size", args.batch_size, "--lr", "0.2", "--seed", "0"])
    data = load_training_data(args.dataset)
    print(f"{args.dataset}, {args.layers}, batch {args.batch_size}, {args.epochs} epochs; {args.repeats} "
          f"alternating repetitions (samples/s [per CPU second], frames/s)")
    results = {"headless": [], "window": [], "window, drawing off": []}
    runs = {"headless": lambda: headless(options, data, args.dataset), "window": lambda: in_window(options),
            "window, drawing off": lambda: in_window(options, drawing=False)}
    for repeat in range(1, args.repeats + 1):
        order = list(runs)[repeat % 3:] + list(runs)[:repeat % 3]  # each goes first in turn
        for name in order:
            results[name].append(runs[name]())
        print(f"  {repeat}: " + "   ".join(
            f"{name} {values[-1][0]:,.0f} [{values[-1][1]:,.0f}]" + (f" {values[-1][2]:.0f} fps"
                                                                     if len(values[-1]) > 2 else "")
            for name, values in results.items()), flush=True)
    medians = {name: [statistics.median(run[i] for run in values) for i in range(len(values[0]))]
               for name, values in results.items()}
    base = medians["headless"]
    for name, figures in medians.items():
        wall, cpu = figures[:2]
        print(f"median {name}: {wall:,.0f} samples/s ({wall / base[0]:.2f} of headless) "
              f"[{cpu:,.0f} per CPU second ({cpu / base[1]:.2f})]"
              + (f", {figures[2]:.0f} frames/s" if len(figures) > 2 else ""))
    print(f"frames per second while training, drawing on (median): {medians['window'][2]:.0f}")
    print(f"throughput with animation on / headless (median): {medians['window'][0] / base[0]:.2f}")


if __name__ == "__main__":
    main()

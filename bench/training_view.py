"""What watching costs: training throughput in the window with animation on, as a fraction of headless.

What is measured: the same training run (MNIST, 784-24-16-10 sigmoid, batch 32, lr 0.2, 2 epochs,
seed 0; --layers/--epochs/--batch-size change it) three ways, alternating (each
going first in turn), --repeats times (default 5):

- headless: the plain loop as the CLI runs it, ``network.training.train`` with every event written to
  the CSV log, nothing drawn;
- window: the real App on SDL's dummy video driver, opened with ``--train`` like ``python -m app
  --train mnist``, its own frame loop (``App.run``: 60 fps clock, events, update, draw, flip), the
  weight mosaic, curves and progress bar redrawn every frame;
- window, drawing off: the same with F pressed (the fastest training the window offers).

Throughput is the loop's own figure at the end of the run, samples seen / seconds since its first
step, for all three (so the window's number includes every frame's drawing, and the test pass after
each epoch counts everywhere). Each run prints its samples/s, and in brackets samples per CPU second
of the whole process (steadier on a machine shared with other work, where the wall clock also counts
waiting for a core); then the medians; the LAST line is the median window throughput (animation on,
wall clock) as a fraction of the median headless one. Target: >= 0.8.

Run from the repository root (data from $INKLING_DATA, else data/):
    python bench/training_view.py [--repeats 5]
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

import pygame  # noqa: E402

from app.__main__ import build_parser  # noqa: E402
from app.window import App  # noqa: E402
from network import datasets  # noqa: E402
from network.cli import load_training_data, network_for, settings_from_args  # noqa: E402
from network.csvlog import CsvLog  # noqa: E402
from network.training import train  # noqa: E402


def headless(options, data):
    """(samples/s, samples per CPU second) of the plain loop with CSV logging, as the CLI runs it."""
    train_set, test_set, classes, style = data
    net = network_for(options, classes, style)
    with tempfile.TemporaryDirectory() as folder, CsvLog(os.path.join(folder, "log.csv")) as log:
        cpu = time.process_time()
        for progress in train(net, train_set, test_set, settings_from_args(options), "mnist"):
            log.write(progress)
        cpu = time.process_time() - cpu
    return progress.samples_per_s, progress.samples_seen / cpu


def in_window(options, drawing=True):
    """The same figures for the run in the real window's frame loop, drawn every frame (or drawing off)."""
    with tempfile.TemporaryDirectory() as folder:
        here = os.getcwd()
        os.chdir(folder)
        try:
            app = App(None, None, train_preset=options)
            view = app.view
            while view.run is None:
                app.run(max_frames=app.frames + 1)
            if not drawing:
                pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_f, unicode="f", mod=0,
                                                     scancode=0))
            cpu, first = time.process_time(), view.run.samples_seen
            while view.run.active:
                app.run(max_frames=app.frames + 10)
            cpu = time.process_time() - cpu
            progress = view.run.progress
            pygame.quit()
        finally:
            os.chdir(here)
    return progress.samples_per_s, (progress.samples_seen - first) / cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--layers", default="784,24,16,10")
    parser.add_argument("--epochs", default="2")
    parser.add_argument("--batch-size", default="32")
    args = parser.parse_args()
    if not datasets.is_available("mnist"):
        sys.exit("MNIST not found: set INKLING_DATA or run python -m network download mnist")
    options = build_parser().parse_args(["--train", "mnist", "--layers", args.layers, "--epochs", args.epochs,
                                         "--batch-size", args.batch_size, "--lr", "0.2", "--seed", "0"])
    data = load_training_data("mnist")
    print(f"MNIST, {args.layers}, batch {args.batch_size}, {args.epochs} epochs; {args.repeats} alternating "
          f"repetitions (samples/s)")
    results = {"headless": [], "window": [], "window, drawing off": []}
    runs = {"headless": lambda: headless(options, data), "window": lambda: in_window(options),
            "window, drawing off": lambda: in_window(options, drawing=False)}
    for repeat in range(1, args.repeats + 1):
        order = list(runs)[repeat % 3:] + list(runs)[:repeat % 3]  # each goes first in turn
        for name in order:
            results[name].append(runs[name]())
        print(f"  {repeat}: " + "   ".join(f"{name} {values[-1][0]:,.0f} [{values[-1][1]:,.0f}]"
                                          for name, values in results.items()), flush=True)
    medians = {name: [statistics.median(run[i] for run in values) for i in (0, 1)]
               for name, values in results.items()}
    base = medians["headless"]
    for name, (wall, cpu) in medians.items():
        print(f"median {name}: {wall:,.0f} samples/s ({wall / base[0]:.2f} of headless) "
              f"[{cpu:,.0f} per CPU second ({cpu / base[1]:.2f})]")
    print(f"throughput with animation on / headless (median): {medians['window'][0] / base[0]:.2f}")

if __name__ == "__main__":
    main()

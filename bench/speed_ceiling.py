"""How fast training could be at most, against PyTorch: the two big matrix products alone, in one run.

``bench/train_speed.py`` compares a whole training step with PyTorch's. This script asks what the
ratio could be at best with Inkling's design, by timing a loop that keeps only the work no step can
skip and drops everything else:

- "floor": per mini-batch, gather the batch's uint8 rows, find its inked pixels, turn those columns
  into float inputs, gather their first-layer weights, the forward product ``x @ W`` and the gradient
  product ``x.T @ delta`` (the two products that are most of a step's arithmetic), and the momentum
  update of the first layer. No activation, no second layer, no cost, no biases, no progress events.
  It learns nothing (``delta`` is a fixed array); it is a stopwatch, not a trainer.
- "ours": a real epoch of ``network.training.train``, as in train_speed.py.
- "torch": the idiomatic PyTorch epoch from train_speed.py.

All three run one epoch of MNIST at batch 64 through 784-128-10, alternating, one thread each. The
last line gives the ratios of median samples/s: floor/torch is the most any numpy loop of this
shape could reach here; the gap between floor and ours is what the rest of a step (roughly 40 small
numpy calls on 64x128 and 64x10 arrays, about 1-2 microseconds each) costs.

Run from the repository root (data from $INKLING_DATA, else data/; needs pip install torch==2.13.0):
    python bench/speed_ceiling.py [--repeats 5] [--threads 1]
"""

import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_speed import BATCH, SIZES, arguments, load_mnist, pin_threads, run_ours, run_torch  # noqa: E402

from network import Network  # noqa: E402  (train_speed put the repository on the path)
from network.datasets import as_inputs  # noqa: E402
from network.training import Settings  # noqa: E402


def run_floor(images, seed):
    """Wall seconds for one epoch of the first layer's unavoidable work (see the module docstring)."""
    pixels = images.reshape(len(images), -1)
    rng = np.random.default_rng(seed)
    weights = Network(SIZES, seed=seed).weights[0]
    velocity, gradient = np.zeros_like(weights), np.empty_like(weights)
    delta = rng.normal(0, 1e-3, (BATCH, SIZES[1])).astype(np.float32)
    momentum = np.float32(0.9)
    started = time.perf_counter()
    order = rng.permutation(len(pixels))
    for start in range(0, len(pixels), BATCH):
        rows = np.take(pixels, order[start:start + BATCH], axis=0)
        inked = np.flatnonzero(rows.any(axis=0))
        x = as_inputs(rows[:, inked])
        np.matmul(x, np.take(weights, inked, axis=0))
        np.matmul(x.T, delta[:len(rows)], out=gradient[:len(inked)])
        velocity *= momentum
        inked_velocity = np.take(velocity, inked, axis=0)
        inked_velocity -= gradient[:len(inked)]
        velocity[inked] = inked_velocity
        weights += velocity
    return time.perf_counter() - started


def main():
    args = arguments(__doc__)
    torch = pin_threads(args.threads)
    train_set, test_set, tensors = load_mnist(torch)
    settings = Settings(epochs=1, batch_size=BATCH)
    samples = len(train_set[0])
    rates = {"floor": [], "ours": [], "torch": []}
    for repeat in range(1, args.repeats + 1):
        seconds = {"floor": run_floor(train_set[0], repeat),
                   "ours": run_ours(train_set, test_set, settings, repeat)[0],
                   "torch": run_torch(tensors, settings, repeat)[0]}
        for name, value in seconds.items():
            rates[name].append(samples / value)
        print(f"run {repeat}  " + "  ".join(f"{name} {value:.3f} s" for name, value in seconds.items()), flush=True)
    medians = {name: statistics.median(values) for name, values in rates.items()}
    for name, value in medians.items():
        print(f"median {name:5}  {value:9,.0f} samples/s")
    print(f"ratio floor/torch: {medians['floor'] / medians['torch']:.2f} "
          f"(ours/torch: {medians['ours'] / medians['torch']:.2f})")


if __name__ == "__main__":
    main()

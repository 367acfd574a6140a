"""Training speed side by side: Inkling's numpy network against PyTorch on the CPU, in one run.

What is measured: one epoch of MNIST (60,000 real training images) through a 784-128-10 network with
sigmoid hidden units, softmax output and cross-entropy cost, mini-batch SGD with batch 64 and the same
learning rate and momentum (Inkling's defaults: lr 0.5, momentum 0.9), starting from the same initial
weights. The two alternate (ours, torch, ours, torch, ...) for --repeats repetitions (default 5);
every run prints its samples/s and test accuracy, then the medians are printed, and the LAST line is
the ratio of the median samples/s, ours/torch. Samples/s are by the wall clock; the same figures per
CPU second follow in brackets, since on a machine shared with other work the wall clock also counts
time spent waiting for a core (with one thread, CPU time is the steadier measure).

Ours: ``network.training.train`` over the uint8 images, exactly as the CLI and the app call it
(its time includes turning the images into float inputs and the per-step progress events).
PyTorch: ``nn.Sequential(Linear(784, 128), Sigmoid(), Linear(128, 10))``, ``CrossEntropyLoss``,
``torch.optim.SGD`` with the same lr and momentum, data converted to float tensors beforehand (outside
the timing), reshuffled each epoch with ``randperm`` and batched by indexing, as ours is.

Threads: both sides use the same number of threads, --threads (default: 1). numpy does its matrix
products in OpenBLAS, whose thread count is fixed by OPENBLAS_NUM_THREADS when numpy is loaded, so
the script starts itself again with that variable set; PyTorch gets ``torch.set_num_threads``.
Try ``--threads 2`` to compare on both cores of this machine.

PyTorch is not a dependency of Inkling; this benchmark asks for it:
    pip install torch==2.13.0

Run from the repository root (data from $INKLING_DATA, else data/):
    python bench/train_speed.py [--repeats 5] [--threads 1]
"""

import argparse
import os
import statistics
import sys
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)

from network import DatasetError, Network  # noqa: E402
from network.datasets import as_inputs, load  # noqa: E402
from network.training import Settings, evaluate, train  # noqa: E402

SIZES = (784, 128, 10)
BATCH = 64


def run_ours(train_set, test_set, settings, seed):
    """Wall and CPU seconds for one epoch of ``network.training.train``, and the test accuracy afterwards."""
    net = Network(SIZES, seed=seed)
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in train(net, train_set, None, settings):
        pass
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    return seconds, cpu_seconds, evaluate(net, as_inputs(test_set[0]), test_set[1])[1]


def torch_model(seed):
    """The PyTorch twin of ``Network(SIZES, seed=seed)``, with the very same initial weights."""
    import torch
    from torch import nn

    ours = Network(SIZES, seed=seed)
    model = nn.Sequential(nn.Linear(784, 128), nn.Sigmoid(), nn.Linear(128, 10))
    with torch.no_grad():
        for linear, w, b in zip((model[0], model[2]), ours.weights, ours.biases):
            linear.weight.copy_(torch.from_numpy(w.T.copy()))
            linear.bias.copy_(torch.from_numpy(b))
    return model


def run_torch(tensors, settings, seed):
    """Wall and CPU seconds for one epoch of the idiomatic PyTorch loop, and the test accuracy afterwards."""
    import torch

    x, y, test_x, test_y = tensors
    torch.manual_seed(seed)
    model = torch_model(seed)
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=settings.lr, momentum=settings.momentum)
    started, cpu_started = time.perf_counter(), time.process_time()
    order = torch.randperm(len(x))
    for start in range(0, len(x), settings.batch_size):
        batch = order[start:start + settings.batch_size]
        optimizer.zero_grad()
        loss = loss_fn(model(x[batch]), y[batch])
        loss.backward()
        optimizer.step()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    with torch.no_grad():
        accuracy = (model(test_x).argmax(dim=1) == test_y).float().mean().item()
    return seconds, cpu_seconds, accuracy


def pin_threads(threads):
    """Give numpy (OpenBLAS) and PyTorch ``threads`` threads each; returns the torch module.

    OpenBLAS reads its thread count once, when numpy loads, so the process restarts itself with
    OPENBLAS_NUM_THREADS set if it was started without it.
    """
    if os.environ.get("INKLING_BENCH_THREADS") != str(threads):
        os.environ["OPENBLAS_NUM_THREADS"] = os.environ["INKLING_BENCH_THREADS"] = str(threads)
        os.execv(sys.executable, [sys.executable, *sys.argv])
    try:
        import torch
    except ImportError:
        sys.exit("PyTorch is needed for this benchmark (not for Inkling): pip install torch==2.13.0")
    torch.set_num_threads(threads)
    return torch


def load_mnist(torch):
    """MNIST's uint8 train and test sets, and the same as float tensors for PyTorch (converted untimed)."""
    try:
        images, labels, _ = load("mnist", "train")
        test_images, test_labels, _ = load("mnist", "test")
    except DatasetError as error:
        sys.exit(f"error: {error}")
    tensors = (torch.from_numpy(as_inputs(images)), torch.from_numpy(labels),
               torch.from_numpy(as_inputs(test_images)), torch.from_numpy(test_labels))
    return (images, labels), (test_images, test_labels), tensors


def arguments(doc):
    """--repeats and --threads, as both speed benchmarks take them; ``doc``'s first line describes the script."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs of each (default 5)")
    parser.add_argument("--threads", type=int, default=1, help="threads for both numpy and torch (default 1)")
    return parser.parse_args()


def main():
    args = arguments(__doc__)
    torch = pin_threads(args.threads)
    (images, labels), (test_images, test_labels), tensors = load_mnist(torch)
    settings = Settings(epochs=1, batch_size=BATCH)
    print(f"784-128-10 sigmoid, softmax + cross-entropy, batch {BATCH}, lr {settings.lr}, "
          f"momentum {settings.momentum}, one epoch of {len(images):,} MNIST images")
    print(f"threads: {args.threads} (OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}, "
          f"torch.get_num_threads()={torch.get_num_threads()}); numpy {np.__version__}, torch {torch.__version__}")

    wall = {"ours": [], "torch": []}
    cpu = {"ours": [], "torch": []}
    for repeat in range(1, args.repeats + 1):
        seed = repeat
        for name in ("ours", "torch"):
            if name == "ours":
                seconds, cpu_seconds, accuracy = run_ours((images, labels), (test_images, test_labels),
                                                          settings, seed)
            else:
                seconds, cpu_seconds, accuracy = run_torch(tensors, settings, seed)
            wall[name].append(len(images) / seconds)
            cpu[name].append(len(images) / cpu_seconds)
            print(f"run {repeat} {name:5}  {len(images) / seconds:9,.0f} samples/s  {seconds:6.3f} s  "
                  f"(CPU {cpu_seconds:6.3f} s)  test accuracy {accuracy:.2%}", flush=True)
    for name in ("ours", "torch"):
        print(f"median {name:5}  {statistics.median(wall[name]):9,.0f} samples/s  "
              f"({statistics.median(cpu[name]):,.0f} per CPU second)")
    ratio = statistics.median(wall["ours"]) / statistics.median(wall["torch"])
    cpu_ratio = statistics.median(cpu["ours"]) / statistics.median(cpu["torch"])
    print(f"ratio ours/torch: {ratio:.2f} (by CPU time: {cpu_ratio:.2f})")


if __name__ == "__main__":
    main()

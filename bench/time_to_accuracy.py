"""Time from a process's start to 97.5% MNIST test accuracy, loading the data included.

Each run starts a fresh Python process (this script with --run) and clocks it from the moment it is
launched until it reports the target reached: interpreter start, imports, reading the MNIST files,
training, and the test pass after every epoch all count. The run trains with the one training loop
(``network.training.train``) and stops after the first epoch whose test accuracy reaches the target.

Configuration (the defaults): 784-128-10, sigmoid hidden units, softmax output with cross-entropy,
batch 32, learning rate 0.3 halved every epoch (lr-decay 0.5), momentum 0.9, seed 0, at most 5
epochs, 1 OpenBLAS thread. The same training from the command line:

    OPENBLAS_NUM_THREADS=1 python -m network train --dataset mnist --layers 784,128,10 --epochs 3 \\
        --batch-size 32 --lr 0.3 --lr-decay 0.5 --momentum 0.9 --seed 0

Run from the repository root (data from $INKLING_DATA, else data/):
    python bench/time_to_accuracy.py [--repeats 3] [--target 0.975] [--threads 1]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIG = {"layers": (784, 128, 10), "batch_size": 32, "lr": 0.3, "lr_decay": 0.5, "momentum": 0.9, "seed": 0,
          "max_epochs": 5}


def train_until(target):
    """Inside the timed process: load MNIST, train, print each epoch's test accuracy, stop at the target."""
    sys.path.insert(0, REPO)
    from network import DatasetError, Network
    from network.datasets import load
    from network.training import Settings, train

    try:
        images, labels, classes = load("mnist", "train")
        test_images, test_labels, _ = load("mnist", "test")
    except DatasetError as error:
        sys.exit(f"error: {error}")
    net = Network(CONFIG["layers"], labels=classes, seed=CONFIG["seed"])
    settings = Settings(epochs=CONFIG["max_epochs"], batch_size=CONFIG["batch_size"], lr=CONFIG["lr"],
                        lr_decay=CONFIG["lr_decay"], momentum=CONFIG["momentum"], seed=CONFIG["seed"])
    for progress in train(net, (images, labels), (test_images, test_labels), settings, dataset="mnist"):
        if progress.kind == "epoch":
            print(f"epoch {progress.epoch} test accuracy {progress.test_accuracy:.4f}", flush=True)
            if progress.test_accuracy >= target:
                print("reached", flush=True)
                return
    print("not reached", flush=True)


def timed_run(target, threads):
    """Launch one fresh process; seconds from launch to its 'reached' line (None if it never gets there)."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--run", "--target", str(target)],
                             stdout=subprocess.PIPE, text=True, env=env)
    seconds, epochs = None, []
    for line in child.stdout:
        if line.startswith("epoch"):
            epochs.append(float(line.split()[-1]))
        elif line.strip() == "reached":
            seconds = time.perf_counter() - started
    if child.wait() != 0:
        sys.exit(f"the training process failed with exit code {child.returncode}")
    return seconds, epochs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="fresh processes to time (default 3)")
    parser.add_argument("--target", type=float, default=0.975, help="test accuracy to reach (default 0.975)")
    parser.add_argument("--threads", type=int, default=1, help="OpenBLAS threads (default 1)")
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        train_until(args.target)
        return
    layers = ",".join(map(str, CONFIG["layers"]))
    print(f"configuration: {layers} sigmoid, softmax + cross-entropy, batch {CONFIG['batch_size']}, "
          f"lr {CONFIG['lr']} x {CONFIG['lr_decay']} per epoch, momentum {CONFIG['momentum']}, "
          f"seed {CONFIG['seed']}, up to {CONFIG['max_epochs']} epochs, {args.threads} OpenBLAS thread(s)")
    times, epochs_needed = [], []
    for repeat in range(1, args.repeats + 1):
        seconds, epochs = timed_run(args.target, args.threads)
        accuracies = ", ".join(f"{accuracy:.2%}" for accuracy in epochs)
        if seconds is None:
            print(f"run {repeat}: {args.target:.1%} not reached in {len(epochs)} epochs ({accuracies})")
            continue
        times.append(seconds)
        epochs_needed.append(len(epochs))
        print(f"run {repeat}: {args.target:.1%} reached after {len(epochs)} epochs in {seconds:.2f} s "
              f"from process start (test accuracy per epoch: {accuracies})", flush=True)
    if times:
        print(f"the same training from the command line: OPENBLAS_NUM_THREADS={args.threads} python -m network "
              f"train --dataset mnist --layers {layers} --epochs {max(epochs_needed)} "
              f"--batch-size {CONFIG['batch_size']} --lr {CONFIG['lr']} --lr-decay {CONFIG['lr_decay']} "
              f"--momentum {CONFIG['momentum']} --seed {CONFIG['seed']}")
        print(f"median time to {args.target:.1%} test accuracy: {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()

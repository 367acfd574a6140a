"""Make the README's plot examples with the real plot scripts: examples/{cost,percent,weights}_plot.png.

    python examples/make_plots.py                          # trains two small MNIST networks briefly
    python examples/make_plots.py LOG.csv ... NET.npz ...  # plots existing logs and networks instead

Training needs MNIST in $INKLING_DATA (or data/): ``python -m network download mnist``. The two runs
differ only in learning rate and start from the same weights, which are also plotted as "untrained".
"""

import argparse
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import network  # noqa: E402
from network.csvlog import CsvLog, run_info  # noqa: E402
from network.datasets import load as load_dataset  # noqa: E402
from network.errors import InklingError  # noqa: E402
from network.training import Settings, train  # noqa: E402

SIZES = (784, 30, 10)
LEARNING_RATES = (0.02, 0.5)
EPOCHS = 5


def train_examples(folder):
    """Train one network per learning rate on MNIST, logging to CSV; returns (log paths, network paths)."""
    train_set, test_set = load_dataset("mnist", "train")[:2], load_dataset("mnist", "test")[:2]
    untrained = os.path.join(folder, "untrained.npz")
    network.save(network.Network(SIZES, seed=0), untrained)
    logs, nets = [], [untrained]
    for lr in LEARNING_RATES:
        name = os.path.join(folder, f"mnist-lr{lr:g}")
        net = network.load(untrained)
        settings = Settings(epochs=EPOCHS, lr=lr)
        with CsvLog(name + ".csv", info=run_info("mnist", SIZES, settings, net.activation)) as log:
            for progress in train(net, train_set, test_set, settings, dataset="mnist"):
                log.write(progress)
                if progress.kind == "epoch":
                    print(f"lr {lr:g}: epoch {progress.epoch}, test accuracy {progress.test_accuracy:.1%}")
        network.save(net, name + ".npz")
        logs.append(name + ".csv")
        nets.append(name + ".npz")
    return logs, nets


def plot(script, files, out, *options):
    """Run one of the plot scripts exactly as a user would, writing its picture to ``out``."""
    command = [sys.executable, os.path.join(ROOT, "logs", script), *files, *options, "--out", out]
    subprocess.run(command, check=True, env={**os.environ, "MPLBACKEND": "Agg"})


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", metavar="FILE", help="logs (.csv) and networks (.npz) to plot")
    args = parser.parse_args(argv)
    examples = os.path.join(ROOT, "examples")
    with tempfile.TemporaryDirectory() as folder:
        if args.files:
            logs = [path for path in args.files if path.endswith(".csv")]
            nets = [path for path in args.files if path.endswith(".npz")]
        else:
            try:
                logs, nets = train_examples(folder)
            except InklingError as error:
                sys.exit(f"cannot train the examples: {error}")
        if logs:
            plot("cost_plotter.py", logs, os.path.join(examples, "cost_plot.png"))
            plot("percent_plotter.py", logs, os.path.join(examples, "percent_plot.png"))
        if nets:
            plot("weights_plotter.py", nets, os.path.join(examples, "weights_plot.png"))


if __name__ == "__main__":
    main()

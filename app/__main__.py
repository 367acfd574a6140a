"""Entry point: python -m app [NETWORK.npz [SECOND.npz]]  or  python -m app --train DATASET [training options]."""

import argparse
import os
import sys

from network.cli import add_training_arguments
from network.errors import InklingError

from .loading import SAVED, default_network_path, load_drawable, short_problem


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m app",
                                     description="Inkling: draw a digit or a letter and watch a neural network "
                                                 "guess it, or train one and watch it learn.")
    parser.add_argument("network", nargs="?", metavar="NETWORK.npz",
                        help="the network to draw for (default saved_networks/characters.npz, else digits.npz, "
                             "else the newest network in saved_networks/)")
    parser.add_argument("second", nargs="?", metavar="SECOND.npz",
                        help="a second network, shown beside the first on the same drawing")
    training = parser.add_argument_group("training in the window (--train)")
    training.add_argument("--train", metavar="DATASET",
                          help="open the training view on mnist, emnist-letters, a CSV file or a PNG folder")
    add_training_arguments(training)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    net = path = notice = second = None
    if args.network:
        try:
            net, path = load_drawable(args.network), args.network
            second = (load_drawable(args.second), args.second) if args.second else None
        except InklingError as error:
            print(f"python -m app: error: {error}", file=sys.stderr)
            return 2
    else:
        found = default_network_path()
        if found is None:
            notice = (f"No network found in {os.path.relpath(SAVED)}: train one with python -m network train, "
                      f"or drop an .npz onto this window")
            print(notice, file=sys.stderr)
        else:
            try:
                net, path = load_drawable(found), found
            except InklingError as error:
                notice = f"Could not load {short_problem(error)}"
                print(f"python -m app: {error}", file=sys.stderr)

    from .window import App

    app = App(net, path, train_preset=args if args.train else None, second=second)
    if notice:
        app.show_notice(notice, "error", seconds=12)
    app.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())

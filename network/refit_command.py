"""python -m network refit NET.npz: fit a network's output layer again for drawings and save it."""

import os
import shlex
import sys

from . import datasets
from .errors import InklingError
from .paths import fresh_path
from .places import check_writable, save_or_fall_back
from .refit import AS_THEY_ARE, DRAWN, SCANNED, refit_output
from .storage import load


def add_refit_command(commands):
    """The ``refit`` subcommand, added to the command line's subparsers."""
    refit = commands.add_parser(
        "refit", help="fit a network's output layer again on its training images redrawn as drawings",
        description=f"Fit the output layer of NET.npz again on its own training data: {AS_THEY_ARE:,} images as "
                    f"they are, {DRAWN:,} redrawn as drawings and {SCANNED:,} enlarged like scans, so that it "
                    f"reads drawn and photographed characters by their shape rather than the dataset's style. "
                    f"The hidden layers and the \"not a character\" gate are kept. Saves to --out, else beside "
                    f"NET (never over a file unless --force is given with --out).")
    refit.add_argument("network", metavar="NET.npz")
    refit.add_argument("--out", metavar="PATH", help="where to save the refitted network")
    refit.add_argument("--force", action="store_true", help="replace the file named by --out")
    refit.add_argument("--seed", type=int, default=0, help="random seed for the images picked and redrawn")
    refit.set_defaults(run=command_refit)


def command_refit(args):
    if args.force and not args.out:
        raise InklingError("--force replaces the file named by --out; give --out too")
    net = load(args.network)
    out = os.path.abspath(args.out or args.network)
    if os.path.exists(out) and not args.force:
        out = fresh_path(out)
        print(f"this saves to {out} (--out NAME --force replaces a file)", file=sys.stderr)
    check_writable(out, "network")
    dataset = net.meta.get("dataset") or ""
    images, labels, classes = datasets.load(dataset, "train", args.data_dir)
    test_images, test_labels, _ = datasets.load(dataset, "test", args.data_dir)
    if list(classes) != list(net.labels):
        raise InklingError(f"{args.network}: its classes ({''.join(net.labels)}) are not those of its "
                           f"dataset {dataset!r} ({''.join(classes)})")
    before = net.meta.get("test_accuracy")
    accuracy = refit_output(net, (images, labels), (test_images, test_labels), args.seed,
                            say=lambda text: print(text, file=sys.stderr))
    net.meta["history"][-1]["command"] = "python -m network " + " ".join(shlex.quote(a) for a in args.argv)
    out, problem = save_or_fall_back(net, out)
    if problem:
        print(f"{problem}; saved it to {out} instead", file=sys.stderr)
    was = "" if before is None else f" (it was {before:.2%})"
    print(f"saved {out}: test accuracy {accuracy:.2%}{was}")
    return 0

"""python -m network gate | refit | cut-check NET.npz: change a trained network beside its training (teach it
its "not a character" gate; fit its output layer again for drawings; teach it the cut check that judges pieces
of touching digits) and save it, never over a file unless told."""

import os
import shlex
import sys

from . import datasets
from .cut_check_training import DRAWN_LINES, LINES, train_cut_check
from .errors import InklingError
from .gate_training import REFUSED, train_gate
from .paths import fresh_path
from .places import check_writable, save_or_fall_back
from .refit import AS_THEY_ARE, DRAWN, SCANNED, refit_output
from .storage import load


def add_change_commands(commands):
    """The ``gate``, ``refit`` and ``cut-check`` subcommands, added to the command line's subparsers."""
    _add(commands, "gate", command_gate,
         help='teach a network to say "not a character" (a gate beside it) and save it',
         description=f"Train a small network beside NET.npz that tells characters from marks (doodles, symbols, "
                     f"specks, strokes drawn by code) by NET's hidden layers, the drawing's pieces of ink and "
                     f"holes, and how well an autoencoder taught on characters alone redraws it, on NET's own "
                     f"training data; the classifier is not changed. About {REFUSED:.1%} of drawn characters fall "
                     f"below its threshold. Saves NET with the gate:", seed="the marks and the gate")
    _add(commands, "refit", command_refit,
         help="fit a network's output layer again on its training images redrawn as drawings",
         description=f"Fit the output layer of NET.npz again on its own training data: {AS_THEY_ARE:,} images "
                     f"as they are, {DRAWN:,} redrawn as drawings and {SCANNED:,} enlarged like scans, so that "
                     f"it reads drawn and photographed characters by their shape rather than the dataset's "
                     f"style. The hidden layers and the \"not a character\" gate are kept. Saves it:",
         seed="the images picked and redrawn")
    _add(commands, "cut-check", command_cut_check,
         help="teach a network the cut check that judges pieces of touching digits, and save it",
         description=f"Train a small network beside NET.npz that tells one whole digit from two touching digits "
                     f"framed together or a part of one, on {LINES:,} lines of three touching MNIST training "
                     f"digits and {DRAWN_LINES:,} of digits drawn with clean strokes; the reader asks it when it "
                     f"reads a line as a number. NET must know the digits; it is not changed. Saves NET with the "
                     f"check:", seed="the lines and the check")


def _add(commands, name, run, help, description, seed):
    sub = commands.add_parser(name, help=help, description=description + " to --out, else beside NET (never "
                              "over a file unless --force is given with --out).")
    sub.add_argument("network", metavar="NET.npz")
    sub.add_argument("--out", metavar="PATH", help="where to save the changed network")
    sub.add_argument("--force", action="store_true", help="replace the file named by --out")
    sub.add_argument("--seed", type=int, default=0, help=f"random seed for {seed} (default 0)")
    sub.set_defaults(run=run)


def _opened(args):
    """``(net, out)``: the network named and where it will be saved, checked before the work starts."""
    if args.force and not args.out:
        raise InklingError("--force replaces the file named by --out; give --out too")
    net = load(args.network)
    out = os.path.abspath(args.out or args.network)
    if os.path.exists(out) and not args.force:
        out = fresh_path(out)
        print(f"this saves to {out} (--out NAME --force replaces a file)", file=sys.stderr)
    check_writable(out, "network")
    return net, out


def _saved(net, out):
    """Save ``net`` at ``out`` (in the user folder if that fails at the end) and say where."""
    out, problem = save_or_fall_back(net, out)
    if problem:
        print(f"{problem}; saved it to {out} instead", file=sys.stderr)
    return out


def _say(text):
    print(text, file=sys.stderr)


def _command_line(args):
    return "python -m network " + " ".join(shlex.quote(a) for a in args.argv)


def command_gate(args):
    net, out = _opened(args)
    net.gate = train_gate(net, args.data_dir, args.seed, say=_say)
    net.gate.info["command"] = _command_line(args)
    print(f"saved {_saved(net, out)} with its gate (threshold {net.gate.threshold:.3f})")
    return 0


def command_cut_check(args):
    net, out = _opened(args)
    net.cut_check = train_cut_check(net, args.data_dir, args.seed, say=_say)
    net.cut_check.info["command"] = _command_line(args)
    print(f"saved {_saved(net, out)} with its cut check")
    return 0


def command_refit(args):
    net, out = _opened(args)
    dataset = net.meta.get("dataset") or ""
    images, labels, classes = datasets.load(dataset, "train", args.data_dir)
    test_images, test_labels, _ = datasets.load(dataset, "test", args.data_dir)
    if list(classes) != list(net.labels):
        raise InklingError(f"{args.network}: its classes ({''.join(net.labels)}) are not those of its "
                           f"dataset {dataset!r} ({''.join(classes)})")
    before = net.meta.get("test_accuracy")
    accuracy = refit_output(net, (images, labels), (test_images, test_labels), args.seed, say=_say)
    net.meta["history"][-1]["command"] = _command_line(args)
    was = "" if before is None else f" (it was {before:.2%})"
    print(f"saved {_saved(net, out)}: test accuracy {accuracy:.2%}{was}")
    return 0

"""python -m network gate NET.npz: teach a network's "not a character" gate and save the network with it."""

import os
import shlex
import sys

from .errors import InklingError
from .gate_training import REFUSED, train_gate
from .paths import fresh_path
from .places import check_writable, save_or_fall_back
from .storage import load


def add_gate_command(commands):
    """The ``gate`` subcommand, added to the command line's subparsers."""
    gate = commands.add_parser(
        "gate", help='teach a network to say "not a character" (a gate beside it) and save it',
        description=f"Train a small network beside NET.npz that tells characters from marks (doodles, symbols, "
                    f"specks, strokes drawn by code), on NET's own training data; the classifier is not changed. "
                    f"About {REFUSED:.1%} of drawn characters fall below its threshold. Saves NET with the gate: "
                    f"to --out, else beside NET (never over a file unless --force is given with --out).")
    gate.add_argument("network", metavar="NET.npz")
    gate.add_argument("--out", metavar="PATH", help="where to save the network with its gate")
    gate.add_argument("--force", action="store_true", help="replace the file named by --out")
    gate.add_argument("--seed", type=int, default=0, help="random seed for the marks and the gate (default 0)")
    gate.set_defaults(run=command_gate)


def command_gate(args):
    if args.force and not args.out:
        raise InklingError("--force replaces the file named by --out; give --out too")
    net = load(args.network)
    out = os.path.abspath(args.out or args.network)
    if os.path.exists(out) and not args.force:
        out = fresh_path(out)
        print(f"this saves to {out} (--out NAME --force replaces a file)", file=sys.stderr)
    check_writable(out, "network")
    net.gate = train_gate(net, args.data_dir, args.seed, say=lambda text: print(text, file=sys.stderr))
    net.gate.info["command"] = "python -m network " + " ".join(shlex.quote(a) for a in args.argv)
    out, problem = save_or_fall_back(net, out)
    if problem:
        print(f"{problem}; saved it to {out} instead", file=sys.stderr)
    print(f"saved {out} with its gate (threshold {net.gate.threshold:.3f})")
    return 0

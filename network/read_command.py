"""python -m network read IMAGE...: one row per picture, ``PATH<TAB>TEXT``, in the order given.

A picture that cannot be read gets one line on stderr naming it, the others are still read, and the exit
status is 1. ``--boxes`` adds a line under each row for every character: its box in the picture's pixels,
its text and the network's top three guesses with their probabilities.
"""

import os
import sys

from .context import AS
from .errors import FileProblem
from .places import SHIPPED
from .reading import read_file
from .storage import load

DEFAULT_NET = os.path.join(SHIPPED, "characters.npz")
TOP_GUESSES = 3


def add_read_parser(commands):
    """The ``read`` subcommand's arguments, on the CLI's subparsers."""
    reader = commands.add_parser("read", help="read the numbers and words written in pictures",
                                 description="Read the numbers and words written in pictures (PNG, JPEG, ...: "
                                             "a scan, a photo, a saved canvas). Prints PATH<TAB>TEXT for each, "
                                             "the lines of a page joined by ' / ', '?' for a mark that is no "
                                             "character.")
    reader.add_argument("images", nargs="+", metavar="IMAGE")
    reader.add_argument("--net", default=DEFAULT_NET, help="the network that reads (default saved_networks/characters.npz, shipped)")
    reader.add_argument("--as", dest="as_", choices=AS, default="any",
                        help="what the lines hold: a number (digits only), a word (letters only), or any "
                             "(each line decides; the default)")
    reader.add_argument("--boxes", action="store_true",
                        help="under each row, a line per character: left top right bottom (pixels), its text, "
                             f"and the network's top {TOP_GUESSES} guesses")
    reader.set_defaults(run=command_read)


def command_read(args):
    net = load(args.net)
    failed = 0
    for path in args.images:
        try:
            reading = read_file(path, net, args.as_)
        except FileProblem as problem:
            print(f"error: {problem}", file=sys.stderr)
            failed += 1
            continue
        print(f"{_shown(path)}\t{reading.text}", flush=True)
        if args.boxes:
            for character in reading.characters:
                print("\t" + box_line(character, net.labels))
    return 1 if failed else 0


def box_line(character, labels):
    """``left top right bottom<TAB>text<TAB>A:0.91 B:0.05 C:0.01`` for one character."""
    order = character.probabilities.argsort()[::-1][:TOP_GUESSES]
    guesses = " ".join(f"{labels[k]}:{character.probabilities[k]:.2f}" for k in order)
    return f"{' '.join(map(str, character.box))}\t{character.text}\t{guesses}"


def _shown(path):
    return path if path.isprintable() else repr(path)[1:-1]

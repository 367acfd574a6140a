"""Entry point: python -m app [NETWORK.npz [SECOND.npz]]  or  python -m app --train DATASET [training options]."""

import argparse
import os
import sys
import tempfile

import pygame

from network.cli import add_training_arguments
from network.errors import InklingError
from network.places import SHIPPED

from .loading import default_network_path, load_drawable, short_problem


PROG = "python -m app"  # how the program names itself on the terminal; the launcher passes its own name


def build_parser(prog=PROG):
    parser = argparse.ArgumentParser(prog=prog,
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


def first_network(asked=None, prog=PROG):
    """``(network, path, notices)``: the network asked for, else the default one, and what went wrong on the way.

    A bad file given on the command line (or dropped onto the launcher) does not stop the window: its
    problem becomes a notice in the window (and a line on the terminal), and the default network is used.
    """
    notices = []
    if asked:
        try:
            return load_drawable(asked), asked, notices
        except (InklingError, OSError) as error:
            print(f"{prog}: error: {error}", file=sys.stderr)
            notices.append(f"Could not load {short_problem(error)}")
    found = default_network_path()
    if found is None:
        notices.append(f"No network found in {SHIPPED}: train one with python -m network train, "
                       f"or drop an .npz onto this window")
        print(notices[-1], file=sys.stderr)
        return None, None, notices
    try:
        net = load_drawable(found)
        if notices:
            notices[-1] += f". Showing {os.path.basename(found)} instead"
        return net, found, notices
    except (InklingError, OSError) as error:
        notices.append(f"Could not load {short_problem(error)}")
        print(f"{prog}: {error}", file=sys.stderr)
        return None, None, notices


def second_network(asked, notices, prog=PROG):
    """``(network, path)`` for a second network named on the command line, else None (a bad one adds a notice)."""
    if not asked:
        return None
    try:
        return load_drawable(asked), asked
    except (InklingError, OSError) as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        notices.append(f"Could not load {short_problem(error)}")
        return None


NOISE = ("XDG_RUNTIME_DIR",)  # what SDL's back ends print while looking for a display that is not there


def quiet_display_init():
    """``pygame.display.init()`` without the lines SDL's back ends print on the way when there is no display
    ("XDG_RUNTIME_DIR is invalid or not set"): our one line says what is wrong. Other lines still show."""
    sys.stderr.flush()
    kept = os.dup(2)
    with tempfile.TemporaryFile() as caught:
        os.dup2(caught.fileno(), 2)
        try:
            pygame.display.init()
        finally:
            os.dup2(kept, 2)
            os.close(kept)
        caught.seek(0)
        lines = caught.read().decode(errors="replace").splitlines(keepends=True)
    sys.stderr.write("".join(line for line in lines if not any(word in line for word in NOISE)))


def display_problem():
    """Why no window can be shown here, in one line, or None. Without a display SDL would quietly draw
    into an invisible window and the program would seem to hang."""
    if os.environ.get("SDL_VIDEODRIVER"):  # chosen on purpose (the tests use "dummy")
        return None
    quiet_display_init()
    if pygame.display.get_driver() in ("offscreen", "dummy"):
        pygame.display.quit()
        display = os.environ.get("DISPLAY")
        why = f"the display {display} cannot be reached" if display else "DISPLAY is not set"
        return (f"no display found ({why}): the window needs a graphical desktop "
                f"(python -m network works without one)")
    return None


def open_app(args, prog=PROG):
    """The App for parsed command-line ``args``, showing any notice about the network it was given."""
    from .window import App

    net, path, notices = first_network(args.network, prog)
    second = second_network(args.second, notices, prog)
    app = App(net, path, train_preset=args if args.train else None, second=second)
    for notice in notices:
        app.show_notice(notice, "error", seconds=12)
    return app


def main(argv=None, prog=PROG):
    """Open the window; ``prog`` is the name the terminal's lines give the program (the launcher's own)."""
    args = build_parser(prog).parse_args(argv)
    try:
        problem = display_problem()
        app = None if problem else open_app(args, prog)
    except pygame.error as error:  # no video device, or set_mode refused
        problem = f"cannot open a window: {error}"
    if problem:
        print(f"{prog}: {problem}", file=sys.stderr)
        return 1
    app.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Make examples/redrawn.png: what the autoencoder beside characters.npz's gate makes of drawn characters and of
marks no gate learned from, each drawing above its redrawing, with the redraw error and the gate's answer.

    python examples/make_redrawn.py [NETWORK.npz] [--out examples/redrawn.png]

Characters are drawn stroke by stroke with the marks' own hand (network.character_strokes); the marks are
of the held-out kinds (network.marks.HELD_OUT). No data files are needed.
"""

import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import network  # noqa: E402
from network import marks  # noqa: E402
from network.autoencoder import redraw_error  # noqa: E402
from network.character_check import is_character  # noqa: E402
from network.character_strokes import CHARACTER_STROKES  # noqa: E402
from network.preprocess import canvas_to_input  # noqa: E402

CHARACTERS = "2A7R8Q"
KINDS = ("hourglasses", "clouds", "houses", "notes", "ampersands", "hearts")


def drawings(style, rng):
    """``(inputs, names)``: the characters above and one mark of each kind, framed in ``style``."""
    canvases = [marks.draw_strokes(CHARACTER_STROKES[label][0], rng, turn=8, extent=0.6, pen=10.0)
                for label in CHARACTERS]
    canvases += [marks.draw(kind, rng) for kind in KINDS]
    names = list(CHARACTERS) + [kind.rstrip("s").replace("hourglasse", "hourglass") for kind in KINDS]
    return np.stack([canvas_to_input(canvas, style) for canvas in canvases]), names


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("network", nargs="?", default=os.path.join(ROOT, "saved_networks", "characters.npz"))
    parser.add_argument("--out", default=os.path.join(ROOT, "examples", "redrawn.png"))
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)
    net = network.load(args.network)
    if net.gate is None or net.gate.autoencoder is None:
        print(f"{args.network}: its gate reads no autoencoder", file=sys.stderr)
        return 1
    inputs, names = drawings(net.meta.get("style", "mnist"), np.random.default_rng(args.seed))
    redrawn = net.gate.autoencoder.forward(inputs)[-1]
    errors, accepted = redraw_error(net.gate.autoencoder, inputs), is_character(net, inputs)
    figure, axes = plt.subplots(2, len(inputs), figsize=(1.1 * len(inputs), 2.9))
    for column, (name, error, ok) in enumerate(zip(names, errors, accepted)):
        for row, picture in enumerate((inputs[column], redrawn[column])):
            axes[row, column].imshow(picture.reshape(28, 28), cmap="gray", vmin=0, vmax=1)
            axes[row, column].set_xticks([])
            axes[row, column].set_yticks([])
        axes[0, column].set_title(name, fontsize=9)
        axes[1, column].set_xlabel(f"error {error:.2f}\n{'character' if ok else 'not one'}", fontsize=8,
                                   color="black" if ok else "firebrick")
    axes[0, 0].set_ylabel("drawn", fontsize=9)
    axes[1, 0].set_ylabel("redrawn", fontsize=9)
    figure.suptitle("The autoencoder learned characters only: it redraws a mark as the character it is most like",
                    fontsize=10)
    figure.tight_layout()
    figure.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What framing loses: test images fed as they are, against the same images enlarged or redrawn on a canvas
and framed back by network.preprocess.canvas_to_input in the network's style.

For each network, the same random test images (fixed seeds) four ways: as they are (direct); enlarged 3-9x
as they are, soft edge kept, like a scan (network.redraw.enlarged_like), and framed; redrawn as a drawing
(network.redraw.drawn_like: a hard-edged stroke of varied width), and framed; and with --reader, those two
canvases read by the line reader as a page holding one character (network.reading.read_ink, --as any):
read right, refused ("?"), or cut in several characters. A network knowing digits and letters gets its
digits' and letters' figures apart as well. Last, the median time of one canvas_to_input call on a drawing
on the window's 280x280 canvas and on a 40 px tall piece, the size the reader frames its candidates at.

    python bench/framing.py [NETWORK.npz ...] [--count 2000] [--seed 0] [--reader]
"""

import argparse
import os
import sys
import time
from functools import partial

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import network  # noqa: E402  (first: it sets one BLAS thread before numpy loads)
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from network import datasets  # noqa: E402
from network.preprocess import canvas_to_input  # noqa: E402
from network.reading import read_ink  # noqa: E402
from network.redraw import drawn_like, enlarged_like  # noqa: E402
from bench_steps import run_steps  # noqa: E402

SHIPPED = [os.path.join("saved_networks", f"{name}.npz") for name in ("characters", "letters", "digits", "tiny-digits")]
MAKERS = {"enlarged": enlarged_like, "redrawn": drawn_like}


def shares(right, digits):
    """A share right, with the digits' and the letters' apart when the test set holds both."""
    text = f"{right.mean():7.2%}"
    if digits.any() and not digits.all():
        text += f" ({right[digits].mean():.1%} / {right[~digits].mean():.1%})"
    return text


def report(path, count, seed, reader):
    net = network.load(path)
    style = net.meta.get("style", "mnist")
    images, labels, _ = datasets.load(net.meta.get("dataset") or "", "test")
    pick = np.random.default_rng(seed).permutation(len(images))[:count]
    images, labels = images[pick], labels[pick]
    digits = np.array([net.labels[label].isdigit() for label in labels])
    both = digits.any() and not digits.all()
    print(f"\n{path}: {net!r}, {len(images):,} test images, framed in style {style}"
          + (" (all / digits / letters)" if both else ""))
    print(f"  {'direct (the test images as they are)':<40} {shares(net.predict(datasets.as_inputs(images)) == labels, digits)}")
    for offset, (kind, make) in enumerate(MAKERS.items(), start=1):
        rng = np.random.default_rng(seed + offset)
        pages = [make(image, rng) for image in images]
        framed = np.stack([canvas_to_input(page, style) for page in pages])
        print(f"  {kind + ', framed':<40} {shares(net.predict(framed) == labels, digits)}")
        if reader:
            texts = [read_ink(page, net, "any").text for page in pages]
            right = np.array([text == net.labels[label] for text, label in zip(texts, labels)])
            refused = np.mean([text == "?" for text in texts])
            split = np.mean([len(text) > 1 for text in texts])
            print(f"  {kind + ', read by the reader (--as any)':<40} {shares(right, digits)}, "
                  f"refused {refused:.1%}, cut in several {split:.1%}")


def framing_cost(repeats=200):
    """Median microseconds of one canvas_to_input call: a drawn digit on a 280x280 canvas, and on a 40 px one."""
    images, _, _ = datasets.load("mnist", "test")
    page = drawn_like(images[0], np.random.default_rng(0))
    rows, cols = np.flatnonzero(page.max(axis=1)), np.flatnonzero(page.max(axis=0))
    crop = page[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    size = (max(1, round(crop.shape[1] * 40 / crop.shape[0])), 40)
    piece = np.asarray(Image.fromarray(crop).resize(size, Image.Resampling.BOX), dtype=np.float32)
    print(f"\ncanvas_to_input, median of {repeats} calls:")
    for label, canvas in (("280x280 canvas", page), (f"{piece.shape[0]}x{piece.shape[1]} piece", piece)):
        for style in ("mnist", "emnist"):
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                canvas_to_input(canvas, style)
                times.append(time.perf_counter() - started)
            print(f"  {label:<16} {style:<7} {1e6 * np.median(times):6.0f} µs")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("networks", nargs="*", default=SHIPPED)
    parser.add_argument("--count", type=int, default=2000, help="test images per network (default 2000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reader", action="store_true", help="also read the canvases with the line reader")
    args = parser.parse_args(argv)
    return run_steps(*(partial(report, path, args.count, args.seed, args.reader) for path in args.networks),
                     framing_cost)


if __name__ == "__main__":
    sys.exit(main())

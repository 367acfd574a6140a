"""How well a network reads drawings: test images redrawn big, moved and thicker or thinner on a canvas.

Each test image is enlarged onto a 280x280 canvas (random size and position), turned into a pen-like
stroke (thresholded, optionally thickened), then fed to the network three ways: prepared by
network.preprocess.canvas_to_input in the network's own style, in the other style, and the naive way
(the whole canvas shrunk to 28x28). The original test images give the reference.

    python bench/drawn_accuracy.py [NETWORK.npz] [--count 10000] [--seed 0]
"""

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import network  # noqa: E402
from network import datasets  # noqa: E402
from network.preprocess import STYLES, canvas_to_input  # noqa: E402
from network.redraw import CANVAS, drawn_like  # noqa: E402


def naive_input(page):
    """The whole canvas shrunk to 28x28 by averaging 10x10 blocks: what a first attempt usually does."""
    block = page.shape[0] // 28
    return page[:block * 28, :block * 28].reshape(28, block, 28, block).mean(axis=(1, 3)).ravel()


def dataset_for(net):
    """The test split matching the network: its recorded dataset, else EMNIST letters for 26 classes."""
    name = net.meta.get("dataset") or ""
    if name in datasets.DATASETS:
        return name
    return "emnist-letters" if len(net.labels) == 26 else "mnist"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("network", nargs="?", default=os.path.join("saved_networks", "digits.npz"))
    parser.add_argument("--count", type=int, default=10000, help="test images to redraw (default 10000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        net = network.load(args.network)
        name = dataset_for(net)
        images, labels, _ = datasets.load(name, "test")
    except network.InklingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    rng = np.random.default_rng(args.seed)
    pick = rng.permutation(len(images))[:args.count]
    images, labels = images[pick], labels[pick]
    own = net.meta.get("style", "mnist")
    other = [style for style in STYLES if style != own][0]
    started = time.perf_counter()
    pages = [drawn_like(image, rng) for image in images]
    inputs = {
        "original test images": datasets.as_inputs(images),
        f"drawn, canvas_to_input style={own} (network's own)": np.stack([canvas_to_input(p, own) for p in pages]),
        f"drawn, canvas_to_input style={other}": np.stack([canvas_to_input(p, other) for p in pages]),
        "drawn, naive (whole canvas shrunk to 28x28)": np.stack([naive_input(p) for p in pages]),
    }
    print(f"{args.network}: {net!r}, {name} test, {len(images):,} images, "
          f"{CANVAS}x{CANVAS} canvas (made in {time.perf_counter() - started:.1f} s)\n")
    width = max(len(k) for k in inputs)
    print(f"{'input':<{width}}  accuracy")
    print(f"{'-' * width}  --------")
    for label, x in inputs.items():
        print(f"{label:<{width}}  {np.mean(net.predict(x) == labels):8.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

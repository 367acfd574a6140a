"""Memory and time of the loaders on large and hostile files, each in a fresh interpreter, in one run.

What is measured: for each file, the peak resident memory a fresh Python process gains while loading it
(its VmHWM after the load minus before it, with numpy and the loaders already imported) and the wall
seconds of the load, median of --repeats runs (default 3). The files, made in a temporary folder:
    MNIST as CSV        the 60,000 real training images and labels written as label,p0..p783 (about 110 MB);
                        read by ``datasets.load_csv`` and, side by side, by ``numpy.loadtxt`` (a peer)
    128 MB single line  one CSV line of 64 million "0," fields with no end
    IDX claiming 10^9   a small gzip whose header claims 10^9 images of 28x28
    IDX gzip bomb       3 images as promised, then 512 MB of zeros in the same gzip stream (about 500 KB)
    npz zip bomb        a network whose weights_0 entry inflates to 512 MB (about 500 KB on disk)
    npz 40 GB header    a network whose weights_0 .npy header declares a 100,000 x 100,000 float32 array
Every hostile file must be refused (the result column shows the first words of the error).

Run from the repository root (MNIST from $INKLING_DATA, else data/):
    python bench/loader_memory.py [--repeats 3]
"""

import argparse
import gzip
import os
import pathlib
import statistics
import sys
import tempfile

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [REPO, os.path.join(REPO, "tests")]

from hostile_files import header_40_gb, load_cost, zip_bomb  # noqa: E402
from network import DatasetError, datasets  # noqa: E402


def idx_header(*shape):
    return bytes([0, 0, 8, len(shape)]) + b"".join(n.to_bytes(4, "big") for n in shape)


def make_files(folder):
    """``{name: (path, python statement loading it)}`` for every case."""
    images, labels, _ = datasets.load("mnist", "train")
    csv = folder / "mnist-train.csv"
    np.savetxt(csv, np.column_stack([labels, images.reshape(len(images), -1)]), fmt="%d", delimiter=",")
    line = folder / "one-line.csv"
    with open(line, "wb") as file:
        for _ in range(64):
            file.write(b"0," * (1 << 20))
    claims = folder / "claims-idx3-ubyte.gz"
    claims.write_bytes(gzip.compress(idx_header(10 ** 9, 28, 28) + bytes(784 * 3)))
    bomb = folder / "bomb-idx3-ubyte.gz"
    with gzip.open(bomb, "wb", compresslevel=1) as file:
        file.write(idx_header(3, 28, 28) + bytes(784 * 3))
        for _ in range(512):
            file.write(bytes(1 << 20))
    npz_bomb, npz_header = zip_bomb(folder, megabytes=512), header_40_gb(folder)
    csv_read = "datasets.load_csv({!r})"
    return {
        "MNIST as CSV (Inkling)": (csv, csv_read.format(str(csv))),
        "MNIST as CSV (numpy.loadtxt)": (csv, f"np.loadtxt({str(csv)!r}, delimiter=',', dtype=np.uint8)"),
        "128 MB single line": (line, csv_read.format(str(line))),
        "IDX claiming 10^9 images": (claims, f"read_idx({str(claims)!r}, 3)"),
        "IDX gzip bomb": (bomb, f"read_idx({str(bomb)!r}, 3)"),
        "npz zip bomb": (npz_bomb, f"network.load({str(npz_bomb)!r})"),
        "npz 40 GB header": (npz_header, f"network.load({str(npz_header)!r})"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per file; medians are printed (default 3)")
    args = parser.parse_args()
    try:
        datasets.load("mnist", "test")
    except DatasetError as error:
        sys.exit(f"error: {error}")
    with tempfile.TemporaryDirectory() as folder:
        cases = make_files(pathlib.Path(folder))
        print(f"{'file':30} {'size MB':>8} {'peak +MB':>9} {'x size':>7} {'seconds':>8}  result")
        for name, (path, statement) in cases.items():
            runs = [load_cost(statement) for _ in range(args.repeats)]
            megabytes = statistics.median(run[0] for run in runs)
            seconds = statistics.median(run[1] for run in runs)
            size = path.stat().st_size / 2 ** 20
            print(f"{name:30} {size:8.1f} {megabytes:9.1f} {megabytes / size:7.2f} {seconds:8.2f}  {runs[0][2]}")


if __name__ == "__main__":
    main()

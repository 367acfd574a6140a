"""Reading lines of real handwriting: character and whole-line accuracy and time per line, for each kind of
line (well-spaced, touching and overlapping digits, words, photos, a 12 MP photo, numbers drawn with the brush,
touching words), next to Tesseract where installed.

Lines are made here (bench/line_makers.py) from MNIST and EMNIST letters of the split given: ``test``
(the default, held out from every network and from tuning the reader) or ``train`` (for tuning). Each
line is written to a file and read from it, so decoding counts in the time. Character accuracy is
1 - edit distance / length of the true text, summed over the lines.

    python bench/read_lines.py [--net saved_networks/characters.npz] [--lines 200] [--split test]
                               [--as any] [--seed 1] [--kinds "spaced digits,words"]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import network  # noqa: E402
from line_makers import KINDS, Pool, number_text, set_side_by_side  # noqa: E402
from network import datasets  # noqa: E402
from network.reading import read_file, read_ink  # noqa: E402

BIG_PHOTOS = 5  # 12 MP photos are slow to make: this many, whatever --lines says
LIVE_LINES = 50  # 8-character lines read straight from a canvas, as the window reads while one writes


def edit_distance(a, b):
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def tesseract(path, kind):
    """Tesseract's reading of one line (single-line mode, digits or capitals allowed), or None when absent."""
    allowed = "0123456789" if "digit" in kind or "photo" in kind else "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    done = subprocess.run(["tesseract", path, "-", "--psm", "7", "-c", f"tessedit_char_whitelist={allowed}"],
                          capture_output=True, text=True)
    return "".join(done.stdout.split())


def write_line(picture, folder, index):
    if isinstance(picture, bytes):
        path = os.path.join(folder, f"line{index}.jpg")
        with open(path, "wb") as file:
            file.write(picture)
    else:
        path = os.path.join(folder, f"line{index}.png")
        Image.fromarray(picture).save(path)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--net", default="saved_networks/characters.npz")
    parser.add_argument("--lines", type=int, default=200, help="lines per kind (default 200)")
    parser.add_argument("--split", choices=("train", "test"), default="test")
    parser.add_argument("--as", dest="as_", choices=("number", "word", "any", "kind"), default="any",
                        help="context given to the reader; 'kind' gives each kind its own (number or word)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--show-misses", type=int, default=0, metavar="N", help="print N misread lines per kind")
    args = parser.parse_args()
    unknown = [kind for kind in args.kinds.split(",") if kind not in KINDS]
    if unknown:
        parser.error(f"--kinds: no kind {unknown[0]!r} (the kinds: {', '.join(KINDS)})")
    net = network.load(args.net)
    digits = Pool(*datasets.load("mnist", args.split))
    letters = Pool(*datasets.load("emnist-letters", args.split))
    peer = shutil.which("tesseract")
    print(f"{args.net}, {args.split} split, --as {args.as_}, seed {args.seed}; "
          f"{'Tesseract ' + subprocess.run(['tesseract', '--version'], capture_output=True, text=True).stdout.split()[1] if peer else 'Tesseract not installed'}")
    print(f"{'kind':16} {'lines':>5} {'chars':>7} {'line acc':>8} {'ms/line':>8}" +
          (f" {'tess chars':>10} {'tess line':>9}" if peer else ""))
    with tempfile.TemporaryDirectory() as folder:
        for kind in args.kinds.split(","):
            rng = np.random.default_rng([args.seed, list(KINDS).index(kind)])
            count = BIG_PHOTOS if kind == "12 MP photo" else args.lines
            as_ = ("word" if "words" in kind else "number") if args.as_ == "kind" else args.as_
            errors = length = right = peer_errors = peer_right = 0
            times, misses = [], []
            for index in range(count):
                picture, text = KINDS[kind](rng, digits, letters)
                path = write_line(picture, folder, index)
                start = time.perf_counter()
                read = read_file(path, net, as_).text
                times.append(time.perf_counter() - start)
                errors += edit_distance(read, text)
                length += len(text)
                right += read == text
                if read != text and len(misses) < args.show_misses:
                    misses.append(f"    {text} read {read}")
                if peer:
                    guess = tesseract(path, kind)
                    peer_errors += edit_distance(guess, text)
                    peer_right += guess == text
            line = (f"{kind:16} {count:5d} {1 - errors / length:7.3f} {right / count:8.3f} "
                    f"{1000 * np.median(times):8.1f}")
            if peer:
                line += f" {1 - peer_errors / length:10.3f} {peer_right / count:9.3f}"
            print(line, flush=True)
            for miss in misses:
                print(miss)
    live_speed(net, digits, letters, args.seed)


def live_speed(net, digits, letters, seed):
    """Median time to read an 8-character line from an ink canvas (no file): the window's live reading."""
    rng = np.random.default_rng([seed, 99])
    for kind in ("spaced digits", "touching digits"):
        times = []
        for _ in range(LIVE_LINES):
            glyphs = [digits.glyph(rng, c) for c in number_text(rng, 8)]
            gaps = (0.15, 0.6) if kind == "spaced digits" else (-0.12, 0.0)
            ink = set_side_by_side(rng, glyphs, gaps, scale=rng.uniform(1.0, 3.0))
            start = time.perf_counter()
            read_ink(ink, net, "any")
            times.append(time.perf_counter() - start)
        print(f"8-character line of {kind} from a canvas: {1000 * np.median(times):.1f} ms median "
              f"({LIVE_LINES} lines)")


if __name__ == "__main__":
    main()

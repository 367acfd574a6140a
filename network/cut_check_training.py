"""Teaching a classifier's cut check, on lines of three touching training digits (their boxes meet or overlap
by up to an eighth of their height, each a little up or down, as people write them and as
bench/line_makers.py makes them), and on lines of digits drawn with clean strokes (network.character_strokes,
as the window's brush draws them: taught on MNIST's pieces alone, the check took a drawn 2 with the left arc
of the 0 it touched for one digit).

One digit: the first and the middle digit cut where they meet their neighbours (the middle of the overlap,
give or take a twentieth of the height), their neighbours' strokes included. Not one digit: two digits framed
together, a part of a digit (cut at 30-70% of its width), and a stretch whose cut misses by 0.15-0.35 of the
height. The classifier itself is not changed.
"""

import numpy as np

from . import datasets
from .character_strokes import CHARACTER_STROKES
from .cut_check import CHECK_ACTIVATION, CHECK_LABELS, CutCheck, check_inputs, input_size
from .marks import draw_strokes
from .model import Network
from .preprocess import canvas_to_input
from .sgd import fit

LINES = 15000  # three-digit lines of MNIST digits: nine candidates each
DRAWN_LINES = 5000  # and of digits drawn with clean strokes, as the window's brush draws them
DRAWN_SIZE = 100  # canvas pixels a drawn digit is made on
OVERLAP = 0.12  # the most two boxes overlap, as a share of the height
HIDDEN, EPOCHS, BATCH, LR, LR_DECAY, MOMENTUM = 64, 10, 128, 0.02, 0.75, 0.9
CHUNK = 8000  # candidates framed and read at a time


def cropped(image):
    """An image (float 0-1, or a uint8 training image; ink high) cut to its ink, float 0-1."""
    image = image.astype(np.float32) / (255 if image.dtype == np.uint8 else 1)
    rows, cols = np.flatnonzero(image.max(axis=1) > 0.05), np.flatnonzero(image.max(axis=0) > 0.05)
    return image[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def drawn_digit(rng):
    """A digit drawn stroke by stroke with the marks' hand (network.character_strokes), cut to its ink."""
    ways = CHARACTER_STROKES[str(rng.integers(10))]
    pixels = draw_strokes(ways[int(rng.integers(len(ways)))], rng, turn=10, size=DRAWN_SIZE,
                          extent=rng.uniform(0.7, 0.85))
    return cropped(pixels)


def touching_line(glyphs, rng):
    """``(ink, lefts, rights)``: ``glyphs`` side by side on one canvas, overlapping by up to OVERLAP of the
    tallest's height, with each glyph's first and past-last column."""
    height = max(glyph.shape[0] for glyph in glyphs)
    lefts, x = [], 4
    for glyph in glyphs:
        lefts.append(x)
        x += max(glyph.shape[1] + int(round(rng.uniform(-OVERLAP, 0.0) * height)), glyph.shape[1] // 2)
    rights = [left + glyph.shape[1] for left, glyph in zip(lefts, glyphs)]
    ink = np.zeros((height + 8, max(rights) + 4), dtype=np.float32)
    for left, glyph in zip(lefts, glyphs):
        top = 4 + (height - glyph.shape[0]) // 2 + int(rng.integers(-2, 3))
        region = ink[top:top + glyph.shape[0], left:left + glyph.shape[1]]
        np.maximum(region, glyph, out=region)
    return ink, lefts, rights


def stretches(lefts, rights, height, width, rng):
    """``[(start, end, is one digit)]``: the column stretches of a three-digit line the check learns from."""
    def near():
        return int(round(rng.uniform(-0.05, 0.05) * height))

    def missed():
        return int(round(rng.choice([-1, 1]) * rng.uniform(0.15, 0.35) * height))
    first, second = (rights[0] + lefts[1]) // 2 + near(), (rights[1] + lefts[2]) // 2 + near()
    part = int(lefts[1] + rng.uniform(0.3, 0.7) * (rights[1] - lefts[1]))
    return [(0, first, True), (first, second, True), (0, second, False), (first, width, False),
            (first, part, False), (part, second, False), (first + missed(), second, False),
            (first, second + missed(), False), (0, first + missed(), False)]


def candidates(images, rng, style, lines, drawn_lines=0):
    """``(inputs, labels)``: framed candidates (float32 rows of 784) cut from ``lines`` touching lines of
    random ``images`` and ``drawn_lines`` of drawn digits, labelled 1 for one digit and 0 for not."""
    inputs, labels = [], []
    for line in range(lines + drawn_lines):
        glyphs = ([cropped(images[k]) for k in rng.integers(0, len(images), 3)] if line < lines
                  else [drawn_digit(rng) for _ in range(3)])
        ink, lefts, rights = touching_line(glyphs, rng)
        for start, end, one in stretches(lefts, rights, ink.shape[0] - 8, ink.shape[1], rng):
            crop = ink[:, max(start, 0):end]
            if end - start >= 3 and crop.max() > 0.2:
                inputs.append(canvas_to_input(crop, style))
                labels.append(int(one))
    return np.stack(inputs), np.array(labels)


def train_cut_check(net, data_dir=None, seed=0, say=lambda text: None):
    """A new CutCheck for ``net`` (a classifier that knows the digits), learned from MNIST's training digits."""
    if not set("0123456789") <= set(net.labels):
        raise ValueError("the cut check judges pieces of touching digits: the network must know the digits")
    rng = np.random.default_rng(seed)
    images, _, _ = datasets.load("mnist", "train", data_dir)
    say(f"cutting {LINES:,} lines of three touching training digits and {DRAWN_LINES:,} of drawn ones")
    inputs, labels = candidates(images, rng, net.meta.get("style", "mnist"), LINES, DRAWN_LINES)
    features = np.concatenate([check_inputs(net, net.forward(inputs[start:start + CHUNK]))
                               for start in range(0, len(inputs), CHUNK)])
    say(f"training the cut check on {int(labels.sum()):,} digits and {int((labels == 0).sum()):,} pieces that are not")
    mean, spread = features.mean(axis=0), features.std(axis=0) + 1e-6
    check = Network((input_size(net), HIDDEN, 2), CHECK_ACTIVATION, "softmax", CHECK_LABELS, seed=seed)
    fit(check, (features - mean) / spread, labels, rng, EPOCHS, LR, LR_DECAY, MOMENTUM, BATCH)
    # the standardising folded into the first layer: the check reads the classifier's own values
    check.weights[0] = (check.weights[0] / spread[:, None]).astype(check.weights[0].dtype)
    check.biases[0] = (check.biases[0] - mean @ check.weights[0]).astype(check.biases[0].dtype)
    return CutCheck(check, {"lines": LINES, "drawn_lines": DRAWN_LINES})

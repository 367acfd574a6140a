"""Teaching a classifier's cut check, on lines of three touching training characters (their boxes meet or
overlap by up to an eighth of their height, each a little up or down, as people write them and as
bench/line_makers.py makes them), and on lines of characters drawn with clean strokes
(network.character_strokes, as the window's brush draws them: taught on MNIST's pieces alone, the check took
a drawn 2 with the left arc of the 0 it touched for one digit). Digits when the classifier knows them (MNIST),
letters when it knows them (EMNIST letters): touching letters were read as fewer, wide ones (HOLD as ND).

One character: the first and the middle one cut where they meet their neighbours (the middle of the overlap,
give or take a twentieth of the height), their neighbours' strokes included. Not one character: two framed
together, a part of one (cut at 30-70% of its width), and a stretch whose cut misses by 0.15-0.35 of the
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
DRAWN_LINES = 10000  # and of digits drawn with clean strokes, as the window's brush draws them
LETTER_LINES, DRAWN_LETTER_LINES = 15000, 5000  # the same of EMNIST letters, and of letters drawn
DRAWN_SIZE = 100  # canvas pixels a drawn character is made on
OVERLAP = 0.12  # the most two boxes overlap, as a share of the height
HIDDEN, EPOCHS, BATCH, LR, LR_DECAY, MOMENTUM = 128, 10, 128, 0.02, 0.75, 0.9
CHUNK = 8000  # candidates framed and read at a time


def cropped(image):
    """An image (float 0-1, or a uint8 training image; ink high) cut to its ink, float 0-1."""
    image = image.astype(np.float32) / (255 if image.dtype == np.uint8 else 1)
    rows, cols = np.flatnonzero(image.max(axis=1) > 0.05), np.flatnonzero(image.max(axis=0) > 0.05)
    return image[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def drawn_character(names, rng):
    """One of ``names`` drawn stroke by stroke with the marks' hand (network.character_strokes), cut to its ink."""
    ways = CHARACTER_STROKES[names[int(rng.integers(len(names)))]]
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
    """``[(start, end, is one character)]``: the column stretches of a three-character line the check learns
    from."""
    def near():
        return int(round(rng.uniform(-0.05, 0.05) * height))

    def missed():
        return int(round(rng.choice([-1, 1]) * rng.uniform(0.15, 0.35) * height))
    first, second = (rights[0] + lefts[1]) // 2 + near(), (rights[1] + lefts[2]) // 2 + near()
    part = int(lefts[1] + rng.uniform(0.3, 0.7) * (rights[1] - lefts[1]))
    return [(0, first, True), (first, second, True), (0, second, False), (first, width, False),
            (first, part, False), (part, second, False), (first + missed(), second, False),
            (first, second + missed(), False), (0, first + missed(), False)]


def candidates(images, rng, style, lines, drawn_lines=0, names=datasets.DIGITS):
    """``(inputs, labels)``: framed candidates (float32 rows of 784) cut from ``lines`` touching lines of
    random ``images`` and ``drawn_lines`` of drawn ``names``, labelled 1 for one character and 0 for not."""
    inputs, labels = [], []
    for line in range(lines + drawn_lines):
        glyphs = ([cropped(images[k]) for k in rng.integers(0, len(images), 3)] if line < lines
                  else [drawn_character(names, rng) for _ in range(3)])
        ink, lefts, rights = touching_line(glyphs, rng)
        for start, end, one in stretches(lefts, rights, ink.shape[0] - 8, ink.shape[1], rng):
            crop = ink[:, max(start, 0):end]
            if end - start >= 3 and crop.max() > 0.2:
                inputs.append(canvas_to_input(crop, style))
                labels.append(int(one))
    return np.stack(inputs), np.array(labels)


def train_cut_check(net, data_dir=None, seed=0, say=lambda text: None):
    """A new CutCheck for ``net``, learned from MNIST's training digits when it knows the digits and from
    EMNIST's training letters when it knows the letters."""
    knows = set(net.labels)
    digits, letters = set(datasets.DIGITS) <= knows, set(datasets.LETTERS) <= knows
    if not (digits or letters):
        raise ValueError("the cut check judges pieces of touching digits or letters: the network must know "
                         "the ten digits or the 26 letters")
    rng = np.random.default_rng(seed)
    style = net.meta.get("style", "mnist")
    info = {"lines": LINES if digits else 0, "drawn_lines": DRAWN_LINES if digits else 0,
            "letter_lines": LETTER_LINES if letters else 0,
            "drawn_letter_lines": DRAWN_LETTER_LINES if letters else 0}
    say(f"cutting {info['lines'] + info['letter_lines']:,} lines of three touching training characters and "
        f"{info['drawn_lines'] + info['drawn_letter_lines']:,} of drawn ones")
    kinds = [(datasets.load("mnist", "train", data_dir)[0], LINES, DRAWN_LINES, datasets.DIGITS)] if digits else []
    if letters:
        kinds.append((datasets.load("emnist-letters", "train", data_dir)[0], LETTER_LINES, DRAWN_LETTER_LINES,
                      datasets.LETTERS))
    features, labels = [], []
    for images, lines, drawn_lines, names in kinds:  # each kind's pieces judged as that kind (check_inputs)
        inputs, kind_labels = candidates(images, rng, style, lines, drawn_lines, names)
        indices = [net.labels.index(name) for name in names]
        features += [check_inputs(net, net.forward(inputs[start:start + CHUNK]), indices)
                     for start in range(0, len(inputs), CHUNK)]
        labels.append(kind_labels)
    features, labels = np.concatenate(features), np.concatenate(labels)
    say(f"training the cut check on {int(labels.sum()):,} characters and {int((labels == 0).sum()):,} pieces "
        f"that are not")
    mean, spread = features.mean(axis=0), features.std(axis=0) + 1e-6
    check = Network((input_size(net), HIDDEN, 2), CHECK_ACTIVATION, "softmax", CHECK_LABELS, seed=seed)
    fit(check, (features - mean) / spread, labels, rng, EPOCHS, LR, LR_DECAY, MOMENTUM, BATCH)
    # the standardising folded into the first layer: the check reads the classifier's own values
    check.weights[0] = (check.weights[0] / spread[:, None]).astype(check.weights[0].dtype)
    check.biases[0] = (check.biases[0] - mean @ check.weights[0]).astype(check.biases[0].dtype)
    return CutCheck(check, info)

"""Lines of real handwriting for the reading bench: MNIST digits and EMNIST letters set side by side on
paper, in the kinds the reader must handle (well spaced, touching, words, photographed), and numbers drawn
with the window's brush.

Every maker takes a random generator and a pool of labelled 28x28 images (ink high) and returns
``(picture, text)``: a uint8 grey picture (dark ink on light paper) and the text written on it.
"""

import io
import os
import sys

import numpy as np
from PIL import Image, ImageFilter

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from network.brush import polyline  # noqa: E402  (the window's own brush)

WORDS = ("HELLO", "WORLD", "NUMBER", "LETTER", "INKLING", "NETWORK", "READ", "WRITE", "PAPER", "PHOTO",
         "LINE", "WORD", "TRAIN", "LEARN", "GUESS", "DRAW", "QUICK", "BROWN", "FOX", "JUMPS", "OVER", "LAZY",
         "DOG", "ZEBRA", "JAZZ", "QUIZ", "MAXIMUM", "VIVID", "KAYAK", "BUZZ", "SPHINX", "OXYGEN", "PYTHON",
         "MATRIX", "WEIGHT", "BIAS", "LAYER", "HIDDEN", "OUTPUT", "INPUT", "SIGMOID", "GRADIENT", "TEACHER",
         "SCHOOL", "CLASS", "PENCIL", "MARKER", "CANVAS", "WINDOW", "SCREEN")


class Pool:
    """Labelled images by class name, drawn at random."""

    def __init__(self, images, labels, names):
        self.images, self.names = images, names
        self.by_class = {name: np.flatnonzero(labels == k) for k, name in enumerate(names)}

    def glyph(self, rng, name):
        """One random image of class ``name``, cropped to its ink (float 0-1, ink high)."""
        image = self.images[rng.choice(self.by_class[name])].astype(np.float32) / 255
        rows, cols = np.flatnonzero(image.max(axis=1) > 0.05), np.flatnonzero(image.max(axis=0) > 0.05)
        return image[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def set_side_by_side(rng, glyphs, gap_range, scale=1.0):
    """Glyphs on one ink canvas (float, ink high), gaps between their boxes drawn from ``gap_range``
    (a share of the glyph height; negative overlaps them), each a little up or down; ink adds up to 1."""
    margin = 12
    height = max(glyph.shape[0] for glyph in glyphs)
    lefts, x = [], margin
    for glyph in glyphs:
        lefts.append(x)
        x += glyph.shape[1] + int(round(rng.uniform(*gap_range) * height))
    width = max(left + glyph.shape[1] for left, glyph in zip(lefts, glyphs)) + margin
    canvas = np.zeros((height + 2 * margin, width), dtype=np.float32)
    for left, glyph in zip(lefts, glyphs):
        top = margin + (height - glyph.shape[0]) // 2 + int(rng.integers(-2, 3))
        region = canvas[top:top + glyph.shape[0], left:left + glyph.shape[1]]
        np.maximum(region, glyph, out=region)
    if scale != 1.0:
        size = (int(canvas.shape[1] * scale), int(canvas.shape[0] * scale))
        canvas = np.asarray(Image.fromarray(canvas, mode="F").resize(size, Image.Resampling.BICUBIC))
    return np.clip(canvas, 0, 1)


def on_paper(ink):
    """Dark ink on white paper, uint8."""
    return np.round(255 * (1 - np.clip(ink, 0, 1))).astype(np.uint8)


def number_text(rng, length=None):
    return "".join(str(d) for d in rng.integers(0, 10, length or int(rng.integers(3, 9))))


def spaced_digits(rng, digits, letters):
    text = number_text(rng)
    glyphs = [digits.glyph(rng, c) for c in text]
    return on_paper(set_side_by_side(rng, glyphs, (0.15, 0.6), scale=rng.uniform(1.0, 3.0))), text


def touching_digits(rng, digits, letters):
    """Digits whose boxes meet or overlap by up to an eighth of their height: strokes touch or cross a little."""
    text = number_text(rng)
    glyphs = [digits.glyph(rng, c) for c in text]
    return on_paper(set_side_by_side(rng, glyphs, (-0.12, 0.0), scale=rng.uniform(1.0, 3.0))), text


def overlapping_digits(rng, digits, letters):
    """Digits overlapping by an eighth to a quarter of their height: even a perfect straight cut between two
    of them leaves pieces of the neighbour in (the network reads about 0.90 of such crops right)."""
    text = number_text(rng)
    glyphs = [digits.glyph(rng, c) for c in text]
    return on_paper(set_side_by_side(rng, glyphs, (-0.25, -0.12), scale=rng.uniform(1.0, 3.0))), text


def word_text(rng):
    """A word of WORDS or, as often, 3-8 random letters."""
    if rng.random() < 0.5:
        return str(rng.choice(WORDS))
    return "".join(chr(65 + k) for k in rng.integers(0, 26, int(rng.integers(3, 9))))


def word(rng, digits, letters):
    text = word_text(rng)
    glyphs = [letters.glyph(rng, c) for c in text]
    return on_paper(set_side_by_side(rng, glyphs, (0.1, 0.5), scale=rng.uniform(1.0, 3.0))), text


def touching_word(rng, digits, letters):
    """Letters whose boxes meet or overlap by up to an eighth of their height, as touching digits do."""
    text = word_text(rng)
    glyphs = [letters.glyph(rng, c) for c in text]
    return on_paper(set_side_by_side(rng, glyphs, (-0.12, 0.0), scale=rng.uniform(1.0, 3.0))), text


def photo(rng, digits, letters, size=None):
    """A number written on grey paper and photographed: uneven light, blur, sensor noise, JPEG. ``size``:
    the photo's (width, height), else about as wide as the line at 6-10x its drawn size."""
    text = number_text(rng)
    ink = set_side_by_side(rng, [digits.glyph(rng, c) for c in text], (0.15, 0.6))
    if size is None:
        scale = rng.uniform(6, 10)
        size = (int(ink.shape[1] * scale * rng.uniform(1.1, 1.5)), int(ink.shape[0] * scale * rng.uniform(1.5, 3)))
    width, height = size
    line_width = int(width * rng.uniform(0.5, 0.8))
    line_height = max(1, int(line_width * ink.shape[0] / ink.shape[1]))
    placed = np.asarray(Image.fromarray(ink, mode="F").resize((line_width, line_height), Image.Resampling.BICUBIC))
    page = np.zeros((height, width), dtype=np.float32)
    top, left = int(rng.integers(0, height - line_height + 1)), int(rng.integers(0, width - line_width + 1))
    page[top:top + line_height, left:left + line_width] = np.clip(placed, 0, 1)
    paper = rng.uniform(0.55, 0.9)
    ink_level = rng.uniform(0.05, 0.25)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    light = 1 + rng.uniform(0.15, 0.4) * ((np.cos(angle) * xx / width + np.sin(angle) * yy / height) - 0.5)
    grey = (paper * (1 - page) + ink_level * page) * light
    picture = Image.fromarray(np.clip(grey * 255, 0, 255).astype(np.uint8))
    picture = picture.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 2.0) * width / 1000))
    noisy = np.asarray(picture, dtype=np.float32) + rng.normal(0, rng.uniform(3, 10), (height, width))
    buffer = io.BytesIO()
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(buffer, format="JPEG",
                                                                   quality=int(rng.integers(40, 85)))
    return buffer.getvalue(), text


def _ellipse(cx, cy, rx, ry, start=-np.pi / 2, turns=1.0):
    angles = start + np.linspace(0, 2 * np.pi * turns, 28)
    return list(zip(cx + rx * np.cos(angles), cy + ry * np.sin(angles)))


# Digits as this bench's own hand draws them with the mouse (not network.character_strokes, which the gate and
# the cut check learn from), as polylines in a unit box (x right, y down)
DRAWN_DIGITS = {
    "0": [_ellipse(0.5, 0.5, 0.42, 0.5)], "1": [[(0.3, 0.2), (0.55, 0), (0.55, 1)]],
    "2": [[(0.1, 0.25), (0.3, 0.05), (0.7, 0.05), (0.9, 0.25), (0.8, 0.5), (0.1, 1), (0.95, 1)]],
    "3": [[(0.15, 0.1), (0.5, 0), (0.85, 0.2), (0.5, 0.48), (0.9, 0.7), (0.6, 1), (0.1, 0.9)]],
    "4": [[(0.7, 1), (0.7, 0), (0.05, 0.7), (0.95, 0.7)]],
    "5": [[(0.85, 0), (0.2, 0), (0.15, 0.45), (0.6, 0.4), (0.9, 0.7), (0.6, 1), (0.1, 0.9)]],
    "6": [[(0.8, 0.05), (0.4, 0.2), (0.15, 0.6), (0.25, 0.95), (0.65, 0.95), (0.85, 0.7), (0.6, 0.5), (0.25, 0.6)]],
    "7": [[(0.1, 0), (0.9, 0), (0.4, 1)]],
    "8": [_ellipse(0.5, 0.25, 0.3, 0.25, np.pi / 2), _ellipse(0.5, 0.74, 0.38, 0.26)],
    "9": [_ellipse(0.5, 0.3, 0.38, 0.3, 0.0, -1.0), [(0.88, 0.3), (0.8, 1)]],
}


def drawn_number(text, rng):
    """``text`` (digits) drawn with the window's brush, 80-180 px high, a pen of 3-8% of the height, each digit
    slanted a little and overlapping the one before by up to an eighth of the height: float ink canvas."""
    height = rng.uniform(80, 180)
    width, radius = height * rng.uniform(0.55, 0.75), height * rng.uniform(0.03, 0.08)
    canvas = np.zeros((int(height) + 80, int(len(text) * width) + 120), dtype=np.float32)
    x = 40.0
    for digit in text:
        wide = width * (0.5 if digit == "1" else 1.0)
        slant = rng.uniform(-0.15, 0.15)
        for points in DRAWN_DIGITS[digit]:
            points = np.asarray(points) + rng.normal(0, 0.01, (len(points), 2))
            polyline(canvas, [(x + (px + slant * (0.5 - py)) * wide, 40 + py * height) for px, py in points], radius)
        x += wide - rng.uniform(0.0, 0.12) * height
    return canvas


def drawn_touching_digits(rng, digits, letters):
    """A number drawn with the mouse, its digits touching (DRAWN_DIGITS, drawn_number)."""
    text = number_text(rng)
    return on_paper(drawn_number(text, rng)), text


def big_photo(rng, digits, letters):
    """A 12-megapixel (4000x3000) phone photo of a number."""
    return photo(rng, digits, letters, size=(4000, 3000))


KINDS = {"spaced digits": spaced_digits, "touching digits": touching_digits, "overlapping digits": overlapping_digits,
         "words": word, "photos": photo,
         "12 MP photo": big_photo, "drawn touching digits": drawn_touching_digits,
         "touching words": touching_word}  # last: each kind's lines are seeded by its place here

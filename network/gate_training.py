"""Teaching a classifier's "not a character" gate: real characters (training images, as they are and redrawn
as drawings, and characters drawn stroke by stroke with the marks' own hand) against marks drawn by code
(network.marks, the kinds in ``LEARNED`` only: the held-out kinds stay unseen so that they can measure the
gate honestly), alone and two on one canvas. The open-ended kinds (network.random_marks) get more marks
each: they are what teaches the gate about kinds it never saw.

The classifier itself is not changed. The threshold is set on redrawn training characters the gate did not
learn from, so that ``REFUSED`` of them are refused. The gate reads the drawings' shape counts as well as the
hidden layers (network.shape_counts): a percent sign is three pieces of ink, which no hidden unit counts;
which way the drawing's edges face, cell by cell (network.edge_directions: an hourglass's straight sides and a
cloud's bumps against an 8's and an O's curves); and the redraw error of an autoencoder taught first on the
same characters alone (network.autoencoder). It judges a drawing near its bar in five places a pixel apart
(network.gate.SHIFTS); the threshold is set on every calibration character judged in all five.
"""

import numpy as np

from . import datasets, marks, random_marks
from .autoencoder import new_autoencoder, train_autoencoder
from .character_strokes import CHARACTER_STROKES
from .gate import Gate, character_probability, gate_inputs, new_gate_network
from .ink import ink_from_grey
from .preprocess import canvas_to_input
from .reading import framed_as_read
from .redraw import drawn_inputs
from .sgd import fit

MARKS_PER_KIND = 1200
OPEN_ENDED_MARKS = 15000  # of each open-ended kind
TOGETHER = 16000  # marks of two learned kinds drawn on one canvas: new shapes made of known parts
STROKED = 12000  # characters drawn stroke by stroke with the marks' own hand (network.character_strokes)
CHARACTERS = 24000  # of each: training images as they are, and redrawn
CALIBRATION = 4000  # redrawn training characters kept out of learning, to set the threshold on
REFUSED = 0.015  # the share of those the threshold refuses
AS_READ = 0.5  # the share of drawn characters and marks framed as the reader frames them
HIDDEN, EPOCHS, BATCH, LR, LR_DECAY, MOMENTUM = 256, 10, 64, 0.05, 0.7, 0.9


def either_framing(rng):
    """A framing for drawings, one of three ways for each: as the window frames a drawing (canvas_to_input),
    and AS_READ of them as the reader frames them, half as line mode reads the canvas and half as the reader
    reads a picture file, whose ink is measured against the paper first (network.ink; reading.framed_as_read
    for both). The gate must give the same answer whichever way a drawing comes."""
    def frame(canvas, style):
        way = rng.random()
        if way >= AS_READ:
            return canvas_to_input(canvas, style)
        if way < AS_READ / 2:
            canvas = ink_from_grey(np.round((1.0 - canvas) * 255).astype(np.uint8))  # dark ink on white paper
        return framed_as_read(canvas, style)
    return frame


def marks_inputs(kinds, rng, style):
    """Framed marks of every kind in ``kinds``, one kind after another: MARKS_PER_KIND of a kind drawn after a
    thing, OPEN_ENDED_MARKS of an open-ended kind. float32 (n, 784)."""
    return np.concatenate([marks.framed(kind, OPEN_ENDED_MARKS if kind in random_marks.KINDS else MARKS_PER_KIND,
                                        rng, style, either_framing(rng)) for kind in kinds])


def together_inputs(kinds, count, rng, style):
    """``count`` canvases each holding two marks of random ``kinds`` (apart, touching or crossed), framed."""
    pairs = rng.choice(len(kinds), (count, 2))
    frame = either_framing(rng)
    return np.stack([frame(np.maximum(marks.draw(kinds[a], rng), marks.draw(kinds[b], rng)), style)
                     for a, b in pairs])


def stroked_inputs(labels, count, rng, style):
    """``count`` characters of ``labels`` (those with strokes in CHARACTER_STROKES) drawn like the marks, framed."""
    ways = [way for label in labels for way in CHARACTER_STROKES.get(label, [])]
    frame = either_framing(rng)
    return np.stack([frame(marks.draw_strokes(ways[int(rng.integers(len(ways)))], rng, turn=10), style)
                     for _ in range(count)])


def training_inputs(net, rng, data_dir=None, kinds=marks.LEARNED):
    """``(characters, marks, calibration)``: the gate's inputs (rows of 784) for ``net``'s own training data."""
    style = net.meta.get("style", "mnist")
    images, _, classes = datasets.load(net.meta.get("dataset") or "", "train", data_dir)
    if list(classes) != list(net.labels):
        raise ValueError(f"the gate learns from the network's own training data, whose classes "
                         f"({''.join(classes)}) are not the network's")
    pick = rng.permutation(len(images))[:2 * CHARACTERS + CALIBRATION]
    plain, redrawn, calibration = np.split(images[pick], [CHARACTERS, 2 * CHARACTERS])
    characters = np.concatenate([datasets.as_inputs(plain), drawn_inputs(redrawn, rng, style, either_framing(rng)),
                                 stroked_inputs(net.labels, STROKED, rng, style)])
    drawn_marks = np.concatenate([marks_inputs(kinds, rng, style),
                                  together_inputs(kinds, TOGETHER, rng, style)])
    return characters, drawn_marks, drawn_inputs(calibration, rng, style, either_framing(rng))


def train_gate(net, data_dir=None, seed=0, say=lambda text: None):
    """A new Gate for ``net``, learned from its training data and marks of the learned kinds; ``say`` hears
    what is being done."""
    rng = np.random.default_rng(seed)
    say(f"drawing {len(marks.LEARNED)} kinds of marks ({len(random_marks.KINDS)} of them open-ended), "
        f"{TOGETHER:,} pairs of them, and redrawing "
        f"{CHARACTERS + CALIBRATION:,} characters")
    characters, drawn_marks, calibration = training_inputs(net, rng, data_dir)
    say(f"teaching an autoencoder to redraw the {len(characters):,} characters")
    autoencoder = new_autoencoder(seed)
    train_autoencoder(autoencoder, characters, rng)
    gate = Gate(new_gate_network(net, HIDDEN, seed, counts=True, redraw=True, directions=True), 1.0, {
        "learned": list(marks.LEARNED), "held_out": list(marks.HELD_OUT), "refused": REFUSED}, counts=True,
        autoencoder=autoencoder, shifts=True, directions=True)
    inputs = np.concatenate([gate_inputs(net, gate, characters), gate_inputs(net, gate, drawn_marks)])
    labels = np.concatenate([np.ones(len(characters), int), np.zeros(len(drawn_marks), int)])
    say(f"training the gate on {len(characters):,} characters and {len(drawn_marks):,} marks")
    fit(gate.net, inputs, labels, rng, EPOCHS, LR, LR_DECAY, MOMENTUM, BATCH)
    gate.threshold = float(np.quantile(character_probability(net, gate, calibration, near=np.inf), REFUSED))
    return gate

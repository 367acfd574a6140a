"""What a line may hold: digits (a number), letters (a word), or either, decided by the line.

The rule for "any": a line is first read as a number (digits only, with its own best cuts). When its
characters put at least ``NUMBER_SHARE`` of the network's probability on the ten digits, on average, it
is a number. Otherwise it is also read as a word (letters only, its own cuts), and the reading whose
characters put more probability on their kind, on average, wins (the reader weighs each character's share
by how near the "not a character" gate comes to taking it: touching digits swallowed into wide letters make
letters the gate refuses). So a line of confident digits reads 0, 1, 5, never O, I, S, and a word keeps its
O, I and S. Averages, not products: a reading with fewer
characters (two touching digits read as one wide letter) must not win by having fewer to multiply.
Touching digits read as a word become fewer, wide letters (81918 as MN, with letters the network is
sure of): a number of more characters than such a word is kept when its characters are fairly sure they
are digits. So is a number whose characters score better, one by one, than the word's (each candidate's score
in the cut search: how sure its class is, how much its kind holds, whether the cut check takes it for one whole
character): touching digits whose pieces the gate refuses put less on digits, on average, than the letters
made of them put on letters, while every digit is the better reading of its piece. A lone character has no
line to lean on: it is the class the network finds likeliest (a 1 the network gives 0.5, with 0.3 on I and
0.2 on L, is a 1, though the letters together hold as much).
A network that knows only one kind reads only that kind.
"""

from typing import NamedTuple

import numpy as np

from .errors import InklingError
from .model import Network

AS = ("number", "word", "any")
NUMBER_SHARE, MARGIN = 0.5, 0.3
# Touching digits read as letters become fewer, wide ones (81918 as MN): a number read as more characters than
# a word of two or more, with this share of their probability on digits, is a number whatever the word's share.
SWALLOWED_SHARE = 0.7
# The kind is decided at the coarse cuts (with fine cuts as well, word lines found pieces that read as confident
# digits), but touching digits may part only at fine cuts (network/cuts.py): a line read as a word of two or
# more letters is a number after all when its digits, read at the fine cuts too, hold LINE_FINE_SHARE of their
# probability, whatever the word's share (touching digits read as two or three wide letters the network is
# sure of, 00861 as one mark: no line of 1,200 random-letter words came above 0.55); read as one letter, when
# they hold FINE_SHARE and no less than MARGIN below the letter's share (a touching 2026 drawn with thick
# strokes was read as one mark; a lone M is not 111).
FINE_SHARE, LINE_FINE_SHARE = 0.7, 0.6
# Shapes the network cannot tell apart but by the line: an O and a 0. When a line's candidates are scored
# (network/reading.py), each holds its twin's probability too. (An I and a 1 as well cost words: a stroke cut
# from any letter reads as a 1, and became a cheap I: LINE read 111715, a G as OI.)
TWINS = {"0": "O", "O": "0"}


def class_sets(labels, as_="any"):
    """``[(kind, class indices)]``: the readings to try for ``as_``; a network with neither digits nor letters
    (a made-up class list) is read with all its classes as one kind."""
    if as_ not in AS:
        raise InklingError(f"--as must be one of {', '.join(AS)}, not {as_!r}")
    sets = {"number": [k for k, name in enumerate(labels) if len(name) == 1 and name.isdigit()],
            "word": [k for k, name in enumerate(labels) if len(name) == 1 and name.isalpha()]}
    if as_ != "any":
        if not sets[as_]:
            raise InklingError(f"this network knows no {'digits' if as_ == 'number' else 'letters'} "
                               f"(its classes: {' '.join(labels[:12])}{' ...' if len(labels) > 12 else ''})")
        return [(as_, sets[as_])]
    found = [(kind, indices) for kind, indices in sets.items() if indices]
    return found or [("any", list(range(len(labels))))]


def restricted(net, indices):
    """``net`` reading only the classes ``indices`` (its softmax shares the probability among them alone):
    the network a line of that kind is read and checked with. Shares the hidden layers' arrays, and the
    gate that says "not a character" (it reads the hidden layers only)."""
    if len(indices) == len(net.labels):
        return net
    weights = net.weights[:-1] + [net.weights[-1][:, indices]]
    biases = net.biases[:-1] + [net.biases[-1][indices]]
    return Network(net.sizes[:-1] + (len(indices),), net.activation, net.output,
                   [net.labels[k] for k in indices], weights=weights, biases=biases, meta=net.meta,
                   gate=net.gate)  # the gate reads the hidden layers, which are the same


class KindReading(NamedTuple):
    """One kind's reading of a line (network/reading.py): ``share``, how much its characters hold on the kind
    on average (``kind_share``); ``count``, how many characters it reads; ``top``, the mean probability of
    each one's likeliest class of the kind; ``indices``, the kind's classes; ``path``, the candidates read;
    ``scores``, every candidate's score for the kind."""
    share: float
    kind: str
    count: int
    top: float = 0.0
    indices: list = ()
    path: list = ()
    scores: np.ndarray = None


def choose_kind(readings):
    """The KindReading a line keeps, of ``readings`` in the order of ``class_sets``: the number when its characters
    hold at least ``NUMBER_SHARE`` of their probability on digits and no less than ``MARGIN`` below the word's
    share on letters, or at least ``SWALLOWED_SHARE`` when the word reads fewer characters (two or more), or
    when its characters score better than the word's, one by one (``score_per_character``); otherwise the one
    with the highest share. Where both read one character, the one whose class is likeliest."""
    number, word = readings[0], readings[-1]
    if len(readings) == 1 or number.kind != "number":
        return max(readings, key=lambda reading: reading.share)
    if number.count <= 1 and word.count <= 1:
        return max(readings, key=lambda reading: reading.top)
    if number.share >= NUMBER_SHARE and number.share + MARGIN >= word.share:
        return number
    if number.share >= SWALLOWED_SHARE and number.count > word.count >= 2:
        return number
    if score_per_character(number) > score_per_character(word):
        return number
    return max(readings, key=lambda reading: reading.share)


def score_per_character(reading):
    """The mean score of ``reading``'s characters in the cut search (minus infinity when it reads none)."""
    return float(np.mean(reading.scores[list(reading.path)])) if len(reading.path) else -np.inf


def number_after_all(fine_share, word_share, word_count):
    """True when a line read as a word is a number after all: its digits read at the fine cuts hold
    ``fine_share`` of their probability (``kind_share``), the word's ``word_count`` letters ``word_share``."""
    if word_count >= 2:
        return fine_share >= LINE_FINE_SHARE
    return fine_share >= FINE_SHARE and fine_share + MARGIN >= word_share


def with_twins(probabilities, labels, indices):
    """``probabilities`` (n, classes) on the classes ``indices`` only, each with its twin's (TWINS) added
    where the twin is of another kind: how likely each row is each class's shape."""
    position = {name: k for k, name in enumerate(labels)}
    alike = probabilities[:, indices].copy()
    for column, k in enumerate(indices):
        twin = position.get(TWINS.get(labels[k], ""))
        if twin is not None and twin not in indices:
            alike[:, column] += probabilities[:, twin]
    return alike

"""The reader: a picture of writing (a canvas, a scan, a photo) to text, character by character.

picture -> ink (network/ink.py) -> text lines (network/text_lines.py) -> candidate characters and the cut
search (network/cuts.py), every candidate framed as ``canvas_to_input`` frames a drawing, in the network's
style (all of a line's at once), and read by the network -> the best split of each line, read as a number
or a word (network/context.py). Every
character keeps its box, its guess, its probabilities and whether it is a character at all.
"""

from dataclasses import dataclass, field

import numpy as np

from .character_check import character_shortfall
from .context import KindReading, choose_kind, class_sets, number_after_all, restricted, with_twins
from .cut_check import learned_kinds, one_character_log_probability
from .cuts import best_path, candidates, line_height, whole_blobs
from .image_file import open_writing
from .ink import ink_from_grey
from .preprocess import area_average, canvas_to_input, canvases_to_inputs
from .text_lines import find_lines

LINE_HEIGHT = 40  # pixels: taller lines are shrunk to this before the search (the network sees 28x28)
NOT_A_CHARACTER = "?"
# The cut search adds to every candidate's reading how far it falls short of being a character
# (network.character_check.character_shortfall), so it keeps splits whose parts are characters: an M is not
# read as a refused half and an N. A mark is not cut in pieces: when the best split of a blob (ink whose
# columns overlap) into several characters, found with or without that shortfall, has at least this share of
# them refused by the gate, the blob is read whole, and if the gate refuses it whole too, it is one mark, one
# "?". Touching characters that the gate takes whole or part by part keep their split. A line said to be a
# number or a word is writing: only the split found with the shortfall can make one of its blobs a mark
# (touching digits that the gate refuses whole, and in the split it reads best without asking, stay digits).
REFUSED_SHARE = 0.5
# Writing vouches for its characters: in a line holding at least VOUCHING characters the gate takes, a
# character is refused only when its shortfall is below -LEAN (the gate's character probability under e^-1
# of its bar), not whenever it falls short; in a line said to be a number or a word, below -TOLD_LEAN. A
# mark among them is still refused when the gate is sure of it; a lone mark, with nothing to vouch for it,
# meets the bar itself. And a line that is one blob, read as two characters with nothing to vouch for them, is
# read whole: one mark when the gate refuses it whole, else one character, of whichever kind the network finds
# likelier (as a lone character is). A doodle is cut in two (a house as 1 and 2, a percent sign as 9 and 6) and
# a wide letter too (a lone M as I and N) far more often than two touching characters are all there is to read
# (said to be a number or a word, they are read as such).
VOUCHING, LEAN = 3, 1.0
# ... and more for a character the network is sure of: one given at least SURE of the probability its kind's
# classes hold is refused in such a line only below e^-SURE_LEAN more (touching digits cut from their neighbours,
# and a shadowed photo digit, fall short of the gate's bar while the network is sure which digit they are).
SURE, SURE_LEAN = 0.8, 2.0
TOLD_LEAN = 2.0  # a line said to be a number or a word vouches more: refused under e^-2 of the bar
# A candidate's score in a reading of one kind: the log-probability of its best class among the kind's, plus
# KIND_WEIGHT times the log of the probability the kind's classes hold. A piece that looks like the other kind
# pays for it (two touching digits framed together, read as a letter), but not in full (HELLO was read HELLLJ
# at 1). Here a class holds its twin's probability too (context.TWINS: an O drawn with the mouse is a 0 to the
# network, and was cut into a C and a J in a word); which one it is, the line's kind says.
KIND_WEIGHT = 0.75
# Read as a kind the network's cut check (network/cut_check.py) learned, a candidate's score also holds
# CUT_CHECK_WEIGHT times the log-probability the check gives it of being one whole character: two touching digits
# framed together, or a part of one, read as a confident digit no more, nor two touching letters as a wide one.
CUT_CHECK_WEIGHT = 0.75
# Marks drawn in several pieces: refused characters side by side in a line whose boxes are at most NEAR of the
# taller one's height apart, and lines of nothing but refused characters above one another at most NEAR of the
# wider one's width apart (the bars of =, the dots of a divide sign), are one mark.
NEAR = 0.25
# A drawing alone on its line, not said to be a number or a word, is asked of the gate framed as the window's
# drawing panel frames it too (its ink at full size, framed once, not shrunk to LINE_HEIGHT with only its pieces
# kept), and is a mark when either framing shows one: the reader then agrees with the panel on a drawing alone,
# and the full-size view keeps a mark's details that shrinking thins away (an ampersand's loops, a house's door).
# Its box is widened by EDGE pixels of the shrunk line, so that the faint edge of its ink is framed too, as the
# window frames it (a few of the gate's answers turn on that edge).
EDGE = 2


@dataclass
class Character:
    """One character read: ``box`` (left, top, right, bottom) in the picture's pixels, end-exclusive; the
    network's ``probabilities`` for every class; ``guess`` its class name within the line's kind; and whether
    it ``is_character`` at all. ``inputs`` are the 784 inputs the network saw."""
    box: tuple
    guess: str
    probabilities: np.ndarray
    is_character: bool
    inputs: np.ndarray = field(repr=False)

    @property
    def text(self):
        return self.guess if self.is_character else NOT_A_CHARACTER


@dataclass
class Line:
    """One text line: its characters left to right and what it was read as ("number", "word" or "any")."""
    characters: list
    kind: str

    @property
    def text(self):
        return "".join(character.text for character in self.characters)


@dataclass
class Reading:
    """A picture's lines, top to bottom."""
    lines: list

    @property
    def text(self):
        return " / ".join(line.text for line in self.lines if line.characters)

    @property
    def characters(self):
        return [character for line in self.lines for character in line.characters]


def read_file(path, net, as_="any"):
    """The Reading of the picture file at ``path`` (boxes in the picture's own pixels, upright).

    Raises ImageFileError naming the file when it cannot be read.
    """
    grey, ink_high, scale = open_writing(path)
    reading = read_ink(ink_from_grey(grey, ink_high), net, as_)
    for character in reading.characters:
        character.box = tuple(int(round(side * scale)) for side in character.box)
    return reading


def read_ink(ink, net, as_="any"):
    """The Reading of an ink map (2-D, ink high in [0, 1]: a canvas, or ``ink_from_grey`` of a picture)."""
    ink = np.asarray(ink, dtype=np.float32)
    kinds = class_sets(net.labels, as_)
    lines = []
    bands = find_lines(ink)
    for number, band in enumerate(bands):
        line_ink, scale = _line_ink(ink, band)
        line = _read_line(line_ink, net, kinds, scale, (band.left, band.top), as_ != "any")
        if as_ == "any" and len(line.characters) == 1:
            rows = (bands[number - 1].bottom if number else 0,
                    bands[number + 1].top if number + 1 < len(bands) else len(ink))
            _judge_as_drawn(line.characters[0], ink, net, rows, scale)
        lines.append(line)
    return Reading(_marks_joined(lines))


def _judge_as_drawn(character, ink, net, rows, scale):
    """A drawing alone on its line judged again as the window judges a drawing (see "A drawing alone on its
    line" above): its ink at full size, framed once; a mark when the gate refuses it so. Its box, found on the
    line shrunk ``scale`` times and without its faintest edge, is widened by EDGE (times ``scale``) to take
    all of its ink, but not into the lines above and below (``rows``: the gap between them)."""
    edge = int(np.ceil(EDGE * scale))
    left, top, right, bottom = character.box
    top, bottom = max(top - edge, rows[0]), min(bottom + edge, rows[1])
    window = ink[top:bottom, max(left - edge, 0):right + edge]
    framed = canvas_to_input(window, net.meta.get("style", "mnist"))[None, :]
    if character_shortfall(net, framed)[0] < 0.0:
        character.is_character = False


def _line_ink(ink, band):
    """``(line ink, scale)``: the ink of the line in ``band``, shrunk ``scale`` times so that its writing is at
    most LINE_HEIGHT rows tall."""
    line_ink = ink[band.top:band.bottom, band.left:band.right]
    scale = max(1.0, line_height(line_ink) / LINE_HEIGHT)
    return _shrink(line_ink, scale), scale


def framed_as_read(canvas, style="mnist"):
    """A drawing of one character or mark framed as the reader frames it read whole: its line (the tallest,
    should the reader find more) shrunk to LINE_HEIGHT rows when taller, only the ink of its pieces kept
    (faint edges and specks dropped, as network/cuts.py keeps a candidate's), then framed. Its strokes come
    out thinner and harder than a drawing framed once, so the "not a character" gate learns from drawings
    framed both ways."""
    ink = np.asarray(canvas, dtype=np.float32)
    bands = find_lines(ink)
    if not bands:
        return canvas_to_input(ink, style)
    ink, _ = _line_ink(ink, max(bands, key=lambda band: band.bottom - band.top))
    kept = np.zeros_like(ink)
    for whole in whole_blobs(ink):
        left, top, right, bottom = whole.box
        kept[top:bottom, left:right] = np.maximum(kept[top:bottom, left:right], whole.ink)
    return canvas_to_input(kept, style)


def _marks_joined(lines):
    """``lines`` with the pieces of one mark made one refused character (the rule at NEAR). It keeps the
    guess, probabilities and inputs of its widest piece, and a box around them all."""
    for line in lines:
        joined = []
        for character in line.characters:
            if joined and _one_mark_beside(joined[-1], character):
                character = _joined(joined.pop(), character)
            joined.append(character)
        line.characters = joined
    kept = []
    for line in lines:
        if kept and _all_refused(kept[-1]) and _all_refused(line) and _one_mark_below(kept[-1], line):
            mark = kept[-1].characters[0]
            for character in kept[-1].characters[1:] + line.characters:
                mark = _joined(mark, character)
            kept[-1].characters = [mark]
            continue
        kept.append(line)
    return kept


def _all_refused(line):
    return bool(line.characters) and not any(character.is_character for character in line.characters)


def _one_mark_beside(left, right):
    height = max(left.box[3] - left.box[1], right.box[3] - right.box[1])
    return not left.is_character and not right.is_character and right.box[0] - left.box[2] <= NEAR * height


def _one_mark_below(upper, lower):
    (left, top, right, bottom), (left_2, top_2, right_2, bottom_2) = _box(upper), _box(lower)
    width = max(right - left, right_2 - left_2)
    return top_2 - bottom <= NEAR * width and min(right, right_2) > max(left, left_2)


def _box(line):
    boxes = np.array([character.box for character in line.characters])
    return (*boxes[:, :2].min(axis=0), *boxes[:, 2:].max(axis=0))


def _joined(first, second):
    widest = max((first, second), key=lambda character: character.box[2] - character.box[0])
    box = tuple(min(a, b) for a, b in zip(first.box[:2], second.box[:2])) + \
        tuple(max(a, b) for a, b in zip(first.box[2:], second.box[2:]))
    return Character(box, widest.guess, widest.probabilities, False, widest.inputs)


@dataclass
class _Candidates:
    """A line's candidate characters and the costs of their cuts (network/cuts.py), as the network read them
    all at once: its ``activations`` and ``probabilities``, and each one's ``shortfall`` of being a character."""
    found: list
    cut_costs: object
    activations: list
    probabilities: np.ndarray
    shortfall: np.ndarray

    def best_path(self, scores, kind, fine=False):
        """Indices of the candidates on the best split of every blob for ``scores`` (network/cuts.py)."""
        return best_path(self.found, self.cut_costs, scores, kind, fine)[0]


def _read_line(ink, net, kinds, scale, origin, told):
    """One line: every candidate read at once, the best path kept for each kind, the line's kind chosen
    (network/context.py), and each blob's characters, or the blob as one mark. ``told``: the line was said to
    be a number or a word (see REFUSED_SHARE)."""
    found, cut_costs, wholes = candidates(ink)
    if not found:
        return Line([], kinds[0][0])
    inputs = canvases_to_inputs([candidate.ink for candidate in found], net.meta.get("style", "mnist"))
    activations = net.forward(inputs)
    seen = _Candidates(found, cut_costs, activations, net.probabilities(activations[-1]),
                       character_shortfall(net, inputs, activations))
    checked_kinds = learned_kinds(net)
    readings = [_kind_reading(seen, net, kind, indices, kind in checked_kinds) for kind, indices in kinds]
    kind, indices, path, scores = _kept_reading(seen, readings)
    on_kind = seen.probabilities[:, indices]
    vouched = told or np.count_nonzero(seen.shortfall[path] == 0.0) >= VOUCHING
    lean = (TOLD_LEAN if told else LEAN) if vouched else 0.0
    sure = on_kind.max(axis=1) >= SURE * on_kind.sum(axis=1)
    accepted = seen.shortfall >= -(lean + SURE_LEAN * (vouched & sure))
    unasked = seen.best_path(scores, kind, kind == "number")
    guesses = np.asarray(indices)[on_kind.argmax(axis=1)]
    checked = restricted(net, indices)
    characters = []
    for blob, whole in enumerate(wholes):
        parts = [(i, bool(accepted[i])) for i in path if found[i].blob == blob]
        split = [(i, bool(accepted[i])) for i in unasked if found[i].blob == blob]
        like_a_mark = (not told and _mostly_refused(split)) or (len(parts) > 1 and _mostly_refused(parts))
        alone = not vouched and len(wholes) == 1 and len(parts) == 2  # the rule at VOUCHING
        if like_a_mark or alone:
            # one character alone: of whichever kind the network finds likelier
            choices = kinds if alone and not told else [(kind, indices)]
            whole_kind, one = _read_whole(whole, _page_box(whole.box, scale, origin), net, checked, choices)
            if alone or not one.is_character:
                kind = whole_kind
                characters.append(one)
                continue
        characters.extend(Character(_page_box(found[i].box, scale, origin), net.labels[guesses[i]],
                                    seen.probabilities[i], ok, inputs[i]) for i, ok in parts)
    return Line(characters, kind)


def _kind_reading(seen, net, kind, indices, checked):
    """The KindReading of a line's candidates as ``kind`` (its classes ``indices``): each candidate's score
    (KIND_WEIGHT, the twins, and the cut check where it learned the kind, ``checked``), the best path through
    the coarse cuts, and how much its characters hold on the kind."""
    within = seen.probabilities[:, indices]
    alike = with_twins(seen.probabilities, net.labels, indices)
    kind_mass = np.maximum(alike.sum(axis=1), 1e-12)
    scores = np.log(np.maximum(alike.max(axis=1), 1e-12) / kind_mass) + KIND_WEIGHT * np.log(kind_mass)
    if checked:
        scores = scores + CUT_CHECK_WEIGHT * one_character_log_probability(net, seen.activations, indices)
    path = seen.best_path(scores + seen.shortfall, kind)
    top = float(within[path].max(axis=1).mean()) if path else 0.0
    return KindReading(kind_share(within[path], seen.shortfall[path]), kind, len(path), top, indices, path, scores)


def _kept_reading(seen, readings):
    """``(kind, indices, path, scores)`` of the reading a line keeps: the one ``choose_kind`` chooses, but a
    number read at its fine cuts too (network/cuts.py), where alone it may part, and kept when a word was
    chosen but is a number after all (``number_after_all``)."""
    chosen = choose_kind(readings)
    number, word = readings[0], readings[-1]
    if number.kind == "number":
        fine_path = seen.best_path(number.scores + seen.shortfall, "number", fine=True)
        if chosen.kind == "number" or number_after_all(
                kind_share(seen.probabilities[fine_path][:, number.indices], seen.shortfall[fine_path]),
                word.share, word.count):
            return number.kind, number.indices, fine_path, number.scores
    return chosen.kind, chosen.indices, chosen.path, chosen.scores


def _read_whole(whole, box, net, checked, choices):
    """``(kind, Character)``: a blob of ink read whole as one character at ``box``, accepted or refused by the
    gate (``checked``: the network reading the line's classes), its guess of whichever of ``choices``
    [(kind, class indices)] the network finds likelier."""
    one = canvas_to_input(whole.ink, net.meta.get("style", "mnist"))[None, :]
    activations = net.forward(one)  # the hidden layers the gate reads are checked's too
    accepted = character_shortfall(checked, one, activations)[0] == 0.0
    shares = net.probabilities(activations[-1])[0]
    kind, indices = max(choices, key=lambda choice: shares[choice[1]].max())
    return kind, Character(box, net.labels[indices[int(shares[indices].argmax())]], shares, bool(accepted), one[0])


def kind_share(within, shortfall):
    """How much a reading's characters hold on their kind, on average: each one's probability on the kind's
    classes (rows of ``within``), weighed by how near the gate comes to taking it (exp of its ``shortfall``,
    1 when taken). Touching digits read as a word are swallowed into wide letters the gate refuses."""
    return float((within.sum(axis=1) * np.exp(shortfall)).mean()) if len(within) else 0.0


def _mostly_refused(parts):
    """True when at least REFUSED_SHARE of a blob's ``parts`` [(index, is a character)], and one at least,
    are refused: the blob may be one mark, to be asked about whole."""
    refused = sum(not ok for _, ok in parts)
    return refused > 0 and refused >= REFUSED_SHARE * len(parts)


def _shrink(ink, scale):
    """``ink`` made ``scale`` times smaller by exact area averaging (unchanged when scale is 1)."""
    if scale <= 1.0:
        return ink
    height, width = (max(1, int(round(side / scale))) for side in ink.shape)
    rows = area_average(ink, np.arange(height + 1) * scale, 1.0 / scale)
    return area_average(rows.T, np.arange(width + 1) * scale, 1.0 / scale).T


def _page_box(box, scale, origin):
    left, top, right, bottom = box
    return (origin[0] + int(left * scale), origin[1] + int(top * scale),
            origin[0] + int(np.ceil(right * scale)), origin[1] + int(np.ceil(bottom * scale)))

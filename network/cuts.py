"""Characters of one text line: pieces of ink grouped, and the cut search that splits touching characters.

A line's pieces are grouped first: a small piece (the dot of i or j, a broken bit of a bar) belongs to the
character it lies above, below or beside; a small piece near no character is a speck and is dropped. Pieces
whose columns overlap form a blob, and empty columns between blobs always separate characters. Inside a
blob, candidate cuts lie at the pieces' edges and at the thin places of the ink's column profile. Each
stretch between two cuts (up to ``MAX_WIDTH`` line heights wide) is a candidate character: whole pieces
centred in it, and the part of any wider piece that crosses it. The network scores every candidate (the
caller frames and reads them) and ``best_path`` keeps the split whose characters it reads best.
"""

from dataclasses import dataclass

import numpy as np

from .pieces import label_pieces

INK_LEVEL = 0.25  # ink above this is part of a piece
SMALL = 0.3  # a piece within this share of the line height on both sides is small (a dot, a speck, a bit)
SMALL_AREA = 0.04  # ... and with fewer pixels than this share of the line height squared
REACH = 0.5  # a small piece within this share of the line height of a character joins it
MIN_WIDTH = 0.12  # cuts are at least this share of the line height apart
MAX_WIDTH = 1.8  # a candidate character is at most this many line heights wide
# Wider than this many line heights costs WIDE_COST per line height more: handwritten digits are narrower
# than letters (M and W), so two touching digits read as one wide one pay for it.
WIDE = {"number": 0.9, "word": 1.3, "any": 1.3}
WIDE_COST = 3.0
LOW = 0.4  # a candidate with ink lower than this share of the line height is a fragment
LOW_COST = 2.0
CHARACTER_COST = 0.5  # every character read costs this much log-probability: cuts must earn their keep
CROSSING_COST = 0.5  # and a cut through ink costs this much for every stroke it crosses
# A blob wider than a digit (WIDE["number"]) also gets fine cuts every FINE_STEP line heights, at least
# FINE_GAP of MIN_WIDTH from the others: two digits that touch need not part at a thin place of the profile.
# Only the final reading of a number uses them, where the cut check (network/cut_check.py) tells the pieces
# that are one digit from those that are not: a word's letters have no such check, and more cuts split them
# wrongly; and whether a line is a number or a word is decided without them (with them, more word lines
# found pieces that read as confident digits), but for a second look at a line read as a word
# (context.number_after_all).
FINE_STEP, FINE_GAP = 0.1, 0.7
FINE_WIDEST = 0.85  # line heights: a candidate at a fine cut is at most this wide (few digits are wider)


@dataclass(frozen=True)
class Candidate:
    """A candidate character: its ink (a crop of the line) and where it lies: ``box`` is (left, top, right,
    bottom) in line pixels, end-exclusive; ``blob`` and ``first``/``last`` cut indices place it in the search;
    ``width`` is in line heights, and a ``low`` one is a fragment rather than a character; a ``fine`` one
    begins or ends at a fine cut."""
    ink: np.ndarray
    box: tuple
    blob: int
    first: int
    last: int
    width: float
    low: bool
    fine: bool = False

    def cost(self, kind):
        """What reading this candidate as one character costs beyond its log-probability."""
        return WIDE_COST * max(0.0, self.width - WIDE[kind]) + LOW_COST * self.low + CHARACTER_COST


@dataclass
class _Unit:
    """A character-sized piece with the small pieces that belong to it."""
    labels: list
    left: int
    right: int
    area: int

    @property
    def centre(self):
        return (self.left + self.right) / 2


def line_height(ink):
    """The height of a line's writing: rows whose ink reaches 15% of the inkiest row's."""
    rows = np.flatnonzero(ink.sum(axis=1) >= 0.15 * float(ink.sum(axis=1).max()))
    return max(int(rows[-1] - rows[0] + 1), 1) if rows.size else 1


def _writing_height(profile_height, pieces):
    """The line height the search measures widths by: the row profile's, or the median height of the pieces
    at least half that tall when it is more. The profile alone counts only the inkiest rows, so the bar of a
    lone T or the peaks of an M would make the letter look two line heights wide."""
    tall = [piece.height for piece in pieces if piece.height >= profile_height / 2]
    return max(profile_height, int(np.median(tall))) if tall else profile_height


def candidates(ink):
    """``(candidates, cut_costs, wholes)``: every candidate character of a line's ink map (float32, ink high);
    for each blob left to right, the cost of each of its cuts (ends included, which cost nothing); and each
    blob read whole as one candidate, however wide (a mark the search would cut in pieces)."""
    labels, height, blobs = _line_blobs(ink)
    found, cut_costs, wholes = [], [], []
    for blob, members in enumerate(blobs):
        cuts, costs, fine = _cuts(labels, members, height)
        cut_costs.append(costs)
        region = _Region(ink, labels, members, cuts)
        wholes.append(region.candidate(0, len(cuts) - 1, blob, height, widest=np.inf))
        for first in range(len(cuts) - 1):
            for last in range(first + 1, len(cuts)):
                if cuts[last] - cuts[first] > MAX_WIDTH * height:
                    break
                at_fine = fine[first] or fine[last]
                if at_fine and cuts[last] - cuts[first] > FINE_WIDEST * height:
                    continue
                candidate = region.candidate(first, last, blob, height, fine=at_fine)
                if candidate is not None:
                    found.append(candidate)
    return found, cut_costs, wholes


def whole_blobs(ink):
    """Each blob of a line's ink map read whole as one candidate, as ``candidates`` gives them, without the cut
    search's candidates (a blob's ends are its only cuts)."""
    labels, height, blobs = _line_blobs(ink)
    wholes = []
    for blob, members in enumerate(blobs):
        ends = [min(unit.left for unit in members), max(unit.right for unit in members)]
        wholes.append(_Region(ink, labels, members, ends).candidate(0, 1, blob, height, widest=np.inf))
    return wholes


def _line_blobs(ink):
    """``(labels, height, blobs)``: the line's pieces labelled, the height its widths are measured by, and its
    units (character-sized pieces with the specks near them) grouped in blobs, left to right."""
    labels, pieces = label_pieces(ink > INK_LEVEL)
    height = _writing_height(line_height(ink), pieces)
    return labels, height, _blobs(_units(pieces, height))


def best_path(found, cut_costs, scores, kind="any", fine=False):
    """Indices into ``found`` of the best split of every blob: the path through its cuts whose candidates'
    ``scores`` (log-probabilities of their reading) less their costs and the costs of the cuts between them
    add up highest; and that total. Candidates at fine cuts are taken only when ``fine`` is true."""
    chosen, total = [], 0.0
    by_blob = {}
    for index, candidate in enumerate(found):
        if fine or not candidate.fine:
            by_blob.setdefault(candidate.blob, []).append(index)
    for blob, costs in enumerate(cut_costs):
        count = len(costs)
        best = np.full(count, -np.inf)
        best[0] = 0.0
        back = [None] * count
        for index in sorted(by_blob.get(blob, []), key=lambda i: found[i].last):
            candidate = found[index]
            value = best[candidate.first] + scores[index] - candidate.cost(kind) - costs[candidate.last]
            if value > best[candidate.last]:
                best[candidate.last], back[candidate.last] = value, index
        path, node = [], count - 1
        while node > 0 and back[node] is not None:
            path.append(back[node])
            node = found[back[node]].first
        chosen.extend(reversed(path))
        total += best[-1] if np.isfinite(best[-1]) else 0.0
    return chosen, total


def _units(pieces, height):
    """Character-sized pieces, each with the small pieces near it; small pieces near none are specks (dropped)."""
    def small(piece):
        return max(piece.width, piece.height) < SMALL * height and piece.area < SMALL_AREA * height * height
    big = [piece for piece in pieces if not small(piece)]
    units = [_Unit([piece.label], piece.left, piece.right, piece.area) for piece in big]
    for piece in pieces:
        if not small(piece) or not big:
            continue
        distance = [_gap(piece, other) for other in big]
        nearest = int(np.argmin(distance))
        if distance[nearest] <= REACH * height:
            units[nearest].labels.append(piece.label)
            units[nearest].area += piece.area
    return units


def _gap(piece, other):
    """How far apart two pieces' boxes are: across (columns) counts double, above or below counts once."""
    across = max(other.left - piece.right, piece.left - other.right, 0)
    down = max(other.top - piece.bottom, piece.top - other.bottom, 0)
    return 2 * across + down


def _blobs(units):
    """Units grouped where their columns overlap, left to right: empty columns always separate characters."""
    blobs = []
    for unit in sorted(units, key=lambda unit: unit.left):
        if blobs and unit.left < max(member.right for member in blobs[-1]):
            blobs[-1].append(unit)
        else:
            blobs.append([unit])
    return blobs


def _cuts(labels, members, height):
    """``(cuts, costs, fine)`` of a blob, its two ends included: cut columns (pieces' edges and the thin places
    of its column profile, and fine cuts in a blob wider than a digit), what each costs (the strokes it
    crosses) and which are fine cuts."""
    left, right = min(unit.left for unit in members), max(unit.right for unit in members)
    if len(members) == 1 and right - left < 2 * MIN_WIDTH * height:
        return [left, right], [0.0, 0.0], [False, False]
    mask = np.isin(labels[:, left:right], [label for unit in members for label in unit.labels])
    profile = np.pad(mask.sum(axis=0).astype(np.float32), 1, mode="edge")
    profile = 0.25 * profile[:-2] + 0.5 * profile[1:-1] + 0.25 * profile[2:]
    inside = profile[1:-1]
    thin = np.flatnonzero((inside <= profile[:-2]) & (inside <= profile[2:]) & ((inside < profile[:-2]) |
                                                                                 (inside < profile[2:])))
    found = {unit.left for unit in members} | {unit.right for unit in members} | set((left + 1 + thin).tolist())
    gap = MIN_WIDTH * height
    cuts = [left]
    for cut in sorted(found):
        if cut - cuts[-1] >= gap and right - cut >= gap:
            cuts.append(cut)
    natural = set(cuts)
    if right - left > WIDE["number"] * height:
        step = FINE_STEP * height
        cuts = sorted(natural | {int(place) for place in np.arange(left + step, right - gap, step)
                                 if min(abs(place - cut) for cut in cuts + [right]) >= FINE_GAP * gap})
    crossings = [CROSSING_COST * _strokes_crossed(mask[:, cut - left]) for cut in cuts[1:]]
    return cuts + [right], [0.0] + crossings + [0.0], [cut not in natural for cut in cuts] + [False]


def _strokes_crossed(column):
    """How many strokes a cut crosses: the runs of ink down its column."""
    along = column.astype(np.int8)
    return int(along[0]) + int(np.count_nonzero(np.diff(along) == 1))


def _grown(mask):
    """``mask`` one pixel wider all round: a character keeps the soft edge of its strokes (below INK_LEVEL)."""
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    grown[:, 1:] |= grown[:, :-1].copy()
    grown[:, :-1] |= grown[:, 1:].copy()
    return grown


class _Region:
    """A blob's columns of the line, with what every candidate of it needs worked out once: each piece's
    pixels and the columns it has ink in, and for each cut (in the region's columns) the pieces it goes
    through."""

    def __init__(self, ink, labels, members, cuts):
        self.left = min(unit.left for unit in members)
        right = max(unit.right for unit in members)
        window = labels[:, self.left:right]
        self.ink = ink[:, self.left:right]
        self.units = [np.isin(window, unit.labels) for unit in members]
        self.inked = [mask.any(axis=0) for mask in self.units]
        self.cuts = [cut - self.left for cut in cuts]
        self.through = [[bool(inked[:cut].any() and inked[cut:].any()) for inked in self.inked]
                        for cut in self.cuts]

    def candidate(self, first, last, blob, height, widest=MAX_WIDTH, fine=False):
        """The candidate between cuts ``first`` and ``last``, or None when it holds no ink. A piece that
        neither cut goes through is in it whole when it lies between them; of a piece a cut goes through
        (characters that touch), only the part between the two cuts is. ``fine``: one of the cuts is a fine cut."""
        start, end = self.cuts[first], self.cuts[last]
        keep = np.zeros(self.ink.shape, dtype=bool)
        for index, mask in enumerate(self.units):
            if self.through[first][index] or self.through[last][index]:
                keep[:, start:end] |= mask[:, start:end]
            elif self.inked[index][start:end].any():
                keep |= mask
        rows, cols = np.flatnonzero(keep.any(axis=1)), np.flatnonzero(keep.any(axis=0))
        if rows.size == 0:
            return None
        top, bottom, inner_left, inner_right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        width, tall = (inner_right - inner_left) / height, (bottom - top) / height
        if width > widest:
            return None
        crop = np.where(_grown(keep), self.ink, 0.0)[top:bottom, inner_left:inner_right]
        box = (self.left + int(inner_left), int(top), self.left + int(inner_right), int(bottom))
        return Candidate(crop, box, blob, first, last, width, tall < LOW, fine)

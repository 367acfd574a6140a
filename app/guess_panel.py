"""One network's guess in a panel: the top guess in large type, what the network sees, and one bar per class.

A network that knows digits and letters together gets both answers: its best digit and its best
letter, each group with its own bars (shares within the group), and which of the two it favours.
``bar_rects`` tells, after each draw, which class every bar shows, for views that make bars clickable.
"""

import numpy as np
import pygame

from network.groups import group_shares, groups_of

from . import theme, ui
from .ui import SEPARATOR

SEEN_SIDE = 28
COLUMN_MIN = 118  # narrowest column of bars: label, a short bar and its percentage
ROW_MIN = 17  # lowest bar row that stays readable; below it only a group's likeliest classes are shown
ROW_MAX = 34  # a bar row's height in an ordinary window...
ROWS_TALL = 11  # ...and in a tall one (a projector), where rows grow: the bars area's height over this many
SEEN_CAPTION = "what the network sees"
COMPACT_WIDTH = 250  # a panel narrower than this gets the compact top
GAP = 18
PLURAL = {"digit": "digits", "letter": "letters"}


class GuessPanel:
    """Draws a guess (labels and probabilities, or None for no guess) and the network's 28x28 input."""

    def __init__(self):
        self._seen_image = self._seen_surface = None
        self.bar_rects = []  # (rect, class index) of every bar drawn last
        self.answers = {}  # what the panel showed last: {"digit": "2", "letter": "Z", "favoured": "letter"}

    def class_at(self, position):
        """The class whose bar is at window ``position`` (as last drawn), or None."""
        return next((index for rect, index in self.bar_rects if rect.collidepoint(position)), None)

    def draw(self, surface, rect, fonts, labels, probabilities, seen, prompt, title=None, chosen=False,
             unsure=None, selected=None, mark=None):
        """The whole panel in ``rect``; ``title`` (a network's name) heads it, ``chosen`` marks it in colour.
        ``unsure``: the two likeliest class names when the network is not sure; ``mark``: the closest class
        names when the drawing is not a character at all (that verdict comes first); ``selected``: a class whose
        bar is marked (the one the why-map explains)."""
        ui.panel(surface, rect, edge=theme.ACCENT if chosen else theme.PANEL_EDGE)
        pad = 16 if rect.width >= 300 else 10
        inner = rect.inflate(-2 * pad, -2 * pad + 4)
        if title:
            ui.text(surface, ui.fit_description(fonts.small, title, inner.width), fonts.small,
                    theme.ACCENT if chosen else theme.MUTED, inner.topleft)
            inner.height -= 22
            inner.y += 22
        compact = inner.width < COMPACT_WIDTH
        if compact:  # a narrow panel: the caption across the top, a small picture of what the network sees
            seen_side = 44
            top = pygame.Rect(inner.x, inner.y, inner.width, 24 + seen_side)
            seen_rect = pygame.Rect(top.right - seen_side, top.y + 22, seen_side, seen_side)
            caption = pygame.Rect(top.x, top.y, top.width, 20)
        else:
            seen_side = min(SEEN_SIDE * 5, max(SEEN_SIDE * 2, inner.height // 4), inner.width // 3)
            top = pygame.Rect(inner.x, inner.y, inner.width, seen_side + 24)
            seen_rect = pygame.Rect(top.right - seen_side, top.y, seen_side, seen_side)
            caption = pygame.Rect(top.x, top.y, top.width - seen_side - 12, 24)
        self._draw_seen(surface, seen_rect, fonts, seen, caption=not compact)
        # the picture's caption is wider than a small picture: the answer then stays above it
        clear_of_caption = compact or seen_side >= ui.text_width(fonts.small, SEEN_CAPTION) + 8
        answer_bottom = top.bottom if clear_of_caption else seen_rect.bottom
        answer = pygame.Rect(top.x, caption.bottom, seen_rect.x - 12 - top.x, answer_bottom - caption.bottom)
        groups = groups_of(list(labels))
        self.answers = {}
        if probabilities is None:
            self._draw_prompt(surface, pygame.Rect(caption.x, caption.y, caption.width, top.height), fonts, prompt,
                              seen_rect.x - 12 - caption.x)
        elif mark:
            self._draw_not_a_character(surface, caption, answer, fonts, mark)
        elif groups:  # digit or letter: both answers always, "not sure" said in their caption
            self._draw_two_guesses(surface, caption, answer, fonts, labels, probabilities, groups, unsure)
        elif unsure:
            self._draw_unsure(surface, caption, answer, fonts, unsure)
        else:
            self._draw_top_guess(surface, caption, answer, fonts, labels, probabilities)
        self.bar_rects = []
        if labels:
            bars = pygame.Rect(inner.x, top.bottom + 14, inner.width, inner.bottom - top.bottom - 14)
            blocks = [(name, indices) for name, indices in groups.items()] or [(None, np.arange(len(labels)))]
            self._draw_blocks(surface, bars, fonts, labels, probabilities, blocks, selected)

    # --- the answer at the top ----------------------------------------------------------------------

    def _draw_prompt(self, surface, rect, fonts, prompt, body_width):
        """The heading, and the rest of the prompt as one sentence wrapped to the room there is (not cut): under
        the heading, ``body_width`` wide, left of the picture of what the network sees."""
        small = rect.height < 100
        heading, body, line_height = (fonts.body, fonts.small, 18) if small else (fonts.heading, fonts.body, 26)
        if ui.text_width(heading, prompt[0]) > rect.width:  # a narrow panel: the heading in the quieter font
            heading = fonts.body
        ui.text(surface, ui.fit(heading, prompt[0], rect.width), heading, theme.TEXT, (rect.x, rect.y + 4))
        room = max(1, (rect.height - 12) // line_height - 1)
        sentences = prompt[1:]  # the full sentence, then shorter ones: the first that wraps into the room
        lines = next((lines for lines in (ui.wrap(body, words, body_width, max_lines=99) for words in sentences)
                      if len(lines) <= room), ui.wrap(body, sentences[-1], body_width, max_lines=room))
        for line, string in enumerate(lines):
            ui.text(surface, string, body, theme.MUTED, (rect.x, rect.y + 12 + line_height * (line + 1)))

    def _draw_top_guess(self, surface, caption, rect, fonts, labels, probabilities):
        best = int(np.argmax(probabilities))
        small = rect.height < 90
        caption_font = fonts.small if small else fonts.body
        ui.text(surface, ui.fit(caption_font, "The network says", caption.width), caption_font, theme.MUTED,
                (caption.x, caption.y + 2))
        if small:
            glyph = ui.text(surface, labels[best], fonts.title, theme.ACCENT, (rect.x, rect.bottom), "bottomleft")
            ui.text(surface, f"{percent(probabilities[best])} sure", fonts.small, theme.TEXT,
                    (glyph.right + 8, glyph.bottom - 6), "bottomleft")
            return
        glyph = ui.text(surface, labels[best], fonts.huge, theme.ACCENT, (rect.x - 4, rect.bottom + 12), "bottomleft")
        ui.text(surface, percent(probabilities[best]), fonts.title, theme.TEXT,
                (glyph.right + 14, glyph.bottom - 26), "bottomleft")
        ui.text(surface, "sure", fonts.body, theme.MUTED, (glyph.right + 14, glyph.bottom - 6), "bottomleft")

    def _draw_unsure(self, surface, caption, rect, fonts, contenders):
        """"not sure: 6 or 0?" in place of a confident answer the drawing does not deserve."""
        small = rect.height < 90
        caption_font = fonts.small if small else fonts.body
        ui.text(surface, ui.first_that_fits(caption_font, ["The network is not sure:", "not sure:"], caption.width),
                caption_font, theme.MUTED, (caption.x, caption.y + 2))
        words = f"{contenders[0]} or {contenders[1]}?"
        font = fonts.title if ui.text_width(fonts.title, words) <= rect.width else fonts.body  # quieter than a guess
        ui.text(surface, ui.fit(font, words, rect.width), font, theme.TEXT, (rect.x - 2, rect.centery + 4), "midleft")

    def _draw_not_a_character(self, surface, caption, rect, fonts, closest):
        """"not a character", with the closest guesses small: a heart is no letter, however the bars lean."""
        self.answers["verdict"] = "not a character"
        small = rect.height < 90
        caption_font = fonts.small if small else fonts.body
        ui.text(surface, ui.fit(caption_font, "The network says", caption.width), caption_font, theme.MUTED,
                (caption.x, caption.y + 2))
        words = "not a character"
        font = fonts.title if ui.text_width(fonts.title, words) <= rect.width else fonts.body
        verdict = ui.text(surface, ui.fit(font, words, rect.width), font, theme.TEXT,
                          (rect.x - 2, rect.centery - (4 if small else 10)), "midleft")
        ui.text(surface, ui.fit(fonts.small, "closest: " + ", ".join(closest), rect.width), fonts.small, theme.MUTED,
                (rect.x, verdict.bottom + 4))

    def _draw_two_guesses(self, surface, caption, rect, fonts, labels, probabilities, groups, unsure=None):
        """The best digit and the best letter side by side, the favoured one in the accent colour; when the
        network is not sure, the caption names its two contenders instead of the favoured group."""
        shares = group_shares(probabilities, groups)
        favoured = max(shares, key=shares.get)
        self.answers["favoured"] = favoured
        small = rect.height < 90
        caption_font = fonts.small if small else fonts.body
        words = ([f"not sure: {unsure[0]} or {unsure[1]}?", f"{unsure[0]} or {unsure[1]}?"] if unsure
                 else [f"more likely a {favoured}: {percent(shares[favoured])}", f"a {favoured}: {percent(shares[favoured])}",
                       f"{favoured} {percent(shares[favoured])}"])
        ui.text(surface, ui.first_that_fits(caption_font, words, caption.width), caption_font,
                theme.MUTED if unsure else theme.TEXT, (caption.x, caption.y + 2))
        width = rect.width // len(groups)
        font = fonts.title if small or width < 100 else fonts.huge
        for number, (name, indices) in enumerate(groups.items()):
            x = rect.x + number * width
            best = int(indices[np.argmax(probabilities[indices])])
            self.answers[name] = labels[best]
            colour = theme.ACCENT if name == favoured else theme.TEXT
            within = percent(float(probabilities[best]) / max(shares[name], 1e-12))
            share_font = fonts.small if small else fonts.heading if font is fonts.huge else fonts.body
            beside = ui.text_width(font, labels[best]) + 2 + ui.text_width(share_font, within) < width - 10
            heading = name if small else f"as a {name}"
            if not beside:  # no room beside the glyph: the percentage goes up with the group's name
                heading = ui.first_that_fits(fonts.small, [f"{heading} {within}", f"{name} {within}", within], width)
            ui.text(surface, ui.fit(fonts.small, heading, width), fonts.small, colour if not beside else theme.MUTED,
                    (x, rect.y))
            glyph = ui.text(surface, labels[best], font, colour, (x - 2, rect.bottom + 10 * (font is fonts.huge)),
                            "bottomleft")
            if beside:
                ui.text(surface, within, share_font, colour, (glyph.right + 4, glyph.bottom - (6 if small else 8)),
                        "bottomleft")

    def _draw_seen(self, surface, rect, fonts, seen, caption=True):
        if seen is not self._seen_image or self._seen_surface is None:
            image = np.zeros((SEEN_SIDE, SEEN_SIDE), np.uint8) if seen is None else seen
            rgb = np.repeat(image.T[:, :, None], 3, axis=2)
            self._seen_surface = pygame.surfarray.make_surface(rgb)
            self._seen_image = seen
        surface.blit(pygame.transform.scale(self._seen_surface, rect.size), rect)
        pygame.draw.rect(surface, theme.FAINT, rect.inflate(2, 2), width=1)
        if caption:
            ui.text(surface, SEEN_CAPTION, fonts.small, theme.MUTED, (rect.right, rect.bottom + 6),
                    "topright")

    # --- the bars -----------------------------------------------------------------------------------

    def _draw_blocks(self, surface, rect, fonts, labels, probabilities, blocks, selected=None):
        """Each block (a group of classes, or all of them) as columns of bars, side by side or stacked."""
        fit = max(1, (rect.width + GAP) // (COLUMN_MIN + GAP))
        headed = blocks[0][0] is not None
        count = len(blocks[0][1])
        # as few columns as keep rows comfortable (22 px), as many as fit when none does; digits beside letters
        # take as few letter columns as keep the letters' rows as many as the digits' (a tall panel's rows grow)
        if headed:
            columns = min(fit, 1 + -(-len(blocks[-1][1]) // count)) if fit >= 3 else fit
        else:
            columns = next((c for c in range(1, fit + 1) if rect.height / -(-count // c) >= 22), fit)
        if headed and columns >= 3:  # digits in one column, letters in the others, side by side
            spans = [(1, 10), (columns - 1, None)]
            places = [pygame.Rect(rect.x, rect.y, column_width(rect.width, columns), rect.height)]
            places.append(pygame.Rect(places[0].right + GAP, rect.y, rect.right - places[0].right - GAP, rect.height))
            arranged = [(block, place, span[0]) for block, place, span in zip(blocks, places, spans)]
        else:  # one above the other, each block's rows in proportion to its classes
            rows = [-(-len(indices) // columns) + headed for _, indices in blocks]
            arranged, y = [], rect.y
            for block, count in zip(blocks, rows):
                height = round(rect.height * count / sum(rows))
                arranged.append((block, pygame.Rect(rect.x, y, rect.width, height - 6 * headed), columns))
                y += height
        for (name, indices), place, block_columns in arranged:
            self._draw_bars(surface, place, fonts, labels, probabilities, name, indices, block_columns, selected)

    def _draw_bars(self, surface, rect, fonts, labels, probabilities, group, indices, columns, selected=None):
        shares = probabilities
        heading_rect = rect
        if group is not None:
            rect = pygame.Rect(rect.x, rect.y + 20, rect.width, rect.height - 20)
            if probabilities is not None:
                share = float(np.sum(probabilities[indices]))
                shares = np.zeros_like(probabilities)
                shares[indices] = probabilities[indices] / max(share, 1e-12)
        shown = np.asarray(indices)
        rows = -(-len(shown) // columns)
        hidden_note = None
        if rect.height / rows < ROW_MIN:  # no room for all: the likeliest ones, in class order, and a word on the rest
            room = int(rect.height // ROW_MIN) - (group is None)  # without a heading, the last row says it
            keep = max(1, room) * columns
            if probabilities is not None:
                shown = np.sort(shown[np.argsort(-shares[shown], kind="stable")[:keep]])
            else:
                shown = shown[:keep]
            rows = -(-len(shown) // columns)
            hidden_note = (f"the likeliest {len(shown)} of {len(indices)}" if group is not None else
                           [f"+ {len(indices) - len(shown)} less likely ones not shown",
                            f"+ {len(indices) - len(shown)} not shown", f"+ {len(indices) - len(shown)}"])
        if group is not None:
            start = [PLURAL[group]] + ([percent(share)] if probabilities is not None else [])
            notes = (hidden_note, f"{len(shown)} of {len(indices)}", f"{len(shown)}/{len(indices)}") if hidden_note \
                else (None,)
            headings = [separator.join(start + ([note] if note else [])) for separator in (SEPARATOR, " · ")
                        for note in notes]
            ui.text(surface, ui.first_that_fits(fonts.small, headings, heading_rect.width), fonts.small, theme.MUTED,
                    heading_rect.topleft)
        elif hidden_note:
            ui.text(surface, ui.first_that_fits(fonts.small, hidden_note, rect.width), fonts.small, theme.MUTED,
                    (rect.x, rect.bottom), "bottomleft")
            rect = pygame.Rect(rect.x, rect.y, rect.width, rect.height - ROW_MIN)
        row_height = min(max(ROW_MAX, rect.height / ROWS_TALL), rect.height / max(rows, 1))
        width = column_width(rect.width, columns)
        font = fonts.body if row_height >= 22 else fonts.small
        if row_height > ROW_MAX:  # a big window (a projector): the labels and percentages grow with the rows
            font = fonts.sized(min(64, round(row_height * 0.62)))
        label_width = max(ui.text_width(font, labels[index]) for index in shown) + 10
        number_font = fonts.small if row_height <= ROW_MAX else fonts.sized(min(52, round(row_height * 0.5)))
        number_room = ui.text_width(number_font, ">99%") + 6
        best = int(shown[np.argmax(shares[shown])]) if probabilities is not None else -1
        for slot, index in enumerate(shown):
            column, row = divmod(slot, rows)
            x = rect.x + column * (width + GAP)
            middle = round(rect.y + row * row_height + row_height / 2)
            colour = theme.ACCENT if index == best else theme.TEXT
            if index == selected:
                pygame.draw.rect(surface, theme.PANEL_EDGE, (x - 4, round(middle - row_height / 2), width + 8,
                                                             round(row_height)), border_radius=6)
            ui.text(surface, ui.fit(font, labels[index], label_width), font, colour, (x, middle + 1), "midleft")
            track = pygame.Rect(round(x + label_width), round(middle - row_height * 0.28),
                                max(8, round(width - label_width - number_room - 4)), max(4, round(row_height * 0.56)))
            pygame.draw.rect(surface, theme.BAR_TRACK, track, border_radius=4)
            self.bar_rects.append((pygame.Rect(x, round(middle - row_height / 2), width, round(row_height)),
                                   int(index)))
            if probabilities is None:
                continue
            share = float(shares[index])
            fill = track.copy()
            fill.width = round(track.width * share)
            if fill.width >= 1:
                pygame.draw.rect(surface, theme.ACCENT if index == best else theme.ACCENT_SOFT, fill, border_radius=4)
            ui.text(surface, percent(share), number_font, colour if share >= 0.005 else theme.FAINT,
                    (track.right + number_room, middle + 1), "midright")


def column_width(width, columns):
    return (width - GAP * (columns - 1)) / columns


def percent(share):
    """A probability as a whole percentage that does not round up to certainty: 0.9993 reads '>99%'."""
    if 0.995 <= share < 1:
        return ">99%"
    return f"{share:.0%}"

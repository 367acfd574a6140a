"""Small drawing helpers shared by the views: cached text, buttons, panels."""

from functools import lru_cache

import pygame

from . import theme


MAX_SHOWN = 300  # characters: no line in a window is longer, and a longer string only costs time


@lru_cache(maxsize=512)
def _rendered(font, text, colour):
    return font.render(_showable(text), True, colour)


def _showable(string):
    """``string`` as text the font renderer accepts: at most MAX_SHOWN characters, control characters as '?'."""
    string = str(string)[:MAX_SHOWN]
    return string if string.isprintable() else "".join(c if c.isprintable() else "?" for c in string)


def text(surface, string, font, colour, position, anchor="topleft"):
    """Draw ``string`` with its ``anchor`` point (a pygame.Rect attribute name) at ``position``; returns its rect."""
    image = _rendered(font, string, colour)
    rect = image.get_rect(**{anchor: position})
    surface.blit(image, rect)
    return rect


def text_width(font, string):
    return _rendered(font, string, theme.TEXT).get_width()


def fit(font, string, width):
    """``string`` shortened with an ellipsis so it fits ``width`` pixels in ``font``."""
    string = _showable(string)
    if text_width(font, string) <= width:
        return string
    shortest, longest = 0, len(string)  # the longest prefix that fits with its ellipsis, found by halving
    while shortest < longest:
        middle = (shortest + longest + 1) // 2
        if text_width(font, string[:middle] + "...") <= width:
            shortest = middle
        else:
            longest = middle - 1
    return string[:shortest] + "..."


SEPARATOR = "  ·  "  # between the parts of a one-line description: 'name  ·  classes  ·  test accuracy 97.1%'


def middle_cut(font, string, width):
    """``string`` with its middle replaced by '...' so it fits ``width`` pixels: a file name keeps its start and
    its end (often a date or a number that tells two files apart)."""
    string = _showable(string)
    if text_width(font, string) <= width:
        return string
    shortest, longest = 0, len(string)  # the most characters kept, half from each end, found by halving
    while shortest < longest:
        middle = (shortest + longest + 1) // 2
        if text_width(font, string[:(middle + 1) // 2] + "..." + string[len(string) - middle // 2:]) <= width:
            shortest = middle
        else:
            longest = middle - 1
    return string[:(shortest + 1) // 2] + "..." + string[len(string) - shortest // 2:] if shortest else "..."


def fit_description(font, string, width, shortest_name=10):
    """A 'name · classes · test accuracy' line fitted to ``width``: the name is cut in its middle first, then the
    parts between name and last are left out; the last part, the number people compare, is never cut."""
    parts = _showable(string).split(SEPARATOR)
    while True:
        rest = SEPARATOR.join([""] + parts[1:])
        name = middle_cut(font, parts[0], width - text_width(font, rest))
        if len(parts) < 3 or name == parts[0] or len(name) - 3 >= shortest_name:
            break
        parts = parts[:1] + parts[2:]
    if len(parts) == 1 or (name != "..." and text_width(font, name + rest) <= width):
        return name + rest
    last = parts[-1]  # no room for any of the name: the last part alone, else its number alone
    return last if text_width(font, last) <= width else fit(font, last.split(" ")[-1], width)


def with_article(name):
    """'a 7', 'an 8', 'an A', 'a B': a class name with the article it is read with ('an' before a vowel sound)."""
    spoken_with_vowel = name[:1] in "AEFHILMNORSX" and (len(name) == 1 or name.isupper()) or name.startswith("8") \
        or name in ("11", "18") or (name[:1].lower() in "aeiou" and len(name) > 1)
    return f"{'an' if spoken_with_vowel else 'a'} {name}"


def first_that_fits(font, options, width):
    """The first of ``options`` (longest and clearest first) that fits ``width`` pixels whole; else the last, fitted."""
    return next((option for option in options if text_width(font, option) <= width), fit(font, options[-1], width))


def wrap(font, string, width, max_lines=2):
    """``string`` broken at spaces into lines that fit ``width`` pixels; the last allowed line ends in an ellipsis."""
    lines, line = [], ""
    for word in string.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and text_width(font, candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [" ".join(lines[max_lines - 1:])]
    return [fit(font, line, width) for line in lines]


def wrap_whole(font, string, width):
    """``string`` broken into lines that fit ``width`` pixels with nothing cut: at spaces, and inside a word (a
    long file name) only where the word alone is wider than a line."""
    lines, line = [], ""
    for word in string.split(" "):
        candidate = f"{line} {word}" if line else word
        if text_width(font, candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while len(line) > 1 and text_width(font, line) > width:
            fitting = [n for n in range(1, len(line)) if text_width(font, line[:n]) <= width] or [1]
            cut = max([n for n in fitting if line[n - 1] in "-_./"] or fitting)  # after a dash or dot if one fits
            lines.append(line[:cut])
            line = line[cut:]
    lines.append(line)
    return lines


def hints_that_fit(font, hints, width, last):
    """As many whole ``hints`` as fit ``width``, from the first, joined by dots and always ending with ``last``."""
    for count in range(len(hints), 0, -1):
        line = "  ·  ".join(hints[:count] + [last])
        if text_width(font, line) <= width:
            return line
    return fit(font, last, width)


def help_box(surface, fonts, lines, closing):
    """The keys' help over a shaded window: ``(keys, what they do)`` lines in a centred box, ``closing`` below."""
    shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    shade.fill((0, 0, 0, 150))
    surface.blit(shade, (0, 0))
    height = surface.get_height()
    row_height = max(18, min(32, (height - 130) // len(lines)))  # every key fits, however many there are
    font = fonts.body if row_height >= 26 else fonts.small
    key_width = max(text_width(font, key) for key, _ in lines)
    action_width = max(text_width(font, action) for _, action in lines)
    box = pygame.Rect(0, 0, key_width + action_width + 100, 110 + row_height * len(lines))
    box.center = surface.get_rect().center
    panel(surface, box, radius=14)
    text(surface, "Controls", fonts.title, theme.TEXT, (box.x + 32, box.y + 24))
    for row, (key, action) in enumerate(lines):
        y = box.y + 78 + row_height * row
        text(surface, key, font, theme.ACCENT, (box.x + 32, y))
        text(surface, action, font, theme.TEXT, (box.x + 64 + key_width, y))
    text(surface, closing, fonts.small, theme.MUTED, (box.centerx, box.bottom - 14), "midbottom")


def panel(surface, rect, colour=theme.PANEL, edge=theme.PANEL_EDGE, radius=10):
    """A rounded panel with a thin edge."""
    pygame.draw.rect(surface, colour, rect, border_radius=radius)
    pygame.draw.rect(surface, edge, rect, width=1, border_radius=radius)


class Button:
    """A clickable label with a key hint; ``action`` runs on a left click inside it."""

    def __init__(self, label, key_hint, action):
        self.label, self.key_hint, self.action = label, key_hint, action
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.hovered = False

    def handle_event(self, event):
        """True when the event was a click on this button (and the action ran)."""
        if event.type == pygame.MOUSEMOTION:
            self.hovered = self.rect.collidepoint(event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.rect.collidepoint(event.pos):
            self.action()
            return True
        return False

    def draw(self, surface, fonts):
        fill = theme.PANEL_EDGE if self.hovered else theme.PANEL
        pygame.draw.rect(surface, fill, self.rect, border_radius=8)
        pygame.draw.rect(surface, theme.FAINT, self.rect, width=1, border_radius=8)
        label = text(surface, self.label, fonts.body, theme.TEXT, (self.rect.x + 14, self.rect.centery + 1),
                     "midleft")
        text(surface, self.key_hint, fonts.small, theme.ACCENT, (label.right + 6, self.rect.centery + 1), "midleft")

    def width(self, fonts):
        return text_width(fonts.body, self.label) + text_width(fonts.small, self.key_hint) + 34

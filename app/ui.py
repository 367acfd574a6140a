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

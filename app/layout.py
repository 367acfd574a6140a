"""The layout the views share: margins, the header's height, rows of buttons, and labels that shorten to fit."""

import pygame

MARGIN = 24  # from the window's edge to a full-window view's content
NARROW_MARGIN = 20  # for the views that need every pixel at 640x480: drawing and test
HEADER = 78  # a title and one line under it
BUTTON_HEIGHT = 40
BUTTON_GAP = 12


def row_width(buttons, fonts, gap=BUTTON_GAP):
    return sum(button.width(fonts) + gap for button in buttons)


def place_row(buttons, fonts, top, x=MARGIN, right=None, height=BUTTON_HEIGHT, gap=BUTTON_GAP):
    """Give ``buttons`` their rects in a row at ``top``: from ``x`` rightwards, or ending at ``right`` when given.
    Returns where the row ends: its right edge, or its left edge for a row placed by ``right``."""
    if right is not None:
        for button in reversed(buttons):
            width = button.width(fonts)
            button.rect = pygame.Rect(right - width, top, width, height)
            right -= width + gap
        return right + gap
    for button in buttons:
        button.rect = pygame.Rect(x, top, button.width(fonts), height)
        x = button.rect.right + gap
    return x - gap


def draw_row(surface, fonts, buttons, top, x=MARGIN):
    """Place ``buttons`` in a row from ``x`` at ``top`` and draw them; returns the row's right edge."""
    end = place_row(buttons, fonts, top, x)
    for button in buttons:
        button.draw(surface, fonts)
    return end


def fit_labels(buttons, fonts, width, label_sets, shown=None, fewest=None):
    """The row of buttons to show in ``width``: ``buttons`` are labelled from the first of ``label_sets`` with which
    the row ``shown`` (default: all of them) fits, else the last. While it is too wide, the button second from
    the end is left out, down to ``fewest`` buttons (default: none is left out)."""
    shown = list(buttons if shown is None else shown)
    fewest = len(shown) if fewest is None else fewest
    for labels in label_sets:
        for button, label in zip(buttons, labels):
            button.label = label
        while row_width(shown, fonts) > width and len(shown) > fewest:
            shown.remove(shown[-2])
        if row_width(shown, fonts) <= width:
            break
    for button in buttons:
        if button not in shown:
            button.rect = pygame.Rect(0, 0, 0, 0)  # out of the row: no longer clickable
    return shown

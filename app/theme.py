"""The window's colours and fonts, in one place so every view looks like the same program."""

import pygame

BACKGROUND = (24, 27, 36)
PANEL = (34, 38, 50)
PANEL_EDGE = (52, 58, 74)
BOARD = (10, 11, 16)
INK = (250, 250, 246)
TEXT = (232, 234, 240)
MUTED = (146, 152, 170)
FAINT = (92, 98, 116)
ACCENT = (255, 184, 76)
ACCENT_SOFT = (112, 146, 214)
BAR_TRACK = (46, 51, 66)
GOOD = (98, 200, 140)
ERROR = (236, 96, 96)
INFO = (88, 160, 232)


class Fonts:
    """pygame's default font in the sizes the views use: title, heading, body, small and huge (``scale`` times
    as large for a header that grows with the window, see ``grown``)."""

    def __init__(self, scale=1.0):
        def font(size):
            return pygame.font.Font(None, round(size * scale))
        self.huge = font(150)
        self.title = font(40)
        self.heading = font(30)
        self.body = font(24)
        self.small = font(20)
        self._sized = {}
        self._grown = {1.0: self}

    def grown(self, scale):
        """These fonts ``scale`` times as large, made once for each scale."""
        if scale not in self._grown:
            self._grown[scale] = Fonts(scale)
        return self._grown[scale]

    def sized(self, size):
        """The default font at any ``size`` (labels that shrink with the space they label), made once each."""
        if size not in self._sized:
            self._sized[size] = pygame.font.Font(None, size)
        return self._sized[size]

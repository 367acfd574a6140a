"""The canvas as the window shows it: rendered at its on-screen size (sharp in any window), kept up to date
by painting only the brush segments added since the last frame."""

import numpy as np
import pygame

from . import theme

INK_PALETTE = [tuple(round(board + (ink - board) * level / 255) for board, ink in zip(theme.BOARD, theme.INK))
               for level in range(256)]  # ink level 0-255 to colour, so ink becomes a surface in one copy


class Board:
    """A surface showing a Canvas at ``side`` x ``side`` pixels."""

    def __init__(self):
        self.surface = None
        self._pixels = None
        self._state = None  # (canvas, base_version, side) the surface was rendered for
        self._painted = 0  # how many of the canvas's segments the surface shows

    def image(self, canvas, side):
        """The surface for ``canvas`` as it is now, at ``side`` pixels square."""
        state = (id(canvas), canvas.base_version, side)
        if state != self._state:
            self._state, self._painted = state, len(canvas.segments)
            self._pixels = canvas.render(side)
            self.surface = pygame.Surface((side, side)).convert()
            self._copy((0, side, 0, side))
        elif self._painted < len(canvas.segments):
            changed = canvas.paint_segments(self._pixels, canvas.segments[self._painted:])
            self._painted = len(canvas.segments)
            if changed:
                self._copy(changed)
        return self.surface

    def _copy(self, region):
        """Colour the ink levels of ``region`` (top, bottom, left, right) onto the surface."""
        top, bottom, left, right = region
        levels = (self._pixels[top:bottom, left:right].T * 255).astype(np.uint8)
        part = pygame.surfarray.make_surface(levels)
        part.set_palette(INK_PALETTE)
        self.surface.blit(part, (left, top))

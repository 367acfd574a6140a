"""Why this guess: what the network sees beside a map of the ink that pushes a class up (orange) or down (blue).

The map is input times gradient (network.inspect.why_map): blank pixels are dark, because ink that
is not there pushes nothing. Any class can be asked about ("why not 8?"): click its bar.
"""

import numpy as np
import pygame

from network.preprocess import input_image

from . import theme, ui
from .mosaic import Mosaic, ramp_colour


class WhyPanel:
    """Draws the 28x28 input and one class's why-map side by side, each map rendered once per Look and class."""

    def __init__(self):
        self._mosaic = Mosaic(theme.PANEL)
        self._key = self._seen = self._map = None

    def draw(self, surface, rect, fonts, look, k):
        """In ``rect``: the input and class ``k``'s map for ``look`` (None: nothing drawn yet)."""
        ui.panel(surface, rect)
        inner = rect.inflate(-20, -16)
        if look is None:
            ui.text(surface, ui.fit(fonts.body, "Why this guess?", inner.width), fonts.body, theme.TEXT, inner.topleft)
            ui.text(surface, ui.fit(fonts.small, "draw to see which ink decides", inner.width), fonts.small,
                    theme.MUTED, (inner.x, inner.y + 28))
            return
        label = look.net.labels[k]
        title = f"Why {label}?" if k == look.best else f"Why not {label}?"
        ui.text(surface, title, fonts.body, theme.TEXT, inner.topleft)
        side = max(28, min((inner.width - 12) // 2, inner.height - 26 - 58))
        top = inner.y + 26
        self._render(look, k, side)
        captions = ("what it sees", f"for / against {label}") if side >= 110 else ("input", f"{label}?")
        for x, image, caption in ((inner.x, self._seen, captions[0]), (inner.x + side + 12, self._map, captions[1])):
            surface.blit(image, (x, top))
            pygame.draw.rect(surface, theme.FAINT, (x - 1, top - 1, side + 2, side + 2), width=1)
            ui.text(surface, ui.fit(fonts.small, caption, side + 6), fonts.small, theme.MUTED,
                    (x, top + side + 4))
        y = top + side + 24
        for colour, words in ((ramp_colour(0.8), [f"orange ink: more {label}", f"more {label}", "more"]),
                              (ramp_colour(-0.8), [f"blue ink: less {label}", f"less {label}", "less"])):
            if y + 16 > inner.bottom:
                break
            pygame.draw.rect(surface, colour, (inner.x, y + 3, 10, 10))
            ui.text(surface, ui.first_that_fits(fonts.small, words, inner.width - 16), fonts.small, theme.MUTED,
                    (inner.x + 16, y))
            y += 18

    def _render(self, look, k, side):
        key = (look, k, side)  # the Look itself: its identity cannot be reused while the key holds it
        if key == self._key:
            return
        self._key = key
        seen = input_image(look.inputs)
        grey = pygame.surfarray.make_surface(np.repeat(seen.T[:, :, None], 3, axis=2))
        self._seen = pygame.transform.scale(grey, (side, side))
        why = look.why(k).reshape(-1, 1)
        strongest = float(np.max(np.abs(why))) or 1.0
        self._map = pygame.transform.scale(self._mosaic.render(why, side, side, scale=strongest), (side, side))

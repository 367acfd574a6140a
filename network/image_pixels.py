"""Any Pillow image's grey levels with ink high, whatever its mode (16-bit, palette, transparent, colour).

Shared by the PNG folder loader and the reader of photographed writing, so both see the same pixels.
"""

import numpy as np

TRANSPARENT_MODES = ("RGBA", "LA", "PA", "La", "RGBa")


def grey_pixels(image):
    """``(grey, ink_high)``: uint8 grey levels of any mode, and whether they already have ink high.

    Over a transparent background the opacity is the ink (ink high); otherwise transparent parts lie on
    white paper. 16-bit grey is scaled, not clipped; palettes and transparent colours are resolved first.
    """
    if image.mode.startswith("I"):  # 16-bit grey
        grey = np.asarray(image).astype(np.float64) * (255 / 65535)
        return np.clip(np.round(grey), 0, 255).astype(np.uint8), False
    if image.mode in TRANSPARENT_MODES or "transparency" in image.info:
        grey, alpha = np.moveaxis(np.asarray(image.convert("RGBA").convert("LA"), dtype=np.float64), -1, 0)
        if border(alpha).mean() < 128:  # ink on a transparent background
            return alpha.astype(np.uint8), True
        grey = grey * (alpha / 255) + 255 * (1 - alpha / 255)  # on white paper
        return np.round(grey).astype(np.uint8), False
    return np.asarray(image.convert("L"), dtype=np.uint8), False


def ink_pixels(image):
    """Grey levels of any mode with ink high: dark-on-light images are inverted, judged by their border."""
    grey, ink_high = grey_pixels(image)
    return grey if ink_high else ink_high_by_border(grey)


def ink_high_by_border(pixels):
    """Invert a dark-on-light image so ink is high, judged by its border (the paper)."""
    return 255 - pixels if border(pixels).mean() > 127 else pixels


def border(pixels):
    """The outermost rows and columns of an image, as one array."""
    return np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])

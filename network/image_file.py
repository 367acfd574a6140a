"""Opening a picture of writing (a photo, a scan, a saved canvas) as grey pixels, in bounded memory.

The size is checked from the header before any pixel is decoded, so a decompression bomb costs nothing;
the phone's EXIF orientation is honoured; big photos are decoded at a reduced size where the format allows
(JPEG) and shrunk to at most ``WORK_SIDE`` pixels on their longer side, which still leaves a line of
writing far more pixels than the network's 28x28 inputs.
"""

import struct
import warnings

import numpy as np

from .errors import FileProblem
from .files import regular_file
from .image_pixels import grey_pixels

MAX_PIXELS = 60_000_000  # the largest phone photos are about 50 megapixels
MIN_SIDE = 8  # pixels: anything smaller cannot hold a character
WORK_SIDE = 2000  # the longer side a big picture is shrunk to before reading
ALL_BLACK = 40  # grey level (0-255) under which an image without contrast is all black, not a blank page


class ImageFileError(FileProblem):
    """A picture that cannot be read: not an image, broken, too large or too small, or all black."""


def open_writing(path):
    """``(grey, ink_high, scale)``: the picture at ``path`` as uint8 grey levels, at most ``WORK_SIDE`` on a
    side; whether the grey already has ink high (ink drawn on a transparent background); and how many of the
    picture's pixels one of these spans. Raises ImageFileError naming the file and the problem.
    """
    from PIL import Image, ImageOps

    regular_file(path, ImageFileError, "an image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                _check_size(path, *image.size)
                longest = max(image.size)
                image.draft("L", _draft_size(image.size))  # JPEG: decode straight at a smaller scale
                upright = ImageOps.exif_transpose(image)
                grey, ink_high = grey_pixels(_shrunk(upright))
    except ImageFileError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageFileError(path, f"is too large to read (more than {MAX_PIXELS // 1_000_000} megapixels)") from None
    except (OSError, ValueError, SyntaxError, EOFError, IndexError, struct.error, MemoryError) as error:
        raise ImageFileError(path, f"is not a readable image ({_first_line(error)})") from None
    if not ink_high and int(grey.max()) - int(grey.min()) < 8 and grey.mean() < ALL_BLACK:
        raise ImageFileError(path, "is all black: there is no paper and no writing to read")
    return grey, ink_high, longest / max(grey.shape)


def _check_size(path, width, height):
    if width * height > MAX_PIXELS:
        raise ImageFileError(path, f"is {width}x{height} pixels, too large to read (at most "
                                   f"{MAX_PIXELS // 1_000_000} megapixels)")
    if min(width, height) < MIN_SIDE:
        raise ImageFileError(path, f"is {width}x{height} pixels, too small to hold writing (at least "
                                   f"{MIN_SIDE}x{MIN_SIDE})")


def _draft_size(size):
    """The smallest size a JPEG may be decoded at and still keep ``WORK_SIDE`` pixels on its longer side."""
    factor = max(1.0, max(size) / WORK_SIDE)
    return max(1, int(size[0] / factor)), max(1, int(size[1] / factor))


def _shrunk(image):
    """``image`` with its longer side at most ``WORK_SIDE`` (box filter: every pixel counts, none skipped)."""
    from PIL import Image

    longest = max(image.size)
    if longest <= WORK_SIDE:
        return image
    if image.mode == "P":  # palette indices cannot be averaged
        image = image.convert("RGBA" if "transparency" in image.info else "L")
    scale = WORK_SIDE / longest
    size = max(1, round(image.size[0] * scale)), max(1, round(image.size[1] * scale))
    return image.resize(size, Image.Resampling.BOX)


def _first_line(error):
    text = str(error).splitlines()[0][:100] if str(error) else type(error).__name__
    return "not an image format Pillow knows" if text.startswith("cannot identify image file") else text

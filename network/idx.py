"""Reading IDX files, the format MNIST and EMNIST ship in: a magic number, dimensions, then raw bytes.

Gzipped files are recognised by their first bytes, not their name, so both ``.gz`` and raw files work.
"""

import gzip
import zlib

import numpy as np

from .errors import DatasetError

GZIP_MAGIC = b"\x1f\x8b"
UNSIGNED_BYTE = 0x08


def read_idx(path, ndim):
    """The array stored in the IDX file at ``path``; it must hold unsigned bytes in ``ndim`` dimensions."""
    data = _read_bytes(path)
    if len(data) < 4:
        raise DatasetError(path, f"too short to be an IDX file ({len(data)} bytes)")
    if data[0] != 0 or data[1] != 0 or data[2] != UNSIGNED_BYTE or data[3] != ndim:
        raise DatasetError(path, f"wrong IDX magic number 0x{data[:4].hex()} "
                                 f"(expected 0x0000080{ndim}: unsigned bytes in {ndim} dimensions)")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DatasetError(path, "truncated: the header is incomplete")
    shape = tuple(int(n) for n in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    expected = int(np.prod(shape))
    actual = len(data) - header
    if actual < expected:
        raise DatasetError(path, f"truncated: the header promises {expected:,} bytes of data "
                                 f"for shape {shape}, the file has {actual:,}")
    if actual > expected:
        raise DatasetError(path, f"{actual - expected:,} bytes of unexpected data after shape {shape}")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def _read_bytes(path):
    try:
        with open(path, "rb") as file:
            data = file.read()
        if data[:2] == GZIP_MAGIC:
            data = gzip.decompress(data)
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise DatasetError(path, f"damaged or truncated gzip data ({error})") from None
    except OSError as error:
        raise DatasetError(path, f"cannot be read ({error.strerror or error})") from None
    return data

"""Reading IDX files, the format MNIST and EMNIST ship in: a magic number, dimensions, then raw bytes.

Gzipped files are recognised by their first bytes, not their name, so both ``.gz`` and raw files work.
The header's dimensions are checked before any data is read: against the file's size (a gzip stream cannot
inflate more than about 1032 times), and against a cap; then data is streamed in, never inflated in one piece.
"""

import gzip
import math
import struct
import zlib

from .errors import DatasetError
from .files import read_exactly, regular_file

GZIP_MAGIC = b"\x1f\x8b"
UNSIGNED_BYTE = 0x08
MAX_DATA_BYTES = 1 << 30  # EMNIST's largest split (byclass, train) holds 547 MB
DEFLATE_MAX_RATIO = 1032  # the most one byte of deflate data can stand for


def read_idx(path, ndim):
    """The array stored in the IDX file at ``path``; it must hold unsigned bytes in ``ndim`` dimensions."""
    size = regular_file(path, DatasetError, "an IDX file")
    try:
        with open(path, "rb") as file:
            packed = file.read(2) == GZIP_MAGIC
            file.seek(0)
            if not packed:
                return _read_stream(path, file, ndim, size, packed)
            with gzip.GzipFile(fileobj=file) as stream:
                return _read_stream(path, stream, ndim, size, packed)
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise DatasetError(path, f"damaged or truncated gzip data ({error})") from None
    except OSError as error:
        raise DatasetError(path, f"cannot be read ({error.strerror or error})") from None


def _read_stream(path, stream, ndim, size, packed):
    header = read_exactly(stream, 4 + 4 * ndim).tobytes()
    if len(header) < 4:
        raise DatasetError(path, f"too short to be an IDX file ({len(header)} bytes)")
    if header[:3] != bytes([0, 0, UNSIGNED_BYTE]) or header[3] != ndim:
        raise DatasetError(path, f"wrong IDX magic number 0x{header[:4].hex()} "
                                 f"(expected 0x0000080{ndim}: unsigned bytes in {ndim} dimensions)")
    if len(header) < 4 + 4 * ndim:
        raise DatasetError(path, "truncated: the header is incomplete")
    shape = struct.unpack(f">{ndim}I", header[4:])
    expected = math.prod(shape)  # Python ints: no wrap-around, however large the dimensions
    available = size * DEFLATE_MAX_RATIO if packed else size - len(header)
    if expected > MAX_DATA_BYTES:
        raise DatasetError(path, f"the header claims shape {shape}: {expected:,} bytes, more than the "
                                 f"{MAX_DATA_BYTES:,} read")
    if expected > available:
        holds = (f"a gzip file of {size:,} bytes cannot hold that much" if packed
                 else f"the file has {available:,}")
        raise DatasetError(path, f"truncated: the header promises {expected:,} bytes of data "
                                 f"for shape {shape}, {holds}")
    data = read_exactly(stream, expected)
    if len(data) < expected:
        raise DatasetError(path, f"truncated: the header promises {expected:,} bytes of data "
                                 f"for shape {shape}, the file has {len(data):,}")
    if stream.read(1):
        extra = f"{available - expected:,} bytes of " if not packed else ""
        raise DatasetError(path, f"{extra}unexpected data after shape {shape}")
    return data.reshape(shape)

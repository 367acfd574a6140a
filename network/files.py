"""Defences every loader shares: only regular files are opened, reads stop at a limit, class names are showable.

A hostile file must never hang Inkling (a named pipe blocks the first read forever) or make it allocate what
the file merely claims; these helpers turn such files into one readable error before any of that happens.
"""

import os
import stat

import numpy as np

MAX_CLASS_NAME = 40  # characters; a class name is shown on a probability bar


def regular_file(path, error, what="a file"):
    """The size of ``path`` if it is an existing regular file; else ``error(path, problem)`` without opening it."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise error(path, "no such file") from None
    except (OSError, ValueError) as problem:  # ValueError: a path with a NUL character
        raise error(path, f"cannot be read ({getattr(problem, 'strerror', None) or problem})") from None
    if stat.S_ISDIR(status.st_mode):
        raise error(path, f"is a folder, not {what}")
    if not stat.S_ISREG(status.st_mode):
        raise error(path, f"is {_kind(status.st_mode)}, not {what} (refused without reading it)")
    return status.st_size


def _kind(mode):
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def read_exactly(stream, count):
    """Up to ``count`` bytes of ``stream`` as a uint8 array, filled in pieces; shorter only where the stream ends.

    Callers check ``count`` against a cap first; pages of the buffer that a short stream never fills are never
    touched, so a size the file merely claims costs no memory.
    """
    buffer = np.empty(count, dtype=np.uint8)
    view, filled = memoryview(buffer), 0
    while filled < count:
        got = stream.readinto(view[filled:filled + (1 << 20)])
        if not got:
            break
        filled += got
    return buffer[:filled]


def class_name_problem(name):
    """Why ``name`` cannot be a class name (it must be short, printable text), or None when it can."""
    if not isinstance(name, str) or not name:
        return "a class name is empty or not text"
    if len(name) > MAX_CLASS_NAME:
        return f"a class name is {len(name):,} characters long (at most {MAX_CLASS_NAME})"
    if not name.isprintable():
        return f"the class name {name[:20]!r} holds control characters"
    return None

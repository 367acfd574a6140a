"""Fresh file names, so a new network or log never replaces an earlier one."""

import os


def unique_path(folder, stem, suffix):
    """``folder/stem.suffix``, or ``stem-2``, ``stem-3``... when that name is taken."""
    path, number = os.path.join(folder, stem + suffix), 1
    while os.path.exists(path):
        number += 1
        path = os.path.join(folder, f"{stem}-{number}{suffix}")
    return path

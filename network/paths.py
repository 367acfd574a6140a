"""File names: fresh ones, so a new network or log never replaces an earlier one, and the temporary ones saving uses."""

import os
import stat
import time

TEMPORARY_PREFIX = ".saving-"  # a save in progress: ``.saving-<writer pid>-<random>.npz`` next to its target
STALE_SECONDS = 60.0


def unique_path(folder, stem, suffix):
    """``folder/stem.suffix``, or ``stem-2``, ``stem-3``... when that name is taken."""
    path, number = os.path.join(folder, stem + suffix), 1
    while os.path.exists(path):
        number += 1
        path = os.path.join(folder, f"{stem}-{number}{suffix}")
    return path


def fresh_path(path):
    """``path`` itself when it is free, else the same name with ``-2``, ``-3``... before the extension."""
    stem, suffix = os.path.splitext(os.path.basename(path))
    return unique_path(os.path.dirname(path), stem, suffix)


def temporary_prefix():
    """The prefix of this process's temporary save files; the pid lets a later save tell a dead writer's leftovers."""
    return f"{TEMPORARY_PREFIX}{os.getpid()}-"


def is_temporary(path):
    """True for a save still in progress or left behind by a killed one (never a network to list)."""
    return os.path.basename(path).startswith(TEMPORARY_PREFIX)


def remove_stale_temporaries(folder, max_age=STALE_SECONDS):
    """Delete temporary save files in ``folder`` that a killed save left: older than ``max_age`` seconds,
    or written by a process that no longer exists. A save still going on in another process is left alone."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    now = time.time()
    for name in names:
        if not (is_temporary(name) and name.endswith(".npz")):
            continue
        path = os.path.join(folder, name)
        try:
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and (now - info.st_mtime > max_age or _writer_is_gone(name)):
                os.unlink(path)
        except OSError:  # removed meanwhile, or not ours to remove: leave it
            continue


def _writer_is_gone(name):
    """True when the pid in a temporary file's name belongs to no running process (POSIX only)."""
    pid = name[len(TEMPORARY_PREFIX):].split("-", 1)[0]
    if os.name != "posix" or not pid.isdigit() or int(pid) <= 0:
        return False  # no reliable way to ask: the age rule alone decides
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, owned by someone else
        return False
    return False

"""Where Inkling keeps what it makes: saved networks and training logs, in the same place whatever the working folder.

The home folder holds ``saved_networks/`` and ``logs/``: ``$INKLING_HOME`` when set, else the project
folder, or ``~/.local/share/inkling`` (``$XDG_DATA_HOME/inkling``) when the project folder is not writable.
"""

import os
import tempfile
import time
from dataclasses import dataclass

from .errors import InklingError
from .paths import fresh_path, is_temporary, temporary_prefix, unique_path
from .storage import load, save

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHIPPED = os.path.join(PROJECT, "saved_networks")  # the networks that come with the program


def user_folder():
    """The per-user data folder used when the project folder cannot be written to."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "inkling")


def home():
    """The folder holding saved_networks/ and logs/ (see the module's docstring), as an absolute path."""
    chosen = os.environ.get("INKLING_HOME")
    if chosen:
        return os.path.abspath(os.path.expanduser(chosen))
    if all(_can_write_into(os.path.join(PROJECT, sub)) for sub in ("saved_networks", "logs")):
        return PROJECT
    return user_folder()


def _can_write_into(folder):
    """True when ``folder`` is writable, or does not exist yet and its parent is."""
    while not os.path.exists(folder):
        folder = os.path.dirname(folder)
    return os.path.isdir(folder) and os.access(folder, os.W_OK)


def networks_folder():
    return os.path.join(home(), "saved_networks")


def logs_folder():
    return os.path.join(home(), "logs")


def new_network_path(dataset, sizes):
    """``<home>/saved_networks/<dataset>-<layers>-<date>-<time>.npz``, never the name of an existing file."""
    stem = f"{dataset}-{'-'.join(map(str, sizes))}-{time.strftime('%Y%m%d-%H%M%S')}"
    return unique_path(networks_folder(), stem, ".npz")


def check_writable(path, what):
    """Raise InklingError (one line, full path) unless ``what`` can be written at ``path``.

    Checked before a long job starts, so its result is not lost at the end: the path must not be a
    folder, pipe or read-only file, and its folder must accept a new file (or be creatable, when it
    does not exist yet). Nothing is left behind: no folder is created, the probe file is removed.
    """
    path = os.path.abspath(path)
    if os.path.exists(path) and not os.path.isfile(path):
        kind = "a folder" if os.path.isdir(path) else "not a regular file"
        raise InklingError(f"cannot write the {what} to {path}: it is {kind}; give a file name")
    existing = os.path.dirname(path)
    while not os.path.exists(existing):
        existing = os.path.dirname(existing)
    if not os.path.isdir(existing):
        raise InklingError(f"cannot write the {what} to {path}: {existing} is a file, not a folder")
    try:
        handle, probe = tempfile.mkstemp(prefix=temporary_prefix(), suffix=".npz", dir=existing)
        os.close(handle)
        os.unlink(probe)
        if os.path.exists(path):
            with open(path, "r+b"):  # opens for writing without changing it
                pass
    except OSError as error:
        raise InklingError(f"cannot write the {what} to {path}: {error.strerror or error}") from None


def save_or_fall_back(net, path):
    """Save ``net`` at ``path``; if that fails at the end of a run (the disk or folder refused), save it in
    the user folder instead, so the work is not lost. Returns ``(saved path, why the first place failed or None)``.
    """
    try:
        save(net, path)
        return path, None
    except OSError as error:
        problem = f"could not save to {path}: {error.strerror or error}"
        fallback = fresh_path(os.path.join(user_folder(), "saved_networks", os.path.basename(path)))
        if os.path.dirname(fallback) == os.path.dirname(os.path.abspath(path)):
            raise
        save(net, fallback)
        return fallback, problem


@dataclass
class SavedNetwork:
    """One network found on disk, described for a list: where it is, its layers, classes and test accuracy."""
    path: str
    sizes: tuple
    labels: list
    test_accuracy: float

    @property
    def name(self):
        return os.path.basename(self.path)


def saved_network_folders():
    """The folders whose networks the app offers: the shipped ones, then the home's (when that is elsewhere)."""
    return list(dict.fromkeys([SHIPPED, networks_folder()]))


def list_networks(folders=None):
    """Every readable network in ``folders`` (default: saved_network_folders()), by folder then name.

    Temporary files of saves in progress (or killed) and files that do not load are left out.
    """
    found = []
    for folder in folders or saved_network_folders():
        try:
            names = sorted(os.listdir(folder), key=str.lower)
        except OSError:
            continue
        for name in names:
            path = os.path.join(folder, name)
            if is_temporary(name) or not name.lower().endswith(".npz") or not os.path.isfile(path):
                continue
            try:
                net = load(path)
            except (InklingError, OSError):
                continue
            found.append(SavedNetwork(path, tuple(net.sizes), list(net.labels), net.meta.get("test_accuracy")))
    return found


TRASH = "trash"  # the folder beside a deleted network where it goes, so that no slip loses one


def move_to_trash(path):
    """Move a saved network into the ``trash/`` folder beside it, never over another; returns where it went.

    The picker's delete: the file is out of every list (they do not look into subfolders) but still whole,
    and ``restore_from_trash`` brings it back. Raises InklingError naming the file when it cannot be moved.
    """
    path = os.path.abspath(path)
    folder = os.path.join(os.path.dirname(path), TRASH)
    stem, extension = os.path.splitext(os.path.basename(path))
    try:
        os.makedirs(folder, exist_ok=True)
        trashed = unique_path(folder, stem, extension)
        os.rename(path, trashed)
    except OSError as error:
        raise InklingError(f"cannot move {path} to {folder}: {error.strerror or error}") from None
    return trashed


def restore_from_trash(trashed, path):
    """Put a network moved by ``move_to_trash`` back at ``path`` (beside it, when a new file took that name)."""
    target = fresh_path(path)
    try:
        os.rename(trashed, target)
    except OSError as error:
        raise InklingError(f"cannot put {trashed} back as {target}: {error.strerror or error}") from None
    return target

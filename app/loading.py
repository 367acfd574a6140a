"""Finding, loading and describing the network the window uses; every problem becomes one readable line."""

import os

import network
from network.errors import FileProblem, NetworkFileError
from network.paths import is_temporary
from network.places import SHIPPED

from . import ui

SAVED = SHIPPED
DEFAULT = os.path.join(SAVED, "digits.npz")
INPUTS = 28 * 28


PREFERRED = ("characters.npz", "digits.npz")  # what opens when no network is named: digits and letters first


def default_network_path(folder=SAVED):
    """The shipped characters network, else the digits one, else the newest .npz in ``folder``, else None."""
    for name in PREFERRED:
        if os.path.isfile(os.path.join(folder, name)):
            return os.path.join(folder, name)
    candidates = network_files(folder)
    return max(candidates, key=os.path.getmtime) if candidates else None


def network_files(folder=SAVED):
    """The .npz files in ``folder`` (not its subfolders), sorted by name, leaving out saves in progress (or
    killed); none when it cannot be read."""
    try:
        names = sorted(os.listdir(folder), key=str.lower)
    except OSError:
        return []
    paths = [os.path.join(folder, name) for name in names if name.lower().endswith(".npz") and not is_temporary(name)]
    return [path for path in paths if os.path.isfile(path)]


def load_drawable(path):
    """A network that can read drawings (784 inputs) from ``path``; raises NetworkFileError otherwise."""
    path = os.fspath(path)
    if not os.path.isdir(path) and not path.lower().endswith(".npz"):
        kind = os.path.splitext(path)[1] or "a file without extension"
        raise NetworkFileError(path, f"is not a network file ({kind}); networks are .npz files saved by Inkling")
    net = network.load(path)
    if net.sizes[0] != INPUTS:
        raise NetworkFileError(path, f"the network takes {net.sizes[0]} inputs, but a drawing gives "
                                     f"{INPUTS} (28x28 pixels)")
    return net


def describe(net, path):
    """One line naming a network: file name, classes and test accuracy, e.g. 'digits.npz · 0-9 · 97.1 %'."""
    return summary(os.path.basename(path) if path else "unsaved network", net.labels, net.meta.get("test_accuracy"))


def summary(name, labels, accuracy):
    """The line ``describe`` gives, from a network's name, class names and test accuracy (None: untested)."""
    if all(len(label) == 1 for label in labels) and len(labels) > 3:
        classes = f"{len(labels)} classes {labels[0]}-{labels[-1]}"
    else:
        classes = f"{len(labels)} classes: " + " ".join(labels)
    tested = f"test accuracy {accuracy:.1%}" if accuracy is not None else "not tested yet"
    return ui.SEPARATOR.join([name, classes, tested])


def short_problem(error):
    """A file's error as 'name: problem' with the file's base name, to fit a notice."""
    if isinstance(error, FileProblem):
        return str(type(error)(os.path.basename(os.path.normpath(error.path)) or error.path, error.problem))
    return str(error)

"""Your handwriting: where labelled drawings are kept, and the run that teaches them to the loaded network.

Drawings are kept whole as PNGs in ``my_drawings/<kind>/<label>/`` beside saved_networks/, one collection
per class set (digits, letters, characters), so every network of that set can learn from them and be
measured on them; a characters network also reads the digits and letters collections. Teaching fine-tunes a copy of the loaded network in the training view, with the
dataset it learned replayed into every batch; the result is saved as a new file and loaded.
"""

import os

import numpy as np

from network import datasets, places
from network.errors import InklingError, os_error_message
from network.cli import output_paths
from network.teach import (TEACH_BATCH, TEACH_LR, kind_of, kinds_read_by, load_drawings, prepare_lesson, save_drawing,
                           teach_epochs)
from network.training import REPLAY_SHARE, Settings

from .training_run import TrainingRun
from .training_start import RunRequest
from .training_view import TrainingView

NAME = "drawings"  # the name the drawings' accuracy goes by in curves and history


def collection_folder(net):
    """Where drawings for networks with ``net``'s classes are kept: ``my_drawings/<kind>`` in the folder that
    holds saved_networks/ and logs/ (the project folder, or $INKLING_HOME: see network.places)."""
    return os.path.join(places.home(), "my_drawings", kind_of(net.labels))


def collection_folders(net):
    """Every folder of drawings ``net`` reads, its own first (a characters network reads digits and letters
    drawings too: they are characters), those holding no drawing left out."""
    root = os.path.dirname(collection_folder(net))
    folders = [os.path.join(root, kind) for kind in kinds_read_by(net.labels)]
    return [folder for folder in folders if os.path.isdir(folder) and any(
        name.lower().endswith(".png") for _, _, files in os.walk(folder) for name in files)]


def load_collection(net):
    """The kept drawings for ``net``, framed in its style: ``(images, labels)``, or None when there are none."""
    folders = collection_folders(net)
    if not folders:
        return None
    parts = [load_drawings(folder, net.labels, net.meta.get("style", "mnist")) for folder in folders]
    return tuple(np.concatenate(arrays) for arrays in zip(*parts))


def where_words(net):
    """Where ``net``'s drawings are, for a header: '.../my_drawings/characters and digits' (the folders it reads
    that hold drawings), or its own folder while there are none."""
    folders = collection_folders(net) or [collection_folder(net)]
    return " and ".join([folders[0]] + [os.path.basename(folder) for folder in folders[1:]])


def replay_name(net):
    """The dataset ``net`` learned, when it is one whose files can be replayed here; else None."""
    name = net.meta.get("dataset")
    return name if name in datasets.DATASETS and datasets.is_available(name) else None


def teaching_problem(net, count):
    """Why the loaded network cannot be taught now (a sentence), or None when it can."""
    if net is None:
        return "no network is loaded"
    if not count:
        return "there are no drawings yet: draw one, press L and choose what it is"
    if replay_name(net) is None:
        name = net.meta.get("dataset") or "unknown"
        return (f"teaching replays the dataset the network learned ({name}), and its files are not here"
                + (f": python -m network download {name.split('-')[0]}" if name in datasets.DATASETS else ""))
    return None


def teaching_request(app, count):
    """The RunRequest that teaches the loaded network the drawings kept for it."""
    net, path = app.shown.network, app.shown.network_path
    stem = os.path.splitext(os.path.basename(path))[0] if path else "network"
    settings = Settings(epochs=teach_epochs(count), batch_size=TEACH_BATCH, lr=TEACH_LR, momentum=0.9)
    replay = replay_name(net)

    def prepare(request, check):
        copy = net.copy()  # the drawing view's network stays as it was until the result is loaded
        lesson = prepare_lesson(copy, collection_folders(net), replay, REPLAY_SHARE)
        check()  # nothing is written before this point
        save_path, log_path = output_paths(f"{stem}-taught", copy.sizes)
        return TrainingRun(copy, lesson.drawings, lesson.test_set, request.settings, "my drawings", save_path,
                           log_path, replay=lesson.replay,
                           extra_tests={NAME: lesson.drawings_test}, notes=lesson.notes())

    title = f"your {count} drawings + {replay}"
    return RunRequest(collection_folder(net), settings, None, prepare=prepare, title=title, load_when_saved=True)


def start_teaching(app, count):
    """Switch to the training view and teach the loaded network its drawings there."""
    app.open(TrainingView).start(teaching_request(app, count))


def keep_drawing(app, pixels, label):
    """Save the drawing as ``label`` in the loaded network's collection and say so in a notice; True when kept."""
    folder = collection_folder(app.shown.network)
    try:
        save_drawing(pixels, folder, label)
    except InklingError as error:
        app.show_notice(f"Could not keep the drawing: {error}", "error")
        return False
    except OSError as error:
        app.show_notice(f"Could not keep the drawing in {folder}: {os_error_message(error)}", "error")
        return False
    count = sum(name.lower().endswith(".png") for name in os.listdir(os.path.join(folder, label)))
    app.show_notice(f"Kept as {label} in my_drawings/{os.path.basename(folder)}, now {count} drawing"
                    f"{'s' if count > 1 else ''} of {label}. M: your handwriting and Teach", "info")
    return True

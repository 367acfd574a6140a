"""Teaching a trained network a person's own handwriting: their drawings, framed like its training images.

A person's labelled drawings are kept whole as PNGs in ``<folder>/<label>/*.png`` (any size, dark ink on
light or light on dark). At load time each one is framed exactly as a drawing on the canvas is, in the
network's own style, so one collection serves networks of either framing. Fine-tuning is the ordinary
training loop with the network's first dataset replayed into every batch (``training.Replay``).
"""

import os
import time
from dataclasses import dataclass

import numpy as np

from . import datasets
from .errors import DatasetError
from .files import class_name_problem
from .paths import unique_path
from .preprocess import canvas_to_input, input_image
from .report import drawings_measured
from .training import REPLAY_SHARE, Replay, replayed_per_batch

# Settings for fine-tuning on a few hundred drawings, chosen by bench/teach.py: a small learning rate keeps
# the network's old knowledge, and a batch of 32 gives a few hundred drawings enough steps.
TEACH_LR = 0.02
TEACH_BATCH = 32
TEACH_EPOCHS = 10
TEACH_STEPS = 200  # a few drawings need more epochs: the window teaches at least this many batches, ...
MOST_EPOCHS = 30  # ...within this many epochs
HELD_OUT_EVERY = 5  # of each class's drawings, one in this many is kept out of the teaching to measure it honestly


def teach_epochs(count, batch_size=TEACH_BATCH, share=REPLAY_SHARE):
    """Epochs for teaching ``count`` drawings: TEACH_EPOCHS, more for few drawings (see TEACH_STEPS)."""
    steps = -(-count // (batch_size - replayed_per_batch(batch_size, share)))
    return int(min(MOST_EPOCHS, max(TEACH_EPOCHS, -(-TEACH_STEPS // steps))))


KINDS = (("digits", datasets.DIGITS), ("letters", datasets.LETTERS), ("characters", datasets.DIGITS + datasets.LETTERS))


def kind_of(labels):
    """The group a network's class set belongs to: "digits", "letters", "characters", or "<n>-classes"."""
    labels = list(labels)
    return next((kind for kind, names in KINDS if labels == names), f"{len(labels)}-classes")


def kinds_read_by(labels):
    """The collections a network with these classes learns from and is measured on: its own kind's first, then
    every kind whose classes it also has (a characters network reads the digits and letters drawings too)."""
    own = kind_of(labels)
    return [own] + [kind for kind, names in KINDS if kind != own and set(names) <= set(labels)]


def frame_like_canvas(style):
    """A function turning an ink-high drawing of any size into the uint8 28x28 image a network of ``style`` sees."""
    def frame(pixels):
        return input_image(canvas_to_input(pixels, style))
    return frame


def save_drawing(canvas, folder, label):
    """Keep a whole drawing (float canvas, ink high) as ``folder/<label>/<date>-<time>.png``, dark ink on white.

    Raises DatasetError for a class name that cannot be a folder of its own (a path, '..', a NUL...)."""
    from PIL import Image

    problem = class_name_problem(label) or (
        "it names a path, not a folder" if label in (".", "..") or "/" in label or "\\" in label else None)
    if problem:
        raise DatasetError(folder, f"a class named {label[:40]!r} cannot be kept as a folder of drawings: {problem}")
    target = os.path.join(folder, label)
    os.makedirs(target, exist_ok=True)
    path = unique_path(target, time.strftime("%Y%m%d-%H%M%S"), ".png")
    partial = path[:-len(".png")] + ".saving"  # renamed when whole: a crash never leaves half a PNG to load
    Image.fromarray(np.round(255 * (1 - np.clip(canvas, 0, 1))).astype(np.uint8)).save(partial, format="PNG")
    os.replace(partial, path)
    return path


def load_drawings(folder, labels, style):
    """``(images uint8 (n, 28, 28), label indices into labels)`` from ``folder/<label>/*.png``, framed in ``style``.

    Raises DatasetError naming the folder when a label folder is not one of ``labels``.
    """
    if not os.path.isdir(folder):
        raise DatasetError(folder, "is not a folder of drawings (expected <label>/*.png inside)")
    images, found, classes = datasets.load_png_tree(folder, frame=frame_like_canvas(style))
    unknown = [name for name in classes if name not in labels]
    if unknown:
        raise DatasetError(folder, f"has drawings labelled {', '.join(map(repr, unknown))}, which the network "
                                   f"does not know (its classes: {' '.join(labels)})")
    to_network = np.array([list(labels).index(name) for name in classes], dtype=np.int64)
    return images, to_network[found]


def hold_out(labels, every=HELD_OUT_EVERY, seed=0):
    """``(taught, held)`` indices: one in ``every`` drawings of each class, picked at random, is held out.

    A class with fewer than ``every`` drawings is all taught, so a few drawings are never left unlearned.
    """
    rng = np.random.default_rng(seed)
    held = [rng.permutation(np.flatnonzero(labels == label))[:int(np.sum(labels == label)) // every]
            for label in np.unique(labels)]
    held = np.sort(np.concatenate(held or [np.zeros(0, np.int64)])).astype(np.int64)
    return np.setdiff1d(np.arange(len(labels)), held), held


@dataclass
class Lesson:
    """What a fine-tuning run needs: the drawings to learn, the replay, and the two things to test on."""
    drawings: tuple  # (images, labels) to train on
    drawings_test: tuple  # (images, labels) to measure the drawings' accuracy on
    held_out: bool  # drawings_test was kept out of the teaching (else it is the taught drawings themselves)
    replay: Replay
    test_set: tuple  # the replay dataset's test split

    def notes(self):
        """What the network's history keeps about the drawings measured: how many, and whether held out."""
        return {"drawings_tested": len(self.drawings_test[1]), "drawings_held_out": self.held_out}

    def measured_on(self):
        """'the 12 drawings held out from the teaching' or 'the 7 taught drawings themselves'."""
        return drawings_measured(self.notes())


def prepare_lesson(net, folder, replay_name, share=REPLAY_SHARE, data_dir=None):
    """Load ``folder``'s drawings (or a list of folders') for ``net`` and the replay dataset ``replay_name`` (both
    splits, its classes checked against the network's). The drawings measured are ``folder/test`` when it and
    ``folder/train`` exist, else one in HELD_OUT_EVERY of each class's, held out; with too few, the taught ones."""
    style = net.meta.get("style", "mnist")
    folders = [folder] if isinstance(folder, (str, os.PathLike)) else list(folder)
    train_folder, test_folder = os.path.join(folders[0], "train"), os.path.join(folders[0], "test")
    if len(folders) == 1 and os.path.isdir(train_folder) and os.path.isdir(test_folder):
        drawings = load_drawings(train_folder, net.labels, style)
        drawings_test = load_drawings(test_folder, net.labels, style)
    else:
        parts = [load_drawings(each, net.labels, style) for each in folders]
        images, labels = (np.concatenate(arrays) for arrays in zip(*parts))
        taught, held = hold_out(labels)
        drawings = images[taught], labels[taught]
        drawings_test = (images[held], labels[held]) if len(held) else drawings
    replay_images, replay_labels, classes = datasets.load(replay_name, "train", data_dir)
    if list(classes) != list(net.labels):
        raise DatasetError(replay_name, f"its classes ({' '.join(classes)}) are not the network's "
                                        f"({' '.join(net.labels)}); replay the dataset the network learned")
    test_images, test_labels, _ = datasets.load(replay_name, "test", data_dir)
    replay = Replay(replay_images, replay_labels, os.path.basename(os.path.normpath(replay_name)), share)
    return Lesson(drawings, drawings_test, drawings_test is not drawings, replay, (test_images, test_labels))

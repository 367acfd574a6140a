"""Datasets as ``images: uint8 (n, 28, 28)`` upright with ink high, ``labels: int (n,)`` and class names.

Sources: the original IDX files of MNIST and EMNIST (found under ``data/<name>/`` or ``$INKLING_DATA``),
a CSV file (``label,p0..p783``), or a folder tree ``root/<label>/*.png``. EMNIST's quirks (images stored
transposed, letters labelled 1..26) are fixed here, once. ``characters`` joins MNIST digits and EMNIST
letters into 36 classes, every image framed in one style.
"""

import itertools
import os
import string
import struct
import threading
import warnings
from dataclasses import dataclass

import numpy as np

from .errors import DatasetError
from .files import class_name_problem, regular_file
from .idx import read_idx
from .image_pixels import ink_pixels
from .preprocess import frame_images

DIGITS = [str(d) for d in range(10)]
LETTERS = list(string.ascii_uppercase)
SPLITS = ("train", "test")
CSV_BATCH = 2048  # lines parsed at once
CSV_MAX_LINE = 64 * 1024  # bytes: 785 numbers written out take under 4 KB
MAX_PNG_SIDE = 4096
MAX_PNG_PIXELS = MAX_PNG_SIDE * MAX_PNG_SIDE


@dataclass(frozen=True)
class Spec:
    """Where a named dataset's IDX files are and how to read them."""
    folder: str
    prefixes: dict
    classes: list
    transposed: bool = False
    first_label: int = 0
    style: str = "mnist"


DATASETS = {
    "mnist": Spec("mnist", {"train": "train", "test": "t10k"}, DIGITS),
    "emnist-letters": Spec("emnist-letters", {"train": "emnist-letters-train", "test": "emnist-letters-test"},
                           LETTERS, transposed=True, first_label=1, style="emnist"),
    "emnist-digits": Spec("emnist-digits", {"train": "emnist-digits-train", "test": "emnist-digits-test"},
                          DIGITS, transposed=True, style="emnist"),
    "emnist-mnist": Spec("emnist-mnist", {"train": "emnist-mnist-train", "test": "emnist-mnist-test"},
                         DIGITS, transposed=True, style="emnist"),
    "fashion-mnist": Spec("fashion-mnist", {"train": "train", "test": "t10k"},
                          ["T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                           "Bag", "Boot"]),
}


@dataclass(frozen=True)
class Combined:
    """A dataset made of named datasets, their classes one after another, every image framed in ``style``.

    Images of a part framed another way are reframed at load time by the code that frames drawings, so
    a drawing and the training images agree. The training split is balanced: every class gets as many
    images as a class of the best-stocked part has on average (a bigger class keeps a random share,
    a smaller one repeats random images of its own, which augmentation then varies).
    """
    parts: tuple
    classes: list
    style: str


DATASETS["characters"] = Combined(("mnist", "emnist-letters"), DIGITS + LETTERS, "emnist")
_reframed = {}  # (images file, its size and time, style) -> a _Once holding its reframed images
_reframed_lock = threading.Lock()  # the window's threads (the "not sure" floor, judging, training) load at once


def data_root(explicit=None):
    """The data folder: the one given, else ``$INKLING_DATA``, else ``data/`` in the working directory."""
    return explicit or os.environ.get("INKLING_DATA") or "data"


def style_of(name):
    """How a dataset's images were framed ("mnist" or "emnist"); drawings must be prepared the same way."""
    return DATASETS[name].style if name in DATASETS else "mnist"


def is_available(name, directory=None):
    """True when both splits of the named dataset are on disk."""
    if isinstance(DATASETS.get(name), Combined):
        return all(is_available(part, directory) for part in DATASETS[name].parts)
    try:
        return all(_idx_paths(name, split, directory) for split in SPLITS)
    except DatasetError:
        return False


def load(name, split, data_dir=None):
    """``(images, labels, class_names)`` of a named dataset's split, or of a CSV file or PNG folder path."""
    if split not in SPLITS:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    if isinstance(DATASETS.get(name), Combined):
        return _load_combined(name, split, data_dir)
    if name in DATASETS:
        return _load_idx(name, split, data_dir)
    if os.path.isdir(name):
        return load_png_tree(os.path.join(name, split) if os.path.isdir(os.path.join(name, split)) else name)
    if os.path.exists(name):
        return load_csv(name)  # which refuses pipes and devices without reading them
    raise DatasetError(name, f"unknown dataset: not one of {', '.join(DATASETS)}, nor a CSV file or folder")


def _idx_paths(name, split, directory):
    spec = DATASETS[name]
    folder = os.path.join(data_root(directory), spec.folder)
    prefix = spec.prefixes[split]
    found = []
    for kind, ndim in (("images", 3), ("labels", 1)):
        candidates = [os.path.join(folder, f"{prefix}-{kind}{sep}idx{ndim}-ubyte{gz}")
                      for sep in ("-", ".") for gz in (".gz", "")]
        existing = [path for path in candidates if os.path.exists(path)]  # pipes too: read_idx refuses them
        if not existing:
            download = name.split("-")[0] if name.startswith("emnist") else name
            raise DatasetError(folder, f"no {name} {split} {kind} file ({os.path.basename(candidates[0])}); "
                                       f"get the data with: python -m network download {download}")
        found.append(existing[0])
    return found


def _load_idx(name, split, directory):
    spec = DATASETS[name]
    images_path, labels_path = _idx_paths(name, split, directory)
    images = read_idx(images_path, 3)
    labels = read_idx(labels_path, 1).astype(np.int64) - spec.first_label
    if images.shape[1:] != (28, 28):
        raise DatasetError(images_path, f"images are {images.shape[1]}x{images.shape[2]}, expected 28x28")
    if len(images) == 0:
        raise DatasetError(images_path, "holds no images (its header says 0)")
    if len(images) != len(labels):
        raise DatasetError(labels_path, f"{len(labels):,} labels for {len(images):,} images in {images_path}")
    _check_labels(labels_path, labels + spec.first_label, spec.first_label, len(spec.classes))
    if spec.transposed:
        images = images.transpose(0, 2, 1)
    return np.ascontiguousarray(images), labels, list(spec.classes)


def _load_combined(name, split, directory):
    spec = DATASETS[name]
    images, labels, counts, first = [], [], [], 0
    for part in spec.parts:
        part_images, part_labels, part_classes = _load_idx(part, split, directory)
        if DATASETS[part].style != spec.style:
            part_images = _reframe(_idx_paths(part, split, directory)[0], part_images, spec.style)
        images.append(part_images)
        labels.append(part_labels + first)
        counts.append(len(part_labels) / len(part_classes))
        first += len(part_classes)
    images, labels = np.concatenate(images), np.concatenate(labels)
    if split == "train":
        keep = balanced(labels, len(spec.classes), round(max(counts)))
        images, labels = images[keep], labels[keep]
    return images, labels, list(spec.classes)


class _Once:
    """A value computed once, by the first thread to ask; the others asking meanwhile wait for it."""

    def __init__(self):
        self.lock, self.value = threading.Lock(), None


def _reframe(path, images, style):
    """``images`` framed in ``style``, remembered for the file they came from (reframing takes seconds): computed
    once, whichever thread asks first, while threads asking at the same time wait for that one result."""
    status = os.stat(path)
    key = (os.path.abspath(path), status.st_size, status.st_mtime_ns, style)
    with _reframed_lock:
        once = _reframed.get(key)
        if once is None:
            _reframed.clear()  # one dataset's worth is plenty to keep
            once = _reframed[key] = _Once()
    with once.lock:
        if once.value is None:
            once.value = frame_images(images, style)
        return once.value


def balanced(labels, classes, per_class, seed=0):
    """Indices giving every class ``per_class`` samples: a random subset of a bigger class, a smaller
    class whole plus random repeats of its own samples. Sorted, the same for the same seed."""
    rng = np.random.default_rng(seed)
    chosen = []
    for label in range(classes):
        members = np.flatnonzero(labels == label)
        if len(members) == 0:
            continue
        if len(members) >= per_class:
            chosen.append(rng.choice(members, per_class, replace=False))
        else:
            whole, rest = divmod(per_class, len(members))
            chosen += [members] * whole + [rng.choice(members, rest, replace=False)]
    return np.sort(np.concatenate(chosen))


def _check_labels(path, labels, first, count):
    bad = np.flatnonzero((labels < first) | (labels >= first + count))
    if len(bad):
        raise DatasetError(path, f"label {labels[bad[0]]} at index {bad[0]} is out of range "
                                 f"{first}..{first + count - 1}")


def load_csv(path):
    """Rows ``label,p0,...,p783`` with pixel values 0-255; a header row is recognised and skipped.

    Read in batches of lines, so memory stays near the size of the images themselves (not of the text).
    """
    regular_file(path, DatasetError, "a CSV file")
    labels, images = [], []
    try:
        with open(path, "rb") as file:
            for numbers, lines in _csv_batches(path, file):
                table = _parse_rows(path, numbers, lines)
                labels.append(table[:, 0].astype(np.int64))
                images.append(table[:, 1:].reshape(-1, 28, 28))
    except OSError as error:
        raise DatasetError(path, f"cannot be read ({error.strerror or error})") from None
    if not labels:
        raise DatasetError(path, "has no data rows")
    labels = np.concatenate(labels)
    classes = [str(i) for i in range(int(labels.max()) + 1)]
    return np.concatenate(images), labels, classes


def _csv_batches(path, file):
    """``(line numbers, lines)`` of the file's data rows, a batch at a time; the header and blank lines skipped."""
    numbers, lines = [], []
    for number in itertools.count(1):
        line = file.readline(CSV_MAX_LINE + 1)
        if not line:
            break
        if len(line) > CSV_MAX_LINE:
            raise DatasetError(path, f"line {number} is longer than {CSV_MAX_LINE:,} characters "
                                     f"(a row is a label and 784 pixel values)")
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark is not part of the first field
            if not _is_number(line.split(b",", 1)[0]):
                continue  # a header row
        if line.strip():
            numbers.append(number)
            lines.append(line.rstrip(b"\r\n"))
        if len(lines) == CSV_BATCH:
            yield numbers, lines
            numbers, lines = [], []
    if lines:
        yield numbers, lines


def _parse_rows(path, numbers, lines):
    """The rows of one batch as uint8 (rows, 785), or the error naming the first bad line."""
    for number, line in zip(numbers, lines):
        if line.count(b",") != 784:
            raise DatasetError(path, f"line {number}: {line.count(b',') + 1} fields, expected 785 "
                                     f"(label and 784 pixels)")
    text, count = b",".join(lines), 785 * len(lines)
    values = _numbers(text, np.int64, count)  # whole numbers: the fast, common case
    if values is None:
        values = _decimals(path, numbers, lines, text, count)
    table = values.reshape(len(lines), 785)
    for column, name in ((table[:, :1], "label"), (table[:, 1:], "pixel value")):
        wrong = (column < 0) | (column > 255)
        if column.dtype.kind == "f":
            wrong |= column != np.round(column)
        bad = np.flatnonzero(np.any(wrong, axis=1))
        if len(bad):
            raise DatasetError(path, f"line {numbers[bad[0]]}: a {name} is not a whole number from 0 to 255")
    return table.astype(np.uint8)


def _numbers(text, dtype, count):
    """``count`` numbers of ``dtype`` parsed from comma-separated ``text``, or None where that fails."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # numpy 1.x warns and stops early where 2.x raises
        try:
            values = np.fromstring(text, dtype=dtype, sep=",")
        except ValueError:
            return None
    return values if values.size == count else None


def _decimals(path, numbers, lines, text, count):
    """Values written with decimals ("12.0"), or the error naming the first field that is not a number."""
    values = _numbers(text, np.float64, count)
    if values is not None:
        return values
    for number, line in zip(numbers, lines):
        for field in line.split(b","):
            if not _is_number(field):
                shown = field.strip()[:20].decode("utf-8", "replace")
                raise DatasetError(path, f"line {number}: {shown!r} is not a number")
    raise DatasetError(path, "could not be parsed as CSV")


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def load_png_tree(root, frame=None):
    """Images under ``root/<class name>/*.png``, class names sorted; dark-on-light images are inverted.

    ``frame(pixels)`` turns each ink-high grey image (any size, uint8) into the 28x28 uint8 image kept;
    by default the whole image is shrunk to 28x28.
    """
    classes = sorted(entry for entry in _listing(root) if os.path.isdir(os.path.join(root, entry)))
    if not classes:
        raise DatasetError(root, "has no class folders (expected root/<label>/*.png)")
    images, labels = [], []
    for index, name in enumerate(classes):
        folder = os.path.join(root, name)
        problem = class_name_problem(name)
        if problem:
            raise DatasetError(folder, f"cannot be a class: {problem}")
        for file_name in sorted(_listing(folder)):
            if file_name.lower().endswith(".png"):
                images.append((frame or _shrink)(read_png(os.path.join(folder, file_name))))
                labels.append(index)
    if not images:
        raise DatasetError(root, "has class folders but no .png images in them")
    return np.stack(images), np.array(labels, dtype=np.int64), classes


def _listing(folder):
    try:
        return os.listdir(folder)
    except OSError as error:
        raise DatasetError(folder, f"cannot be read ({error.strerror or error})") from None


def read_png(path):
    """The PNG at ``path`` as an ink-high uint8 grey image, whatever its mode; raises DatasetError naming it."""
    from PIL import Image

    regular_file(path, DatasetError, "a PNG image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_PNG_PIXELS:
                    raise DatasetError(path, f"is {width}x{height} pixels, too large (at most {MAX_PNG_SIDE}x"
                                             f"{MAX_PNG_SIDE} are read; images are shrunk to 28x28 anyway)")
                return ink_pixels(image)
    except DatasetError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DatasetError(path, f"is too large (more than {MAX_PNG_SIDE}x{MAX_PNG_SIDE} pixels are not read; "
                                 f"images are shrunk to 28x28 anyway)") from None
    except (OSError, ValueError, SyntaxError, EOFError, IndexError, struct.error) as error:
        problem = str(error).splitlines()[0][:100] if str(error) else type(error).__name__
        raise DatasetError(path, f"not a readable PNG image ({problem})") from None


def _shrink(pixels):
    """The whole image averaged down to 28x28 (box filter), as a uint8 28x28 image."""
    from PIL import Image

    if pixels.shape == (28, 28):
        return pixels
    return np.asarray(Image.fromarray(pixels).resize((28, 28), Image.Resampling.BOX), dtype=np.uint8)


def relabel(path, labels, classes, target, target_name="the training data"):
    """``labels`` (indices into ``classes``, the class names of the data at ``path``) as indices into ``target``.

    Classes are matched by name; numbered classes (a CSV's) of the same count as ``target`` keep their indices.
    """
    classes, target = list(classes), list(target)
    if classes == target:
        return labels
    missing = [name for name in classes if name not in target]
    if not missing:
        return np.array([target.index(name) for name in classes], dtype=np.int64)[labels]
    if classes == [str(i) for i in range(len(classes))] and len(classes) == len(target):
        return labels
    raise DatasetError(path, f"has classes that {target_name} lacks: {' '.join(missing[:8])}"
                             f"{' ...' if len(missing) > 8 else ''} ({target_name} has {' '.join(target[:12])}"
                             f"{' ...' if len(target) > 12 else ''})")


def holdout(images, labels, fraction=0.1, seed=0):
    """Split one dataset into train and test parts at random: ``(train_images, train_labels), (test...)``."""
    order = np.random.default_rng(seed).permutation(len(images))
    cut = len(images) - max(1, int(round(len(images) * fraction)))
    train, test = order[:cut], order[cut:]
    return (images[train], labels[train]), (images[test], labels[test])


def as_inputs(images):
    """uint8 images (n, 28, 28) as the network's float32 inputs (n, 784) in [0, 1]."""
    inputs = images.reshape(len(images), -1).astype(np.float32)
    inputs /= np.float32(255.0)
    return inputs

"""Saving and loading networks as .npz files: plain arrays plus a JSON metadata string, never pickle.

Layout (format version 1):
    weights_0 .. weights_{L-1}   float32 (sizes[l], sizes[l+1])
    biases_0  .. biases_{L-1}    float32 (sizes[l+1],)
    meta                         0-d unicode array holding a JSON object:
        format, format_version, sizes, activation, output, labels, style,
        dataset, epochs, test_accuracy, history (list of training runs),
        gate (optional): sizes, threshold, counts, directions, autoencoder (its layer sizes), shifts, learned,
            held_out, refused, command (see network.gate)
        cut_check (optional): sizes, lines, drawn_lines, letter_lines, drawn_letter_lines, command
            (see network.cut_check)
    gate_weights_0 .. gate_biases_{G-1}  float32, the "not a character" gate's layers, only with meta "gate"
    gate_autoencoder_weights_0 .. gate_autoencoder_biases_{A-1}  float32, the layers of the autoencoder the gate
        reads, only with the gate's "autoencoder" (see network.autoencoder)
    cut_check_weights_0 .. cut_check_biases_{C-1}  float32, the cut check's layers, only with meta "cut_check"
"""

import json
import math
import os
import struct
import tempfile
import zipfile
import zlib

import numpy as np

from .activations import ACTIVATIONS, OUTPUTS
from .autoencoder import ACTIVATION as AUTOENCODER_ACTIVATION, OUTPUT as AUTOENCODER_OUTPUT
from .cut_check import CHECK_ACTIVATION, CHECK_LABELS, LINE_COUNTS, CutCheck, input_size
from .errors import NetworkFileError
from .files import class_name_problem, read_exactly, regular_file
from .gate import GATE_ACTIVATION, GATE_LABELS, Gate, feature_size
from .model import Network
from .paths import remove_stale_temporaries, temporary_prefix
from .zip_entries import open_entry

FORMAT = "inkling-network"
FORMAT_VERSION = 1
STYLES = ("mnist", "emnist")
ZIP_MAGIC, NPY_MAGIC = b"PK\x03\x04", b"\x93NUMPY"
MAX_LAYERS = 32
MAX_PARAMETERS = 20_000_000  # 80 MB of float32: far above any network drawn with, far below exhausting memory
MAX_GATE_LAYERS = 4
MAX_GATE_KINDS = 200  # names of kinds of marks a gate lists as learned or held out
MAX_ENTRIES = 2 * MAX_LAYERS + 3 * 2 * MAX_GATE_LAYERS + 1  # the classifier, the gate, its autoencoder, the cut check
MAX_DIRECTORY_BYTES = 64 * 1024
MAX_META_CHARS = 1_000_000
MAX_META_DEPTH = 8
READ_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)  # all numpy reads


def save(net, path):
    """Write ``net`` to ``path`` atomically: a temporary file in the same folder, then a rename."""
    path = os.fspath(path)
    meta = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "sizes": list(net.sizes),
        "activation": net.activation, "output": net.output, "labels": list(net.labels),
        "style": net.meta.get("style", "mnist"), "dataset": net.meta.get("dataset", ""),
        "epochs": int(net.meta.get("epochs", 0)), "test_accuracy": net.meta.get("test_accuracy"),
        "history": list(net.meta.get("history", [])),
    }
    if net.gate is not None:
        autoencoder = net.gate.autoencoder
        meta["gate"] = {**net.gate.info, "sizes": list(net.gate.net.sizes), "threshold": float(net.gate.threshold),
                        **({"counts": True} if net.gate.counts else {}),
                        **({"autoencoder": list(autoencoder.sizes)} if autoencoder is not None else {}),
                        **({"shifts": True} if net.gate.shifts else {}),
                        **({"directions": True} if net.gate.directions else {})}
    if net.cut_check is not None:
        meta["cut_check"] = {**net.cut_check.info, "sizes": list(net.cut_check.net.sizes)}
    arrays = {"meta": np.array(json.dumps(meta))}
    for prefix, layers in (("", net), ("gate_", net.gate.net if net.gate is not None else None),
                           ("gate_autoencoder_", net.gate.autoencoder if net.gate is not None else None),
                           ("cut_check_", net.cut_check.net if net.cut_check is not None else None)):
        for layer, (w, b) in enumerate(zip(layers.weights, layers.biases) if layers is not None else ()):
            arrays[f"{prefix}weights_{layer}"] = np.asarray(w, dtype=np.float32)
            arrays[f"{prefix}biases_{layer}"] = np.asarray(b, dtype=np.float32)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    remove_stale_temporaries(folder)  # left by saves that were killed
    handle, temporary = tempfile.mkstemp(prefix=temporary_prefix(), suffix=".npz", dir=folder)
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a saved network is an ordinary file
        with os.fdopen(handle, "wb") as file:
            np.savez_compressed(file, **arrays)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def load(path):
    """Read a network from ``path``, checking every field; raises NetworkFileError naming the problem.

    Nothing the file says about its own size is believed: the archive's directory, every array's declared
    type and shape are checked against the metadata and against caps before anything is inflated.
    """
    path = os.fspath(path)
    size = regular_file(path, NetworkFileError, "a network file")
    try:
        file = open(path, "rb")
    except OSError as error:
        raise NetworkFileError(path, f"cannot be read ({error.strerror or error})") from None
    try:
        with file:
            start = file.read(6)
            if start.startswith(NPY_MAGIC):
                raise NetworkFileError(path, "is a single .npy array, not an .npz network")
            if not start.startswith(ZIP_MAGIC):
                raise NetworkFileError(path, "is not an .npz network file (it is not a zip archive of arrays)")
            _check_directory(path, file, size)
            with zipfile.ZipFile(file) as archive:
                entries = _entries(path, archive)
                meta = _read_meta(path, _read_entry(path, file, archive, entries, "meta"))
                return _network_from_entries(path, file, archive, entries, meta)
    except NetworkFileError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError, struct.error,
            zlib.error) as error:
        raise NetworkFileError(path, f"not a readable .npz file ({_short(error)})") from None


def _check_directory(path, file, size):
    """Refuse an archive whose directory claims more entries than a network has, before zipfile reads it."""
    tail = min(size, 22 + 65535)  # the end record, and the longest comment that may follow it
    file.seek(size - tail)
    end = file.read(tail)
    at = end.rfind(b"PK\x05\x06")
    if at < 0 or len(end) - at < 22:
        raise NetworkFileError(path, "not a readable .npz file (its zip directory is missing: truncated?)")
    count, directory_bytes = struct.unpack("<HI", end[at + 10:at + 16])
    if count > MAX_ENTRIES or directory_bytes > MAX_DIRECTORY_BYTES or end[at - 20:at - 16] == b"PK\x06\x07":
        raise NetworkFileError(path, f"its zip directory claims {count:,} entries in {directory_bytes:,} bytes; "
                                     f"a network file holds at most {MAX_ENTRIES}")
    file.seek(0)


def _entries(path, archive):
    """The archive's entries by field name; encrypted, oddly compressed or repeated entries are refused."""
    entries = {}
    for info in archive.infolist():
        name = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
        if info.flag_bits & 0x1:
            raise NetworkFileError(path, f"field {name[:40]!r} is encrypted")
        if info.compress_type not in READ_METHODS:
            raise NetworkFileError(path, f"field {name[:40]!r} uses zip compression method {info.compress_type} "
                                         f"(only stored, deflated, bzip2 and lzma are read)")
        if name in entries:
            raise NetworkFileError(path, f"field {name[:40]!r} appears twice")
        entries[name] = info
    return entries


def _read_entry(path, file, archive, entries, name, shape=None):
    """The array in entry ``name``; its header is read first, so only a type and ``shape`` we expect is inflated,
    whichever way the entry is compressed."""
    if name not in entries:
        problem = "missing field 'meta' (not an Inkling network)" if name == "meta" else f"missing field '{name}'"
        raise NetworkFileError(path, problem)
    with open_entry(archive, file, entries[name]) as stream:
        version = np.lib.format.read_magic(stream)
        if version not in ((1, 0), (2, 0)):
            raise NetworkFileError(path, f"field '{name}' has .npy format version {version}, not 1.0 or 2.0")
        read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        try:
            declared, fortran, dtype = read_header(stream)
        except (ValueError, SyntaxError, RecursionError):
            raise NetworkFileError(path, f"field '{name}' has a broken .npy header") from None
        _check_declared(path, name, declared, dtype, shape)
        count = dtype.itemsize * math.prod(declared)
        data = read_exactly(stream, count)
        if len(data) < count:
            raise NetworkFileError(path, f"field '{name}' is truncated ({len(data):,} of {count:,} bytes)")
        if stream.read(1):
            raise NetworkFileError(path, f"field '{name}' holds more data than its shape {declared} needs")
    return np.frombuffer(data, dtype=dtype).reshape(declared, order="F" if fortran else "C")


def _check_declared(path, name, declared, dtype, shape):
    if dtype.hasobject:
        raise NetworkFileError(path, f"field '{name}' is an object array (refused: no pickle)")
    if name == "meta":
        if dtype.kind != "U" or declared != ():
            raise NetworkFileError(path, "field 'meta' must be a single text value")
        if dtype.itemsize > 4 * MAX_META_CHARS:
            raise NetworkFileError(path, f"field 'meta' is {dtype.itemsize // 4:,} characters long "
                                         f"(at most {MAX_META_CHARS:,})")
        return
    if dtype.kind != "f":
        raise NetworkFileError(path, f"field '{name}' has type {dtype}, expected floating point")
    if declared != shape:
        raise NetworkFileError(path, f"field '{name}' has shape {declared}, but the layer sizes need {shape}")


def _short(error):
    return str(error).splitlines()[0][:120] if str(error) else type(error).__name__


def _network_from_entries(path, file, archive, entries, meta):
    sizes = meta["sizes"]
    gate_sizes = meta["gate"]["sizes"] if "gate" in meta else []
    autoencoder_sizes = meta["gate"].get("autoencoder", []) if "gate" in meta else []
    check_sizes = meta["cut_check"]["sizes"] if "cut_check" in meta else []
    expected = {"meta"} | _layer_fields("", sizes) | _layer_fields("gate_", gate_sizes) | \
        _layer_fields("gate_autoencoder_", autoencoder_sizes) | _layer_fields("cut_check_", check_sizes)
    extra = sorted(set(entries) - expected)
    if extra:
        raise NetworkFileError(path, f"unexpected field {extra[0][:40]!r} (layer sizes say {len(sizes) - 1} layers"
                                     f"{f', the gate {len(gate_sizes) - 1}' if gate_sizes else ''})")
    weights, biases = _read_layers(path, file, archive, entries, "", sizes)
    info = {key: meta[key] for key in ("style", "dataset", "epochs", "test_accuracy", "history")}
    net = Network(sizes, meta["activation"], meta["output"], meta["labels"], weights=weights, biases=biases, meta=info)
    layers = (path, file, archive, entries)
    if gate_sizes:
        counts, directions = meta["gate"].get("counts", False), meta["gate"].get("directions", False)
        autoencoder = None
        if autoencoder_sizes:
            if autoencoder_sizes[0] != sizes[0] or autoencoder_sizes[-1] != sizes[0]:
                raise NetworkFileError(path, f"metadata 'gate': its autoencoder's sizes {_shown(autoencoder_sizes)} "
                                             f"do not give back the network's {sizes[0]} inputs")
            weights, biases = _read_layers(*layers, "gate_autoencoder_", autoencoder_sizes)
            autoencoder = Network(autoencoder_sizes, AUTOENCODER_ACTIVATION, AUTOENCODER_OUTPUT,
                                  weights=weights, biases=biases)
        what = "hidden units" + (" and shape counts" if counts else "") + (" and edge directions" if directions else "") \
            + (" and a redraw error" if autoencoder else "")
        gate_net = _beside(layers, "gate", gate_sizes, feature_size(net, counts, autoencoder is not None, directions),
                           what, GATE_ACTIVATION, GATE_LABELS)
        info = {key: value for key, value in meta["gate"].items()
                if key not in ("sizes", "threshold", "counts", "autoencoder", "shifts", "directions")}
        net.gate = Gate(gate_net, meta["gate"]["threshold"], info, counts, autoencoder,
                        meta["gate"].get("shifts", False), directions)
    if check_sizes:
        check_net = _beside(layers, "cut_check", check_sizes, input_size(net), "last hidden units and classes",
                            CHECK_ACTIVATION, CHECK_LABELS)
        net.cut_check = CutCheck(check_net, {key: value for key, value in meta["cut_check"].items() if key != "sizes"})
    return net


def _beside(layers, name, sizes, inputs, what, activation, labels):
    """The network kept beside the classifier under metadata ``name`` (the gate, the cut check), its layers
    read from the file; it must take the classifier's ``inputs`` values (its ``what``)."""
    path = layers[0]
    if sizes[0] != inputs:
        raise NetworkFileError(path, f"metadata '{name}': its {sizes[0]} inputs do not match the network's "
                                     f"{inputs} {what}")
    weights, biases = _read_layers(*layers, f"{name}_", sizes)
    return Network(sizes, activation, "softmax", labels, weights=weights, biases=biases)


def _layer_fields(prefix, sizes):
    return {f"{prefix}{kind}_{layer}" for kind in ("weights", "biases") for layer in range(len(sizes) - 1)}


def _read_layers(path, file, archive, entries, prefix, sizes):
    """The checked weights and biases of layers ``sizes``, from the fields named with ``prefix``."""
    weights, biases = [], []
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        for kind, shape, into in (("weights", (n_in, n_out), weights), ("biases", (n_out,), biases)):
            name = f"{prefix}{kind}_{layer}"
            into.append(_checked_array(path, _read_entry(path, file, archive, entries, name, shape), name))
    return weights, biases


def _read_meta(path, raw):
    try:
        meta = json.loads(str(raw))
    except json.JSONDecodeError as error:
        raise NetworkFileError(path, f"field 'meta' is not valid JSON ({error.msg})") from None
    except RecursionError:
        raise NetworkFileError(path, "field 'meta' is nested too deeply to read") from None
    except ValueError:  # a number with more digits than Python converts
        raise NetworkFileError(path, "field 'meta' holds a number too long to read") from None
    if _nested_deeper_than(meta, MAX_META_DEPTH):
        raise NetworkFileError(path, f"field 'meta' is nested more than {MAX_META_DEPTH} levels deep")
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise NetworkFileError(path, "field 'meta' does not describe an Inkling network")
    if meta.get("format_version") != FORMAT_VERSION:
        raise NetworkFileError(path, f"format version {meta.get('format_version')!r} is not supported "
                                     f"(this program reads version {FORMAT_VERSION})")
    meta.setdefault("history", [])
    checks = {
        "sizes": lambda v: isinstance(v, list) and 2 <= len(v) <= MAX_LAYERS + 1
        and all(isinstance(n, int) and not isinstance(n, bool) and 0 < n <= MAX_PARAMETERS for n in v),
        "activation": lambda v: v in ACTIVATIONS,
        "output": lambda v: v in OUTPUTS,
        "labels": lambda v: isinstance(v, list) and all(isinstance(c, str) and c for c in v),
        "style": lambda v: v in STYLES,
        "dataset": lambda v: isinstance(v, str),
        "epochs": lambda v: isinstance(v, int) and v >= 0,
        "test_accuracy": lambda v: v is None or (isinstance(v, (int, float)) and 0 <= v <= 1),
        "history": lambda v: isinstance(v, list) and all(isinstance(run, dict) for run in v),
    }
    for key, valid in checks.items():
        if key not in meta:
            raise NetworkFileError(path, f"metadata has no '{key}'")
        if not valid(meta[key]):
            raise NetworkFileError(path, f"metadata '{key}' is invalid: {_shown(meta[key])}")
    if "gate" in meta:
        _check_beside(path, "gate", meta["gate"], GATE_FIELDS, ("sizes", "threshold"))
    if "cut_check" in meta:
        _check_beside(path, "cut_check", meta["cut_check"], CUT_CHECK_FIELDS, ("sizes",))
    sizes = meta["sizes"]
    beside = {name.replace("_", " "): meta[name]["sizes"] for name in ("gate", "cut_check") if name in meta}
    if "autoencoder" in meta.get("gate", {}):
        beside["gate's autoencoder"] = meta["gate"]["autoencoder"]
    parameters = _parameters(sizes) + sum(map(_parameters, beside.values()))  # theirs count too
    if parameters > MAX_PARAMETERS:
        theirs = "".join(f" and the {name}'s {_shown(layers)}" for name, layers in beside.items())
        raise NetworkFileError(path, f"layer sizes {_shown(sizes)}{theirs} mean {parameters:,} parameters "
                                     f"(at most {MAX_PARAMETERS:,} are read)")
    if len(meta["labels"]) != sizes[-1]:
        raise NetworkFileError(path, f"{len(meta['labels'])} class names for {sizes[-1]} outputs")
    problem = next(filter(None, map(class_name_problem, meta["labels"])), None)
    if problem:
        raise NetworkFileError(path, f"metadata 'labels': {problem}")
    for number, run in enumerate(meta["history"], start=1):
        for key, valid in HISTORY_FIELDS.items():
            if key in run and not valid(run[key]):
                raise NetworkFileError(path, f"metadata 'history', run {number}: '{key}' is invalid: {_shown(run[key])}")
    return meta


def _parameters(sizes):
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def _kind_names(value):
    return (isinstance(value, list) and len(value) <= MAX_GATE_KINDS
            and not any(map(class_name_problem, value)))


def _count(value):
    """True for a number of things: a number, not missing, not negative."""
    return _number(value) and value is not None and value >= 0


def _beside_sizes(outputs=None):
    """The check of a beside network's layer sizes: 2 to MAX_GATE_LAYERS layers, ending in ``outputs`` (when
    given)."""
    return lambda v: (isinstance(v, list) and 3 <= len(v) <= MAX_GATE_LAYERS + 1 and v[-1] == (outputs or v[-1])
                      and all(isinstance(n, int) and not isinstance(n, bool) and 0 < n <= MAX_PARAMETERS for n in v))


# The gate's metadata: its layer sizes and its threshold on the character probability (both needed), whether it
# reads the drawing's shape counts, whether it reads its edge directions, its autoencoder's layer sizes (when it
# reads a redraw error), whether it judges a drawing in five places a pixel apart (network.gate.SHIFTS), and what it
# learned from and the command that made it (shown by info).
GATE_FIELDS = {
    "sizes": _beside_sizes(len(GATE_LABELS)),
    "counts": lambda v: isinstance(v, bool),
    "autoencoder": _beside_sizes(),
    "shifts": lambda v: isinstance(v, bool),
    "directions": lambda v: isinstance(v, bool),
    "threshold": lambda v: _number(v) and v is not None and 0 <= v <= 1,
    "learned": _kind_names,
    "held_out": _kind_names,
    "refused": lambda v: _number(v) and v is not None and 0 <= v <= 1,
    "command": lambda v: _text(v),
}


# The cut check's metadata: its layer sizes (needed), how many lines of MNIST and of drawn digits, and of EMNIST
# and drawn letters it learned from (a check without letter lines judges numbers only), and the command that
# made it.
CUT_CHECK_FIELDS = {
    "sizes": _beside_sizes(len(CHECK_LABELS)),
    **dict.fromkeys(LINE_COUNTS, _count),
    "command": lambda v: _text(v),
}


def _check_beside(path, name, value, fields, needed):
    """Refuse the metadata of a network kept beside the classifier (the gate, the cut check) without the
    ``needed`` fields, or with a field of the wrong type (see its ``fields``)."""
    if not isinstance(value, dict):
        raise NetworkFileError(path, f"metadata '{name}' is invalid: {_shown(value)}")
    for key in needed:
        if key not in value:
            raise NetworkFileError(path, f"metadata '{name}' has no '{key}'")
    for key, valid in fields.items():
        if key in value and not valid(value[key]):
            raise NetworkFileError(path, f"metadata '{name}': '{key}' is invalid: {_shown(value[key])}")


def _number(value):
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))


def _text(value):
    return value is None or isinstance(value, str)


# The fields of a training run that programs format, with the types they format them as; others pass as they are.
HISTORY_FIELDS = {
    **dict.fromkeys(("dataset", "command", "date", "finished"), _text),
    **dict.fromkeys(("epochs", "planned_epochs", "steps", "batch_size", "lr", "lr_decay", "momentum", "l2", "seed",
                     "test_accuracy", "drawings_accuracy", "drawings_tested"), _number),
    "drawings_held_out": lambda v: isinstance(v, bool),
    "test_by_class": lambda v: isinstance(v, dict) and all(
        isinstance(values, list) and all(map(_number, values)) for values in v.values()),
    "seconds": lambda v: _number(v) and v is not None and math.isfinite(v),
    "replay": lambda v: isinstance(v, dict) and isinstance(v.get("dataset"), str)
    and _number(v.get("share")) and v.get("share") is not None,
    "before": lambda v: isinstance(v, dict) and all(map(_number, v.values())),
    "refit": lambda v: isinstance(v, dict) and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0
                                                   for n in v.values()),
    "changes": lambda v: isinstance(v, list) and all(isinstance(change, dict) for change in v),
}


def _shown(value):
    """A metadata value as a short, printable excerpt for a message."""
    text = repr(value) if not isinstance(value, int) or abs(value) < 10 ** 30 else f"a {len(str(abs(value)))}-digit number"
    return text[:80] + ("..." if len(text) > 80 else "")


def _nested_deeper_than(value, limit):
    """True when lists and objects in ``value`` nest more than ``limit`` levels (checked without recursion)."""
    waiting = [(value, 0)]
    while waiting:
        item, depth = waiting.pop()
        if isinstance(item, (dict, list)):
            if depth >= limit:
                return True
            waiting.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def _checked_array(path, array, name):
    if not np.all(np.isfinite(array)):
        raise NetworkFileError(path, f"field '{name}' contains NaN or infinite values")
    return array

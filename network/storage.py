"""Saving and loading networks as .npz files: plain arrays plus a JSON metadata string, never pickle.

Layout (format version 1):
    weights_0 .. weights_{L-1}   float32 (sizes[l], sizes[l+1])
    biases_0  .. biases_{L-1}    float32 (sizes[l+1],)
    meta                         0-d unicode array holding a JSON object:
        format, format_version, sizes, activation, output, labels, style,
        dataset, epochs, test_accuracy, history (list of training runs)
"""

import json
import os
import tempfile
import zipfile

import numpy as np

from .activations import ACTIVATIONS, OUTPUTS
from .errors import NetworkFileError
from .model import Network
from .paths import remove_stale_temporaries, temporary_prefix

FORMAT = "inkling-network"
FORMAT_VERSION = 1
STYLES = ("mnist", "emnist")
ZIP_MAGIC, NPY_MAGIC = b"PK\x03\x04", b"\x93NUMPY"


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
    arrays = {"meta": np.array(json.dumps(meta))}
    for layer, (w, b) in enumerate(zip(net.weights, net.biases)):
        arrays[f"weights_{layer}"] = np.asarray(w, dtype=np.float32)
        arrays[f"biases_{layer}"] = np.asarray(b, dtype=np.float32)
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
    """Read a network from ``path``, checking every field; raises NetworkFileError naming the problem."""
    path = os.fspath(path)
    if os.path.isdir(path):
        raise NetworkFileError(path, "is a folder, not a network file")
    if not os.path.exists(path):
        raise NetworkFileError(path, "no such file")
    with open(path, "rb") as file:
        start = file.read(6)
    if not start.startswith((ZIP_MAGIC, NPY_MAGIC)):
        raise NetworkFileError(path, "is not an .npz network file (it is not a zip archive of arrays)")
    try:
        archive = np.load(path, allow_pickle=False)
        if not isinstance(archive, np.lib.npyio.NpzFile):
            raise NetworkFileError(path, "is a single .npy array, not an .npz network")
        with archive:
            arrays = {name: _read_array(path, archive, name) for name in archive.files}
    except NetworkFileError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise NetworkFileError(path, f"not a readable .npz file ({_short(error)})") from None
    return _network_from_arrays(path, arrays)


def _read_array(path, archive, name):
    try:
        return archive[name]
    except ValueError as error:
        if "pickle" in str(error):
            raise NetworkFileError(path, f"field '{name}' is an object array (refused: no pickle)") from None
        raise NetworkFileError(path, f"field '{name}' is damaged ({_short(error)})") from None
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise NetworkFileError(path, f"field '{name}' is damaged or truncated ({_short(error)})") from None


def _short(error):
    return str(error).splitlines()[0][:120] if str(error) else type(error).__name__


def _network_from_arrays(path, arrays):
    meta = _read_meta(path, arrays)
    sizes = meta["sizes"]
    weights, biases = [], []
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        weights.append(_checked_array(path, arrays, f"weights_{layer}", (n_in, n_out)))
        biases.append(_checked_array(path, arrays, f"biases_{layer}", (n_out,)))
    extra = sorted(set(arrays) - {"meta"} - {f"{kind}_{l}" for kind in ("weights", "biases")
                                              for l in range(len(sizes) - 1)})
    if extra:
        raise NetworkFileError(path, f"unexpected field '{extra[0]}' (layer sizes say {len(sizes) - 1} layers)")
    info = {key: meta[key] for key in ("style", "dataset", "epochs", "test_accuracy", "history")}
    return Network(sizes, meta["activation"], meta["output"], meta["labels"],
                   weights=weights, biases=biases, meta=info)


def _read_meta(path, arrays):
    if "meta" not in arrays:
        raise NetworkFileError(path, "missing field 'meta' (not an Inkling network)")
    raw = arrays["meta"]
    if raw.dtype.kind != "U" or raw.shape != ():
        raise NetworkFileError(path, "field 'meta' must be a single text value")
    try:
        meta = json.loads(str(raw))
    except json.JSONDecodeError as error:
        raise NetworkFileError(path, f"field 'meta' is not valid JSON ({error.msg})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise NetworkFileError(path, "field 'meta' does not describe an Inkling network")
    if meta.get("format_version") != FORMAT_VERSION:
        raise NetworkFileError(path, f"format version {meta.get('format_version')!r} is not supported "
                                     f"(this program reads version {FORMAT_VERSION})")
    meta.setdefault("history", [])
    checks = {
        "sizes": lambda v: isinstance(v, list) and len(v) >= 2
        and all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in v),
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
            raise NetworkFileError(path, f"metadata '{key}' is invalid: {meta[key]!r:.80}")
    if len(meta["labels"]) != meta["sizes"][-1]:
        raise NetworkFileError(path, f"{len(meta['labels'])} class names for {meta['sizes'][-1]} outputs")
    return meta


def _checked_array(path, arrays, name, shape):
    if name not in arrays:
        raise NetworkFileError(path, f"missing field '{name}'")
    array = arrays[name]
    if array.dtype.kind != "f":
        raise NetworkFileError(path, f"field '{name}' has type {array.dtype}, expected floating point")
    if array.shape != shape:
        raise NetworkFileError(path, f"field '{name}' has shape {array.shape}, but the layer sizes "
                                     f"need {shape}")
    if not np.all(np.isfinite(array)):
        raise NetworkFileError(path, f"field '{name}' contains NaN or infinite values")
    return array

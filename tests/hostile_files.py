"""Hostile network files, built on demand (each broke or could break a loader that believes what files say),
and a measure of what loading a file costs in memory.

``NETWORK_FILES`` maps a name to ``(build, message)``: ``build(folder)`` writes the file and returns its path,
``message`` is a regular expression the one-line error must match. The storage tests load each one, the window
tests drop each one on the real window.
"""

import io
import json
import os
import struct
import subprocess
import sys
import textwrap
import threading
import warnings
import zipfile

import numpy as np

SIZES = (784, 16, 10)
PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def meta(**changes):
    """A valid Inkling metadata object, with ``changes`` applied."""
    fields = {"format": "inkling-network", "format_version": 1, "sizes": list(SIZES), "activation": "sigmoid",
              "output": "softmax", "labels": [str(d) for d in range(10)], "style": "mnist", "dataset": "mnist",
              "epochs": 1, "test_accuracy": 0.5, "history": []}
    fields.update(changes)
    return fields


def npy(array):
    """The .npy encoding of ``array``."""
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def npy_header(shape, descr="<f4"):
    """Only the header of an .npy file declaring ``shape`` of ``descr``: what a lying file starts with."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": descr, "fortran_order": False, "shape": shape})
    return buffer.getvalue()


def entries(meta_text=None, sizes=SIZES):
    """The .npy entries of a small valid network (name -> bytes), with its meta text replaced if given."""
    result = {"meta.npy": npy(np.array(meta_text if meta_text is not None else json.dumps(meta())))}
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        result[f"weights_{layer}.npy"] = npy(np.zeros((n_in, n_out), np.float32))
        result[f"biases_{layer}.npy"] = npy(np.zeros(n_out, np.float32))
    return result


def write_zip(path, files, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def patch_entry(path, name, flags=None, method=None):
    """Rewrite the flag bits or compression method of entry ``name`` in both its local and central headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(name).header_offset
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + length] == name.encode():
            break
        central = data.find(b"PK\x01\x02", central + 1)
    for offset, value in ((6, flags), (8, method)):
        if value is not None:
            struct.pack_into("<H", data, local + offset, value)
            struct.pack_into("<H", data, central + offset + 2, value)
    path.write_bytes(bytes(data))
    return path


def with_meta(folder, name, text):
    return write_zip(folder / name, entries(meta_text=text))


def deep_json(depth):
    return json.dumps(meta(history=[{"notes": json.loads("[" * depth + "]" * depth)}]))


def huge_number_meta(folder):
    text = json.dumps(meta()).replace('"epochs": 1', '"epochs": 1' + "0" * 100_000)
    return with_meta(folder, "huge-number.npz", text)


def encrypted(folder):
    return patch_entry(write_zip(folder / "encrypted.npz", entries()), "weights_0.npy", flags=0x1)


def deflate64(folder):
    return patch_entry(write_zip(folder / "deflate64.npz", entries()), "weights_0.npy", method=9)


def header_40_gb(folder):
    files = entries()
    files["weights_0.npy"] = npy_header((100_000, 100_000)) + b"\0" * 64
    return write_zip(folder / "forty-gb.npz", files)


def zip_bomb(folder, megabytes=64, compression=zipfile.ZIP_DEFLATED):
    """weights_0 with the right header, followed by ``megabytes`` of zeros: a few hundred KB on disk (with bzip2 or
    LZMA a few KB)."""
    path = folder / "bomb.npz"
    files = entries()
    del files["weights_0.npy"]
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        with archive.open("weights_0.npy", "w", force_zip64=True) as entry:
            entry.write(npy_header((784, 16)))
            zeros = bytes(1 << 20)
            for _ in range(megabytes):
                entry.write(zeros)
    return path


def meta_bomb(folder):
    files = entries()
    files["meta.npy"] = npy_header((), descr="<U100000000") + b"\0" * 64
    return write_zip(folder / "meta-bomb.npz", files)


def huge_sizes(folder):
    files = entries()
    files["meta.npy"] = npy(np.array(json.dumps(meta(sizes=[784, 100_000, 100_000, 10]))))
    return write_zip(folder / "huge-sizes.npz", files)


def many_entries(folder):
    files = entries()
    files.update({f"extra_{n}.npy": b"" for n in range(500)})
    return write_zip(folder / "many-entries.npz", files)


def repeated_entry(folder):
    path = write_zip(folder / "repeated.npz", entries())
    with zipfile.ZipFile(path, "a") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name: that is the point
        archive.writestr("weights_0.npy", npy(np.ones((784, 16), np.float32)))
    return path


def label_with(character_or_text, name):
    labels = [str(d) for d in range(9)] + [character_or_text]
    return lambda folder: with_meta(folder, name, json.dumps(meta(labels=labels)))


def structured_weights(folder):
    files = entries()
    files["weights_0.npy"] = npy(np.zeros((784, 16), dtype=[("a", "<f4")]))
    return write_zip(folder / "structured.npz", files)


def object_meta(folder):
    files = entries()
    files["meta.npy"] = npy_header((), descr="|O") + b"\x80\x04N."
    return write_zip(folder / "pickled.npz", files)


def truncated(folder):
    path = write_zip(folder / "truncated.npz", entries(), zipfile.ZIP_DEFLATED)
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    return path


def damaged_deflate(folder):
    path = write_zip(folder / "damaged.npz", entries(), zipfile.ZIP_DEFLATED)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("weights_0.npy")
    start = info.header_offset + 30 + len(info.filename)
    data[start + 10:start + 60] = b"\xff" * 50
    path.write_bytes(bytes(data))
    return path


def fifo(folder, name="pipe.npz"):
    path = folder / name
    os.mkfifo(path)
    unblock_later(path)
    return path


def unblock_later(path):
    """If a regression opens the named pipe for reading, a writer arrives and ends the wait instead of a hang."""
    def write():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:  # nobody is reading: nothing to unblock
            pass
    timer = threading.Timer(10.0, write)
    timer.daemon = True
    timer.start()


def device(folder):
    path = folder / "zero.npz"
    os.symlink("/dev/zero", path)
    return path


def symlink_loop(folder):
    path = folder / "loop.npz"
    os.symlink(path, path)
    return path


def plain_text(folder):
    path = folder / "notes.npz"
    path.write_text("not a network\n")
    return path


def empty(folder):
    path = folder / "empty.npz"
    path.write_bytes(b"")
    return path


def single_npy(folder):
    path = folder / "array.npz"
    path.write_bytes(npy(np.zeros(3)))
    return path


def code_in_npy_header(folder):
    files = entries()
    header = b"{'descr': __import__('os').system('false'), 'fortran_order': False, 'shape': (784, 16)}"
    files["weights_0.npy"] = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header) + 1) + header + b"\n"
    return write_zip(folder / "code-header.npz", files)


def bad_npy_magic(folder):
    files = entries()
    files["weights_0.npy"] = b"\x93NUMPY\x03\x00" + b"\0" * 20
    return write_zip(folder / "npy-version.npz", files)


def load_cost(statement):
    """(MB the peak memory grows by, seconds, outcome) of ``statement`` in a fresh interpreter, after its imports."""
    script = textwrap.dedent(f"""
        import time
        import numpy as np
        import network
        from network import datasets
        from network.idx import read_idx
        def peak():  # this process's own high-water mark (ru_maxrss would count the parent's too, across exec)
            with open("/proc/self/status") as status:
                return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
        before = peak()
        started = time.perf_counter()
        try:
            {statement}
            outcome = "loaded"
        except ValueError as error:
            outcome = "refused: " + str(error).split(": ", 1)[-1][:60]
        seconds = time.perf_counter() - started
        print((peak() - before) / 1024, seconds, outcome, sep="\\t")
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, check=True)
    megabytes, seconds, outcome = result.stdout.strip().split("\t")
    return float(megabytes), float(seconds), outcome


NETWORK_FILES = {
    "meta nested 100,000 deep": (lambda f: with_meta(f, "deep.npz", "[" * 100_000 + "]" * 100_000),
                                 "nested too deeply"),
    "meta nested 100 deep": (lambda f: with_meta(f, "deep-history.npz", deep_json(100)), "nested more than"),
    "number with 100,000 digits": (huge_number_meta, "number too long to read"),
    "encrypted entry": (encrypted, "'weights_0' is encrypted"),
    "deflate64 entry": (deflate64, "compression method 9"),
    ".npy header declaring 40 GB": (header_40_gb, r"shape \(100000, 100000\), but the layer sizes need \(784, 16\)"),
    "zip bomb in weights": (zip_bomb, "'weights_0' holds more data than its shape"),
    "meta declaring 100 million characters": (meta_bomb, "'meta' is 100,000,000 characters long"),
    "layer sizes of 20 billion parameters": (huge_sizes, "parameters"),
    "500 zip entries": (many_entries, "claims 505 entries"),
    "an entry twice": (repeated_entry, "'weights_0' appears twice"),
    "history with text for numbers": (lambda f: with_meta(f, "history.npz", json.dumps(meta(history=[
        {"dataset": "mnist", "lr": "fast", "seconds": "long"}]))), "'history', run 1: 'lr' is invalid: 'fast'"),
    "history with an endless duration": (lambda f: with_meta(f, "forever.npz", json.dumps(meta(history=[
        {"seconds": 1e400}])).replace("Infinity", "1e400")), "'seconds' is invalid"),
    "class name with NUL": (label_with("9\x00", "nul-label.npz"), "control characters"),
    "class name of 100,000 characters": (label_with("x" * 100_000, "long-label.npz"), "100,000 characters long"),
    "class name with a newline": (label_with("nine\nlines", "newline-label.npz"), "control characters"),
    "structured weights": (structured_weights, "'weights_0' has type"),
    "pickled meta": (object_meta, "object array"),
    "truncated archive": (truncated, "not a readable .npz"),
    "damaged deflate data": (damaged_deflate, "not a readable .npz"),
    ".npy format version 3": (bad_npy_magic, "format version"),
    "code in an .npy header": (code_in_npy_header, "'weights_0' has a broken .npy header"),
    "named pipe": (fifo, "is a named pipe"),
    "character device": (device, "is a character device"),
    "symlink loop": (symlink_loop, "cannot be read"),
    "plain text": (plain_text, "is not an .npz network file"),
    "empty file": (empty, "is not an .npz network file"),
    "single .npy": (single_npy, "single .npy array"),
}

"""The .npz format: a round trip keeps everything, every kind of broken file gets one clear error."""

import json
import os
import zipfile

import numpy as np
import pytest

import network
from network import Network, NetworkFileError
from network.storage import load, save

from hostile_files import NETWORK_FILES, load_cost, zip_bomb


def small_network(**kwargs):
    return Network((784, 16, 10), seed=3, meta={"style": "mnist", "dataset": "mnist", "epochs": 2,
                                                 "test_accuracy": 0.9, "history": [{"dataset": "mnist"}]},
                   **kwargs)


def test_round_trip_keeps_parameters_and_metadata(tmp_path):
    net = Network((784, 12, 8, 26), activation="relu", output="sigmoid", seed=1,
                  labels=[chr(65 + i) for i in range(26)],
                  meta={"style": "emnist", "dataset": "emnist-letters", "epochs": 3, "test_accuracy": 0.875,
                        "history": [{"dataset": "emnist-letters", "lr": 0.1}]})
    path = tmp_path / "letters.npz"
    network.save(net, path)
    loaded = network.load(path)
    assert loaded.sizes == (784, 12, 8, 26) and loaded.labels == net.labels
    assert (loaded.activation, loaded.output) == ("relu", "sigmoid")
    assert loaded.meta["style"] == "emnist" and loaded.meta["test_accuracy"] == 0.875
    assert loaded.meta["history"] == [{"dataset": "emnist-letters", "lr": 0.1}]
    for a, b in zip(net.weights + net.biases, loaded.weights + loaded.biases):
        assert b.dtype == np.float32
        np.testing.assert_array_equal(a, b)
    x = np.random.default_rng(0).random((3, 784), dtype=np.float32)
    np.testing.assert_array_equal(net.predict_proba(x), loaded.predict_proba(x))


def test_saving_leaves_no_temporary_files_and_honours_the_umask(tmp_path):
    save(small_network(), tmp_path / "a.npz")
    assert os.listdir(tmp_path) == ["a.npz"]
    mask = os.umask(0o022)
    try:
        save(small_network(), tmp_path / "b.npz")
    finally:
        os.umask(mask)
    assert os.stat(tmp_path / "b.npz").st_mode & 0o777 == 0o644  # readable like any saved file


def test_failed_save_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "keep.npz"
    save(small_network(), path)
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez_compressed", crash)
    with pytest.raises(OSError):
        save(Network((784, 5, 10)), path)
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["keep.npz"]


def rewrite(path, **changes):
    """Save the arrays of ``path`` again with some replaced (None removes one)."""
    with np.load(path, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    for name, value in changes.items():
        if value is None:
            arrays.pop(name)
        else:
            arrays[name] = value
    np.savez(path, **arrays)


def with_meta(path, **changes):
    with np.load(path, allow_pickle=False) as archive:
        meta = json.loads(str(archive["meta"]))
    meta.update(changes)
    for key in [k for k, v in changes.items() if v is ...]:
        meta.pop(key)
    rewrite(path, meta=np.array(json.dumps(meta)))


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "net.npz"
    save(small_network(), path)
    return path


@pytest.mark.parametrize("damage,message", [
    (lambda p: rewrite(p, weights_1=None), "missing field 'weights_1'"),
    (lambda p: rewrite(p, meta=None), "missing field 'meta'"),
    (lambda p: rewrite(p, weights_0=np.zeros((784, 15), np.float32)), "'weights_0' has shape \\(784, 15\\)"),
    (lambda p: rewrite(p, biases_0=np.full(16, np.nan, np.float32)), "'biases_0' contains NaN"),
    (lambda p: rewrite(p, weights_1=np.full((16, 10), np.inf, np.float32)), "'weights_1' contains NaN or inf"),
    (lambda p: rewrite(p, weights_0=np.zeros((784, 16), np.int32)), "'weights_0' has type int32"),
    (lambda p: rewrite(p, meta=np.array("{not json")), "'meta' is not valid JSON"),
    (lambda p: rewrite(p, extra=np.zeros(3)), "unexpected field 'extra'"),
    (lambda p: with_meta(p, sizes=[784, 16, 12, 10]), "missing field 'weights_2'|'weights_1' has shape"),
    (lambda p: with_meta(p, sizes=[784, 0, 10]), "metadata 'sizes' is invalid"),
    (lambda p: with_meta(p, labels=["a", "b"]), "2 class names for 10 outputs"),
    (lambda p: with_meta(p, activation="tanh"), "metadata 'activation' is invalid"),
    (lambda p: with_meta(p, style="paint"), "metadata 'style' is invalid"),
    (lambda p: with_meta(p, test_accuracy=3), "metadata 'test_accuracy' is invalid"),
    (lambda p: with_meta(p, format_version=99), "format version 99 is not supported"),
    (lambda p: with_meta(p, format="something-else"), "does not describe an Inkling network"),
    (lambda p: with_meta(p, labels=...), "metadata has no 'labels'"),
])
def test_broken_fields_are_named(saved, damage, message):
    damage(saved)
    with pytest.raises(NetworkFileError, match=message) as error:
        load(saved)
    assert str(saved) in str(error.value) and isinstance(error.value, ValueError)


def test_object_array_is_refused_without_unpickling(tmp_path):
    path = tmp_path / "pickled.npz"
    np.savez(path, meta=np.array([{"evil": 1}], dtype=object))
    with pytest.raises(NetworkFileError, match="object array"):
        load(path)


@pytest.mark.parametrize("content", [b"", b"hello, not a zip", b"\x89PNG\r\n\x1a\n" + b"\0" * 50])
def test_not_an_npz(tmp_path, content):
    path = tmp_path / "junk.npz"
    path.write_bytes(content)
    with pytest.raises(NetworkFileError, match="junk.npz: is not an .npz network file"):
        load(path)


def test_truncated_npz(saved):
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    with pytest.raises(NetworkFileError, match="net.npz"):
        load(saved)


def test_foreign_npz_and_plain_npy(tmp_path):
    path = tmp_path / "foreign.npz"
    np.savez(path, x=np.zeros(3))
    with pytest.raises(NetworkFileError, match="missing field 'meta'"):
        load(path)
    npy = tmp_path / "array.npy"
    np.save(npy, np.zeros(3))
    with pytest.raises(NetworkFileError, match="single .npy array"):
        load(npy)


def test_directory_and_missing_file(tmp_path):
    with pytest.raises(NetworkFileError, match="is a folder"):
        load(tmp_path)
    with pytest.raises(NetworkFileError, match="no such file"):
        load(tmp_path / "absent.npz")


def test_archive_holds_only_plain_arrays(saved):
    with zipfile.ZipFile(saved) as bundle:
        assert sorted(bundle.namelist()) == ["biases_0.npy", "biases_1.npy", "meta.npy",
                                             "weights_0.npy", "weights_1.npy"]


@pytest.mark.parametrize("name", list(NETWORK_FILES))
def test_hostile_network_files_give_one_line_naming_file_and_problem(tmp_path, name):
    build, message = NETWORK_FILES[name]
    path = build(tmp_path)
    with pytest.raises(NetworkFileError, match=message) as error:
        load(path)
    text = str(error.value)
    assert text.startswith(str(path)) and "\n" not in text and "\0" not in text and len(text) < 300


def test_a_network_file_that_cannot_be_opened_is_named(saved, monkeypatch):
    def refuse(*args, **kwargs):  # what chmod 000 does, for tests running as root too
        raise PermissionError(13, "Permission denied", str(saved))
    monkeypatch.setattr("network.storage.open", refuse, raising=False)
    with pytest.raises(NetworkFileError, match="net.npz: cannot be read \\(Permission denied\\)$"):
        load(saved)


def test_a_zip_bomb_is_refused_without_being_inflated(tmp_path):
    path = zip_bomb(tmp_path, megabytes=128)
    growth, _, outcome = load_cost(f"network.load({str(path)!r})")
    assert outcome.startswith("refused: field 'weights_0' holds more data")
    assert growth < 32, f"{growth:.0f} MB to refuse a zip bomb of 128 MB"


def recompressed(source, target, compression):
    """The network file ``source`` written again with every entry compressed by ``compression``, as numpy can."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", compression) as copy:
        for name in original.namelist():
            copy.writestr(name, original.read(name))
    return target


@pytest.mark.parametrize("compression", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA], ids=["bzip2", "lzma"])
def test_entries_compressed_with_bzip2_or_lzma_load_like_deflated_ones(saved, tmp_path, compression):
    path = recompressed(saved, tmp_path / "other.npz", compression)
    assert dict(np.load(path, allow_pickle=False)).keys() == dict(np.load(saved, allow_pickle=False)).keys()
    net, original = load(path), load(saved)
    for mine, theirs in zip(net.weights + net.biases, original.weights + original.biases):
        np.testing.assert_array_equal(mine, theirs)
    assert net.labels == original.labels and net.meta == original.meta


@pytest.mark.parametrize("compression", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA], ids=["bzip2", "lzma"])
def test_a_bzip2_or_lzma_zip_bomb_is_refused_without_being_inflated(tmp_path, compression):
    path = zip_bomb(tmp_path, megabytes=32, compression=compression)
    assert path.stat().st_size < 64 * 1024  # 32 MB of zeros in a few KB: each KB would inflate to megabytes
    growth, _, outcome = load_cost(f"network.load({str(path)!r})")
    assert outcome.startswith("refused: field 'weights_0' holds more data")
    assert growth < 16, f"{growth:.0f} MB to refuse a zip bomb of 32 MB"


@pytest.mark.parametrize("compression", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA], ids=["bzip2", "lzma"])
def test_damaged_bzip2_or_lzma_data_is_one_clear_line(saved, tmp_path, compression):
    path = recompressed(saved, tmp_path / "damaged.npz", compression)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("weights_0.npy")
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle:middle + 16] = bytes(16)
    path.write_bytes(bytes(data))
    with pytest.raises(NetworkFileError, match=r"damaged.npz: not a readable .npz file \("):
        load(path)

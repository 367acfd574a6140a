"""Downloads against a small HTTP server on 127.0.0.1 serving files the test makes."""

import gzip
import hashlib
import http.server
import io
import threading
import zipfile

import numpy as np
import pytest

from network import datasets, download
from network.cli import main
from network.download import DownloadError, Source

from conftest import idx_bytes

POLL_SECONDS = 0.02  # how often a test server checks for shutdown (the default 0.5 s is waited out per test)


@pytest.fixture
def server(tmp_path):
    """A local HTTP server for tmp_path/www; yields its base URL."""
    root = tmp_path / "www"
    root.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=httpd.serve_forever, args=(POLL_SECONDS,), daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def mnist_files(n=12):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, n, dtype=np.uint8)
    files = {}
    for prefix in ("train", "t10k"):
        files[f"{prefix}-images-idx3-ubyte.gz"] = gzip.compress(idx_bytes(images))
        files[f"{prefix}-labels-idx1-ubyte.gz"] = gzip.compress(idx_bytes(labels))
    return files


def publish(root, files, monkeypatch, name="mnist", folder="mnist", algorithm="sha256"):
    for file_name, data in files.items():
        (root / file_name).write_bytes(data)
    digests = {file_name: hashlib.new(algorithm, data).hexdigest() for file_name, data in files.items()}
    monkeypatch.setitem(download.SOURCES, name, Source(("http://127.0.0.1:9/",), digests, algorithm, folder))


def test_download_mnist_verifies_and_loads(tmp_path, server, monkeypatch):
    root, url = server
    publish(root, mnist_files(), monkeypatch)
    progress = []
    download.fetch("mnist", str(tmp_path / "data"), progress=lambda *a: progress.append(a), mirrors=[url])
    images, labels, _ = datasets.load("mnist", "train", str(tmp_path / "data"))
    assert images.shape == (12, 28, 28)
    assert progress[-1][1] == progress[-1][2] > 0  # the bar reached the full size
    assert not list((tmp_path / "data" / "mnist").glob("*.part"))


@pytest.fixture
def dead_mirror():
    """A mirror that answers every request with 503 Service Unavailable; yields its URL and the paths asked of it."""
    asked = []

    class Down(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_error(503)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Down)
    threading.Thread(target=httpd.serve_forever, args=(POLL_SECONDS,), daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", asked
    httpd.shutdown()
    httpd.server_close()


def test_first_mirror_down_second_works(tmp_path, server, dead_mirror, monkeypatch):
    root, url = server
    files = mnist_files()
    publish(root, files, monkeypatch)
    dead, asked = dead_mirror
    download.fetch("mnist", str(tmp_path), mirrors=[dead, url])
    assert asked == [f"/{name}" for name in files]  # every file was asked of the dead mirror first
    assert datasets.is_available("mnist", str(tmp_path))
    assert not list((tmp_path / "mnist").glob("*.part"))


def test_bad_checksum_leaves_no_file(tmp_path, server, monkeypatch):
    root, url = server
    files = mnist_files()
    publish(root, files, monkeypatch)
    (root / "t10k-labels-idx1-ubyte.gz").write_bytes(b"tampered")
    with pytest.raises(DownloadError, match="t10k-labels-idx1-ubyte.gz.*checksum"):
        download.fetch("mnist", str(tmp_path), mirrors=[url])
    assert not (tmp_path / "mnist" / "t10k-labels-idx1-ubyte.gz").exists()
    assert not list((tmp_path / "mnist").glob("*.part"))


def test_offline_is_a_clear_message(tmp_path, monkeypatch, capsys):
    publish(tmp_path, mnist_files(), monkeypatch)
    monkeypatch.setattr(download, "SOURCES", {**download.SOURCES, "mnist": Source(
        ("http://127.0.0.1:9/",), download.SOURCES["mnist"].files, "sha256", "mnist")})
    assert main(["download", "mnist", "--data-dir", str(tmp_path / "data")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: could not download") and "offline" in err and "Traceback" not in err


def test_download_emnist_unpacks_letters(tmp_path, server, monkeypatch):
    root, url = server
    packed = io.BytesIO()
    labels = np.array([1, 26], dtype=np.uint8)
    images = np.zeros((2, 28, 28), dtype=np.uint8)
    with zipfile.ZipFile(packed, "w") as bundle:
        for split in ("train", "test"):
            bundle.writestr(f"gzip/emnist-letters-{split}-images-idx3-ubyte.gz", gzip.compress(idx_bytes(images)))
            bundle.writestr(f"gzip/emnist-letters-{split}-labels-idx1-ubyte.gz", gzip.compress(idx_bytes(labels)))
        bundle.writestr("gzip/emnist-letters-mapping.txt", "1 65 97\n")
    publish(root, {"gzip.zip": packed.getvalue()}, monkeypatch, "emnist", "emnist-download", "md5")
    download.fetch("emnist", str(tmp_path), mirrors=[url])
    _, got_labels, classes = datasets.load("emnist-letters", "test", str(tmp_path))
    assert got_labels.tolist() == [0, 25] and classes[25] == "Z"
    assert not (tmp_path / "emnist-download").exists()

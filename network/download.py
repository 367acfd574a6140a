"""Fetching the original MNIST and EMNIST files from their public locations, checksums verified.

Files are streamed to a ``.part`` file beside the target and renamed only once their checksum
matches, so an interrupted or corrupted download never leaves a file that looks complete.
"""

import hashlib
import os
import shutil
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass

from .errors import InklingError


class DownloadError(InklingError):
    """A download that could not be completed: offline, missing on every mirror, or a bad checksum."""


@dataclass(frozen=True)
class Source:
    """Where a dataset's files are published and the checksum each must have."""
    mirrors: tuple
    files: dict  # file name -> hex digest
    algorithm: str
    folder: str


SOURCES = {
    "mnist": Source(
        mirrors=("https://yann.lecun.com/exdb/mnist/", "https://ossci-datasets.s3.amazonaws.com/mnist/"),
        files={
            "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
        },
        algorithm="sha256", folder="mnist"),
    "emnist": Source(
        mirrors=("https://biometrics.nist.gov/cs_links/EMNIST/",),
        files={"gzip.zip": "58c8d27c78d21e728a6bc7b3cc06412e"},
        algorithm="md5", folder="emnist-download"),
}

EMNIST_VARIANTS = ("letters", "digits", "mnist")


def fetch(name, root, progress=None, mirrors=None):
    """Download dataset ``name`` into ``root/<folder>``; ``mirrors`` overrides the published locations."""
    source = SOURCES[name]
    folder = os.path.join(root, source.folder)
    os.makedirs(folder, exist_ok=True)
    for file_name, digest in source.files.items():
        target = os.path.join(folder, file_name)
        if os.path.exists(target) and _digest(target, source.algorithm) == digest:
            if progress:
                size = os.path.getsize(target)
                progress(f"{file_name} (already here)", size, size)
            continue
        _download_verified(file_name, mirrors or source.mirrors, target, digest, source.algorithm, progress)
    if name == "emnist":
        _unpack_emnist(os.path.join(folder, "gzip.zip"), root)
        shutil.rmtree(folder)


def _download_verified(file_name, mirrors, target, digest, algorithm, progress):
    problems = []
    for base in mirrors:
        url = base.rstrip("/") + "/" + file_name
        try:
            _stream(url, target + ".part", file_name, progress)
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", None) or getattr(error, "code", None) or error
            problems.append(f"{url}: {reason}")
            continue
        actual = _digest(target + ".part", algorithm)
        if actual != digest:
            os.unlink(target + ".part")
            problems.append(f"{url}: {algorithm} checksum {actual} does not match the published {digest}")
            continue
        os.replace(target + ".part", target)
        return
    offline = all("Errno" in p or "Name or service" in p or "refused" in p or "timed out" in p for p in problems)
    hint = " (are you offline? check the internet connection)" if offline else ""
    raise DownloadError(f"could not download {file_name}{hint}:\n  " + "\n  ".join(problems))


def _stream(url, part, label, progress, chunk=1 << 16):
    request = urllib.request.Request(url, headers={"User-Agent": "Inkling dataset downloader"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response, open(part, "wb") as file:
            total = int(response.headers.get("Content-Length") or 0)
            done = 0
            while block := response.read(chunk):
                file.write(block)
                done += len(block)
                if progress:
                    progress(label, done, total)
    except BaseException:
        if os.path.exists(part):
            os.unlink(part)
        raise


def _digest(path, algorithm):
    hasher = hashlib.new(algorithm)
    with open(path, "rb") as file:
        while block := file.read(1 << 20):
            hasher.update(block)
    return hasher.hexdigest()


def _unpack_emnist(archive, root):
    """Copy the IDX files of the variants Inkling reads out of NIST's archive into ``root/emnist-<variant>``."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            for member in bundle.namelist():
                base = os.path.basename(member)
                variant = next((v for v in EMNIST_VARIANTS if base.startswith(f"emnist-{v}-")), None)
                if variant is None or not base.endswith(".gz"):
                    continue
                folder = os.path.join(root, f"emnist-{variant}")
                os.makedirs(folder, exist_ok=True)
                with bundle.open(member) as packed, open(os.path.join(folder, base) + ".part", "wb") as out:
                    shutil.copyfileobj(packed, out)
                os.replace(os.path.join(folder, base) + ".part", os.path.join(folder, base))
    except zipfile.BadZipFile as error:
        raise DownloadError(f"{archive}: the downloaded archive is damaged ({error})") from None

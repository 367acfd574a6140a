"""Hostile and unusual dataset files, built here: each gives one line naming the file, or is read correctly."""

import gzip
import os
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from network import DatasetError, datasets
from network.cli import load_training_data
from network.idx import read_idx

from conftest import idx_bytes
from hostile_files import load_cost, unblock_later


def one_line(error, path):
    text = str(error.value)
    assert text.startswith(str(path)) and "\n" not in text and len(text) < 300
    return text


def idx_header(*shape):
    return bytes([0, 0, 8, len(shape)]) + struct.pack(f">{len(shape)}I", *shape)


# --- IDX -----------------------------------------------------------------------------------------------

def test_gzip_idx_claiming_a_billion_images_fails_before_reading(tmp_path):
    path = tmp_path / "claims-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(idx_header(10 ** 9, 28, 28) + bytes(784 * 3)))
    with pytest.raises(DatasetError, match=r"more than the 1,073,741,824 read") as error:
        read_idx(str(path), 3)
    one_line(error, path)


def test_gzip_idx_claiming_more_than_its_size_can_inflate_to(tmp_path):
    path = tmp_path / "claims-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(idx_header(1_000_000, 28, 28) + bytes(784 * 3)))
    with pytest.raises(DatasetError, match="truncated: .* a gzip file of .* bytes cannot hold that much"):
        read_idx(str(path), 3)


def test_idx_dimensions_whose_product_wraps_around_in_64_bits(tmp_path):
    path = tmp_path / "wraps-idx3-ubyte"
    path.write_bytes(idx_header(2 ** 21, 2 ** 21, 2 ** 22) + bytes(100))  # 2**64 bytes: 0 in 64-bit arithmetic
    with pytest.raises(DatasetError, match="18,446,744,073,709,551,616 bytes, more than"):
        read_idx(str(path), 3)


def test_gzip_bomb_after_the_promised_data_is_not_inflated(tmp_path):
    path = tmp_path / "bomb-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(idx_header(10, 28, 28) + bytes(784 * 10) + bytes(32 << 20)))
    with pytest.raises(DatasetError, match=r"unexpected data after shape \(10, 28, 28\)"):
        read_idx(str(path), 3)


def test_truncated_raw_idx_is_named_with_its_sizes(tmp_path):
    path = tmp_path / "short-idx3-ubyte"
    path.write_bytes(idx_bytes(np.zeros((10, 28, 28)))[:-100])
    with pytest.raises(DatasetError, match="promises 7,840 bytes .* the file has 7,740") as error:
        read_idx(str(path), 3)
    one_line(error, path)


def test_zero_image_idx_is_an_empty_dataset(tmp_path):
    folder = tmp_path / "mnist"
    folder.mkdir()
    for prefix in ("train", "t10k"):
        (folder / f"{prefix}-images-idx3-ubyte").write_bytes(idx_header(0, 28, 28))
        (folder / f"{prefix}-labels-idx1-ubyte").write_bytes(idx_header(0))
    with pytest.raises(DatasetError, match="train-images-idx3-ubyte: holds no images"):
        datasets.load("mnist", "train", str(tmp_path))


def test_named_pipe_as_idx_file_is_refused_unread(tmp_path):
    folder = tmp_path / "mnist"
    folder.mkdir()
    os.mkfifo(folder / "train-images-idx3-ubyte")
    unblock_later(folder / "train-images-idx3-ubyte")
    (folder / "train-labels-idx1-ubyte").write_bytes(idx_header(0))
    with pytest.raises(DatasetError, match="train-images-idx3-ubyte: is a named pipe"):
        datasets.load("mnist", "train", str(tmp_path))


# --- CSV -----------------------------------------------------------------------------------------------

def csv_rows(labels, value=7):
    return "".join(f"{label}," + ",".join([str(value)] * 784) + "\n" for label in labels)


def test_csv_with_a_byte_order_mark_and_no_header_keeps_its_first_row(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_rows([3, 1, 4]).encode())
    images, labels, _ = datasets.load_csv(str(path))
    assert labels.tolist() == [3, 1, 4] and images.shape == (3, 28, 28)
    path.write_bytes(b"\xef\xbb\xbflabel," + ",".join(f"p{i}" for i in range(784)).encode() + b"\n"
                     + csv_rows([3, 1]).encode())
    assert datasets.load_csv(str(path))[1].tolist() == [3, 1]


def test_csv_with_windows_line_ends_and_decimal_values(tmp_path):
    path = tmp_path / "decimals.csv"
    path.write_bytes(csv_rows([2, 5]).replace("7,", "7.0,").replace("\n", "\r\n").encode())
    images, labels, classes = datasets.load_csv(str(path))
    assert labels.tolist() == [2, 5] and images[0, 0, 0] == 7 and len(classes) == 6


@pytest.mark.parametrize("content, message", [
    (csv_rows([1, 2]) + "3," + ",".join(["1.5"] * 784) + "\n", "line 3: a pixel value is not a whole number"),
    (csv_rows([1]) + "\n\n" + "2," + ",".join(["x\xff"] * 784) + "\n", "line 4: 'x\ufffd' is not a number"),
    (csv_rows([1]) + "4," + ",".join(["nan"] * 784) + "\n", "line 2: a pixel value is not a whole number"),
    (csv_rows([1]) + "4," + ",".join(["1e999"] * 784) + "\n", "line 2: a pixel value is not a whole number"),
    (csv_rows([1]) + "4,,," + ",".join(["1"] * 782) + "\n", "line 2: '' is not a number"),
    ("", "has no data rows"),
    ("label,pixel\n", "has no data rows"),
])
def test_bad_csv_rows_are_named_by_line(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content.encode("latin-1") if "\xff" in content else content.encode())
    with pytest.raises(DatasetError, match=message) as error:
        datasets.load_csv(str(path))
    one_line(error, path)


def test_a_csv_of_one_endless_line_is_refused_at_its_limit(tmp_path):
    path = tmp_path / "endless.csv"
    path.write_bytes(b"1," + b"0," * (1 << 20))
    with pytest.raises(DatasetError, match="line 1 is longer than 65,536 characters"):
        datasets.load_csv(str(path))


def test_named_pipe_as_csv_is_refused_unread(tmp_path):
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    unblock_later(path)
    with pytest.raises(DatasetError, match="pipe.csv: is a named pipe, not a CSV file"):
        datasets.load(str(path), "train")


def test_csv_loading_takes_about_the_size_of_its_images_in_memory(tmp_path):
    path = tmp_path / "big.csv"
    rng = np.random.default_rng(0)
    block = "".join(f"{label}," + ",".join(map(str, row)) + "\n"
                    for label, row in zip(rng.integers(0, 10, 500), rng.integers(0, 256, (500, 784))))
    with open(path, "w") as file:
        for _ in range(40):
            file.write(block)
    megabytes = path.stat().st_size / 2 ** 20  # about 56 MB of text for 20,000 images
    growth, _, outcome = load_cost(f"assert len(datasets.load_csv({str(path)!r})[1]) == 20000")
    assert outcome == "loaded" and growth < 1.5 * megabytes, f"{growth:.0f} MB to read a {megabytes:.0f} MB CSV"


def test_an_idx_bomb_costs_no_more_memory_than_its_header_promises(tmp_path):
    path = tmp_path / "bomb-idx3-ubyte.gz"
    with gzip.open(path, "wb", compresslevel=1) as file:
        file.write(idx_header(100, 28, 28))
        for _ in range(256):
            file.write(bytes(1 << 20))  # 256 MB of zeros after the 78 KB promised
    growth, _, outcome = load_cost(f"read_idx({str(path)!r}, 3)")
    assert outcome.startswith("refused: unexpected data")
    assert growth < 32, f"{growth:.0f} MB to refuse a gzip bomb"


# --- PNG folders -------------------------------------------------------------------------------------

def ink_square(value=255, background=0, size=28, dtype=np.uint8):
    image = np.full((size, size), background, dtype=dtype)
    image[8:20, 8:20] = value
    return image


def read_one(tmp_path, image, name="a.png", **save):
    (tmp_path / "k").mkdir(exist_ok=True)
    image.save(tmp_path / "k" / name, **save)
    images, labels, classes = datasets.load_png_tree(str(tmp_path))
    return images[0]


def test_png_ink_on_a_transparent_background_reads_as_ink(tmp_path):
    for colour in (0, 255):  # black ink and white ink, each opaque on a fully transparent background
        rgba = np.zeros((28, 28, 4), np.uint8)
        rgba[..., :3] = 255 - colour
        rgba[8:20, 8:20] = (colour, colour, colour, 255)
        pixels = read_one(tmp_path, Image.fromarray(rgba, "RGBA"))
        assert pixels[12, 12] == 255 and pixels[0, 0] == 0


def test_png_16_bit_grey_is_scaled_not_clipped(tmp_path):
    pixels = read_one(tmp_path, Image.fromarray(ink_square(40_000, 0, dtype=np.uint16)))
    assert pixels[12, 12] == round(40_000 * 255 / 65535) and pixels[0, 0] == 0


def test_png_palette_greyscale_and_one_bit_images(tmp_path):
    grey = Image.fromarray(ink_square(0, 255))  # dark ink on white paper
    assert read_one(tmp_path, grey)[12, 12] == 255
    assert read_one(tmp_path, grey.convert("P"))[12, 12] == 255
    assert read_one(tmp_path, grey.convert("1"))[12, 12] == 255
    palette = Image.fromarray(ink_square(1, 0)).convert("P")
    palette.putpalette([255, 255, 255, 0, 0, 0] + [0] * 762)
    pixels = read_one(tmp_path, palette, transparency=0)  # index 0 (white) transparent: black ink on nothing
    assert pixels[12, 12] == 255 and pixels[0, 0] == 0


def png_declaring(width, height):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("side", [20_000, 5_000])
def test_a_huge_png_gives_our_message(tmp_path, side):
    (tmp_path / "k").mkdir()
    path = tmp_path / "k" / "huge.png"
    path.write_bytes(png_declaring(side, side))
    with pytest.raises(DatasetError, match="huge.png: is .*too large") as error:
        datasets.load_png_tree(str(tmp_path))
    one_line(error, path)


def test_named_pipe_png_and_odd_class_folder_names(tmp_path):
    (tmp_path / "k").mkdir()
    os.mkfifo(tmp_path / "k" / "pipe.png")
    unblock_later(tmp_path / "k" / "pipe.png")
    with pytest.raises(DatasetError, match="pipe.png: is a named pipe"):
        datasets.load_png_tree(str(tmp_path))
    os.unlink(tmp_path / "k" / "pipe.png")
    (tmp_path / "bad\nname").mkdir()
    with pytest.raises(DatasetError, match=r"bad\\nname: cannot be a class: .* control characters") as error:
        datasets.load_png_tree(str(tmp_path))
    assert "\n" not in str(error.value)


def make_tree(root, split, classes):
    for index, name in enumerate(classes):
        (root / split / name).mkdir(parents=True)
        for copy in range(2):
            Image.fromarray(ink_square(255 - 20 * index)).save(root / split / name / f"{copy}.png")


def test_test_classes_are_matched_to_training_classes_by_name(tmp_path):
    make_tree(tmp_path, "train", ["a", "b", "c"])
    make_tree(tmp_path, "test", ["b", "c"])
    (_, _), (_, test_labels), classes, _ = load_training_data(str(tmp_path))
    assert classes == ["a", "b", "c"] and test_labels.tolist() == [1, 1, 2, 2]


def test_test_classes_the_training_data_lacks_are_named(tmp_path):
    make_tree(tmp_path, "train", ["a", "b"])
    make_tree(tmp_path, "test", ["a", "z"])
    with pytest.raises(DatasetError, match="test: has classes that the training data lacks: z"):
        load_training_data(str(tmp_path))


def test_an_unreadable_class_folder_is_named(tmp_path, monkeypatch):
    make_tree(tmp_path, "train", ["a"])
    listdir = os.listdir

    def refuse_class_folders(path):  # what chmod 000 does, for tests running as root too
        if os.path.basename(path) == "a":
            raise PermissionError(13, "Permission denied", path)
        return listdir(path)
    monkeypatch.setattr(os, "listdir", refuse_class_folders)
    with pytest.raises(DatasetError, match="train/a: cannot be read \\(Permission denied\\)"):
        datasets.load_png_tree(str(tmp_path / "train"))

"""python -m network read as a user runs it: one row per picture in order, and one clear line per bad picture."""

import io
import os
import resource
import struct
import subprocess
import sys
import zlib

import numpy as np
import pytest
from PIL import Image

from network.cli import main
from reading_images import on_paper, one_zero

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def save(path, pixels, **options):
    Image.fromarray(pixels).save(path, **options)
    return str(path)


def png_claiming(path, width, height):
    """A tiny PNG whose header claims ``width`` x ``height`` grey pixels (a decompression bomb's header)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\0" * (width + 1) * 4)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    return str(path)


def test_rows_in_order_with_tab_and_text(tmp_path, capsys):
    number = save(tmp_path / "number.png", on_paper(one_zero()))
    page = np.zeros((260, 200), dtype=np.float32)
    page[:100], page[150:250] = one_zero(), one_zero()
    two_lines = save(tmp_path / "page.jpg", on_paper(page), quality=85)
    blank = save(tmp_path / "blank.png", np.full((80, 120), 250, dtype=np.uint8))
    assert main(["read", two_lines, number, blank, "--as", "number"]) == 0
    out = capsys.readouterr().out
    assert out == f"{two_lines}\t10 / 10\n{number}\t10\n{blank}\t\n"


def test_boxes_give_each_character_its_box_and_top_guesses(tmp_path, capsys):
    number = save(tmp_path / "number.png", on_paper(one_zero()))
    assert main(["read", number, "--as", "number", "--boxes"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == f"{number}\t10" and len(rows) == 3
    box, text, guesses = rows[2].lstrip("\t").split("\t")
    left, top, right, bottom = map(int, box.split())
    assert left < 80 < 120 < right and text == "0" and len(guesses.split()) == 3


def test_a_photo_turned_by_exif_is_read_upright(tmp_path, capsys):
    turned = Image.fromarray(on_paper(one_zero())).rotate(90, expand=True)  # stored sideways
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera says: turn it a quarter clockwise to show it
    path = tmp_path / "phone.jpg"
    turned.save(path, exif=exif, quality=90)
    assert main(["read", str(path), "--as", "number"]) == 0
    assert capsys.readouterr().out == f"{path}\t10\n"


def test_bad_pictures_get_one_line_each_and_the_rest_are_read(tmp_path, capsys):
    good = save(tmp_path / "good.png", on_paper(one_zero()))
    jpeg = io.BytesIO()
    Image.fromarray(on_paper(one_zero())).save(jpeg, format="JPEG")
    bad = {
        "black.png": (save(tmp_path / "black.png", np.zeros((60, 90), dtype=np.uint8)), "all black"),
        "dot.png": (save(tmp_path / "dot.png", np.zeros((1, 1), dtype=np.uint8)), "1x1 pixels, too small"),
        "cut.jpg": (str(tmp_path / "cut.jpg"), "not a readable image"),
        "bomb.png": (png_claiming(tmp_path / "bomb.png", 30000, 30000), "too large"),
        "notes.png": (str(tmp_path / "notes.png"), "not a readable image"),
        "folder": (str(tmp_path), "is a folder"),
    }
    (tmp_path / "cut.jpg").write_bytes(jpeg.getvalue()[:len(jpeg.getvalue()) // 2])
    (tmp_path / "notes.png").write_text("shopping: milk, eggs\n")
    paths = [path for path, _ in bad.values()]
    assert main(["read", *paths[:3], good, *paths[3:], "--as", "number"]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"{good}\t10\n"
    lines = captured.err.splitlines()
    assert len(lines) == len(bad)
    for line, (path, problem) in zip(lines, bad.values()):
        assert line.startswith(f"error: {path}: ") and problem in line and "Traceback" not in line


def test_sixteen_bit_and_palette_pngs_are_read_like_any_other(tmp_path, capsys):
    pixels = on_paper(one_zero())
    deep = save(tmp_path / "deep.png", pixels.astype(np.uint16) * 257)
    assert Image.open(deep).mode.startswith("I")
    palette = str(tmp_path / "palette.png")
    Image.fromarray(pixels).convert("P").save(palette)
    assert main(["read", deep, palette, "--as", "number"]) == 0
    assert capsys.readouterr().out == f"{deep}\t10\n{palette}\t10\n"


def test_a_decompression_bomb_is_refused_in_bounded_memory(tmp_path):
    bomb = png_claiming(tmp_path / "bomb.png", 30000, 30000)
    limit = 1 << 30  # 1 GiB of address space would never hold 900 megapixels as floats
    script = (f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit})); "
              f"from network.cli import main; raise SystemExit(main(['read', {bomb!r}]))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "too large" in done.stderr and "Traceback" not in done.stderr


def test_a_network_that_cannot_read_the_kind_asked_is_one_line(tmp_path, capsys):
    number = save(tmp_path / "number.png", on_paper(one_zero()))
    assert main(["read", number, "--net", os.path.join(ROOT, "saved_networks", "digits.npz"), "--as", "word"]) == 2
    assert "knows no letters" in capsys.readouterr().err


def test_the_command_runs_as_a_module(tmp_path):
    number = save(tmp_path / "number.png", on_paper(one_zero()))
    done = subprocess.run([sys.executable, "-m", "network", "read", number, "--as", "number"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout == f"{number}\t10\n"

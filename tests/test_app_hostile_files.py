"""Hostile files dropped on the real window or trained on in it: each gives a message naming the file, and the
window keeps working."""

import json
import time

import numpy as np
import pygame
import pytest
from PIL import Image

import network
from app import ui
from app.__main__ import build_parser
from app.window import App

from hostile_files import NETWORK_FILES, fifo, meta, with_meta
from conftest import stripes_dataset, write_csv


def post(kind, **attributes):
    pygame.event.post(pygame.event.Event(kind, **attributes))


@pytest.fixture
def app(tmp_path):
    path = str(tmp_path / "digits.npz")
    network.save(network.Network((784, 16, 10), seed=1), path)
    window = App(network.load(path), path, size=(640, 480))
    yield window
    window.quit()
    pygame.quit()


def draw_a_stroke(app):
    for kind, position in ((pygame.MOUSEBUTTONDOWN, (200, 200)), (pygame.MOUSEMOTION, (230, 300)),
                           (pygame.MOUSEBUTTONUP, (230, 300))):
        extra = {"button": 1} if kind != pygame.MOUSEMOTION else {"buttons": (1, 0, 0), "rel": (0, 0)}
        post(kind, pos=position, **extra)
    assert app.step()


@pytest.mark.parametrize("name", list(NETWORK_FILES))
def test_a_dropped_hostile_network_file_gives_a_notice_naming_it(app, tmp_path, name):
    build, message = NETWORK_FILES[name]
    path = build(tmp_path)
    before = app.shown.network
    post(pygame.DROPFILE, file=str(path))
    assert app.step() and app.running
    [notice] = app.notice_texts
    assert notice.startswith(f"Could not load {path.name}: ") and "Still using digits.npz" in notice
    assert app.shown.network is before
    draw_a_stroke(app)
    assert app.view.guess.shape == (10,)


def test_unusual_but_valid_class_names_load_and_draw(app, tmp_path):
    labels = ["😀", "بيت", "e\u0301", "x" * 40, "日本", "٣", " ", "\\", "%s", "{}"]
    path = with_meta(tmp_path, "odd-names.npz", json.dumps(meta(labels=labels)))
    post(pygame.DROPFILE, file=str(path))
    draw_a_stroke(app)
    assert app.shown.network.labels == labels and app.view.guess.shape == (10,)
    assert app.notice_texts[0].startswith("Loaded odd-names.npz")


@pytest.mark.parametrize("string", ["nine\x00", "\ud800", "x" * 100_000, "a\nb\tc", "\x1b[31m", ""])
def test_text_helpers_accept_any_string(app, string):
    font = app.fonts.body
    fitted = ui.fit(font, string, 200)
    assert ui.text_width(font, fitted) <= 200 and len(fitted) <= ui.MAX_SHOWN + 3
    ui.text(app.surface, string, font, (255, 255, 255), (0, 0))
    assert all(ui.text_width(font, line) <= 200 for line in ui.wrap(font, string, 200))


def fifo_csv(folder):
    return fifo(folder, "pipe.csv")


def mismatched_classes(folder):
    for split, classes in (("train", "ab"), ("test", "az")):
        for name in classes:
            (folder / "drawings" / split / name).mkdir(parents=True)
            Image.fromarray(np.full((28, 28), 200, np.uint8)).save(folder / "drawings" / split / name / "0.png")
    return folder / "drawings"


def endless_line_csv(folder):
    path = folder / "endless.csv"
    path.write_bytes(b"1," + b"0," * (1 << 20))
    return path


@pytest.mark.parametrize("build, message", [
    (fifo_csv, "pipe.csv: is a named pipe"),
    (mismatched_classes, "has classes that the training data lacks: z"),
    (endless_line_csv, "endless.csv: line 1 is longer than"),
])
def test_training_on_a_hostile_dataset_shows_its_problem_in_the_window(tmp_path, monkeypatch, build, message):
    monkeypatch.chdir(tmp_path)
    path = build(tmp_path)
    window = App(None, None, size=(640, 480), train_preset=build_parser().parse_args(["--train", str(path)]))
    try:
        for _ in range(500):  # the data loads in a worker thread: wait for its answer, frame by frame
            assert window.step()
            if window.view.form.error:
                break
            time.sleep(0.01)
        assert message in window.view.form.error and window.running
    finally:
        window.quit()
        pygame.quit()


def test_a_network_too_big_for_memory_is_a_notice_in_the_window_not_a_dead_loader(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "stripes.csv"
    write_csv(path, *stripes_dataset(40))
    preset = build_parser().parse_args(["--train", str(path), "--layers", "784,99999999999,4"])
    window = App(None, None, size=(640, 480), train_preset=preset)
    try:
        for _ in range(500):  # the network is built in a worker thread: wait for its answer, frame by frame
            assert window.step()
            if window.view.form.error:
                break
            time.sleep(0.01)
        assert "not enough memory for a 784-99999999999-4 network" in window.view.form.error and window.running
    finally:
        window.quit()
        pygame.quit()

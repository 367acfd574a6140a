"""The test view, driven by posting real pygame events: open it, read the matrix, open images on the canvas."""

import numpy as np
import pygame
import pytest

import network
from app.drawing_view import DrawingView
from app import test_view
from app.test_view import CONFUSION, MISTAKES, ROBUSTNESS
from app.window import App

from conftest import bars_network, judged_bars, write_csv
from test_app_drawing import post, press


@pytest.fixture
def make_app():
    apps = []

    def make(net=None, path=None, size=(1000, 680)):
        apps.append(App(net, path, size=size))
        return apps[-1]
    yield make
    for app in apps:
        app.quit()
    pygame.quit()


@pytest.fixture
def bars(tmp_path):
    """The bars network, its metadata naming a CSV of test images with a known outcome as its dataset."""
    images, labels, _ = judged_bars()
    net = bars_network()
    net.meta["dataset"] = write_csv(tmp_path / "bars-test.csv", images, labels)
    return net, str(tmp_path / "bars.npz")


def open_test(app):
    """E in the drawing view, then wait for the judging to finish and draw a frame."""
    press(pygame.K_e, "e")
    app.step()
    view = app.view
    assert isinstance(view, test_view.TestView)
    for subject in view.subjects:
        subject.judging.join(timeout=60)
    app.step()
    return view


def click(app, position):
    post(pygame.MOUSEBUTTONDOWN, pos=tuple(int(v) for v in position), button=1)
    app.step()


def show_tab(app, number):
    press(getattr(pygame, f"K_{number}"), str(number))
    app.step()


def cell_centre(view, true, guessed):
    return view.heatmap.cell_rect(true, guessed).center


def test_e_opens_the_matrix_at_the_worst_confusion_and_a_click_shows_a_cells_images(make_app, bars):
    app = make_app(*bars)
    view = open_test(app)
    judgement = view.subject.judgement
    np.testing.assert_array_equal(judgement.matrix, [[2, 2, 0, 0], [0, 1, 0, 0], [0, 0, 2, 1], [0, 0, 0, 1]])
    assert view.tab == CONFUSION and view.selected == (0, 1)  # the worst confusion: two 0s read as 1
    assert [index for _, index in view.cell_tiles.hits] == [2, 3]  # most confident first
    click(app, cell_centre(view, 2, 3))
    assert view.selected == (2, 3) and [index for _, index in view.cell_tiles.hits] == [7]
    click(app, cell_centre(view, 2, 2))
    assert [index for _, index in view.cell_tiles.hits] == [6, 5]  # right guesses: the closest call first
    press(pygame.K_DOWN)
    press(pygame.K_RIGHT)
    app.step()
    assert view.selected == (3, 3) and [index for _, index in view.cell_tiles.hits] == [8]


def test_clicking_an_image_puts_it_on_the_canvas_and_returns_to_drawing(make_app, bars):
    app = make_app(*bars)
    view = open_test(app)
    click(app, cell_centre(view, 2, 3))
    tile, index = view.cell_tiles.hits[0]
    click(app, tile.center)
    assert app.view is app.drawing and isinstance(app.view, DrawingView)
    pixels = app.drawing.canvas.pixels
    columns = np.flatnonzero(pixels.max(axis=0) > 0.1)
    assert 150 < columns.mean() < 230  # the faint vertical bar of class 3 (columns 16-21 of 28), scaled up
    assert app.drawing.guess is not None
    assert any("Test image 7, a 2, is on the canvas" in text and "guessed 3" in text for text in app.notice_texts)
    assert app.drawing.canvas.undo() and app.drawing.canvas.is_empty  # the drawing it replaced comes back


def test_the_mistakes_gallery_lists_the_most_confident_first_and_opens_them(make_app, bars):
    app = make_app(*bars)
    view = open_test(app)
    show_tab(app, 2)
    assert view.tab == MISTAKES
    assert [index for _, index in view.mistake_tiles.hits] == [2, 3, 7]
    click(app, view.mistake_tiles.hits[0][0].center)
    rows = np.flatnonzero(app.drawing.canvas.pixels.max(axis=1) > 0.5)
    assert app.view is app.drawing and 150 < rows.mean() < 230  # bar 1: rows 16-21 of 28
    press(pygame.K_e, "e")
    app.step()
    assert app.view is view and view.tab == MISTAKES  # the same view, where it was left


def test_robustness_curves_are_measured_in_the_background_and_drawn(make_app, bars):
    app = make_app(*bars)
    view = open_test(app)
    show_tab(app, 3)
    assert view.tab == ROBUSTNESS
    view.subject.measuring.join(timeout=120)
    app.step()
    curves = view.subject.curves
    assert set(curves) == {"rotation", "shift", "scale", "thickness", "noise"}
    assert curves["rotation"][4] == pytest.approx(6 / 9)  # unchanged images: the plain accuracy
    press(pygame.K_ESCAPE)
    app.step()
    assert app.view is app.drawing


def test_a_network_whose_test_data_cannot_be_found_gets_a_notice_not_a_crash(make_app, tmp_path):
    net = bars_network()  # its dataset, "bars", is nowhere
    app = make_app(net, str(tmp_path / "bars.npz"))
    view = open_test(app)
    app.step()
    assert view.subject.judgement is None and "not a known dataset" in view.subject.judging.error
    assert any("Cannot test bars.npz" in text for text in app.notice_texts)
    show_tab(app, 2)
    show_tab(app, 3)
    press(pygame.K_ESCAPE)
    app.step()
    assert app.view is app.drawing


def test_without_a_network_the_view_says_so(make_app):
    app = make_app()
    press(pygame.K_e, "e")
    app.step()
    assert isinstance(app.view, test_view.TestView) and app.view.subjects == []
    assert any("No network to test" in text for text in app.notice_texts)


def test_another_network_gets_a_fresh_view(make_app, bars, tmp_path):
    app = make_app(*bars)
    first = open_test(app)
    other = bars_network()
    other.meta["dataset"] = bars[0].meta["dataset"]
    other.weights[0] = other.weights[0][:, [1, 0, 2, 3]]  # reads bar 0 as 1 and 1 as 0
    app.shown.set_network(other, str(tmp_path / "swapped.npz"))
    press(pygame.K_ESCAPE)
    app.step()
    second = open_test(app)
    assert second is not first and second.subject.judgement.matrix[1, 0] == 1


def characters_network(tmp_path):
    """A 36-class network (digits, then letters) with random test images: a confusion matrix of 36 rows."""
    rng = np.random.default_rng(0)
    images = rng.integers(0, 255, (180, 28, 28)).astype(np.uint8)
    labels = np.arange(180) % 36
    names = [str(d) for d in range(10)] + [chr(ord("A") + k) for k in range(26)]
    net = network.Network((784, 16, 36), labels=names, seed=0,
                          meta={"dataset": write_csv(tmp_path / "chars.csv", images, labels)})
    return net, str(tmp_path / "chars.npz")


@pytest.mark.parametrize("size", [(640, 480), (1920, 1080)])
def test_36_classes_fit_the_window_at_every_size(make_app, tmp_path, size):
    app = make_app(*characters_network(tmp_path), size=size)
    view = open_test(app)
    window = pygame.Rect((0, 0), size)
    cells = view.heatmap.cells
    assert window.contains(cells) and view.heatmap.cell >= 6
    assert view.cell_tiles.hits and all(window.contains(tile) and not tile.colliderect(cells)
                                        for tile, _ in view.cell_tiles.hits)
    show_tab(app, 2)
    assert view.mistake_tiles.hits and all(window.contains(tile) for tile, _ in view.mistake_tiles.hits)


def test_36_classes_at_640x480_zoom_to_readable_labels_pan_and_still_select_by_click(make_app, tmp_path):
    app = make_app(*characters_network(tmp_path), size=(640, 480))
    view = open_test(app)
    heatmap = view.heatmap
    assert heatmap.zoomed and heatmap.label_font.get_height() >= app.fonts.small.get_height() >= 13
    assert heatmap.cell_rect(*view.selected) is not None  # it opens on the worst confusion, shown
    press(pygame.K_MINUS, "-")
    for _ in range(5):
        press(pygame.K_MINUS, "-")
    app.step()
    assert not heatmap.zoomed and heatmap.label_font.get_height() < 13  # the whole matrix, too small to read
    middle = heatmap.cell_rect(20, 20).center
    post(pygame.MOUSEMOTION, pos=middle, rel=(0, 0), buttons=(0, 0, 0))
    for _ in range(4):
        post(pygame.MOUSEWHEEL, x=0, y=1)
    app.step()
    assert heatmap.zoomed and heatmap.label_font.get_height() >= app.fonts.small.get_height() >= 13
    row, column = heatmap.cell_at(middle)  # zoomed around the pointer (give or take a cell: the labels resize)
    assert abs(row - 20) <= 1 and abs(column - 20) <= 1
    click(app, cell_centre(view, 22, 19))
    assert view.selected == (22, 19) and heatmap.cell_at(cell_centre(view, 22, 19)) == (22, 19)
    first = heatmap.first
    start = cell_centre(view, 22, 19)
    end = (start[0] - 2 * heatmap.cell, start[1] - 3 * heatmap.cell)
    post(pygame.MOUSEMOTION, pos=end, rel=(end[0] - start[0], end[1] - start[1]), buttons=(1, 0, 0))
    post(pygame.MOUSEBUTTONUP, pos=end, button=1)
    app.step()
    assert heatmap.first == (first[0] + 3, first[1] + 2)  # dragged up and left: later rows and columns
    for _ in range(36):
        press(pygame.K_RIGHT)
    app.step()
    assert view.selected == (22, 35) and heatmap.cell_rect(22, 35) is not None  # arrows pan to the selection
    click(app, cell_centre(view, 24, 33))
    assert view.selected == (24, 33)


def test_closing_the_window_stops_the_background_work(make_app, bars):
    app = make_app(*bars)
    view = open_test(app)
    measuring = view.subject.measuring
    assert measuring is not None
    post(pygame.QUIT)
    app.step()
    assert not app.running and not measuring.is_alive()


def test_with_two_networks_shown_tab_switches_and_the_curves_overlay(make_app, bars, tmp_path):
    net, path = bars
    swapped = bars_network()
    swapped.meta["dataset"] = net.meta["dataset"]
    swapped.weights[0] = swapped.weights[0][:, [1, 0, 2, 3]]  # reads bar 0 as 1 and 1 as 0
    app = make_app(net, path)
    app.shown.set_network(swapped, str(tmp_path / "swapped.npz"), side=1)
    app.shown.two_sides = True
    view = open_test(app)
    assert [subject.name for subject in view.subjects] == ["bars.npz", "swapped.npz"]
    press(pygame.K_TAB)
    app.step()
    assert view.subject.name == "swapped.npz" and view.subject.judgement.matrix[1, 0] == 1
    show_tab(app, 3)
    for subject in view.subjects:
        while subject.measuring is None:
            app.step()
        subject.measuring.join(timeout=120)
    app.step()
    assert all(subject.curves for subject in view.subjects)
    assert view.subjects[0].curves["rotation"][4] != view.subjects[1].curves["rotation"][4]


def test_a_network_dropped_on_the_test_view_is_tested_instead(make_app, bars, tmp_path):
    app = make_app(*bars)
    first = open_test(app)
    swapped = bars_network()
    swapped.meta["dataset"] = bars[0].meta["dataset"]
    swapped.weights[0] = swapped.weights[0][:, [1, 0, 2, 3]]
    network.save(swapped, tmp_path / "swapped.npz")
    post(pygame.DROPFILE, file=str(tmp_path / "swapped.npz"))
    app.step()
    view = app.view
    assert view is not first and view.subject.name == "swapped.npz"
    view.subject.judging.join(timeout=60)
    app.step()
    assert view.subject.judgement.matrix[1, 0] == 1


def test_a_test_image_is_named_with_the_article_it_is_read_with():
    """'Test image 1530, a 8' read wrong: it is an 8 (and an A, an F, but a 7 and a B)."""
    from app.ui import with_article
    assert [with_article(name) for name in ("8", "7", "A", "B", "F", "U", "11", "1")] == \
        ["an 8", "a 7", "an A", "a B", "an F", "a U", "an 11", "a 1"]

"""The inside view, the why-map, "not sure" and the network view, driven by posted events in the real App."""

import os
import sys
import time

import numpy as np
import pygame
import pytest

import network
from app.inside_panel import ACTIVE, MIN_CELL, layer_captions, units_that_fit
from app.network_view import NetworkView, history_lines
from test_app_drawing import PROJECT, circle, make_app, post, press, saved, stroke  # noqa: F401 (a fixture)

sys.path.insert(0, os.path.join(PROJECT, "examples"))
from make_drawing_screenshot import three  # noqa: E402  (the README's drawn 3)


@pytest.fixture
def small_path(tmp_path):
    return saved(network.Network((784, 24, 16, 10), seed=1), tmp_path / "small.npz")


@pytest.fixture
def big_path(tmp_path):
    return saved(network.Network((784, 512, 256, 26), seed=2, labels=[chr(65 + i) for i in range(26)]),
                 tmp_path / "big.npz")


def click(position, button=1):
    post(pygame.MOUSEBUTTONDOWN, pos=position, button=button)
    post(pygame.MOUSEBUTTONUP, pos=position, button=button)


def cell_centre(app, layer, unit):
    """Where unit ``unit`` of hidden ``layer`` is drawn in the inside view's grids."""
    area, _, columns, cell, units = app.view.inside._grids[layer - 1]
    row, column = divmod(list(units).index(unit), columns)
    return area.x + column * cell + cell // 2, area.y + row * cell + cell // 2


def pixels(app, rect):
    return pygame.surfarray.array3d(app.surface)[rect.left:rect.right, rect.top:rect.bottom].copy()


def test_i_opens_the_inside_view_which_follows_the_drawing(make_app, small_path):
    app = make_app(small_path)
    press(pygame.K_i, "i")
    app.step()
    view = app.view
    assert view.inside.visible and view.layout.inside is not None
    stroke(app, [(0.5, 0.2), (0.5, 0.8)])
    first = pixels(app, view.layout.inside)
    assert [list(grid[4]) for grid in view.inside._grids] == [list(range(24)), list(range(16))]
    assert len(view.inside._tiles) > 0
    stroke(app, circle(0.5, 0.5, 0.3))
    assert not np.array_equal(first, pixels(app, view.layout.inside))  # lit by the new drawing
    button = next(b for b in view.buttons if b.key_hint == "I")
    click(button.rect.center)
    app.step()
    assert not view.inside.visible and view.layout.inside is None


def test_while_a_stroke_is_drawn_the_inside_view_follows_every_other_frame_and_then_catches_up(make_app, small_path):
    app = make_app(small_path)
    press(pygame.K_i, "i")
    app.step()
    rect = app.view.layout.canvas
    post(pygame.MOUSEBUTTONDOWN, pos=rect.center, button=1)
    app.step()
    shown = []
    for step in range(1, 7):
        post(pygame.MOUSEMOTION, pos=(rect.centerx + 8 * step, rect.centery), rel=(0, 0), buttons=(1, 0, 0))
        app.step()
        shown.append(app.drawing._inside_shown is app.drawing.look)
    assert shown.count(True) == 3 and shown.count(False) == 3
    post(pygame.MOUSEBUTTONUP, pos=rect.center, button=1)
    app.step()
    assert app.drawing._inside_shown is app.drawing.look


def test_hovering_a_unit_shows_it_and_a_click_pins_it_until_esc(make_app, small_path):
    app = make_app(small_path)
    press(pygame.K_i, "i")
    app.step()
    stroke(app, circle())
    view = app.view
    before = pixels(app, app.surface.get_rect())
    post(pygame.MOUSEMOTION, pos=cell_centre(app, 2, 5), rel=(0, 0), buttons=(0, 0, 0))
    app.step()
    assert view.inside.hover == (2, 5)
    assert not np.array_equal(before, pixels(app, app.surface.get_rect()))  # its details are drawn
    click(cell_centre(app, 1, 7))
    app.step()
    assert view.inside.pinned == (1, 7) and view.canvas.version == view.guesses[0].guessed_for[0]  # no ink from it
    post(pygame.MOUSEMOTION, pos=(2, 2), rel=(0, 0), buttons=(0, 0, 0))
    app.step()
    assert view.inside.hover is None and view.inside.shown_unit == (1, 7)
    unit = view.inside._tiles[0][1]
    click(view.inside._tiles[0][0].center)
    app.step()
    assert view.inside.pinned == (1, unit)
    press(pygame.K_ESCAPE)
    app.step()
    assert view.inside.pinned is None


@pytest.mark.parametrize("size, two", [((1920, 1080), False), ((640, 480), False), ((640, 480), True)],
                         ids=["1920x1080", "640x480", "640x480-two-networks"])
def test_a_784_512_256_26_network_stays_readable(make_app, big_path, size, two):
    """Every unit square is at least MIN_CELL pixels and inside the panel; where all of a layer's units
    would not fit at that size, the most active ones are shown."""
    app = make_app(big_path, size=size)
    if two:
        app.shown.set_network(network.load(big_path), big_path, side=1)
        press(pygame.K_b, "b")
    press(pygame.K_i, "i")
    app.step()
    stroke(app, circle())
    panel = app.view.layout.inside
    hidden = app.view.look.hidden
    for (area, layer, columns, cell, units), values in zip(app.view.inside._grids, hidden):
        assert cell >= MIN_CELL and panel.contains(area)
        left_out = np.setdiff1d(np.arange(values.size), units)
        if size == (1920, 1080):
            assert left_out.size == 0
        elif left_out.size:
            assert values[units].min() >= values[left_out].max()
            assert values[units].min() >= ACTIVE or units.size == 1  # no unit all but off among "the most active"
        assert app.view.inside.unit_at(cell_centre(app, layer, int(units[-1]))) == (layer, int(units[-1]))


def test_clicking_a_classs_bar_shows_why_not_that_class(make_app, small_path):
    app = make_app(small_path)
    stroke(app, circle())
    view = app.view
    other = (view.look.best + 3) % 10
    row = next(rect for rect, index in view.panel.bar_rects if index == other)
    click(row.center)
    app.step()
    assert view.inside.visible and view.selected == other  # the click opened the view on that class
    assert view.why._key[1] == other
    shown = pixels(app, view.layout.why)
    click(next(rect for rect, index in view.panel.bar_rects if index == view.look.best).center)
    app.step()
    assert view.why._key[1] == view.look.best
    assert not np.array_equal(shown, pixels(app, view.layout.why))
    press(pygame.K_r, "r")
    app.step()
    assert view.selected is None


def test_the_guess_reads_not_sure_when_no_class_stands_out(make_app, tmp_path):
    net = network.Network((784, 16, 10), seed=1)
    net.weights[-1][:] = 0
    net.biases[-1][:] = np.log(np.array([1, 1, 1, 1, 1, 1, 3, 1, 1, 2.5], np.float32))  # 6, then 9
    app = make_app(saved(net, tmp_path / "flat.npz"))
    stroke(app, circle())
    assert app.view.look.unsure and app.view.look.contenders == ["6", "9"]
    net.biases[-1][6] = 8.0
    app.shown.set_network(net.copy(), None)
    app.step()
    assert not app.view.look.unsure and app.view.look.best == 6


def test_v_shows_the_network_a_tile_enlarges_and_esc_goes_back_to_the_same_drawing(make_app, small_path):
    app = make_app(small_path)
    stroke(app, circle())
    drawing = app.view
    press(pygame.K_v, "v")
    app.step()
    assert isinstance(app.view, NetworkView)
    rects = app.view.mosaic.tile_rects(app.view.mosaic_rect)
    click(rects[5].center)
    app.step()
    assert app.view.enlarged == 5
    press(pygame.K_ESCAPE)
    app.step()
    assert isinstance(app.view, NetworkView) and app.view.enlarged is None
    press(pygame.K_ESCAPE)
    app.step()
    assert app.view is drawing and not drawing.canvas.is_empty


def test_history_lines_name_each_runs_dataset_epochs_rate_and_accuracy():
    net = network.Network((784, 8, 10), meta={"history": [
        {"dataset": "mnist", "epochs": 3, "lr": 0.5, "batch_size": 32, "test_accuracy": 0.9712, "seconds": 75,
         "date": "2026-01-02"}]})
    assert history_lines(net) == ["1. mnist  ·  3 epochs  ·  lr 0.5  ·  batch 32  ·  test 97.12%  ·  1 min 15 s  ·  "
                                  "2026-01-02"]
    assert history_lines(network.Network((784, 8, 10))) == ["no training recorded in this file"]


def test_with_its_test_images_on_disk_the_shipped_digits_network_is_not_sure_of_a_slanted_line(make_app, real_data):
    """The score floor is measured in the background from MNIST test images; a slanted line then reads
    "not sure" although softmax gives it a class with most of the probability, and a drawn 3 still reads 3."""
    path = os.path.join(PROJECT, "saved_networks", "digits.npz")
    app = make_app(path)
    net = app.shown.network
    waited = time.monotonic()
    while app.drawing.floors.get(net) is None and time.monotonic() - waited < 60:
        time.sleep(0.05)
    stroke(app, [(0.2, 0.6), (0.8, 0.4)])
    look = app.drawing.look
    assert look.unsure and look.probabilities.max() > 0.6  # the probability alone would have answered
    press(pygame.K_r, "r")
    stroke(app, three())
    assert not app.drawing.look.unsure and net.labels[app.drawing.look.best] == "3"


def test_with_nothing_drawn_the_inside_and_why_panels_keep_their_words_inside_narrow_panels():
    pygame.display.init()
    pygame.font.init()
    from app.inside_panel import InsidePanel
    from app.theme import Fonts
    from app.why_panel import WhyPanel
    fonts, outside = Fonts(), (255, 0, 255)
    for panel, rect in ((InsidePanel(), pygame.Rect(10, 10, 160, 120)), (WhyPanel(), pygame.Rect(10, 10, 110, 90))):
        surface = pygame.Surface((400, 200))
        surface.fill(outside)
        panel.draw(surface, rect, fonts, None, *([None] if isinstance(panel, WhyPanel) else []))
        pixels = pygame.surfarray.array3d(surface)
        pixels[rect.left:rect.right, rect.top:rect.bottom] = outside
        assert (pixels == outside).all(), type(panel).__name__
    pygame.quit()


def test_units_all_but_off_are_not_called_most_active():
    """The issue's case: 'the 522 most active of 640 units' counted units at 0.01."""
    values = np.full(640, 0.01, dtype=np.float32)
    values[:30] = np.linspace(0.9, 0.1, 30)
    units, (columns, rows, cell) = units_that_fit(values, 120, 60, floor=ACTIVE)
    assert list(units) == list(range(30)) and cell >= MIN_CELL
    assert layer_captions(1, values, units, "sigmoid")[0] == "layer 1: the 30 of its 640 units above 0.1"
    values[:600] = 0.5
    units, _ = units_that_fit(values, 120, 60, floor=ACTIVE)
    assert layer_captions(1, values, units, "sigmoid")[0] == f"layer 1: the {units.size} most active of 640 units (600 above 0.1)"
    quiet = np.full(640, 0.01, dtype=np.float32)
    units, _ = units_that_fit(quiet, 120, 60, floor=ACTIVE)
    assert units.size == 1 and layer_captions(1, quiet, units, "sigmoid")[0].startswith("layer 1: none of its 640 units")

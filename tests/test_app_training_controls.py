"""The training view's controls during a run: pace, slow motion, tiles, the learning rate, one more epoch."""

import os

import numpy as np
import pygame

import network
from app.training_pace import FULL, SLOW, WATCH
from conftest import stripes_dataset
from network.csvlog import read_log
from test_app_training import (frames, frames_until, open_app, post, press, saved_files,  # noqa: F401 (fixtures)
                               stripes_csv, stripes_run, weights_on_screen, workdir)

def test_mosaic_puts_each_units_weights_upright_in_its_own_tile_in_a_diverging_map():
    from app.mosaic import GAP_INDEX, LEVELS, colour_indices, grid_shape

    weights = np.zeros((784, 3), dtype=np.float32)
    weights[3 * 28 + 20, 1] = 1.0  # unit 1 likes pixel (row 3, column 20)
    weights[27 * 28 + 0, 2] = -1.0  # unit 2 dislikes the bottom-left pixel
    indices = colour_indices(weights, columns=2, rows=2, scale=1.0)
    assert indices.shape == (28 * 2 + 1, 28 * 2 + 1)
    zero = (LEVELS - 1) // 2
    assert indices[0, 0] == zero and indices[3, 29 + 20] == LEVELS - 1 and indices[29 + 27, 0] == 0
    assert indices[28, 5] == GAP_INDEX and indices[40, 40] == GAP_INDEX  # the gap, and the unused fourth tile
    assert grid_shape(24, 500, 500) == (5, 5) and grid_shape(10, 1000, 100) == (10, 1)


def test_the_watching_pace_trains_a_few_batches_a_second_and_full_speed_is_one_key_away(open_app, workdir,
                                                                                         stripes_csv):
    app, view = stripes_run(open_app, stripes_csv, "--epochs", "500", "--batch-size", "4")
    assert view.watching.pace.mode == WATCH
    seen = view.run.samples_seen
    counts = []
    for _ in range(60):  # one second of window time
        app.step()
        counts.append(view.run.samples_seen)
    assert 0 < counts[-1] - seen <= 4 * 120  # about 300 samples a second at first
    assert len(set(counts)) < 60  # some frames train nothing: the pace, not the machine, sets the speed
    press(pygame.K_p, "p")
    app.step()
    assert view.watching.pace.mode == FULL
    for _ in range(5):
        before = view.run.samples_seen
        app.step()
        assert view.run.samples_seen > before


def test_slow_motion_takes_one_mini_batch_per_visible_step_with_the_weights_redrawn(open_app, workdir, stripes_csv):
    app, view = stripes_run(open_app, stripes_csv, "--epochs", "500", "--batch-size", "2")
    press(pygame.K_s, "s")
    app.step()
    assert view.watching.pace.mode == SLOW
    seen, pictures, counts = view.run.samples_seen, [], []
    for _ in range(125):  # two seconds of window time (and a little): eight steps
        app.step()
        if view.run.samples_seen != (counts or [seen])[-1]:
            pictures.append(weights_on_screen(app))
        counts.append(view.run.samples_seen)
    assert counts[-1] - seen == 8 * 2
    assert all(not np.array_equal(a, b) for a, b in zip(pictures, pictures[1:]))


def test_clicking_a_tile_enlarges_it_and_wide_layers_page(open_app, workdir, stripes_csv):
    app = open_app(train=[stripes_csv, "--layers", "784,512,4", "--epochs", "500"])
    view = app.view
    frames_until(app, lambda: view.stage.name == "training" and view.stage.weights.rect is not None)
    panel = view.stage.weights
    assert panel.pages > 1 and panel.per_page < 512
    press(pygame.K_PAGEDOWN)
    app.step()
    assert panel.page == 1
    tile = view.stage.weights.mosaic.tile_rects(view.stage.weights.rect)[3]
    small = view.stage.weights.rect.size
    post(pygame.MOUSEBUTTONDOWN, pos=tile.center, button=1)
    frames(app, 2)
    assert panel.enlarged == panel.per_page + 3 and view.stage.weights.rect.width > small[0] / 2
    press(pygame.K_ESCAPE)  # closes the enlarged tile, and nothing else
    frames(app, 2)
    assert panel.enlarged is None and view.run.active and not view.stage.asking_to_stop


def test_the_learning_rate_changes_mid_run_and_the_history_keeps_it(open_app, workdir, stripes_csv):
    app, view = stripes_run(open_app, stripes_csv, "--epochs", "500", "--batch-size", "4", "--lr", "0.2")
    press(pygame.K_p, "p")
    frames(app, 3)
    press(pygame.K_UP)
    frames(app, 3)
    assert view.run.settings.lr == 0.5
    press(pygame.K_DOWN)
    press(pygame.K_DOWN)
    frames(app, 3)
    press(pygame.K_ESCAPE)
    press(pygame.K_RETURN)
    app.step()
    [path] = saved_files("saved_networks", "*.npz")
    changes = network.load(path).meta["history"][-1]["changes"]
    assert [change["lr"] for change in changes] == [0.5, 0.1]
    assert 0 < changes[0]["at_epoch"] <= changes[1]["at_epoch"]


def test_a_finished_run_goes_on_for_one_more_epoch_and_is_saved_again(open_app, workdir, stripes_csv):
    app, view = stripes_run(open_app, stripes_csv, "--epochs", "2", "--batch-size", "8")
    press(pygame.K_p, "p")
    frames_until(app, lambda: view.run.state == "finished")
    path = view.run.save_path
    assert network.load(path).meta["epochs"] == 2
    post(pygame.KEYDOWN, key=pygame.K_EQUALS, unicode="+", mod=pygame.KMOD_SHIFT, scancode=0)
    frames_until(app, lambda: view.run.progress.epoch == 3 and view.run.state == "finished")
    assert view.run.settings.epochs == 3
    net = network.load(path)
    assert net.meta["epochs"] == 3 and net.meta["history"][-1]["changes"] == [{"at_epoch": 2.0, "epochs": 3}]
    assert len(read_log(view.run.log_path)["test_accuracy"]) > 0
    assert any(line.endswith(os.path.abspath(path)) for line in view.stage.result.lines())
    assert view.stage.result.lines()[1] == f"Log {os.path.abspath(view.run.log_path)}"


def test_the_loop_records_a_learning_rate_changed_mid_run_and_an_added_epoch():
    from network.report import network_info
    from network.training import Settings, train

    images, labels = stripes_dataset(64)
    net = network.Network((784, 6, 4), seed=0)
    settings = Settings(epochs=1, batch_size=16, lr=0.3)
    events = []
    for progress in train(net, (images, labels), None, settings, "stripes"):
        events.append(progress)
        if len(events) == 2:
            settings.lr = 0.1
        if progress.kind == "epoch" and progress.epoch == 1:
            settings.epochs = 2  # asked for after the last epoch's event: the loop goes on
    assert events[-1].epoch == 2 and net.meta["epochs"] == 2
    assert net.meta["history"][-1]["changes"] == [{"at_epoch": 0.5, "lr": 0.1}, {"at_epoch": 1.0, "epochs": 2}]
    assert "at epoch 0.5: learning rate -> 0.1" in network_info(net, "net.npz")

"""The window survives what is dropped on it, and a run stopped early keeps an honest record."""

import os

import numpy as np
import pygame

import network
from app.loading import default_network_path
from app.training_view import TrainingView
from network import datasets, places
from network.paths import temporary_prefix
from network.training import evaluate
from hostile_files import NETWORK_FILES
from test_app_training import (frames, frames_until, open_app, post, press, saved_files,  # noqa: F401 (fixtures)
                               stripes_csv, workdir)

SLOW_RUN = ["--layers", "784,8,4", "--epochs", "500", "--batch-size", "1"]


def training_slowly(open_app, dataset):
    """An App training a small network on ``dataset`` at the watching pace (about five mini-batches of one
    image a frame), a few frames in."""
    app = open_app(train=[dataset, *SLOW_RUN])
    frames_until(app, lambda: app.view.stage.name == "training")
    frames(app, 3)
    return app


def drop(app, path):
    post(pygame.DROPFILE, file=str(path))
    app.step()


def saved_network(tmp_path, name="other.npz"):
    path = tmp_path / name
    network.save(network.Network((784, 6, 10), seed=3), path)
    return str(path)


def test_a_bad_file_dropped_during_training_is_a_notice_and_the_run_goes_on(open_app, workdir, stripes_csv, tmp_path):
    app = training_slowly(open_app, stripes_csv)
    run, seen = app.view.run, app.view.run.samples_seen
    (tmp_path / "broken.npz").write_bytes(b"PK\x03\x04 not a zip" * 10)
    drop(app, tmp_path / "broken.npz")
    frames(app, 3)
    assert any("Could not load broken.npz" in text and "Training goes on" in text for text in app.notice_texts)
    assert app.view.run is run and run.active and run.samples_seen > seen and app.shown.network is None


def test_a_good_network_dropped_during_training_does_not_replace_the_one_training(open_app, workdir, stripes_csv,
                                                                                   tmp_path):
    app = training_slowly(open_app, stripes_csv)
    run = app.view.run
    other = saved_network(tmp_path)
    drop(app, other)
    frames(app, 2)
    assert any("other.npz was not loaded" in text and "Drop it again when training has ended" in text
               for text in app.notice_texts)
    assert app.shown.network is None and app.view.run is run and run.active and run.net.sizes == (784, 8, 4)
    press(pygame.K_ESCAPE)  # stop (and yes, stop): now a drop loads as usual
    press(pygame.K_RETURN)
    app.step()
    drop(app, other)
    assert app.shown.network_path == other and any(text.startswith("Loaded other.npz") for text in app.notice_texts)


def test_an_unexpected_failure_reading_a_dropped_file_is_a_notice_not_a_crash(open_app, workdir, stripes_csv,
                                                                              tmp_path, monkeypatch, capsys):
    def buggy_reader(path):
        raise RecursionError("maximum recursion depth exceeded")
    monkeypatch.setattr("app.window.load_drawable", buggy_reader)
    app = open_app()
    drop(app, saved_network(tmp_path))
    assert app.running and any("unexpected RecursionError" in text for text in app.notice_texts)
    assert "Traceback" in capsys.readouterr().err  # the bug is not hidden: the terminal shows it
    app = training_slowly(open_app, stripes_csv)
    drop(app, saved_network(tmp_path))
    frames(app, 2)
    assert app.view.run.active and any("unexpected RecursionError" in text and "Training goes on" in text
                                       for text in app.notice_texts)


def test_escape_records_the_stop_and_the_test_accuracy_measured_then(open_app, workdir, stripes_csv):
    app = training_slowly(open_app, stripes_csv)
    frames(app, 20)
    press(pygame.K_ESCAPE)
    press(pygame.K_RETURN)  # yes, stop
    app.step()
    view = app.view
    assert isinstance(view, TrainingView) and view.run.state == "stopped"
    [path] = saved_files("saved_networks", "stripes-784-8-4-*.npz")
    net = network.load(path)
    run = net.meta["history"][-1]
    assert run["stopped_early"] and 0 < run["epochs"] < 1 and run["planned_epochs"] == 500 and run["steps"] > 40
    images, labels, _ = datasets.load(stripes_csv, "train")
    _, (test_images, test_labels) = datasets.holdout(images, labels)
    measured = evaluate(net, datasets.as_inputs(test_images), test_labels)[1]
    assert net.meta["test_accuracy"] == run["test_accuracy"] == measured
    assert view.stage.result.ending() == (f"Stopped early after {view.run.progress.epochs_done:.2f} of 500 epochs: "
                             f"test accuracy {measured:.1%} at the stop.")


def test_closing_the_window_mid_run_records_the_stop(open_app, workdir, stripes_csv, capsys):
    app = training_slowly(open_app, stripes_csv)
    post(pygame.QUIT)
    assert app.step() is False
    [path] = saved_files("saved_networks", "stripes-784-8-4-*.npz")
    run = network.load(path).meta["history"][-1]
    assert run["stopped_early"] and run["epochs"] < 1
    assert f"Stopped early after" in capsys.readouterr().out


def test_a_dataset_too_small_to_train_on_is_a_notice(open_app, workdir, tmp_path):
    path = tmp_path / "one.csv"
    np.savetxt(path, np.zeros((1, 785), dtype=int), fmt="%d", delimiter=",")
    app = open_app(train=[str(path)])
    frames_until(app, lambda: app.view.stage.name == "setup")
    assert any("Cannot train" in text and "has 1 image: too few" in text for text in app.notice_texts)
    assert app.running and saved_files("saved_networks", "*") == [] and saved_files("logs", "*") == []


def test_an_unwritable_save_path_is_found_before_training(open_app, workdir, stripes_csv, tmp_path):
    (tmp_path / "a-file.txt").write_text("not a folder")
    app = open_app(train=[stripes_csv, "--out", str(tmp_path / "a-file.txt" / "net.npz")])
    frames_until(app, lambda: app.view.stage.name == "setup")
    assert any("Cannot train: cannot write the network" in text and "is a file, not a folder" in text
               for text in app.notice_texts)
    assert saved_files("logs", "*") == []


def test_an_out_file_that_exists_is_kept_by_the_window_too(open_app, workdir, stripes_csv, tmp_path):
    out = saved_network(tmp_path, "mine.npz")
    before = open(out, "rb").read()
    app = open_app(train=[stripes_csv, *SLOW_RUN, "--out", out])
    frames_until(app, lambda: app.view.stage.name == "training")
    press(pygame.K_ESCAPE)
    press(pygame.K_RETURN)
    app.step()
    assert app.view.run.save_path == str(tmp_path / "mine-2.npz") and open(out, "rb").read() == before
    network.load(tmp_path / "mine-2.npz")


def test_a_save_in_progress_is_never_the_default_network(tmp_path):
    network.save(network.Network((784, 4, 10)), tmp_path / "older.npz")
    os.utime(tmp_path / "older.npz", (1_000_000, 1_000_000))
    (tmp_path / f"{temporary_prefix()}x.npz").write_bytes(b"half written")
    assert default_network_path(str(tmp_path)) == str(tmp_path / "older.npz")



def test_a_save_that_fails_at_the_stop_goes_to_the_user_folder_and_says_so(open_app, workdir, stripes_csv,
                                                                           tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user"))
    real_save = places.save

    def save(net, path):  # the home's folder fails as a full disk would
        if os.path.dirname(path) == str(workdir / "saved_networks"):
            raise OSError(28, "No space left on device", path)
        real_save(net, path)
    monkeypatch.setattr(places, "save", save)
    app = training_slowly(open_app, stripes_csv)
    press(pygame.K_ESCAPE)
    press(pygame.K_RETURN)  # yes, stop
    app.step()
    run = app.view.run
    assert run.saved and run.save_path.startswith(str(tmp_path / "user" / "inkling" / "saved_networks"))
    network.load(run.save_path)
    assert any("No space left on device; saved it to " + run.save_path + " instead" in text
               for text in app.notice_texts)
    assert app.view.stage.result.save_story().startswith("Could not save to")


def test_a_save_that_fails_everywhere_is_a_notice_and_the_window_stays(open_app, workdir, stripes_csv, monkeypatch):

    def save(net, path):
        raise OSError(28, "No space left on device", path)
    monkeypatch.setattr(places, "save", save)
    app = training_slowly(open_app, stripes_csv)
    press(pygame.K_ESCAPE)
    press(pygame.K_RETURN)
    frames(app, 2)
    assert app.running and not app.view.run.saved
    assert any(text.startswith("Not saved: the network could not be saved") for text in app.notice_texts)


def test_every_hostile_network_file_dropped_during_training_is_a_notice_and_the_run_goes_on(
        open_app, workdir, stripes_csv, tmp_path):
    app = training_slowly(open_app, stripes_csv)
    run = app.view.run
    for name, (build, _) in NETWORK_FILES.items():
        seen = run.samples_seen
        path = build(tmp_path)
        drop(app, path)
        frames(app, 2)
        assert app.running and app.view.run is run and run.active and run.samples_seen > seen, name
        assert app.notice_texts[-1].startswith(f"Could not load {path.name}: "), name
        assert app.notice_texts[-1].endswith("Training goes on."), name
    press(pygame.K_ESCAPE)
    press(pygame.K_RETURN)  # yes, stop
    app.step()
    [saved] = saved_files("saved_networks", "stripes-784-8-4-*.npz")
    assert network.load(saved).meta["history"][-1]["stopped_early"]

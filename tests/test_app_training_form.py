"""The training view's setup form: the datasets it offers, its defaults, hints and errors, its text boxes."""

import os

import pygame

import network
from network.cli import build_parser as cli_parser, network_for, settings_from_args
from network.datasets import LETTERS
from test_app_training import (frames, open_app, open_training, post, press, saved_files,  # noqa: F401 (fixtures)
                               start_and_finish, tiny_data, tiny_letters, type_into_row, type_text, workdir)

def test_setup_offers_only_the_datasets_whose_files_are_there(open_app, workdir, tiny_data):
    view = open_training(open_app())
    assert view.form.available == {"mnist": True, "emnist-letters": False, "characters": False}
    assert view.form.dataset == "mnist"
    letters_chip = next(rect for rect, row, value in view.form.hits if value == "emnist-letters")
    post(pygame.MOUSEBUTTONDOWN, pos=letters_chip.center, button=1)
    frames(view.app, 2)
    assert view.form.dataset == "mnist"


def test_choosing_relu_suggests_a_smaller_learning_rate(open_app, workdir, tiny_data):
    view = open_training(open_app())
    assert "relu" not in view.form._field_hint("lr")
    relu_chip = next(rect for rect, row, value in view.form.hits if value == "relu")
    post(pygame.MOUSEBUTTONDOWN, pos=relu_chip.center, button=1)
    frames(view.app, 2)
    assert view.form.activation == "relu" and "relu wants a small one" in view.form._field_hint("lr")


def test_without_any_dataset_a_notice_says_how_to_download_one(open_app, workdir, tmp_path, monkeypatch):
    monkeypatch.setenv("INKLING_DATA", str(tmp_path / "empty"))
    app = open_app()
    view = open_training(app)
    assert any("python -m network download mnist" in text for text in app.notice_texts)
    press(pygame.K_RETURN)
    frames(app, 3)
    assert view.stage.name == "setup" and "download" in view.form.error
    assert not os.path.exists("logs") and not os.path.exists("saved_networks")


def test_letters_need_a_new_network_with_26_outputs(open_app, workdir, tiny_letters, tmp_path):
    digits = network.Network((784, 16, 10), seed=0)
    app = open_app(digits, str(tmp_path / "digits.npz"))
    view = open_training(app)
    press(pygame.K_RIGHT)  # dataset row: MNIST -> EMNIST letters
    frames(app, 2)
    assert view.form.dataset == "emnist-letters"
    continue_chip = next(rect for rect, row, value in view.form.hits if value == "loaded")
    post(pygame.MOUSEBUTTONDOWN, pos=continue_chip.center, button=1)
    frames(app, 2)
    assert view.form.start == "new"
    assert "train a new one" in view.form.error

    type_into_row(6, "1")  # epochs
    start_and_finish(app, view)
    [path] = saved_files("saved_networks", "emnist-letters-784-128-26-*.npz")
    net = network.load(path)
    assert net.labels == LETTERS and net.meta["style"] == "emnist"


def test_a_bad_setting_is_explained_and_nothing_starts(open_app, workdir, tiny_data):
    app = open_app()
    view = open_training(app)
    for _ in range(5):
        press(pygame.K_DOWN)
    press(pygame.K_BACKSPACE)  # batch size emptied, then a zero typed
    type_text("0")
    press(pygame.K_RETURN)
    frames(app, 2)
    assert view.stage.name == "setup" and "batch size must be at least 1" in view.form.error


def test_the_seed_is_on_the_form_in_the_history_and_fresh_on_train_again(open_app, workdir, tiny_data):
    app = open_app()
    view = open_training(app)
    type_into_row(6, "1")  # epochs
    type_into_row(1, "4242")  # seed
    start_and_finish(app, view)
    assert view.run.settings.seed == 4242
    [path] = saved_files("saved_networks", "*.npz")
    assert network.load(path).meta["history"][-1]["seed"] == 4242
    press(pygame.K_r, "r")
    app.step()
    assert view.stage.name == "setup" and view.form.text["seed"] == "4242"  # typed by hand: kept
    view.form.edited.discard("seed")
    view.form.new_seed()  # what Train again does to the form
    seeds = {view.form.text["seed"]}
    for _ in range(5):
        view.form.new_seed()
        seeds.add(view.form.text["seed"])
    assert len(seeds) > 1


def test_the_form_and_the_command_line_share_each_datasets_defaults(open_app, workdir, tiny_letters):
    view = open_training(open_app())
    for dataset in ("mnist", "emnist-letters"):
        view.form.choose("dataset", dataset)
        plan = view.form.plan()
        args = cli_parser().parse_args(["train", "--dataset", dataset])
        settings = settings_from_args(args)
        assert (plan.settings.lr, plan.settings.batch_size, plan.settings.epochs) == (
            settings.lr, settings.batch_size, settings.epochs)
        classes = datasets_classes(dataset)
        assert plan.sizes == network_for(args, classes, "mnist").sizes


def datasets_classes(name):
    from network.datasets import DATASETS
    return DATASETS[name].classes


def test_layers_too_small_for_letters_get_a_hint(open_app, workdir, tiny_letters):
    view = open_training(open_app())
    view.form.choose("dataset", "emnist-letters")
    assert view.form.warnings() == []
    type_into_row(2, "24, 16")
    view.app.step()
    assert any("75%" in warning for warning in view.form.warnings())


def test_text_boxes_edit_like_text_boxes(open_app, workdir, tiny_data):
    view = open_training(open_app())
    form = view.form
    type_into_row(2, "24 16")  # hidden layers: typing replaces the selected value
    view.app.step()
    assert form.text["hidden"] == "24 16"
    press(pygame.K_LEFT)
    press(pygame.K_LEFT)
    press(pygame.K_LEFT)
    type_text(",")
    view.app.step()
    assert form.text["hidden"] == "24, 16"  # Left moved the caret; nothing jumped to a preset
    press(pygame.K_HOME)
    press(pygame.K_DELETE)
    view.app.step()
    assert form.text["hidden"] == "4, 16"
    press(pygame.K_PAGEUP)  # common values are on PageUp/PageDown
    view.app.step()
    assert form.text["hidden"] == "16"

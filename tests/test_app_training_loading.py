"""Esc while the training data loads: the window goes back to drawing at once, and the loading is thrown away."""

import os
import threading

import pygame
import pytest

from app.training_loading import LoadingStage
from app.training_start import RunRequest, prepare_run, request_from_plan
from test_app_training import open_app, open_training, press, tiny_data, workdir  # noqa: F401 (fixtures)

RELEASE_AFTER = 30.0  # a regression (the window waiting for the loader) hangs this long, then fails, never forever


def slow_request(plan, gate, started, where):
    """A request whose loading waits for ``gate``: before the data is read, or after the run is made."""
    request = request_from_plan(plan)

    def wait():
        started.set()  # Esc comes now, while the loader waits
        gate.wait(RELEASE_AFTER)

    def prepare(request, check):
        if where == "before":
            wait()
        run = prepare_run(request, check)
        if where == "after":
            wait()
        return run
    return RunRequest(request.dataset, request.settings, request.make_network, prepare=prepare)


@pytest.mark.parametrize("where", ["before", "after"], ids=["reading the data", "run made"])
def test_escape_while_loading_returns_at_once_and_keeps_nothing(open_app, workdir, tiny_data, where):
    app = open_app()
    view = open_training(app)
    gate, started = threading.Event(), threading.Event()
    view.start(slow_request(view.form.plan(), gate, started, where))
    loader = view.stage.loader
    app.step()
    assert isinstance(view.stage, LoadingStage) and started.wait(30)
    press(pygame.K_ESCAPE)
    app.step()
    assert app.view is app.drawing and not gate.is_set() and loader.is_alive()  # back before the loading ended
    gate.set()
    loader.join(10)
    assert not loader.is_alive() and loader.result is None
    for folder in ("saved_networks", "logs"):
        assert not os.path.isdir(folder) or os.listdir(folder) == []  # the log of a run made anyway is removed


def test_a_loader_cancelled_after_it_finished_discards_its_run(open_app, workdir, tiny_data):
    app = open_app()
    view = open_training(app)
    view.start(request_from_plan(view.form.plan()))
    loader = view.stage.loader
    loader.join(30)
    assert loader.result is not None and os.listdir("logs")  # ready, not yet taken by a frame
    app.show_drawing()
    assert loader.result is None and os.listdir("logs") == []

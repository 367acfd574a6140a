"""Each view's keys are one table: its rows name real methods, and one row is all a new view needs."""

import pygame
import pytest

from app import drawing_view, handwriting_view, network_view, test_view
from app.training_live import RunStage
from app.training_loading import LoadingStage
from app.training_result import RunResult
from app.training_setup_stage import SetupStage
from app.keys import Key, KeyTable
from app.view import View
from test_app_drawing import press

VIEWS = [drawing_view.DrawingView, test_view.TestView, network_view.NetworkView, handwriting_view.HandwritingView,
         SetupStage, LoadingStage, RunStage, RunResult]  # the training view's keys are its stage's


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.__name__)
def test_every_row_names_a_method_of_its_view(view):
    for row in view.keys.rows:
        for name in (row.action, row.when):
            assert name is None or callable(getattr(view, name, None)), f"{view.__name__}: {name}"
        assert row.opens is None or issubclass(row.opens, View)
        assert row.keys or row.help or row.hint, "a row with no key says something in the help or the footer"
        assert row.action is None or row.opens is None


class Stamps(View):
    """A view a newcomer might add: it only draws."""

    def draw(self, surface):
        surface.fill((1, 2, 3))


def test_one_row_in_the_drawing_table_opens_a_new_view_and_lists_its_key(monkeypatch):
    from app.window import App
    row = Key((pygame.K_x,), opens=Stamps, help=("X", "stamps"), hint="X: stamps")
    monkeypatch.setattr(drawing_view.DrawingView, "keys", KeyTable(*drawing_view.KEYS.rows, row))
    app = App(size=(1920, 1080))
    try:
        app.step()
        assert ("X", "stamps") in app.view.keys.help and app.view.keys.hints()[-1] == "X: stamps"
        press(pygame.K_x, "x")
        app.step()
        assert isinstance(app.view, Stamps) and app.surface.get_at((5, 5))[:3] == (1, 2, 3)
        press(pygame.K_ESCAPE)  # the base class has no keys: the view stays until it is left
        app.step()
        assert isinstance(app.view, Stamps)
        assert app.show_drawing() is app.drawing and app.view is app.drawing
    finally:
        app.quit()
        pygame.quit()


def test_a_row_applies_only_while_its_condition_holds():
    class Switch:
        on, count = False, 0

        def enabled(self):
            return self.on

        def bump(self, step):
            self.count += step

    table = KeyTable(Key(("+",), "bump", (2,), when="enabled"), Key(((pygame.KMOD_CTRL, pygame.K_b),), "bump", (5,)))
    switch = Switch()
    plus = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_PLUS, unicode="+", mod=0)
    assert not table.handle(switch, plus) and switch.count == 0
    switch.on = True
    assert table.handle(switch, plus) and switch.count == 2
    plain_b = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_b, unicode="b", mod=0)
    ctrl_b = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_b, unicode="", mod=pygame.KMOD_LCTRL)
    assert not table.handle(switch, plain_b) and table.handle(switch, ctrl_b) and switch.count == 7


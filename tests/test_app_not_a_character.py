"""The window says "not a character" for a heart, with the closest guesses small, on one side or two; a drawn
character is still named, and a network without a gate keeps saying "not sure"."""

import os

import numpy as np
import pygame
import pytest

import network
from app.guess_panel import GuessPanel
from app.window import App

from test_app_drawing import press, stroke
from test_app_sides import CHARACTERS, fonts  # noqa: F401  (a fixture)

SHIPPED = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "saved_networks")


def heart(cx=0.5, cy=0.5, size=0.3, steps=60):
    t = np.linspace(0, 2 * np.pi, steps)
    x, y = 16 * np.sin(t) ** 3, -(13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t))
    return list(zip(cx + size * x / 17, cy + size * y / 17))


@pytest.fixture
def open_app():
    apps = []

    def make(*names, size=(1040, 700)):
        paths = [os.path.join(SHIPPED, name) for name in names]
        second = (network.load(paths[1]), paths[1]) if len(paths) > 1 else None
        apps.append(App(network.load(paths[0]), paths[0], size=size, second=second))
        return apps[-1]
    yield make
    for app in apps:
        app.quit()
    pygame.quit()


def test_the_panel_says_not_a_character_before_anything_else(fonts):  # noqa: F811
    surface = pygame.Surface((420, 560))
    panel = GuessPanel()
    probabilities = np.full(36, 0.1 / 34)
    probabilities[[0, 24]] = [0.6, 0.3]
    panel.draw(surface, surface.get_rect(), fonts, CHARACTERS, probabilities, None, ["", ""], unsure=["0", "O"],
               mark=["0", "O"])
    assert panel.answers == {"verdict": "not a character"}
    assert {0, 24} <= {index for _, index in panel.bar_rects}  # the bars still say how it leans


@pytest.mark.parametrize("size", [(1040, 700), (640, 480)])
def test_a_heart_is_not_a_character_and_a_seven_is_read(open_app, size):
    app = open_app("characters.npz", size=size)
    stroke(app, heart())
    assert app.view.panel.answers == {"verdict": "not a character"}
    press(pygame.K_r, "r")
    app.step()
    stroke(app, [(0.3, 0.2), (0.7, 0.2), (0.45, 0.8)])
    assert app.view.panel.answers.get("digit") == "7"


def test_both_sides_say_it_for_a_heart(open_app):
    app = open_app("digits.npz", "letters.npz")
    stroke(app, heart())
    assert [guess.panel.answers.get("verdict") for guess in app.view.guesses] == ["not a character"] * 2


def test_a_network_without_a_gate_keeps_saying_not_sure(open_app):
    app = open_app("tiny-digits.npz")
    stroke(app, heart())
    look = app.view.guesses[0].look
    assert look.character and app.view.panel.answers.get("verdict") is None

"""What the window shows, without a window: the sides, the chosen side and the networks opened this run."""

import network
from app.shown import Shown


def nets(count):
    return [network.Network((784, 4, 2), seed=number) for number in range(count)]


def test_one_side_keeps_the_main_side_chosen_whatever_is_asked():
    first, = nets(1)
    shown = Shown((first, "first.npz"))
    shown.choose(1)
    assert shown.side_count == 1 and shown.drop_side == 0 and shown.chosen_side == 0
    assert shown.networks() == [(first, "first.npz")] and shown.opened == ["first.npz"]


def test_a_second_side_waiting_for_a_network_is_chosen_and_hiding_it_chooses_the_main_one_again():
    first, second = nets(2)
    shown = Shown((first, "first.npz"))
    assert shown.toggle_two_sides() and shown.drop_side == 1  # True: it waits for a network
    assert shown.networks() == [(first, "first.npz")]  # an empty side is not tested or guessed with
    shown.set_network(second, "second.npz", side=1)
    shown.choose(0)
    assert shown.drop_side == 0 and shown.networks() == [(first, "first.npz"), (second, "second.npz")]
    assert not shown.toggle_two_sides() and shown.chosen_side == 0 and shown.side_count == 1
    assert not shown.toggle_two_sides() and shown.chosen_side == 0  # shown again: its network is there
    assert shown.opened == ["first.npz", "second.npz"]


def test_a_trained_network_goes_on_the_left_with_the_one_it_replaced_beside_it():
    first, trained = nets(2)
    shown = Shown((first, "first.npz"))
    assert shown.show_beside(trained, "trained.npz")
    assert [side.path for side in shown.sides] == ["trained.npz", "first.npz"] and shown.two_sides
    assert not Shown().show_beside(first, "first.npz")  # nothing to compare with: one side
    assert shown.description(1).startswith("first.npz") and Shown().description() == "no network loaded"

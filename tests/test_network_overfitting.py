"""The overfitting words: said when a train/test gap opens while test accuracy stalls, and only then."""

from network.overfitting import EpochResult, lr_jump, overfitting, verdict


def run(test_accuracies, train_accuracies, costs=None, lrs=None, first_epoch=1):
    """Test passes from lists (percent); a None train accuracy is a pass before any training."""
    costs = costs or [1.0 - accuracy / 100 for accuracy in test_accuracies]
    lrs = lrs or [0.1] * len(test_accuracies)
    return [EpochResult(float(epoch), cost, test / 100, None if train is None else train / 100, lr)
            for epoch, test, train, cost, lr in zip(range(first_epoch, first_epoch + len(costs)),
                                                     test_accuracies, train_accuracies, costs, lrs)]


def test_a_run_whose_gap_opens_while_test_stalls_is_called_overfitting():
    passes = run([94.0, 95.5, 95.8, 95.6, 95.4], [95.0, 97.0, 98.5, 99.5, 99.9])
    best, latest, then, now = overfitting(passes)
    assert best.epoch == 3.0 and latest.epoch == 5.0
    assert round(then, 1) == 2.7 and round(now, 1) == 4.5
    assert verdict(passes) == "overfitting: test stuck below 95.8% (epoch 3), train up to 99.9%: gap 2.7 -> 4.5 points"


def test_a_teaching_run_whose_test_accuracy_still_rises_is_not_overfitting_even_with_a_rising_cost():
    """The issue's case: epoch 2 of a teaching run, test 98.4% and rising, the test cost above its first pass."""
    passes = run([98.2, 98.3, 98.4], [None, 99.0, 99.3], costs=[0.041, 0.045, 0.050], first_epoch=0)
    assert verdict(passes) == ""


def test_a_cost_jump_after_the_learning_rate_was_raised_is_explained_as_such():
    """The issue's other case: Up pressed mid-run, train and test both 92.8%, the test cost up."""
    passes = run([90.0, 92.0, 92.8], [89.0, 91.9, 92.8], costs=[0.35, 0.28, 0.33], lrs=[0.1, 0.1, 1.0])
    assert lr_jump(passes) == (0.1, 1.0)
    words = verdict(passes)
    assert words.startswith("cost up: the learning rate went 0.1 -> 1,") and "overfit" not in words


def test_a_raised_learning_rate_with_a_falling_cost_is_not_mentioned():
    passes = run([90.0, 92.0, 93.0], [89.0, 91.9, 93.2], costs=[0.35, 0.28, 0.25], lrs=[0.1, 0.1, 1.0])
    assert lr_jump(passes) is None and verdict(passes) == ""


def test_a_stall_without_an_opening_gap_is_not_overfitting():
    """A network too small to learn more: train and test both flat, a little apart from the start."""
    passes = run([91.0, 92.0, 91.9, 91.8, 91.9], [93.5, 94.1, 94.0, 94.2, 94.1])
    assert overfitting(passes) is None and verdict(passes) == ""


def test_a_gap_that_opens_while_test_still_improves_is_not_overfitting_yet():
    passes = run([94.0, 95.0, 96.0, 96.5], [95.0, 98.0, 99.5, 99.9])
    assert verdict(passes) == ""


def test_one_pass_below_the_best_is_too_soon_to_say():
    passes = run([94.0, 95.8, 95.7], [95.0, 98.5, 99.9])
    assert verdict(passes) == ""
    assert "overfitting" in verdict(passes + run([95.6], [99.95], first_epoch=4))


def test_too_few_passes_say_nothing():
    assert verdict([]) == "" and verdict(run([95.0], [99.0])) == ""

"""Whether a run has begun overfitting, told from its test passes; and what else a jump in test cost means.

Overfitting is a gap that opens between train and test accuracy while test accuracy stops improving. A test
cost that rises on its own is not that: a raised learning rate makes it jump (bigger steps overshoot), and a
network growing more confident raises it while the accuracy still climbs. The window shows the sentence;
the rule lives here, pure, so that it is tested on runs that do and do not overfit.
"""

import dataclasses

GAP_POINTS = 2.0  # train ahead of test by at least this many percentage points...
OPENING_POINTS = 1.0  # ...and by this many more than when test accuracy was at its best
STALLED_PASSES = 2  # test accuracy below its best for at least this many passes in a row
LR_JUMP = 1.5  # a learning rate raised by this factor or more since the pass before is a jump


@dataclasses.dataclass(frozen=True)
class EpochResult:
    """One pass over the test set: after ``epoch`` epochs, at learning rate ``lr``; ``train_accuracy`` is over
    the epoch before it (None for a pass before any training, as a fine-tuning run's first)."""
    epoch: float
    test_cost: float
    test_accuracy: float
    train_accuracy: float = None
    lr: float = None


def lr_jump(passes):
    """``(old, new)`` learning rates when the latest pass's test cost rose after the rate was raised, else None."""
    if len(passes) < 2:
        return None
    before, latest = passes[-2], passes[-1]
    if None in (before.lr, latest.lr) or latest.lr < before.lr * LR_JUMP or not latest.test_cost > before.test_cost:
        return None
    return before.lr, latest.lr


def gap(test_pass):
    """How many percentage points train accuracy is ahead of test accuracy at ``test_pass``."""
    return 100 * (test_pass.train_accuracy - test_pass.test_accuracy)


def overfitting(passes):
    """``(best pass, latest pass, gap at best, gap now)`` when the run overfits, else None.

    Test accuracy has been below its best for the last passes, and the train/test gap has opened since then.
    """
    trained = [test_pass for test_pass in passes if test_pass.train_accuracy is not None]
    if len(trained) <= STALLED_PASSES:
        return None
    best = max(range(len(passes)), key=lambda number: passes[number].test_accuracy)  # the first of equals
    if best > len(passes) - 1 - STALLED_PASSES:
        return None  # test accuracy is still improving, or only just stopped
    then = passes[best] if passes[best].train_accuracy is not None else trained[0]
    latest = passes[-1]
    opened = gap(latest) - gap(then)
    if gap(latest) < GAP_POINTS or opened < OPENING_POINTS:
        return None
    return passes[best], latest, gap(then), gap(latest)


def verdict(passes):
    """One short line on what the latest test passes say (it fits under a chart), or "" when there is nothing to say."""
    jump = lr_jump(passes)
    if jump:
        old, new = jump
        return f"cost up: the learning rate went {old:g} -> {new:g}, so steps overshoot; it often settles"
    found = overfitting(passes)
    if found:
        best, latest, then, now = found
        return (f"overfitting: test stuck below {best.test_accuracy:.1%} (epoch {best.epoch:g}), train up to "
                f"{latest.train_accuracy:.1%}: gap {then:.1f} -> {now:.1f} points")
    return ""

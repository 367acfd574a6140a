"""One training run inside the window: steps the one training loop a time slice per frame, and keeps its story.

The view calls ``advance(seconds)`` once a frame; the run pulls mini-batches from
``network.training.train`` until the slice is used up, logs them to CSV, and records the points
the curves show. Pausing simply stops pulling. The run ends finished (saved), stopped early
(saved), or diverged (nothing saved, the broken network is dropped).
"""

import collections
import dataclasses
import math
import os
import time

from network import datasets
from network.csvlog import CsvLog, run_info
from network.errors import TrainingDiverged, os_error_message
from network.overfitting import EpochResult
from network.report import teaching_changes
from network.places import save_or_fall_back
from network.training import record_early_stop, samples_per_epoch, train

RUNNING, PAUSED, FINISHED, STOPPED, DIVERGED = "running", "paused", "finished", "stopped", "diverged"
RECENT_SECONDS = 2.0  # the speed shown is measured over about this much running time


@dataclasses.dataclass
class Curves:
    """The points the charts draw: train cost/accuracy over recent batches, and each test set's per epoch.

    ``tests`` maps a test series' name ("test" for the dataset's own test set, and any further set the
    loop reports) to its ``(epochs, costs, accuracies)`` lists.
    """
    train_epochs: list = dataclasses.field(default_factory=list)
    train_cost: list = dataclasses.field(default_factory=list)
    train_accuracy: list = dataclasses.field(default_factory=list)
    tests: dict = dataclasses.field(default_factory=dict)
    epoch_train: dict = dataclasses.field(default_factory=dict)  # epoch -> (cost, accuracy) over that epoch
    test_lr: dict = dataclasses.field(default_factory=dict)  # epoch -> the learning rate at that test pass
    revision: int = 0

    def accuracy_gap(self):
        """``(epoch, train accuracy over that epoch, test accuracy)`` at the latest test pass, or None."""
        epochs, _, accuracies = self.tests.get("test", ([], [], []))
        if not epochs or epochs[-1] not in self.epoch_train:
            return None
        return epochs[-1], self.epoch_train[epochs[-1]][1], accuracies[-1]

    def test_passes(self):
        """The test set's passes so far, with the train accuracy over each epoch and the learning rate then."""
        epochs, costs, accuracies = self.tests.get("test", ([], [], []))
        return [EpochResult(epoch, cost, accuracy, self.epoch_train.get(epoch, (None, None))[1], self.test_lr.get(epoch))
                for epoch, cost, accuracy in zip(epochs, costs, accuracies)]

    def add_test(self, epoch, cost, accuracy, name="test"):
        epochs, costs, accuracies = self.tests.setdefault(name, ([], [], []))
        epochs.append(epoch)
        costs.append(cost)
        accuracies.append(accuracy)
        self.revision += 1


class TrainingRun:
    """A network, its data and settings, and the training generator stepped under a time budget."""

    def __init__(self, net, train_set, test_set, settings, dataset, save_path, log_path, augmenter=None,
                 replay=None, extra_tests=None, notes=None):
        self.net, self.settings, self.dataset, self.test_set = net, settings, dataset, test_set
        self.save_path, self.log_path = save_path, log_path
        self.train_size = samples_per_epoch(len(train_set[0]), settings.batch_size, replay)  # per epoch
        self.test_size = len(test_set[0]) if test_set is not None else 0
        self.curves = Curves()
        self.state = RUNNING
        self.error = None
        self.progress = None
        self.saved = False
        self.save_problem = None  # why the network is not where it was meant to be saved, if it is not
        self.running_seconds = 0.0
        self._paused_seconds = 0.0
        self._paused_at = None
        self._window = (0, 0.0, 0)  # (samples done this epoch, cost sum, correct) at the last curve point
        self._points_every = max(1, -(-self.train_size // settings.batch_size) // self.points_per_epoch())
        self._recent = collections.deque()  # (running seconds, samples seen) of the last few seconds
        self._finished_at = None
        self._step_seconds = 0.0  # a mini-batch's time, smoothed
        self._log = CsvLog(log_path, info=run_info(dataset, net.sizes, settings, net.activation))
        self._steps = train(net, train_set, test_set, settings, dataset, augmenter, replay, extra_tests, notes)
        self._pull(time.perf_counter())  # the first step converts the data: do it now, not in a frame
        if extra_tests:  # a teaching run: every curve starts where the network was, so forgetting shows
            before = net.meta["history"][-1]["before"]
            if before["test_accuracy"] is not None:
                self.curves.add_test(0.0, before["test_cost"], before["test_accuracy"])
                self.curves.test_lr[0.0] = settings.lr
            for name in extra_tests:
                self.curves.add_test(0.0, None, before[f"{name}_accuracy"], name)

    def points_per_epoch(self):
        """Curve resolution: about 600 points over the whole run, between 10 and 100 per epoch."""
        return max(10, min(100, 600 // self.settings.epochs))

    @property
    def active(self):
        return self.state in (RUNNING, PAUSED)

    @property
    def samples_seen(self):
        return self.progress.samples_seen if self.progress else 0

    @property
    def samples_per_s(self):
        """Samples per second over the last few seconds of running (not paused) wall time, drawing included:
        what the user sees at the current pace (the whole run's average until that much time has passed)."""
        if len(self._recent) > 1 and self._recent[-1][0] - self._recent[0][0] >= RECENT_SECONDS / 2:
            (then, before), (now, seen) = self._recent[0], self._recent[-1]
            return (seen - before) / (now - then)
        return self.samples_seen / self.running_seconds if self.running_seconds > 0 else 0.0

    @property
    def seconds_left(self):
        """At the current pace, seconds until the last epoch ends (its test pass not counted)."""
        rate = self.samples_per_s
        remaining = self.settings.epochs * self.train_size - self.samples_seen
        return remaining / rate if rate > 0 else float("nan")

    def set_lr(self, lr):
        """Change the learning rate from the next mini-batch on (the loop records it in the history)."""
        if not (lr > 0 and math.isfinite(lr)):
            raise ValueError(f"learning rate must be a positive number, got {lr:g}")
        self.settings.lr = lr

    def extend(self, epochs=1):
        """Add ``epochs`` to the run; a finished run trains on from where it stopped and is saved again."""
        self.settings.epochs += epochs
        if self.state == FINISHED:
            self._paused_seconds += time.perf_counter() - self._finished_at  # time spent finished is not training
            self.state, self.saved = RUNNING, False

    def advance(self, budget, frame_seconds=0.0, max_steps=None):
        """Train for up to ``budget`` seconds (or ``max_steps`` steps); ``frame_seconds`` of wall time passed."""
        if self.state != RUNNING:
            return 0
        self.running_seconds += frame_seconds
        self._recent.append((self.running_seconds, self.samples_seen))
        while self._recent[-1][0] - self._recent[0][0] > RECENT_SECONDS:
            self._recent.popleft()
        deadline = time.perf_counter() + budget
        steps = 0
        while self.state == RUNNING and (max_steps is None or steps < max_steps):
            steps += 1
            if not self._pull(deadline):
                break
        return steps

    def _pull(self, deadline):
        """Take one step of the loop; False when the budget is spent (or would be, half-way through another
        step: so frames overrun their slice as often as they fall short) or the run has ended."""
        started = time.perf_counter()
        try:
            progress = next(self._steps)
        except StopIteration:
            self._end(FINISHED)
            return False
        except TrainingDiverged as error:
            self._diverge(error)
            return False
        if self._paused_seconds:
            seconds = progress.seconds - self._paused_seconds
            progress = dataclasses.replace(progress, seconds=seconds,
                                           samples_per_s=progress.samples_seen / seconds if seconds > 0 else 0.0)
        self.progress = progress
        self._log.write(progress)
        self._record(progress)
        if progress.kind == "epoch" and progress.epoch >= self.settings.epochs:
            self._end(FINISHED)  # the loop waits at its last event: extend() can still go on from here
            return False
        now = time.perf_counter()
        if progress.kind == "step":
            self._step_seconds += 0.2 * (now - started - self._step_seconds)
        return now + self._step_seconds / 2 < deadline

    def _record(self, progress):
        """Add a curve point every few steps (averaged over the batches since the last one) and at epoch ends."""
        done = progress.samples_seen - (progress.epoch - 1) * self.train_size
        if progress.kind == "epoch":
            self._window = (0, 0.0, 0)
            self.curves.epoch_train[float(progress.epoch)] = (progress.cost, progress.accuracy)
            if progress.test_cost is not None:
                self.curves.add_test(float(progress.epoch), progress.test_cost, progress.test_accuracy)
                self.curves.test_lr[float(progress.epoch)] = self.settings.lr
            for name, accuracy in (progress.extra_accuracy or {}).items():
                self.curves.add_test(float(progress.epoch), None, accuracy, name)  # further test sets: accuracy only
            return
        if progress.step % self._points_every and progress.step != progress.steps:
            return
        last_done, last_cost, last_correct = self._window
        cost_sum, correct = progress.cost * done, progress.accuracy * done
        count = done - last_done
        self._window = (done, cost_sum, correct)
        self.curves.train_epochs.append(progress.epochs_done)
        self.curves.train_cost.append((cost_sum - last_cost) / count)
        self.curves.train_accuracy.append((correct - last_correct) / count)
        self.curves.revision += 1

    def before_and_after(self):
        """A teaching run's before -> after (the test set, its classes that got worse and better, the drawings and
        what they were measured on: ``network.report.teaching_changes``), or '' for other runs."""
        run = self.net.meta["history"][-1]
        if not run.get("replay") or "drawings_accuracy" not in run:
            return ""
        return "Before -> after: " + "; ".join(teaching_changes(run, self.net.labels, ".1%"))

    def toggle_pause(self):
        if self.state == RUNNING:
            self.state, self._paused_at = PAUSED, time.perf_counter()
        elif self.state == PAUSED:
            self._paused_seconds += time.perf_counter() - self._paused_at
            self.state, self._paused_at = RUNNING, None

    def stop(self):
        """End the run early, keeping and saving what was learned; returns the saved path or None."""
        if self.active:
            if self.progress is not None:
                self._log.write(self.progress, last=True)  # the log ends where the network does
            self._end(STOPPED)
        return self.save_path if self.saved else None

    def _end(self, state):
        if self.state == PAUSED:
            self.toggle_pause()
        self.state = state
        if state == FINISHED:
            self._finished_at = time.perf_counter()
        else:
            self.release()
        self.net.meta["style"] = datasets.style_of(self.net.meta["dataset"])  # after teaching: the replayed one
        if state == STOPPED:  # history: the epochs done, the stop, the test accuracy now (pauses not counted)
            record_early_stop(self.net, self.test_set, self.progress)
        else:
            run = self.net.meta["history"][-1]
            run["seconds"] = round(max(0.0, run.get("seconds", 0.0) - self._paused_seconds), 2)
        try:
            self.save_path, self.save_problem = save_or_fall_back(self.net, self.save_path)
            self.saved = True
        except OSError as error:
            self.save_problem = f"the network could not be saved ({os_error_message(error)})"

    def _diverge(self, error):
        """The network is broken: keep the message, save nothing."""
        self.discard()
        self.state, self.error = DIVERGED, str(error)

    def release(self):
        """Close the loop and the log: the run can no longer be extended."""
        self._steps.close()
        self._log.close()

    def discard(self):
        """End the run without saving anything: close the loop, close and delete the log."""
        self.state = STOPPED
        self.release()
        os.remove(self.log_path)

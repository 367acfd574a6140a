"""One training run inside the window: steps the one training loop a time slice per frame, and keeps its story.

The view calls ``advance(seconds)`` once a frame; the run pulls mini-batches from
``network.training.train`` until the slice is used up, logs them to CSV, and records the points
the curves show. Pausing simply stops pulling. The run ends finished (saved), stopped early
(saved), or diverged (nothing saved, the broken network is dropped).
"""

import dataclasses
import os
import time

from network import datasets
from network.csvlog import CsvLog
from network.errors import TrainingDiverged, os_error_message
from network.places import save_or_fall_back
from network.training import evaluate, record_early_stop, train

RUNNING, PAUSED, FINISHED, STOPPED, DIVERGED = "running", "paused", "finished", "stopped", "diverged"


@dataclasses.dataclass
class Curves:
    """The points the charts draw: train cost/accuracy over recent batches, test cost/accuracy per epoch."""
    train_epochs: list = dataclasses.field(default_factory=list)
    train_cost: list = dataclasses.field(default_factory=list)
    train_accuracy: list = dataclasses.field(default_factory=list)
    test_epochs: list = dataclasses.field(default_factory=list)
    test_cost: list = dataclasses.field(default_factory=list)
    test_accuracy: list = dataclasses.field(default_factory=list)
    revision: int = 0

    def add_test(self, epoch, cost, accuracy):
        self.test_epochs.append(epoch)
        self.test_cost.append(cost)
        self.test_accuracy.append(accuracy)
        self.revision += 1


class TrainingRun:
    """A network, its data and settings, and the training generator stepped under a time budget."""

    def __init__(self, net, train_set, test_set, settings, dataset, save_path, log_path, augmenter=None):
        self.net, self.settings, self.dataset, self.test_set = net, settings, dataset, test_set
        self.save_path, self.log_path = save_path, log_path
        self.train_size = len(train_set[0])
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
        if test_set is not None:
            cost, accuracy = evaluate(net, datasets.as_inputs(test_set[0]), test_set[1])
            self.curves.add_test(0.0, cost, accuracy)
        self._log = CsvLog(log_path)
        self._steps = train(net, train_set, test_set, settings, dataset, augmenter)
        self._pull(time.perf_counter())  # the first step converts the data: do it now, not in a frame

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
        """Samples per second of running (not paused) wall time, drawing included: what the user sees."""
        return self.samples_seen / self.running_seconds if self.running_seconds > 0 else 0.0

    @property
    def seconds_left(self):
        rate = self.samples_per_s
        remaining = self.settings.epochs * self.train_size - self.samples_seen
        return remaining / rate if rate > 0 else float("nan")

    def advance(self, budget, frame_seconds=0.0, max_steps=None):
        """Train for up to ``budget`` seconds (or ``max_steps`` steps); ``frame_seconds`` of wall time passed."""
        if self.state != RUNNING:
            return 0
        self.running_seconds += frame_seconds
        deadline = time.perf_counter() + budget
        steps = 0
        while self.state == RUNNING and (max_steps is None or steps < max_steps):
            steps += 1
            if not self._pull(deadline):
                break
        return steps

    def _pull(self, deadline):
        """Take one step of the loop; False when the budget is spent or the run has ended."""
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
        return time.perf_counter() < deadline

    def _record(self, progress):
        """Add a curve point every few steps (averaged over the batches since the last one) and at epoch ends."""
        done = progress.samples_seen - (progress.epoch - 1) * self.train_size
        if progress.kind == "epoch":
            self._window = (0, 0.0, 0)
            if progress.test_cost is not None:
                self.curves.add_test(float(progress.epoch), progress.test_cost, progress.test_accuracy)
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

    def toggle_pause(self):
        if self.state == RUNNING:
            self.state, self._paused_at = PAUSED, time.perf_counter()
        elif self.state == PAUSED:
            self._paused_seconds += time.perf_counter() - self._paused_at
            self.state, self._paused_at = RUNNING, None

    def stop(self):
        """End the run early, keeping and saving what was learned; returns the saved path or None."""
        if self.active:
            self._end(STOPPED)
        return self.save_path if self.saved else None

    def _end(self, state):
        if self.state == PAUSED:
            self.toggle_pause()
        self.state = state
        self._steps.close()
        self._log.close()
        self.net.meta["style"] = datasets.style_of(self.dataset)
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

    def discard(self):
        """End the run without saving anything: close the loop, close and delete the log."""
        self.state = STOPPED
        self._steps.close()
        self._log.close()
        os.remove(self.log_path)

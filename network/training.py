"""The one training loop: mini-batch SGD with momentum and L2, yielding a progress event after every step.

Callers decide what to do with the events: the CLI prints a progress bar, the CSV logger writes rows,
the training view draws. The loop never prints, sleeps or draws.
"""

import time
from dataclasses import dataclass, field

import numpy as np

from .datasets import as_inputs
from .divergence import DivergenceWatch
from .model import DTYPE, cross_entropy, output_error

MAX_EPOCHS = 10_000


@dataclass
class Settings:
    """What a training run was asked to do; stored in the network's history."""
    epochs: int = 10
    batch_size: int = 64
    lr: float = 0.5
    lr_decay: float = 1.0
    momentum: float = 0.9
    l2: float = 0.0
    seed: int = 0
    augment: bool = False
    augment_share: float = 1.0  # with augment: the part of each batch varied, the rest seen as it is

    def __post_init__(self):
        for name in ("epochs", "batch_size"):
            if int(getattr(self, name)) < 1:
                raise ValueError(f"{name.replace('_', ' ')} must be at least 1, got {getattr(self, name)}")
        if self.epochs > MAX_EPOCHS:
            raise ValueError(f"epochs must be at most {MAX_EPOCHS:,} (days of training even on small data), "
                             f"got {self.epochs:,}")
        if not self.lr > 0 or not np.isfinite(self.lr):
            raise ValueError(f"learning rate must be a positive number, got {self.lr}")
        if not 0 < self.lr_decay <= 1:
            raise ValueError(f"learning-rate decay must be above 0 and at most 1, got {self.lr_decay}")
        if not 0 <= self.momentum < 1:
            raise ValueError(f"momentum must be from 0 up to (not including) 1, got {self.momentum}")
        if not self.l2 >= 0:
            raise ValueError(f"L2 strength must be zero or positive, got {self.l2}")
        if not 0 < self.augment_share <= 1:
            raise ValueError(f"the augmented share must be above 0 and at most 1, got {self.augment_share}")


@dataclass
class Progress:
    """Where training stands. ``kind`` is "step" after every mini-batch, "epoch" after each test pass."""
    kind: str
    epoch: int
    epochs: int
    step: int
    steps: int
    samples_seen: int
    cost: float
    accuracy: float
    samples_per_s: float
    seconds: float
    test_cost: float = None
    test_accuracy: float = None
    history: list = field(default_factory=list)
    extra_accuracy: dict = field(default_factory=dict)  # accuracy on each extra test set, after an epoch

    @property
    def fraction(self):
        """How much of the whole run is done, 0 to 1."""
        return ((self.epoch - 1) * self.steps + self.step) / (self.epochs * self.steps)

    @property
    def epochs_done(self):
        """Fractional epochs, for plotting."""
        return self.epoch - 1 + self.step / self.steps

    @property
    def seconds_left(self):
        return self.seconds * (1 - self.fraction) / self.fraction if self.fraction else float("nan")


REPLAY_SHARE = 0.9  # of every mini-batch, when fine-tuning with replay (measured in bench/teach.py)


@dataclass
class Replay:
    """Images of the dataset a network first learned, mixed into every mini-batch while it learns new ones.

    ``share`` of each batch is drawn at random from these, the rest comes from the new training set in
    order; without them fine-tuning on a few new images makes the network forget what it knew.
    """
    images: np.ndarray
    labels: np.ndarray
    dataset: str = ""
    share: float = REPLAY_SHARE

    def __post_init__(self):
        if not 0 <= self.share < 1:
            raise ValueError(f"replay share must be from 0 up to (not including) 1, got {self.share}")
        if not len(self.images):
            raise ValueError(f"the replay dataset {self.dataset!r} has no images")

    def per_batch(self, batch_size):
        return replayed_per_batch(batch_size, self.share)

    def record(self):
        """What the network's history keeps about the replay."""
        return {"dataset": self.dataset, "share": self.share, "images": len(self.images)}


def replayed_per_batch(batch_size, share):
    """How many of a batch's ``batch_size`` images are replayed; at least one is always a new one."""
    return min(batch_size - 1, int(round(batch_size * share)))


def epoch_batches(count, batch_size, rng, replay=None):
    """One epoch's mini-batches as index arrays: the ``count`` training images, each once, shuffled, and
    with ``replay`` each batch topped up with random replay images (indexed from ``count`` on)."""
    extra = replay.per_batch(batch_size) if replay is not None else 0
    own = batch_size - extra
    order = rng.permutation(count)
    batches = [order[start:start + own] for start in range(0, count, own)]
    if extra:
        picks = count + rng.integers(len(replay.images), size=(len(batches), extra))
        batches = [np.concatenate([batch, pick]) for batch, pick in zip(batches, picks)]
    return batches


def samples_per_epoch(count, batch_size, replay=None):
    """How many images an epoch over ``count`` training images feeds the network, replayed ones included."""
    extra = replay.per_batch(batch_size) if replay is not None else 0
    return count + extra * -(-count // (batch_size - extra))


def evaluate(net, inputs, labels, chunk=10000):
    """Mean cross-entropy cost and accuracy of ``net`` on float inputs (n, 784) and integer labels."""
    cost, predicted = cost_and_guesses(net, inputs, labels, chunk)
    return cost, int(np.count_nonzero(predicted == labels)) / len(inputs)


def cost_and_guesses(net, inputs, labels, chunk=10000):
    """Mean cross-entropy cost of ``net`` on float inputs (n, 784) and integer labels, and its guess for each."""
    cost, guesses = 0.0, []
    for start in range(0, len(inputs), chunk):
        x, y = inputs[start:start + chunk], labels[start:start + chunk]
        out = net.forward(x)[-1]
        cost += cross_entropy(out, y, net.output) * len(x)
        guesses.append(np.argmax(out, axis=1))
    return cost / len(inputs), np.concatenate(guesses) if guesses else np.zeros(0, np.int64)


def accuracy_by_class(guesses, labels, classes):
    """Each class's share of right guesses, as a list (None for a class without images): JSON for the history."""
    totals = np.bincount(labels, minlength=classes)
    right = np.bincount(labels[guesses == labels], minlength=classes)
    return [round(float(r / t), 6) if t else None for r, t in zip(right, totals)]


def record_early_stop(net, test_set, progress):
    """Write into ``net``'s history that its current run stopped early after ``progress``.

    The run records the epochs done (fractional), the steps done, the epochs it was asked for and the
    test accuracy measured now, at the stop; the network's own test accuracy becomes that one too.
    Returns that accuracy (None without a test set). A run that had already done all its epochs is left as it is.
    """
    run = net.meta["history"][-1]
    if progress.fraction >= 1:
        return run.get("test_accuracy")
    accuracy = None
    if test_set is not None and len(test_set[0]):
        _, accuracy = evaluate(net, as_inputs(test_set[0]), test_set[1])
    run.update(epochs=round(progress.epochs_done, 3), planned_epochs=progress.epochs, stopped_early=True,
               steps=(progress.epoch - 1) * progress.steps + progress.step, test_accuracy=accuracy,
               seconds=round(progress.seconds, 2))
    net.meta["test_accuracy"] = accuracy
    return accuracy


def train(net, train_set, test_set=None, settings=None, dataset="", augmenter=None, replay=None, extra_tests=None,
          notes=None):
    """Train ``net`` in place on ``(images, labels)``; yields a Progress after every mini-batch and epoch.

    ``augmenter(images, rng)`` (optional) turns a uint8 batch (n, 28, 28) into varied float inputs
    (n, 784). ``replay`` (a Replay) mixes another dataset's images into every batch. ``extra_tests``
    (name -> (images, labels)) are tested after every epoch besides ``test_set``; their accuracy is in
    each epoch's Progress and in the history, with every test's accuracy before training under "before"
    and, per class of the test set, under "test_by_class" (before and after: what teaching cost, class by
    class). ``notes`` are further fields for the run's history entry (what the extra tests measured).
    The network's metadata (epochs, test accuracy, history) is kept current after every
    epoch, so saving it at any point stores an honest record. Raises TrainingDiverged when the run
    is lost (see ``divergence``); the network is then broken and must not be saved.

    ``settings.lr`` and ``settings.epochs`` are read as the run goes, so a caller may change the
    learning rate mid-run or add epochs (even after the last epoch's event); each change is
    recorded in the run's history entry under "changes".
    """
    settings = settings or Settings()
    images, labels = train_set
    count = len(images)
    if replay is not None:
        images, labels = np.concatenate([images, replay.images]), np.concatenate([labels, replay.labels])
    pixels = images.reshape(len(images), -1)  # uint8; each batch becomes float inputs as it is used
    test_inputs, test_labels = (as_inputs(test_set[0]), test_set[1]) if test_set is not None else (None, None)
    rng = np.random.default_rng(settings.seed)
    velocity_w = [np.zeros_like(w) for w in net.weights]
    velocity_b = [np.zeros_like(b) for b in net.biases]
    # Work arrays, allocated once and refilled every batch: each layer's activations and the step
    # (lr times the gradient) that backpropagation writes.
    batch_activations = [np.empty((settings.batch_size, size), DTYPE) for size in net.sizes[1:]]
    step_w = [np.empty_like(w) for w in net.weights]
    step_b = [np.empty_like(b) for b in net.biases]
    momentum, l2 = DTYPE(settings.momentum), DTYPE(settings.l2)
    run = {"dataset": dataset, "epochs": 0, "test_accuracy": None, "seconds": 0.0,
           **{key: value for key, value in vars(settings).items() if key != "epochs"}}
    if replay is not None:
        run["replay"] = replay.record()
    extra_tests = {name: (as_inputs(x), y) for name, (x, y) in (extra_tests or {}).items()}
    run.update(notes or {})
    if extra_tests:
        run["before"] = _tests_before(net, test_inputs, test_labels, extra_tests)
        if test_inputs is not None:
            run["test_by_class"] = {"before": _by_class(net, test_inputs, test_labels)[2]}
    net.meta.setdefault("history", []).append(run)
    net.gate = None  # it learned from the hidden layers as they were; it would judge these ones wrongly
    net.cut_check = None  # and so did the cut check
    net.meta["dataset"] = replay.dataset if replay is not None else dataset  # what its test accuracy is about
    watch = DivergenceWatch(net, settings.lr)
    started, seen = time.perf_counter(), 0
    asked = {"lr": settings.lr, "epochs": settings.epochs}
    epoch = 0
    while epoch < settings.epochs:
        epoch += 1
        batches = epoch_batches(count, settings.batch_size, rng, replay)
        steps = len(batches)
        cost_sum, correct, done = 0.0, 0, 0
        for step, batch in enumerate(batches, start=1):
            _note_changes(settings, asked, run, epoch - 1 + (step - 1) / steps)
            watch.lr = settings.lr
            lr = DTYPE(settings.lr * settings.lr_decay ** (epoch - 1))
            batch_labels = labels[batch]
            rows = augmenter(images[batch], rng) if augmenter else np.take(pixels, batch, axis=0)
            # A pixel blank in every image of the batch adds nothing to the first layer's sums and gets
            # no gradient, so this step leaves it out: on MNIST that is a third of the pixels, and a third
            # of the work in the two biggest matrix products.
            inked = np.flatnonzero(rows.any(axis=0))
            x = rows[:, inked] if augmenter else as_inputs(rows[:, inked])
            # A diverging network overflows on the way; that is reported as TrainingDiverged, not warned.
            with np.errstate(over="ignore", invalid="ignore"):
                activations = net.forward(x, batch_activations, inputs=inked)
                out = activations[-1]
                cost = cross_entropy(out, batch_labels, net.output)
                watch.check(cost, activations, epoch, step)
                correct += int(np.count_nonzero(np.argmax(out, axis=1) == batch_labels))
                # The output error a - y, scaled by lr / n, backpropagates straight into lr * gradient.
                error = output_error(out, batch_labels)
                error *= lr / len(batch)
                net.backward(activations, error, step_w, step_b)
                layers = zip(net.weights, net.biases, velocity_w, velocity_b, step_w, step_b)
                for layer, (w, b, vw, vb, sw, sb) in enumerate(layers):
                    vw *= momentum
                    if l2:
                        vw -= (lr * l2) * w
                    if layer == 0:  # the first layer's step has rows for the inked pixels only
                        inked_velocity = np.take(vw, inked, axis=0)
                        inked_velocity -= sw[:len(inked)]
                        vw[inked] = inked_velocity
                    else:
                        vw -= sw
                    w += vw
                    vb *= momentum
                    vb -= sb
                    b += vb
            seen += len(batch)
            done += len(batch)
            cost_sum += cost * len(batch)
            seconds = time.perf_counter() - started
            yield Progress("step", epoch, settings.epochs, step, steps, seen, cost_sum / done, correct / done,
                           seen / seconds if seconds else 0.0, seconds)
        test_cost = test_accuracy = None
        if test_inputs is not None and "test_by_class" in run:
            test_cost, test_accuracy, run["test_by_class"]["after"] = _by_class(net, test_inputs, test_labels)
        elif test_inputs is not None:
            test_cost, test_accuracy = evaluate(net, test_inputs, test_labels)
        extra_accuracy = {name: evaluate(net, *data)[1] for name, data in extra_tests.items()}
        seconds = time.perf_counter() - started
        net.meta["epochs"] = int(net.meta.get("epochs", 0)) + 1
        net.meta["test_accuracy"] = test_accuracy
        run.update(epochs=epoch, test_accuracy=test_accuracy, seconds=round(seconds, 2),
                   **{f"{name}_accuracy": value for name, value in extra_accuracy.items()})
        yield Progress("epoch", epoch, settings.epochs, steps, steps, seen, cost_sum / done,
                       correct / done, seen / seconds if seconds else 0.0, seconds, test_cost, test_accuracy,
                       extra_accuracy=extra_accuracy)
        _note_changes(settings, asked, run, epoch)


def _note_changes(settings, asked, run, at_epoch):
    """Record in the history entry ``run`` a learning rate or epoch count changed since last asked."""
    for name in ("lr", "epochs"):
        if getattr(settings, name) != asked[name]:
            asked[name] = getattr(settings, name)
            run.setdefault("changes", []).append({"at_epoch": round(at_epoch, 3), name: asked[name]})


def _tests_before(net, test_inputs, test_labels, extra_tests):
    """Cost and accuracy on the test set (None without one) and accuracy on every extra test set, by name."""
    cost, accuracy = evaluate(net, test_inputs, test_labels) if test_inputs is not None else (None, None)
    return {"test_cost": cost, "test_accuracy": accuracy,
            **{f"{name}_accuracy": evaluate(net, *data)[1] for name, data in extra_tests.items()}}


def _by_class(net, inputs, labels):
    """``(cost, accuracy, accuracy of each class)`` on a test set, from one pass over it."""
    cost, guesses = cost_and_guesses(net, inputs, labels)
    return cost, int(np.count_nonzero(guesses == labels)) / len(inputs), accuracy_by_class(guesses, labels, net.sizes[-1])

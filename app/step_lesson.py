"""What the learning-step view shows: one image and its label, the network as it was and as the steps so far
left it, the step on show (network.inspect.training_step does the math), and what the steps did to other
images, measured in the background on a fixed sample of the network's test images.

The loaded network is never changed: each step makes a new copy. Keeping the result saves it as a new file.
"""

import threading
import time

import numpy as np

from network import datasets, places, save
from network.errors import InklingError
from network.inspect import class_index, training_step
from network.paths import unique_path

LEARNING_RATES = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0)
FIRST_LEARNING_RATE = 0.05  # a misread image usually needs a few steps: enough to watch the cost fall
SAMPLE_SIZE = 1000  # test images the forgetting is measured on
SAMPLE_SEED = 0


class StepLesson:
    """One image ``x`` (784,) with class ``label`` (index), the network it starts from, and the step on show.

    ``net`` is the network the shown step starts from; ``step.after`` is where it ends, ``taken`` steps
    from ``original`` (repeating a step moves ``net`` on to ``step.after``). ``costs`` holds the cost on
    the image before the first step and after each one.
    """

    def __init__(self, original, x, label, source, lr=FIRST_LEARNING_RATE):
        self.original = original
        self.x = np.asarray(x, dtype=np.float32).reshape(-1)
        self.label = class_index(original, label)
        self.source = source  # "your drawing", "training image 123", ...
        self.lr = lr
        self.version = 0  # grows whenever what is shown changes
        self.start_again()

    def start_again(self):
        """Back to the original network, one step shown."""
        self.net, self.taken = self.original, 1
        self._step()

    def _step(self):
        self.step = training_step(self.net, self.x, self.label, self.lr)
        if self.net is self.original:
            self.costs = [self.step.cost]
        self.costs = self.costs[:self.taken] + [self.step.cost_after]
        self.version += 1

    def repeat(self):
        """Take the shown step and show the next one from where it ends."""
        self.net, self.taken = self.step.after, self.taken + 1
        self._step()

    def set_label(self, label):
        """Learn another class for the image: the shown step is made again from the same network."""
        label = class_index(self.original, label)
        if label != self.label:
            self.label = label
            self.start_again()

    def change_rate(self, notches):
        """A larger (``notches`` > 0) or smaller learning rate from LEARNING_RATES; the shown step is made again."""
        nearest = int(np.argmin([abs(np.log(rate / self.lr)) for rate in LEARNING_RATES]))
        lr = LEARNING_RATES[int(np.clip(nearest + notches, 0, len(LEARNING_RATES) - 1))]
        if lr != self.lr:
            self.lr = lr
            self._step()

    @property
    def class_name(self):
        return self.original.labels[self.label]

    @property
    def overshoot(self):
        """True when the shown step made the cost on this image go up: the learning rate is too large."""
        return self.step.cost_after > self.step.cost

    def probabilities(self, net):
        return net.predict_proba(self.x)

    def kept_network(self):
        """A copy of where the steps end, its history saying what it learned (its test accuracy no longer holds)."""
        net = self.step.after.copy()
        net.meta["history"] = list(net.meta.get("history", [])) + [{
            "dataset": f"one image: {self.source} as {self.class_name}", "epochs": 0, "steps": self.taken,
            "batch_size": 1, "lr": self.lr, "momentum": 0.0, "date": time.strftime("%Y-%m-%d %H:%M")}]
        net.meta["test_accuracy"] = None
        return net

    def keep(self, stem):
        """Save ``kept_network()`` as a new file (never over one) in saved_networks/; returns (net, path)."""
        net = self.kept_network()
        path = unique_path(places.networks_folder(), f"{stem}-{self.taken}-step{'s' if self.taken > 1 else ''}",
                           ".npz")
        save(net, path)
        return net, path


def own_images(net, split, data_dir=None):
    """``(images, labels)`` of the ``split`` of the dataset ``net`` learned, or a sentence saying why not."""
    name = net.meta.get("dataset") or ""
    if name not in datasets.DATASETS or not datasets.is_available(name, data_dir):
        return f"the images of its dataset ({name or 'unknown'}) are not here"
    try:
        images, labels, classes = datasets.load(name, split, data_dir)
    except (InklingError, OSError) as error:
        return f"its {split} images could not be read: {error}"
    if list(classes) != list(net.labels):
        return f"its dataset's classes ({name}) are not the network's"
    return images, labels


class Background:
    """A dataset split of the network's own, loaded in a background thread; ``problem`` says why there is none."""

    def __init__(self, net, split, data_dir=None):
        self.problem = None
        self.images = self.labels = None
        self._thread = threading.Thread(target=self._load, args=(net, split, data_dir), daemon=True)
        self._thread.start()

    def _load(self, net, split, data_dir):
        loaded = own_images(net, split, data_dir)
        if isinstance(loaded, str):
            self.problem = loaded
        else:
            self.labels, self.images = loaded[1], loaded[0]
        self.loaded(net)

    def loaded(self, net):
        """Work for the same thread once the split is read (or found missing)."""

    @property
    def ready(self):
        return self.images is not None


class TrainingImages(Background):
    """The network's training images, for a lesson on one of them."""

    def __init__(self, net, data_dir=None, seed=None):
        super().__init__(net, "train", data_dir)
        self._rng = np.random.default_rng(seed)

    def pick(self):
        """``(inputs (784,), label, index)`` of a random training image, or None while loading or without any."""
        if not self.ready:
            return None
        index = int(self._rng.integers(len(self.images)))
        return datasets.as_inputs(self.images[index:index + 1])[0], int(self.labels[index]), index


class Forgetting(Background):
    """What steps on one image do to the others: a fixed sample of the network's test images, read by the
    original network and by each network asked about, one at a time in the background thread."""

    def __init__(self, net, data_dir=None):
        self.original = net
        self._results = {}  # id(net) -> (net, predicted classes)
        self._wanted = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopped = False
        super().__init__(net, "test", data_dir)

    def predicted(self, net):
        """The classes ``net`` reads the sample as, or None until measured (asking starts it)."""
        with self._lock:
            known = self._results.get(id(net))
            if known is None:
                self._wanted = net
                self._wake.set()
            return None if known is None else known[1]

    def stop(self):
        self._stopped = True
        self._wake.set()

    def loaded(self, net):
        if not self.ready:
            return
        pick = np.random.default_rng(SAMPLE_SEED).permutation(len(self.images))[:SAMPLE_SIZE]
        self.images, self.labels = datasets.as_inputs(self.images[pick]), self.labels[pick]
        self._measure(net)
        while not self._stopped:
            self._wake.wait()
            self._wake.clear()
            with self._lock:
                wanted, self._wanted = self._wanted, None
            if wanted is not None and not self._stopped:
                self._measure(wanted)

    def _measure(self, net):
        predicted = net.predict(self.images)
        with self._lock:
            if len(self._results) > 64:  # the original's result stays; the others are asked for again if shown
                self._results = {key: value for key, value in self._results.items() if value[0] is self.original}
            self._results[id(net)] = (net, predicted)  # holding net keeps its id from being reused

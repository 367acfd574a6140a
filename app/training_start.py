"""Starting a training run: what a run needs (a RunRequest, from the setup form or the command line), and the
loader that reads the data and prepares the run in a background thread, so the window keeps answering.

A loader can be cancelled at any moment (Esc while loading): the window goes on at once, and the loader
throws its work away when it gets to a stopping point, before any file is written, or after.
"""

import os
import threading

from network import Network
from network.augment import Augmenter
from network.cli import load_training_data, network_for, output_paths, settings_from_args
from network.errors import os_error_message

from .background import Cancelled
from .training_run import TrainingRun
from .training_setup import OFFERED


class RunRequest:
    """Everything needed to start a run, gathered from the setup form or the command line's options.

    ``prepare(request, check)`` makes the TrainingRun in the loader's thread; it calls ``check()`` between its
    steps, which raises Cancelled once the loading was cancelled.
    """

    def __init__(self, dataset, settings, make_network, save_path=None, augment=False, test_path=None, force=False,
                 prepare=None, title=None, load_when_saved=False):
        self.dataset, self.settings, self.make_network = dataset, settings, make_network
        self.save_path, self.augment, self.test_path, self.force = save_path, augment, test_path, force
        self.prepare = prepare or prepare_run
        self.load_when_saved = load_when_saved  # the window draws with the result as soon as it is saved
        self.title = title or next((label for key, label, _ in OFFERED if key == dataset),
                                   os.path.basename(os.path.normpath(dataset)))


def prepare_run(request, check):
    """Load the dataset, build the network, and start a TrainingRun with its save and log paths."""
    train_set, test_set, classes, style = load_training_data(request.dataset, request.test_path)
    check()  # nothing is written before this point
    net = request.make_network(classes, style)
    name = os.path.basename(os.path.normpath(request.dataset))
    save_path, log_path = output_paths(name, net.sizes, request.save_path, force=request.force)
    augmenter = Augmenter(share=request.settings.augment_share) if request.augment else None
    return TrainingRun(net, train_set, test_set, request.settings, name, save_path, log_path, augmenter)


def request_from_preset(preset):
    """The RunRequest that ``python -m app --train DATASET [options]`` asks for."""
    def make_network(classes, style):
        return network_for(preset, classes, style)
    return RunRequest(preset.train, settings_from_args(preset), make_network, preset.out, preset.augment,
                      getattr(preset, "test_dataset", None), preset.force)


def request_from_plan(plan):
    """The RunRequest for what the setup form chose: a copy of the loaded network, or a new one."""
    def make_network(classes, style):
        if plan.start_from is not None:
            return plan.start_from.copy()  # the drawing view's network stays as it was
        return Network(plan.sizes, plan.activation, "softmax", classes, seed=plan.settings.seed,
                       meta={"style": style})
    return RunRequest(plan.dataset, plan.settings, make_network)


class Loader(threading.Thread):
    """Prepares ``request``'s run in the background; then ``result`` is a TrainingRun, or ``error`` says why not.

    ``cancel()`` returns at once: a run prepared anyway is discarded (its log removed), by whichever of the two
    threads comes second.
    """

    def __init__(self, request):
        super().__init__(daemon=True)
        self.request, self.result, self.error = request, None, None
        self._lock = threading.Lock()
        self._cancelled = False

    def check(self):
        """Raise Cancelled once the loading was cancelled (the prepare functions call this between steps)."""
        if self._cancelled:
            raise Cancelled()

    def run(self):
        result = error = None
        try:
            result = self.request.prepare(self.request, self.check)
        except Cancelled:
            return
        except ValueError as problem:  # InklingError and bad settings say what is wrong
            error = str(problem)
        except OSError as problem:
            error = os_error_message(problem)
        with self._lock:
            if not self._cancelled:
                self.result, self.error = result, error
                return
        if result is not None:
            result.discard()

    @property
    def done(self):
        return not self.is_alive()

    def cancel(self):
        """Stop caring about the result: the window does not wait for the data to be read."""
        with self._lock:
            self._cancelled = True
            result, self.result = self.result, None
        if result is not None:
            result.discard()

"""The command line: python -m network train | test | info | show | download | read | gate | refit."""

import argparse
import contextlib
import os
import shlex
import signal
import sys
import threading

import numpy as np

from . import datasets, download, judge, report
from .augment import Augmenter
from .csvlog import CsvLog, default_log_path, run_info
from .defaults import defaults_for
from .errors import DatasetError, InklingError, TrainingDiverged, os_error_message
from .change_commands import add_change_commands
from .model import Network
from .paths import fresh_path
from .places import check_writable, new_network_path, save_or_fall_back
from .read_command import add_read_parser
from .storage import load
from .teach import TEACH_BATCH, TEACH_LR, prepare_lesson
from .training import REPLAY_SHARE, Settings, record_early_stop, train

# A run from scratch takes its dataset's defaults (network/defaults.py); teaching (--replay) has its own,
# see network/teach.py.


def add_training_arguments(parser):
    """The options of a training run, shared by ``python -m network train`` and ``python -m app --train``."""
    parser.add_argument("--layers", type=layer_sizes, default=None, metavar="784,128,10",
                        help="layer sizes, input first (default 784,128,<classes>; the last is set by the dataset)")
    parser.add_argument("--epochs", type=int, default=None, help="passes over the training set (default 10)")
    parser.add_argument("--batch-size", type=int, default=None,
                        help=f"samples per mini-batch (default 32; {TEACH_BATCH} with --replay)")
    parser.add_argument("--lr", type=float, default=None,
                        help=f"learning rate (default 0.2; {TEACH_LR} with --replay)")
    parser.add_argument("--lr-decay", type=float, default=1.0, metavar="FACTOR",
                        help="multiply the learning rate by this after every epoch (default 1: constant)")
    parser.add_argument("--momentum", type=float, default=0.9, help="momentum, 0 for plain SGD (default 0.9)")
    parser.add_argument("--l2", type=float, default=0.0, help="L2 weight decay strength (default 0)")
    parser.add_argument("--seed", type=int, default=0, help="random seed for weights and shuffling (default 0)")
    parser.add_argument("--activation", choices=["sigmoid", "relu"], default="sigmoid",
                        help="hidden-layer activation (default sigmoid)")
    parser.add_argument("--output", choices=["softmax", "sigmoid"], default="softmax",
                        help="output layer, trained with cross-entropy (default softmax)")
    parser.add_argument("--augment", action="store_true",
                        help="vary each training image (rotation, scale, shift, stroke thickness) so the "
                             "network reads real drawings better")
    parser.add_argument("--augment-share", type=float, default=1.0, metavar="SHARE",
                        help="with --augment, vary only this share of each batch and show the rest as it is "
                             "(default 1: every image)")
    parser.add_argument("--out", metavar="PATH",
                        help="where to save the network (default saved_networks/<dataset>-<layers>-<date>-"
                             "<time>.npz in the project). An existing file is never replaced: the network "
                             "goes to a fresh name beside it (NAME-2.npz...) unless --force is given")
    parser.add_argument("--force", action="store_true",
                        help="with --out: replace that file if it exists (e.g. --from NET.npz --out NET.npz "
                             "--force to continue a network in place), and the --log file too")
    parser.add_argument("--from", dest="start_from", metavar="NET.npz",
                        help="continue training this network instead of starting a new one")
    return parser


def layer_sizes(text):
    """Parse ``784,128,10`` into a tuple of positive ints (for argparse)."""
    try:
        sizes = tuple(int(part) for part in text.replace("-", ",").split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"layer sizes must be numbers separated by commas, got {text!r}")
    if len(sizes) < 2 or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"need at least two positive layer sizes, got {text!r}")
    return sizes


def positive_int(text):
    """A whole number above zero (for argparse)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number above zero, got {text!r}")
    return value


def dataset_of(args):
    """The dataset a parsed training command line names (``--dataset`` of the CLI, ``--train`` of the app)."""
    return getattr(args, "dataset", None) or getattr(args, "train", None)


def settings_from_args(args):
    """The Settings of a parsed training command line; options left out take the dataset's defaults."""
    teaching = getattr(args, "replay", None) is not None
    defaults = defaults_for(dataset_of(args))
    batch_size = args.batch_size if args.batch_size is not None else TEACH_BATCH if teaching else defaults.batch_size
    lr = args.lr if args.lr is not None else TEACH_LR if teaching else defaults.lr
    epochs = args.epochs if args.epochs is not None else defaults.epochs
    return Settings(epochs=epochs, batch_size=batch_size, lr=lr, lr_decay=args.lr_decay,
                    momentum=args.momentum, l2=args.l2, seed=args.seed, augment=args.augment,
                    augment_share=args.augment_share)


def network_for(args, class_names, style):
    """The network a training command line asks for: continued from a file, or new with the dataset's classes."""
    if args.start_from:
        net = load(args.start_from)
        if list(net.labels) != list(class_names):
            raise InklingError(f"{args.start_from}: its classes ({' '.join(net.labels)}) are not the "
                               f"dataset's ({' '.join(class_names)})")
        return net
    sizes = args.layers or (784, *defaults_for(dataset_of(args)).hidden, len(class_names))
    if sizes[0] != 784:
        raise InklingError(f"the first layer must have 784 inputs (28x28 pixels), not {sizes[0]}")
    if sizes[-1] != len(class_names):
        raise InklingError(f"the last layer must have {len(class_names)} outputs, one per class "
                           f"({' '.join(class_names)}), not {sizes[-1]}")
    try:
        return Network(sizes, args.activation, args.output, class_names, seed=args.seed, meta={"style": style})
    except MemoryError as error:  # e.g. --layers 784,99999999999,10: said in one line, also in the window
        raise InklingError(f"not enough memory for a {'-'.join(map(str, sizes))} network ({error}); "
                           f"choose smaller layers") from None


def load_training_data(name, test_path=None, directory=None):
    """``(train_set, test_set, class_names, style)`` for a dataset name or path; a lone file is split 90/10.

    Raises DatasetError when either set is empty, e.g. a file too small to hold out a test set and still train.
    """
    train_set, test_set, classes, style = _training_and_test_data(name, test_path, directory)
    if not len(test_set[0]):
        raise DatasetError(test_path or name, "has no test images")
    if not len(train_set[0]):
        raise DatasetError(name, "has no training images")
    return train_set, test_set, classes, style


def _training_and_test_data(name, test_path, directory):
    style = datasets.style_of(name)
    if name in datasets.DATASETS:
        train_images, train_labels, classes = datasets.load(name, "train", directory)
        test_images, test_labels, _ = datasets.load(name, "test", directory)
        return (train_images, train_labels), (test_images, test_labels), classes, style
    images, labels, classes = datasets.load(name, "train")
    if test_path:
        test_images, test_labels, test_classes = datasets.load(test_path, "test")
        test_labels = datasets.relabel(test_path, test_labels, test_classes, classes)
        return (images, labels), (test_images, test_labels), classes, style
    if os.path.isdir(name) and os.path.isdir(os.path.join(name, "test")):
        test_images, test_labels, test_classes = datasets.load(name, "test")
        test_labels = datasets.relabel(os.path.join(name, "test"), test_labels, test_classes, classes)
        return (images, labels), (test_images, test_labels), classes, style
    if len(images) < 2:
        raise DatasetError(name, f"has {len(images)} image{'s' * (len(images) != 1)}: too few to hold out "
                                 f"a test set and still train (need at least 2, or give --test-dataset)")
    train_set, test_set = datasets.holdout(images, labels)
    return train_set, test_set, classes, style


def teaching_run(args):
    """``(net, train_set, test_set, replay, extra_tests, notes)`` for teaching ``--from NET`` the drawings in ``--dataset``."""
    if not args.start_from:
        raise InklingError("--replay teaches a trained network: name it with --from NET.npz")
    net = load(args.start_from)
    lesson = prepare_lesson(net, args.dataset, args.replay, args.replay_share, args.data_dir)
    print(f"teaching {args.start_from} {len(lesson.drawings[0]):,} drawings from {args.dataset}, "
          f"{args.replay_share:.0%} of every batch replayed from {lesson.replay.dataset}; tested on "
          f"{lesson.replay.dataset} test and on {lesson.measured_on()}", file=sys.stderr)
    return net, lesson.drawings, lesson.test_set, lesson.replay, {"drawings": lesson.drawings_test}, lesson.notes()


def output_paths(dataset_name, sizes, out=None, log=None, force=False):
    """Full paths where a run saves its network and its log, both checked writable before training starts.

    An existing network or log is never replaced unless ``force``: the run gets a fresh name beside it.
    """
    if force and not out:
        raise InklingError("--force replaces the file named by --out; give --out too")
    stem = os.path.splitext(dataset_name)[0]
    path = os.path.abspath(out) if out else new_network_path(stem, sizes)
    if not force and os.path.isfile(path):
        path = fresh_path(path)
        print(f"{os.path.abspath(out)} exists and stays as it is: this run saves to {path} "
              f"(--force replaces it)", file=sys.stderr)
    log_path = os.path.abspath(log) if log else default_log_path(stem)
    if not force and os.path.isfile(log_path):
        log_path = fresh_path(log_path)
        print(f"{os.path.abspath(log)} exists and stays as it is: this run logs to {log_path} "
              f"(--force replaces it)", file=sys.stderr)
    check_writable(path, "network")
    check_writable(log_path, "log")
    return path, log_path


def command_train(args):
    if args.replay is not None:
        net, train_set, test_set, replay, extra_tests, notes = teaching_run(args)
    else:
        train_set, test_set, classes, style = load_training_data(args.dataset, args.test_dataset, args.data_dir)
        net, replay, extra_tests, notes = network_for(args, classes, style), None, None, None
    settings = settings_from_args(args)
    dataset_name = os.path.basename(os.path.normpath(args.dataset))
    out, log_path = output_paths(dataset_name, net.sizes, args.out, args.log, args.force)
    print(f"training {net!r} on {dataset_name}: {len(train_set[0]):,} train, {len(test_set[0]):,} test images",
          file=sys.stderr)
    augmenter = Augmenter(share=settings.augment_share) if settings.augment else None
    bar = report.ProgressBar(sys.stderr)
    progress, stopped = None, False
    try:
        with CsvLog(log_path, info=run_info(dataset_name, net.sizes, settings, net.activation)) as log:
            for progress in train(net, train_set, test_set, settings, dataset_name, augmenter, replay, extra_tests,
                                  notes):
                log.write(progress)
                bar.update(progress)
    except TrainingDiverged as error:
        bar.finish()
        print(f"error: {error}. The network was not saved; the log up to here is {log_path}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        bar.finish()
        if progress is None:
            raise  # before the first step: nothing learned, nothing saved
        stopped = True
    with ctrl_c_waits():
        if stopped:
            print(f"interrupted after {progress.epochs_done:.2f} of {progress.epochs} epochs: measuring the test "
                  f"accuracy and saving what was learned so far", file=sys.stderr)
            record_early_stop(net, test_set, progress)
        net.meta["history"][-1]["command"] = "python -m network " + " ".join(shlex.quote(a) for a in args.argv)
        if not args.force and os.path.exists(out):  # another run took the name meanwhile
            out = fresh_path(out)
        out, problem = save_or_fall_back(net, out)
    if problem:
        print(f"{problem}; saved it to {out} instead", file=sys.stderr)
    print(f"saved {out} (test accuracy {net.meta['test_accuracy']:.2%}); log {log_path}"
          if net.meta.get("test_accuracy") is not None else f"saved {out}; log {log_path}")
    if replay is not None:
        print(report.teaching_summary(net.meta["history"][-1], net.labels))
    return 0


@contextlib.contextmanager
def ctrl_c_waits():
    """While a run is measured and saved, Ctrl-C only says to wait: a second one must not lose what was learned."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def wait(signum, frame):
        print("saving what was learned: a moment, please", file=sys.stderr, flush=True)

    previous = signal.signal(signal.SIGINT, wait)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def dataset_for(net, args):
    """The test split named on the command line, else the one the network was trained on."""
    return judge.test_split(net, args.dataset, args.data_dir)


def command_test(args):
    net = load(args.network)
    judgement = judge.judge(net, args.dataset, args.data_dir)
    print(report.accuracy_report(net.labels, judgement.labels, judgement.predicted,
                                 f"{args.network} on {judgement.dataset} test"))
    if args.mistakes:
        print("\n" + report.mistakes_report(judgement, args.mistakes))
    return 0


def command_info(args):
    print(report.network_info(load(args.network), args.network))
    return 0


def command_show(args):
    net = load(args.network)
    name, images, labels = dataset_for(net, args)
    index = args.index if args.index is not None else int(np.random.default_rng().integers(len(images)))
    if not 0 <= index < len(images):
        raise InklingError(f"index {index} is out of range: {name} test has {len(images)} images (0..{len(images) - 1})")
    probabilities = net.predict_proba(datasets.as_inputs(images[index:index + 1]))[0]
    print(f"{name} test image {index}, labelled {net.labels[labels[index]]}")
    print(report.ascii_image(images[index]))
    print(report.probability_bars(net.labels, probabilities))
    return 0


def command_download(args):
    download.fetch(args.name, datasets.data_root(args.data_dir), progress=report.DownloadBar(sys.stderr))
    return 0


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m network",
                                     description="Train, test and inspect Inkling's numpy neural networks.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    trainer = commands.add_parser("train", help="train a network and save it",
                                  description="Train a network on MNIST, EMNIST letters, a CSV file or a "
                                              "folder of PNGs. Logs go to logs/ and networks to "
                                              "saved_networks/ in the project folder, whatever the working "
                                              "folder ($INKLING_HOME, or ~/.local/share/inkling when the "
                                              "project is not writable); an existing network is never "
                                              "replaced unless --force is given with --out.")
    trainer.add_argument("--dataset", default="mnist",
                         help=f"{', '.join(datasets.DATASETS)}, a CSV file (label,p0..p783) or a folder "
                              f"root/<label>/*.png (default mnist)")
    trainer.add_argument("--test-dataset", metavar="PATH", help="test data for a CSV/folder dataset "
                                                                "(default: hold out 10%%)")
    add_training_arguments(trainer)
    trainer.add_argument("--log", metavar="PATH", help="CSV log path (default logs/<dataset>-<time>.csv in the "
                                                       "project). An existing file is never replaced: the log "
                                                       "goes to a fresh name beside it unless --force is given")
    trainer.add_argument("--replay", metavar="DATASET",
                         help="teach --from NET the drawings in the folder --dataset (<label>/*.png, any size, "
                              "framed like canvas drawings), mixing this dataset's training images into every "
                              "batch so it does not forget them; tests on this dataset's test split")
    trainer.add_argument("--replay-share", type=float, default=REPLAY_SHARE, metavar="FRACTION",
                         help=f"the part of every batch replayed (default {REPLAY_SHARE})")
    trainer.set_defaults(run=command_train)

    for name, run, text in (("test", command_test, "accuracy, per-class accuracy and confusion matrix"),
                            ("info", command_info, "layer sizes, classes, parameters and training history"),
                            ("show", command_show, "a test image as ASCII art with every class's probability")):
        sub = commands.add_parser(name, help=text, description=f"Print {text}.")
        sub.add_argument("network", metavar="NET.npz")
        if name != "info":
            sub.add_argument("--dataset", help="test data (default: the dataset the network was trained on)")
        if name == "test":
            sub.add_argument("--mistakes", type=positive_int, default=0, metavar="N",
                             help="also print the N most confident mistakes as ASCII art with their probabilities")
        if name == "show":
            which = sub.add_mutually_exclusive_group()
            which.add_argument("--index", type=int, help="which test image (default: a random one)")
            which.add_argument("--random", action="store_true", help="a random test image (the default)")
        sub.set_defaults(run=run)

    fetcher = commands.add_parser("download", help="fetch a dataset's original files, checksums verified",
                                  description="Download MNIST or EMNIST from their official public locations "
                                              "into the data folder.")
    fetcher.add_argument("name", choices=sorted(download.SOURCES))
    fetcher.set_defaults(run=command_download)
    add_change_commands(commands)

    for sub in commands.choices.values():
        sub.add_argument("--data-dir", metavar="DIR",
                         help="data folder (default $INKLING_DATA, else ./data)")
    add_read_parser(commands)
    return parser


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser().parse_args(argv)
    args.argv = argv
    try:
        return args.run(args)
    except ValueError as error:  # InklingError and bad settings: the message says what is wrong
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a file the system will not let us read or write
        print(f"error: {os_error_message(error)}", file=sys.stderr)
        return 2
    except MemoryError as error:  # arrays for the chosen sizes that numpy cannot allocate
        print(f"error: not enough memory ({error}); choose smaller layers or a smaller batch", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C outside a training loop (which saves its work): nothing was made yet
        print("interrupted: nothing was saved", file=sys.stderr)
        return 130

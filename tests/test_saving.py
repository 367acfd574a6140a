"""Saving never loses work: fresh names, paths checked before training, stale temporary files cleaned,
early stops recorded honestly, networks and logs in one predictable place whatever the working folder."""

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import network
from network import datasets, places
from network.cli import main
from network.csvlog import read_log
from network.errors import InklingError
from network.paths import TEMPORARY_PREFIX, temporary_prefix
from network.training import Settings, evaluate, record_early_stop, train

from conftest import stripes_dataset, write_idx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_csv(path, count):
    images, labels = stripes_dataset(count)
    np.savetxt(path, np.column_stack([labels, images.reshape(len(images), -1)]), fmt="%d", delimiter=",")
    return str(path)


@pytest.fixture
def stripes_csv(tmp_path):
    return write_csv(tmp_path / "stripes.csv", 300)


def cli(*arguments, cwd, home, **options):
    """``python -m network ARGUMENTS`` in a fresh process started in ``cwd``, with ``home`` as Inkling's home."""
    environment = dict(os.environ, PYTHONPATH=ROOT, INKLING_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "network", *arguments], capture_output=True, text=True,
                          env=environment, cwd=str(cwd), timeout=120, **options)


def listing(folder):
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


# --- never overwrite ----------------------------------------------------------------------------------------

def test_training_twice_from_another_folder_keeps_both_networks_in_the_home(tmp_path, stripes_csv):
    elsewhere, home = tmp_path / "elsewhere", tmp_path / "home"
    elsewhere.mkdir()
    runs = [cli("train", "--dataset", stripes_csv, "--layers", "784,8,4", "--epochs", "1", "--seed", str(seed),
                cwd=elsewhere, home=home) for seed in (1, 2)]
    assert all(run.returncode == 0 for run in runs)
    saved = listing(home / "saved_networks")
    assert len(saved) == 2 and all(name.startswith("stripes-784-8-4-") for name in saved)
    assert len(listing(home / "logs")) == 2
    assert listing(elsewhere) == []  # nothing lands in the working folder
    for run, name in zip(runs, saved):  # every message names the full path
        assert f"saved {home / 'saved_networks'}" in run.stdout and str(home / "logs") in run.stdout
    assert {network.load(home / "saved_networks" / name).meta["history"][0]["seed"] for name in saved} == {1, 2}


def test_an_existing_out_file_is_kept_unless_forced(tmp_path, stripes_csv):
    out = tmp_path / "mine.npz"
    first = cli("train", "--dataset", stripes_csv, "--layers", "784,8,4", "--epochs", "1", "--out", str(out),
                cwd=tmp_path, home=tmp_path)
    assert first.returncode == 0
    before = out.read_bytes()
    second = cli("train", "--dataset", stripes_csv, "--layers", "784,8,4", "--epochs", "2", "--out", str(out),
                 cwd=tmp_path, home=tmp_path)
    assert second.returncode == 0 and out.read_bytes() == before
    assert f"{out} exists and stays as it is: this run saves to {tmp_path / 'mine-2.npz'}" in second.stderr
    assert network.load(tmp_path / "mine-2.npz").meta["epochs"] == 2
    forced = cli("train", "--dataset", stripes_csv, "--from", str(out), "--epochs", "1", "--out", str(out),
                 "--force", cwd=tmp_path, home=tmp_path)
    assert forced.returncode == 0 and network.load(out).meta["epochs"] == 2  # continued in place
    assert not (tmp_path / "mine-3.npz").exists()


def test_an_existing_log_named_by_log_is_kept_unless_forced(tmp_path, stripes_csv, capsys):
    log = tmp_path / "mine.csv"
    log.write_text("what an earlier run logged\n")
    train = ["train", "--dataset", stripes_csv, "--layers", "784,8,4", "--epochs", "1", "--log", str(log)]
    assert main(train) == 0
    fresh = tmp_path / "mine-2.csv"
    assert log.read_text() == "what an earlier run logged\n" and read_log(fresh)["epoch"][-1] == 1.0
    err = capsys.readouterr().err
    assert f"{log} exists and stays as it is: this run logs to {fresh} (--force replaces it)" in err
    assert main([*train, "--out", str(tmp_path / "net.npz"), "--force"]) == 0
    assert read_log(log)["epoch"][-1] == 1.0 and not (tmp_path / "mine-3.csv").exists()  # replaced when forced


def test_force_without_out_is_refused(tmp_path, stripes_csv, capsys):
    assert main(["train", "--dataset", stripes_csv, "--force"]) == 2
    assert "--force replaces the file named by --out" in capsys.readouterr().err


def test_help_says_networks_and_logs_are_never_replaced_and_what_force_does():
    text = subprocess.run([sys.executable, "-m", "network", "train", "--help"], capture_output=True, text=True,
                          cwd=ROOT, timeout=60).stdout
    text = " ".join(text.split())  # as one line, whatever the terminal's width wrapped
    assert "an existing network is never replaced unless --force is given with --out." in text
    assert ("--out PATH where to save the network (default saved_networks/<dataset>-<layers>-<date>-<time>.npz in "
            "the project). An existing file is never replaced: the network goes to a fresh name beside it "
            "(NAME-2.npz...) unless --force is given") in text
    assert ("--log PATH CSV log path (default logs/<dataset>-<time>.csv in the project). An existing file is never "
            "replaced: the log goes to a fresh name beside it unless --force is given") in text
    assert "--force with --out: replace that file if it exists" in text and "and the --log file too" in text


# --- paths checked before training ----------------------------------------------------------------------------

@pytest.mark.parametrize("option, make, problem", [
    ("--out", lambda tmp: tmp / "a-folder", "it is a folder"),
    ("--out", lambda tmp: tmp / "a-file.txt" / "net.npz", "a-file.txt is a file, not a folder"),
    ("--log", lambda tmp: tmp / "a-folder", "it is a folder"),
    ("--log", lambda tmp: tmp / "a-file.txt" / "deeper" / "run.csv", "a-file.txt is a file, not a folder"),
])
def test_an_unwritable_out_or_log_stops_before_training(tmp_path, stripes_csv, option, make, problem):
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-file.txt").write_text("not a folder")
    target = make(tmp_path)
    run = cli("train", "--dataset", stripes_csv, "--layers", "784,8,4", "--epochs", "50", option, str(target),
              cwd=tmp_path, home=tmp_path / "home")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines() == [run.stderr.strip()]  # one line
    assert problem in run.stderr and str(target) in run.stderr
    assert "epoch" not in run.stderr and not (tmp_path / "home").exists()  # no training, nothing written


def test_a_folder_that_refuses_new_files_is_found_before_training(tmp_path, stripes_csv, capsys, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    real_mkstemp = places.tempfile.mkstemp

    def refuse(*args, dir=None, **kwargs):  # what a folder without write permission does (root ignores chmod)
        if dir == str(folder):
            raise PermissionError(13, "Permission denied", os.path.join(dir, "x"))
        return real_mkstemp(*args, dir=dir, **kwargs)
    monkeypatch.setattr(places.tempfile, "mkstemp", refuse)
    log = tmp_path / "run.csv"
    assert main(["train", "--dataset", stripes_csv, "--out", str(folder / "net.npz"), "--log", str(log)]) == 2
    err = capsys.readouterr().err
    assert err == f"error: cannot write the network to {folder / 'net.npz'}: Permission denied\n"
    assert not log.exists()


# --- stale temporary files ------------------------------------------------------------------------------------

def make_temporary(folder, prefix, age=0.0):
    path = folder / f"{prefix}abc123.npz"
    path.write_bytes(b"half a network")
    if age:
        os.utime(path, (time.time() - age, time.time() - age))
    return path


def dead_pid():
    """The pid of a process that has ended."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


def test_saving_removes_what_killed_saves_left_but_not_a_save_in_progress(tmp_path):
    dead_writer = make_temporary(tmp_path, f"{TEMPORARY_PREFIX}{dead_pid()}-")
    old = make_temporary(tmp_path, f"{TEMPORARY_PREFIX}old-", age=120)
    live_and_fresh = make_temporary(tmp_path, temporary_prefix())
    unknown_and_fresh = make_temporary(tmp_path, f"{TEMPORARY_PREFIX}unknown-")
    network.save(network.Network((784, 4, 10)), tmp_path / "net.npz")
    assert not dead_writer.exists() and not old.exists()
    assert live_and_fresh.exists() and unknown_and_fresh.exists()
    assert listing(tmp_path) == sorted(["net.npz", live_and_fresh.name, unknown_and_fresh.name])


def test_a_save_killed_mid_write_leaves_nothing_after_the_next_save(tmp_path):
    script = ("import os, tempfile, sys\n"
              "from network.paths import temporary_prefix\n"
              "handle, path = tempfile.mkstemp(prefix=temporary_prefix(), suffix='.npz', dir=sys.argv[1])\n"
              "os.write(handle, b'PK half written')\n"
              "os.kill(os.getpid(), 9)\n")
    killed = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=ROOT, timeout=60)
    assert killed.returncode == -9 and len(listing(tmp_path)) == 1
    network.save(network.Network((784, 4, 10)), tmp_path / "net.npz")
    assert listing(tmp_path) == ["net.npz"]


def test_the_list_of_saved_networks_skips_temporary_and_unreadable_files(tmp_path):
    net = network.Network((784, 6, 3), labels=["a", "b", "c"], meta={"test_accuracy": 0.75})
    network.save(net, tmp_path / "good.npz")
    network.save(network.Network((784, 4, 10)), tmp_path / "untested.npz")
    make_temporary(tmp_path, temporary_prefix())
    (tmp_path / "broken.npz").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "folder.npz").mkdir()
    found = places.list_networks([str(tmp_path)])
    assert [(entry.name, entry.sizes, entry.labels, entry.test_accuracy) for entry in found] == [
        ("good.npz", (784, 6, 3), ["a", "b", "c"], 0.75),
        ("untested.npz", (784, 4, 10), [str(d) for d in range(10)], None)]
    assert found[0].path == str(tmp_path / "good.npz")


def test_the_list_covers_the_shipped_networks_and_the_home(inkling_home):
    network.save(network.Network((784, 4, 10)), inkling_home / "saved_networks" / "mine.npz")
    names = [entry.name for entry in places.list_networks()]
    assert "digits.npz" in names and names[-1] == "mine.npz"


# --- predictable places ----------------------------------------------------------------------------------------

def test_home_is_the_project_else_the_user_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("INKLING_HOME")
    assert places.home() == places.PROJECT
    assert places.networks_folder() == os.path.join(places.PROJECT, "saved_networks")
    real_access = os.access
    monkeypatch.setattr(places.os, "access", lambda path, mode: not str(path).startswith(places.PROJECT)
                        and real_access(path, mode))  # a project folder the user may not write to
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert places.home() == str(tmp_path / "inkling")
    assert places.logs_folder() == str(tmp_path / "inkling" / "logs")


# --- early stops ---------------------------------------------------------------------------------------------

def test_an_early_stop_records_epochs_done_the_stop_and_the_accuracy_then():
    images, labels = stripes_dataset(200)
    test = stripes_dataset(60, seed=5)
    net = network.Network((784, 8, 4), seed=0)
    progress = None
    for progress in train(net, (images, labels), test, Settings(epochs=5, batch_size=10, lr=0.01), "stripes"):
        if progress.epoch == 2 and progress.step == 15:
            break
    stale = net.meta["test_accuracy"]  # measured at the end of epoch 1
    accuracy = record_early_stop(net, test, progress)
    run = net.meta["history"][-1]
    assert run["stopped_early"] is True and run["epochs"] == 1.75 and run["planned_epochs"] == 5
    assert run["steps"] == 35 and net.meta["epochs"] == 1
    now = evaluate(net, datasets.as_inputs(test[0]), test[1])[1]
    assert accuracy == run["test_accuracy"] == net.meta["test_accuracy"] == now != stale


def listen_to_ctrl_c():
    """In the child: Ctrl-C back to its default, since a suite started in the background inherits it ignored
    (and Python then never raises KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def ctrl_c_after_epoch_1(tmp_path, stripes_csv, program):
    """Train a long run with ``program`` (a Python command line before the training arguments) and press Ctrl-C
    once it has passed epoch 1.2; returns (exit code, stderr)."""
    log = tmp_path / "run.csv"
    environment = dict(os.environ, PYTHONPATH=ROOT, INKLING_HOME=str(tmp_path))
    process = subprocess.Popen([sys.executable, *program, "train", "--dataset", stripes_csv, "--layers",
                                "784,8,4", "--epochs", "500", "--batch-size", "1", "--lr", "0.01",
                                "--out", str(tmp_path / "net.npz"), "--log", str(log)],
                               env=environment, cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, preexec_fn=listen_to_ctrl_c)
    deadline = time.monotonic() + 60
    while not (log.exists() and any(float(row.split(",")[0]) > 1.2 for row in log.read_text().splitlines()[2:])):
        assert time.monotonic() < deadline and process.poll() is None, "training never reached epoch 2"
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    return process.returncode, err


PRESSED_AGAIN = """
import os, signal, sys
import network.cli as cli
measure = cli.record_early_stop
def pressed_again(*args):
    os.kill(os.getpid(), signal.SIGINT)  # a second Ctrl-C while the stopped run is measured and saved
    measure(*args)
cli.record_early_stop = pressed_again
sys.exit(cli.main(sys.argv[1:]))
"""


def test_a_second_ctrl_c_while_a_stopped_run_is_saved_cannot_lose_it(tmp_path, stripes_csv):
    code, err = ctrl_c_after_epoch_1(tmp_path, stripes_csv, ["-c", PRESSED_AGAIN])
    assert code == 0 and "Traceback" not in err and "nothing was saved" not in err
    assert "interrupted after" in err and "saving what was learned: a moment, please" in err
    assert network.load(tmp_path / "net.npz").meta["history"][-1]["stopped_early"]


def test_ctrl_c_saves_with_the_stop_recorded_and_info_shows_it(tmp_path, stripes_csv):
    code, err = ctrl_c_after_epoch_1(tmp_path, stripes_csv, ["-m", "network"])
    assert code == 0 and "interrupted after" in err and "Traceback" not in err
    net = network.load(tmp_path / "net.npz")
    run = net.meta["history"][-1]
    assert run["stopped_early"] and 1.2 < run["epochs"] < 500 and run["planned_epochs"] == 500
    images, labels, _ = datasets.load(stripes_csv, "train")
    _, (test_images, test_labels) = datasets.holdout(images, labels)
    measured = evaluate(net, datasets.as_inputs(test_images), test_labels)[1]
    assert net.meta["test_accuracy"] == run["test_accuracy"] == pytest.approx(measured)
    info = cli("info", str(tmp_path / "net.npz"), cwd=tmp_path, home=tmp_path).stdout
    assert f"stopped early after {run['epochs']} of 500 epochs (step {run['steps']:,})" in info
    assert "measured when its last run was stopped early" in info


# --- too little data, unreadable networks -------------------------------------------------------------------

def test_a_one_row_csv_says_it_is_too_small_to_hold_out_and_train(tmp_path):
    run = cli("train", "--dataset", write_csv(tmp_path / "one.csv", 1), cwd=tmp_path, home=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr == (f"error: {tmp_path / 'one.csv'}: has 1 image: too few to hold out a test set and "
                          f"still train (need at least 2, or give --test-dataset)\n")


def test_a_zero_image_dataset_is_one_clear_line(tmp_path):
    folder = tmp_path / "data" / "mnist"
    folder.mkdir(parents=True)
    for prefix, count in (("train", 0), ("t10k", 10)):
        write_idx(folder / f"{prefix}-images-idx3-ubyte.gz", np.zeros((count, 28, 28), np.uint8))
        write_idx(folder / f"{prefix}-labels-idx1-ubyte.gz", np.zeros(count, np.uint8))
    run = cli("train", "--dataset", "mnist", "--data-dir", str(tmp_path / "data"), cwd=tmp_path, home=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr and run.stderr.startswith("error: ")
    assert run.stderr == f"error: {folder / 'train-images-idx3-ubyte.gz'}: holds no images (its header says 0)\n"
    assert not (tmp_path / "saved_networks").exists()


@pytest.mark.parametrize("command", [["info"], ["test", "--dataset", "STRIPES"], ["show", "--dataset", "STRIPES"]])
def test_a_network_that_may_not_be_read_is_one_line(tmp_path, stripes_csv, capsys, monkeypatch, command):
    path = str(tmp_path / "locked.npz")
    network.save(network.Network((784, 4, 4)), path)
    real_open = open

    def refusing_open(file, *args, **kwargs):  # what chmod 000 does to anyone but root
        if os.fspath(file) == path:
            raise PermissionError(13, "Permission denied", path)
        return real_open(file, *args, **kwargs)
    monkeypatch.setattr("builtins.open", refusing_open)
    arguments = [command[0], path, *[stripes_csv if a == "STRIPES" else a for a in command[1:]]]
    assert main(arguments) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and path in err and "Permission denied" in err and err.count("\n") == 1


def test_a_folder_given_as_network_is_one_line(tmp_path, capsys):
    assert main(["info", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path}: is a folder, not a network file\n"



# --- a save that fails at the end -----------------------------------------------------------------------------

def failing_saves(monkeypatch, *folders):
    """Saving into ``folders`` fails as a full disk would; elsewhere it works."""
    real_save = places.save

    def save(net, path):
        if os.path.dirname(os.path.abspath(path)) in map(str, folders):
            raise OSError(28, "No space left on device", str(path))
        real_save(net, path)
    monkeypatch.setattr(places, "save", save)


def test_a_run_whose_folder_fails_at_the_end_is_saved_in_the_user_folder(tmp_path, stripes_csv, capsys,
                                                                         monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user"))
    failing_saves(monkeypatch, tmp_path / "full")
    out = tmp_path / "full" / "net.npz"
    assert main(["train", "--dataset", stripes_csv, "--epochs", "1", "--out", str(out)]) == 0
    instead = tmp_path / "user" / "inkling" / "saved_networks" / "net.npz"
    err = capsys.readouterr().err
    assert f"could not save to {out}: No space left on device; saved it to {instead} instead" in err
    assert network.load(instead).meta["epochs"] == 1 and not out.exists()


def test_when_no_place_takes_the_network_the_cli_says_so_in_one_line(tmp_path, stripes_csv, capsys, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user"))
    failing_saves(monkeypatch, tmp_path / "full", tmp_path / "user" / "inkling" / "saved_networks")
    assert main(["train", "--dataset", stripes_csv, "--epochs", "1", "--out", str(tmp_path / "full" / "n.npz")]) == 2
    assert capsys.readouterr().err.endswith(": No space left on device\n")


def test_ctrl_c_while_the_data_loads_is_one_line(tmp_path, stripes_csv, capsys, monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr("network.cli.load_training_data", interrupted)
    assert main(["train", "--dataset", stripes_csv]) == 130
    assert capsys.readouterr().err == "interrupted: nothing was saved\n"


def test_a_network_moved_to_the_trash_leaves_the_list_whole_and_comes_back(tmp_path):
    folder = tmp_path / "saved_networks"
    folder.mkdir()
    path = str(folder / "mine.npz")
    network.save(network.Network((784, 6, 4), seed=1), path)
    trashed = places.move_to_trash(path)
    assert trashed == str(folder / "trash" / "mine.npz") and not os.path.exists(path)
    assert places.list_networks([str(folder)]) == []
    assert network.load(trashed).sizes == (784, 6, 4)  # whole, not deleted
    network.save(network.Network((784, 6, 4), seed=2), path)  # a new network of the same name...
    again = places.move_to_trash(path)
    assert again == str(folder / "trash" / "mine-2.npz") and os.path.exists(trashed)  # ...never over the first
    assert places.restore_from_trash(trashed, path) == path
    assert [found.path for found in places.list_networks([str(folder)])] == [path]
    network.save(network.Network((784, 6, 4), seed=3), str(folder / "other.npz"))
    assert places.restore_from_trash(again, str(folder / "other.npz")) == str(folder / "other-2.npz")


def test_a_network_that_cannot_be_moved_to_the_trash_is_one_line_naming_it(tmp_path):
    with pytest.raises(InklingError, match=r"cannot move .*gone\.npz to .*trash"):
        places.move_to_trash(str(tmp_path / "gone.npz"))

"""The command line as a user runs it: train, test, info, show, and clear errors with exit code 2."""

import os
import re
import subprocess
import sys

import pytest

import network
from network.cli import main
from network.csvlog import read_log

from conftest import stripes_dataset, write_csv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def stripes_csv(tmp_path):
    return write_csv(tmp_path / "stripes.csv", *stripes_dataset(300))


def train_args(tmp_path, dataset, *extra):
    return ["train", "--dataset", str(dataset), "--out", str(tmp_path / "net.npz"),
            "--log", str(tmp_path / "run.csv"), *extra]


def test_train_saves_network_and_log(tmp_path, stripes_csv, capsys):
    code = main(train_args(tmp_path, stripes_csv, "--layers", "784,8,4", "--epochs", "3", "--lr", "0.3"))
    assert code == 0
    err = capsys.readouterr().err
    assert "epoch 3/3" in err and "samples/s" in err and "test accuracy" in err
    net = network.load(tmp_path / "net.npz")
    assert net.sizes == (784, 8, 4) and net.meta["epochs"] == 3
    assert net.meta["test_accuracy"] > 0.9
    assert "--layers 784,8,4" in net.meta["history"][0]["command"]
    log = read_log(tmp_path / "run.csv")
    assert log["epoch"][-1] == 3 and log["test_accuracy"][-1] == pytest.approx(net.meta["test_accuracy"], abs=1e-5)


def test_continue_training_adds_history(tmp_path, stripes_csv):
    main(train_args(tmp_path, stripes_csv, "--layers", "784,8,4", "--epochs", "1"))
    assert main(train_args(tmp_path, stripes_csv, "--from", str(tmp_path / "net.npz"), "--epochs", "2",
                           "--force")) == 0
    net = network.load(tmp_path / "net.npz")
    assert net.meta["epochs"] == 3 and len(net.meta["history"]) == 2


def test_info_test_and_show(tmp_path, stripes_csv, capsys):
    main(train_args(tmp_path, stripes_csv, "--layers", "784,8,4", "--epochs", "2"))
    capsys.readouterr()
    assert main(["info", str(tmp_path / "net.npz")]) == 0
    out = capsys.readouterr().out
    assert "784 -> 8 -> 4" in out and "parameters:    6,316" in out and "training history" in out
    assert main(["test", str(tmp_path / "net.npz"), "--dataset", str(stripes_csv)]) == 0
    out = capsys.readouterr().out
    assert "accuracy" in out and "confusion matrix" in out and out.count("of ") >= 5
    assert main(["show", str(tmp_path / "net.npz"), "--dataset", str(stripes_csv), "--index", "0"]) == 0
    out = capsys.readouterr().out
    assert "<- guess" in out and len(re.findall(r"\d\.\d%", out)) == 4 and "%%%%" in out


def test_diverging_training_saves_nothing(tmp_path, stripes_csv, capsys):
    code = main(train_args(tmp_path, stripes_csv, "--layers", "784,8,4", "--lr", "1e30", "--activation", "relu"))
    assert code == 1
    err = capsys.readouterr().err
    assert "diverged" in err and "The network was not saved" in err
    assert not (tmp_path / "net.npz").exists()


@pytest.mark.parametrize("args,message", [
    (["info", "missing.npz"], "missing.npz: no such file"),
    (["train", "--dataset", "nowhere", "--epochs", "1"], "nowhere: unknown dataset"),
    (["train", "--dataset", "STRIPES", "--layers", "784,8,10"], "last layer must have 4 outputs"),
    (["train", "--dataset", "STRIPES", "--layers", "100,8,4"], "first layer must have 784 inputs"),
    (["train", "--dataset", "STRIPES", "--batch-size", "0"], "batch size must be at least 1"),
    (["train", "--dataset", "STRIPES", "--epochs", "99999999999999999999"], "epochs must be at most 10,000"),
    (["train", "--dataset", "STRIPES", "--momentum", "1.5"], "momentum must be"),
    (["train", "--dataset", "STRIPES", "--layers", "784,99999999999,4"], "not enough memory"),
])
def test_errors_are_one_clear_line(tmp_path, stripes_csv, capsys, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    args = [str(stripes_csv) if a == "STRIPES" else a for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.startswith("error: ")


def test_show_index_out_of_range(tmp_path, stripes_csv, capsys):
    main(train_args(tmp_path, stripes_csv, "--layers", "784,8,4", "--epochs", "1"))
    assert main(["show", str(tmp_path / "net.npz"), "--dataset", str(stripes_csv), "--index", "9999"]) == 2
    assert "out of range" in capsys.readouterr().err


def test_real_mnist_one_epoch(tmp_path, real_data, capsys):
    assert main(train_args(tmp_path, "mnist", "--layers", "784,32,10", "--epochs", "1")) == 0
    net = network.load(tmp_path / "net.npz")
    assert net.meta["dataset"] == "mnist" and net.meta["test_accuracy"] > 0.92
    assert main(["test", str(tmp_path / "net.npz")]) == 0
    assert "mnist test: accuracy" in capsys.readouterr().out


@pytest.mark.parametrize("package", ["network", "app"])  # the window's pygame loads numpy before network can
def test_one_blas_thread_unless_the_user_chooses(package):
    script = f"import {package}, os; print(os.environ['OPENBLAS_NUM_THREADS'])"
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    run = lambda env: subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                                     cwd=ROOT).stdout.strip()
    assert run(env) == "1"
    assert run({**env, "OPENBLAS_NUM_THREADS": "2"}) == "2"

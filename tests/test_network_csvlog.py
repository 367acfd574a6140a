"""The CSV training log: written from real training progress, read back, and bad logs named."""

import os

import numpy as np
import pytest

from network import Network
from network.csvlog import COLUMNS, CsvLog, LogFileError, default_log_path, read_log
from network.training import Settings, train

from conftest import stripes_dataset


def test_log_of_a_real_run(tmp_path):
    images, labels = stripes_dataset(256)
    net = Network((784, 6, 4), seed=0)
    path = tmp_path / "run.csv"
    epoch_costs = []
    with CsvLog(path, rows_per_epoch=4) as log:
        for progress in train(net, (images, labels), (images[:64], labels[:64]), Settings(epochs=2, batch_size=16)):
            log.write(progress)
            if progress.kind == "epoch":
                epoch_costs.append(progress.cost)
    columns = read_log(path)
    # each row holds the mean since the previous row: weighted by its samples, the rows give the epoch's mean
    samples = np.diff([0] + columns["samples"])
    for epoch, rows in enumerate((slice(0, 4), slice(4, 8))):
        weighted = np.average(columns["cost"][rows], weights=samples[rows])
        assert weighted == pytest.approx(epoch_costs[epoch], rel=1e-4)
    assert columns["cost"][4] < columns["cost"][0]
    assert list(columns) == COLUMNS
    epoch_rows = [i for i, value in enumerate(columns["test_accuracy"]) if value is not None]
    assert [columns["epoch"][i] for i in epoch_rows] == [1.0, 2.0]
    assert len(columns["epoch"]) == 2 * (3 + 1)  # per epoch: steps 4, 8, 12 and the epoch row at 16
    assert columns["samples"][-1] == 2 * 256
    assert columns["epoch"] == sorted(columns["epoch"])


@pytest.mark.parametrize("text,message", [
    ("hello,world\n1,2\n", "is not an Inkling training log"),
    (",".join(COLUMNS) + "\n0.5,32,1.0,0.5,,,100,1\n0.6,40,1.0\n", "line 3: 3 fields"),
    (",".join(COLUMNS) + "\n0.5,32,oops,0.5,,,100,1\n", "line 2: cost 'oops' is not a number"),
    (",".join(COLUMNS) + "\n0.5,32,,0.5,,,100,1\n", "line 2: cost is missing"),
    (",".join(COLUMNS) + "\n0.5,32,nan,0.5,,,100,1\n", "line 2: cost is nan"),
    (",".join(COLUMNS) + "\n", "has no rows"),
])
def test_bad_logs_are_named(tmp_path, text, message):
    path = tmp_path / "log.csv"
    path.write_text(text)
    with pytest.raises(LogFileError, match=message) as error:
        read_log(path)
    assert str(path) in str(error.value)


def test_default_log_paths_never_repeat_within_a_second(tmp_path):
    first = default_log_path("mnist", str(tmp_path))
    open(first, "w").close()
    second = default_log_path("mnist", str(tmp_path))
    assert second != first and second.endswith(".csv") and not os.path.exists(second)

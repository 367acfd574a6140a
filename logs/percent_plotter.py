"""Plot the accuracy in percent over training of training logs: ``python logs/percent_plotter.py LOG.csv [...]``."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the repository, for `network`

from logs import log_curves  # noqa: E402

ACCURACY = log_curves.Metric("Accuracy during training", "correctly classified", "accuracy", "test_accuracy",
                             percent=True)


def main(argv=None):
    return log_curves.main(ACCURACY, "Plot the accuracy over training, a train and a test line per log.", argv)


if __name__ == "__main__":
    sys.exit(main())

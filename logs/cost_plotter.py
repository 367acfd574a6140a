"""Plot the cost over training of one or more training logs: ``python logs/cost_plotter.py LOG.csv [...]``."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the repository, for `network`

from logs import log_curves  # noqa: E402

COST = log_curves.Metric("Cost during training", "cost (cross-entropy, lower is better)", "cost", "test_cost")


def main(argv=None):
    return log_curves.main(COST, "Plot the cost over training, a train and a test line per log.", argv)


if __name__ == "__main__":
    sys.exit(main())

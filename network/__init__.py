"""Inkling's neural network: a multilayer perceptron in numpy, its datasets, storage and training."""

import os

# One BLAS thread unless the user says otherwise (set before numpy loads): Inkling's matrices are small,
# and OpenBLAS's hand-offs between threads cost more than they give, on a busy machine many times over.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .errors import DatasetError, InklingError, NetworkFileError, TrainingDiverged
from .model import Network
from .storage import load, save

__all__ = ["Network", "load", "save", "InklingError", "NetworkFileError", "DatasetError", "TrainingDiverged"]

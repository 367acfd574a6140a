"""Inkling's neural network: a multilayer perceptron in numpy, its datasets, storage and training."""

from .errors import DatasetError, InklingError, NetworkFileError, TrainingDiverged
from .model import Network
from .storage import load, save

__all__ = ["Network", "load", "save", "InklingError", "NetworkFileError", "DatasetError", "TrainingDiverged"]

"""Digits and letters in one network: which classes are which, and the best guess within each group.

A 36-class network answers "digit or letter?" for one drawing: its best digit, its best letter,
and how its probability splits between the two groups.
"""

import numpy as np

GROUPS = (("digit", str.isdigit), ("letter", str.isalpha))


def groups_of(labels):
    """``{"digit": indices, "letter": indices}`` when the classes are single digits and letters, both
    present, and nothing else; otherwise ``{}`` (the network has one kind of class)."""
    if not labels or any(len(label) != 1 for label in labels):
        return {}
    found = {name: np.array([i for i, label in enumerate(labels) if test(label)]) for name, test in GROUPS}
    if any(len(indices) == 0 for indices in found.values()) or sum(map(len, found.values())) != len(labels):
        return {}
    return found


def best_in_group(probabilities, indices):
    """Index of the most probable class among ``indices``, for each row of ``probabilities`` (n, classes)."""
    return np.asarray(indices)[np.argmax(probabilities[..., indices], axis=-1)]


def group_shares(probabilities, groups):
    """How much probability each group gets: ``{"digit": 0.8, "letter": 0.2}`` for one row."""
    return {name: float(np.sum(probabilities[indices])) for name, indices in groups.items()}

"""The errors Inkling raises for bad files: one readable message that names the file and the problem."""


class InklingError(ValueError):
    """A problem with something the user gave us (a file, a setting), explained in one line."""


class FileProblem(InklingError):
    """A file that cannot be used, as 'path: problem' on one line (control characters in the path escaped)."""

    def __init__(self, path, problem):
        shown = str(path) if str(path).isprintable() else repr(str(path))[1:-1]
        super().__init__(f"{shown}: {problem}")
        self.path, self.problem = path, problem


class NetworkFileError(FileProblem):
    """A network file that cannot be read: missing, not an .npz, or with a missing or broken field."""


class DatasetError(FileProblem):
    """A dataset that cannot be read: missing files, wrong format, truncated, or inconsistent."""


class TrainingDiverged(InklingError):
    """Training went wrong for good (a non-finite or runaway cost, a dead layer): the learning rate is too high."""


def os_error_message(error):
    """An OSError as one line naming the file, e.g. 'saved_networks/a.npz: Permission denied'."""
    if error.filename is not None and error.strerror:
        return f"{error.filename}: {error.strerror}"
    return str(error) or type(error).__name__

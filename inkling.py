"""Inkling's launcher: run it (or double-click it) to draw; drop a network (.npz) onto it to open that network.

Dropping a file onto a script passes the file's path as its argument, the same as `python -m app NET.npz`.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from app.__main__ import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(prog="python inkling.py"))

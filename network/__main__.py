"""python -m network: train, test, info, show, download, read."""

import sys

from .cli import main

sys.exit(main())

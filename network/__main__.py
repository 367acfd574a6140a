"""python -m network: train, test, info, show, download."""

import sys

from .cli import main

sys.exit(main())

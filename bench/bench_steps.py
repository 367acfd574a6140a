"""What the benches that measure networks named on the command line share: a missing or broken network file
(or dataset) ends the run with one line naming it and exit status 2, never a traceback."""

import sys

import network


def run_steps(*steps):
    """Call each of ``steps`` in turn; 0, or 2 after one line on stderr when one raises an Inkling error."""
    try:
        for step in steps:
            step()
    except network.InklingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0

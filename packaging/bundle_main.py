"""Entry point of the standalone bundle (packaging/digitpad.spec): the same as the `digitpad` command."""

import multiprocessing
import sys

from digitpad.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen app started as a worker process by multiprocessing's spawn
    sys.exit(main())

"""``python -m kmeans_scratch ...``: hand the command line to ``cli.main``."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())

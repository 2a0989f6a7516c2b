"""``python -m bot.crs``: the CRS command line (same as ``python -m bot crs``)."""

import sys

from bot.crs.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

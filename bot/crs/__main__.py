"""``python -m bot.crs``: the CRS command line without the standing (``--plan`` gives the moves
and the timeline only; ``python -m bot crs --plan`` adds eligibility, categories and rounds)."""

import sys

from bot.crs.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`python -m bot.faq kb check | ask ...`: the commands of `python -m bot`, for this package."""

from __future__ import annotations

import sys

from bot.faq import check, cli


def main(argv: list[str]) -> int:
    if argv[:2] == ["kb", "check"]:
        return check.main(argv[2:])
    if argv[:1] == ["ask"]:
        return cli.main(argv[1:])
    print("usage: python -m bot.faq kb check [--today DATE] | ask [--json] [QUESTION]")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""``python -m bot crs FILE --plan``: the score with everything the chat's result says around
it, as JSON — program eligibility, category routes, the rounds of the last 12 months, the moves
that matter, and the timeline — so every part can be checked without the chat.

Rounds come from a feed file (``--rounds FILE``; the snapshot shipped in the package by
default), compared as on ``--on`` (default today). The main occupation for the category routes
is optional: ``--noc CODE --months N [--canada-months N]``.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from bot.crs import Profile
from bot.crs.cli import build_parser, crs_plan
from bot.crs.cli import main as crs_main
from bot.draws.importer import SNAPSHOT
from bot.draws.parse import ParsedRound, parse_feed
from bot.standing.assess import assess, plan_json
from bot.standing.categories import Occupation


def _parser() -> argparse.ArgumentParser:
    parser = build_parser()
    parser.add_argument(
        "--rounds", type=Path, default=SNAPSHOT, help="with --plan: the rounds feed file"
    )
    parser.add_argument("--noc", help="with --plan: NOC 2021 code of the main occupation")
    parser.add_argument(
        "--months", type=int, default=0, help="with --noc: full-time months in it, last 3 years"
    )
    parser.add_argument(
        "--canada-months", type=int, default=0, help="with --noc: of those months, in Canada"
    )
    return parser


def _rounds(path: Path, cache: dict[Path, list[ParsedRound]]) -> list[ParsedRound]:
    if path not in cache:
        try:
            cache[path] = parse_feed(path.read_bytes())
        except OSError as exc:
            raise ValueError(f"cannot read the rounds file {path}: {exc.strerror}") from None
    return cache[path]


def main(argv: list[str], stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    cache: dict[Path, list[ParsedRound]] = {}

    def plan(profile: Profile, on: date | None, options: dict[str, Any]) -> dict[str, Any]:
        today = on or date.today()
        noc = options.get("noc")
        occupation = (
            Occupation(str(noc), options.get("months") or 0, options.get("canada_months") or 0)
            if noc
            else None
        )
        standing = assess(
            profile,
            draws=_rounds(options.get("rounds") or SNAPSHOT, cache),
            today=today,
            occupation=occupation,
            on=on,
        )
        out = plan_json(standing)
        out["timeline"] = crs_plan(profile, on, options)["timeline"]
        return out

    return crs_main(argv, stdin, stdout, planner=plan, parser=_parser())

"""``crs FILE|-`` prints a profile's result JSON; ``crs --batch`` scores JSON Lines."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any, TextIO

from bot.crs.moves import moves
from bot.crs.profile import Profile, ProfileError, parse_profile
from bot.crs.scoring import score
from bot.crs.timeline import timeline

#: The optional dates of ``--plan``'s timeline: option name -> ``timeline()`` keyword.
_DATES: dict[str, str] = {
    "--birth-date": "birth_date",
    "--canadian-work-since": "canadian_work_since",
    "--language-test-date": "language_test_date",
    "--eca-date": "eca_date",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot crs",
        description="Score a CRS profile (JSON) with the ruleset in force on a date.",
    )
    parser.add_argument("file", nargs="?", help="profile JSON file, or - for stdin")
    parser.add_argument(
        "--batch",
        action="store_true",
        help="read one profile per line (JSON Lines) on stdin, write one result per line",
    )
    parser.add_argument("--on", type=date.fromisoformat, help="score as on this date (YYYY-MM-DD)")
    parser.add_argument(
        "--plan",
        action="store_true",
        help="add the ranked moves (improvements) and the dated score changes (timeline)",
    )
    for option, keyword in _DATES.items():
        parser.add_argument(
            option,
            dest=keyword,
            type=date.fromisoformat,
            help=f"with --plan: {keyword.replace('_', ' ')} (YYYY-MM-DD) for the timeline",
        )
    return parser


#: Computes the ``--plan`` part of a result: (profile, on, options) -> keys to add. The
#: default adds the moves and the timeline; ``bot.standing.cli`` adds eligibility, categories
#: and rounds too (the crs package knows nothing of them).
Planner = Callable[[Profile, date | None, dict[str, Any]], dict[str, Any]]


def crs_plan(profile: Profile, on: date | None, options: dict[str, Any]) -> dict[str, Any]:
    since = options.get("canadian_work_since")
    changes = timeline(
        profile,
        today=on or date.today(),
        birth_date=options.get("birth_date"),
        canadian_work_since=since,
        language_test_date=options.get("language_test_date"),
        eca_date=options.get("eca_date"),
    )
    return {
        "improvements": [m.to_json() for m in moves(profile, on=on, canadian_work_since=since)],
        "timeline": [
            {
                "on": c.on.isoformat(),
                "code": c.code,
                "params": c.params,
                "total_before": c.total_before,
                "total_after": c.total_after,
            }
            for c in changes
        ],
    }


def _result(
    data: Any, on: date | None, plan: Planner | None, options: dict[str, Any] | None = None
) -> dict[str, Any]:
    profile = parse_profile(data)
    result = score(profile, on=on).to_json()
    if plan is not None:
        result.update(plan(profile, on, options or {}))
    return result


def _one(
    line: str, on: date | None, plan: Planner | None, options: dict[str, Any] | None = None
) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except ValueError as exc:
        return {"error": f"invalid JSON: {exc}"}
    try:
        return _result(data, on, plan, options)
    except (ProfileError, ValueError) as exc:
        return {"error": str(exc)}


def run_batch(
    stdin: TextIO, stdout: TextIO, on: date | None = None, plan: Planner | None = None
) -> int:
    """Score every line of ``stdin``; returns how many lines were errors."""
    errors = 0
    write = stdout.write
    dumps = json.dumps
    for line in stdin:
        if line.endswith("\n"):
            line = line[:-1]
        result = _one(line, on, plan)
        if "error" in result:
            errors += 1
        write(dumps(result))
        write("\n")
    stdout.flush()
    return errors


def main(
    argv: list[str],
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    *,
    planner: Planner = crs_plan,
    parser: argparse.ArgumentParser | None = None,
) -> int:
    """Entry point; ``argv`` excludes the word ``crs``. Returns the exit status."""
    inp = stdin if stdin is not None else sys.stdin
    out = stdout if stdout is not None else sys.stdout
    parser = parser or build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage message
        return int(exc.code or 0)
    if args.batch:
        if args.file not in (None, "-"):
            parser.print_usage(sys.stderr)
            print("error: --batch reads stdin; give no FILE", file=sys.stderr)
            return 2
        run_batch(inp, out, args.on, planner if args.plan else None)
        return 0
    if args.file is None:
        parser.print_usage(sys.stderr)
        print("error: give a profile FILE, - for stdin, or --batch", file=sys.stderr)
        return 2
    if args.file == "-":
        text = inp.read()
    else:
        try:
            with open(args.file, encoding="utf-8") as fh:
                text = fh.read()
        except OSError as exc:
            print(f"error: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
            return 2
    result = _one(text, args.on, planner if args.plan else None, vars(args))
    out.write(json.dumps(result, indent=2) + "\n")
    out.flush()
    return 1 if "error" in result else 0

"""``crs FILE|-`` prints a profile's result JSON; ``crs --batch`` scores JSON Lines."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any, TextIO

from bot.crs.moves import moves
from bot.crs.profile import ProfileError, parse_profile
from bot.crs.scoring import score
from bot.crs.timeline import timeline

#: The optional dates of ``--plan``'s timeline: option name -> ``timeline()`` keyword.
_DATES: dict[str, str] = {
    "--birth-date": "birth_date",
    "--canadian-work-since": "canadian_work_since",
    "--language-test-date": "language_test_date",
    "--eca-date": "eca_date",
}


def _parser() -> argparse.ArgumentParser:
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


def _plan(data: Any, on: date | None, dates: dict[str, date | None]) -> dict[str, Any]:
    profile = parse_profile(data)
    result = score(profile, on=on).to_json()
    since = dates.get("canadian_work_since")
    result["improvements"] = [
        {
            "code": m.code,
            "params": m.params,
            "points": m.points,
            "changes": m.changes,
            "opens": list(m.opens),
        }
        for m in moves(profile, on=on, canadian_work_since=since)
    ]
    changes = timeline(
        profile,
        today=on or date.today(),
        birth_date=dates.get("birth_date"),
        canadian_work_since=since,
        language_test_date=dates.get("language_test_date"),
        eca_date=dates.get("eca_date"),
    )
    result["timeline"] = [
        {
            "on": c.on.isoformat(),
            "code": c.code,
            "params": c.params,
            "total_before": c.total_before,
            "total_after": c.total_after,
        }
        for c in changes
    ]
    return result


def _result(
    data: Any, on: date | None, plan: bool, dates: dict[str, date | None] | None = None
) -> dict[str, Any]:
    if plan:
        return _plan(data, on, dates or {})
    return score(parse_profile(data), on=on).to_json()


def _one(
    line: str, on: date | None, plan: bool, dates: dict[str, date | None] | None = None
) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except ValueError as exc:
        return {"error": f"invalid JSON: {exc}"}
    try:
        return _result(data, on, plan, dates)
    except (ProfileError, ValueError) as exc:
        return {"error": str(exc)}


def run_batch(stdin: TextIO, stdout: TextIO, on: date | None = None, plan: bool = False) -> int:
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


def main(argv: list[str], stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Entry point; ``argv`` excludes the word ``crs``. Returns the exit status."""
    inp = stdin if stdin is not None else sys.stdin
    out = stdout if stdout is not None else sys.stdout
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage message
        return int(exc.code or 0)
    if args.batch:
        if args.file not in (None, "-"):
            parser.print_usage(sys.stderr)
            print("error: --batch reads stdin; give no FILE", file=sys.stderr)
            return 2
        run_batch(inp, out, args.on, args.plan)
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
    dates = {keyword: getattr(args, keyword) for keyword in _DATES.values()}
    result = _one(text, args.on, args.plan, dates)
    out.write(json.dumps(result, indent=2) + "\n")
    out.flush()
    return 1 if "error" in result else 0

"""``crs FILE|-`` prints a profile's result JSON; ``crs --batch`` scores JSON Lines."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any, TextIO

from bot.crs.planner import improvements
from bot.crs.profile import ProfileError, parse_profile
from bot.crs.scoring import score


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
        "--plan", action="store_true", help="add the ranked improvements to the result"
    )
    return parser


def _result(data: Any, on: date | None, plan: bool) -> dict[str, Any]:
    profile = parse_profile(data)
    result = score(profile, on=on).to_json()
    if plan:
        result["improvements"] = [
            {"key": imp.key, "description": imp.description, "points": imp.points}
            for imp in improvements(profile, on=on)
        ]
    return result


def _one(line: str, on: date | None, plan: bool) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except ValueError as exc:
        return {"error": f"invalid JSON: {exc}"}
    try:
        return _result(data, on, plan)
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
    result = _one(text, args.on, args.plan)
    out.write(json.dumps(result, indent=2) + "\n")
    out.flush()
    return 1 if "error" in result else 0

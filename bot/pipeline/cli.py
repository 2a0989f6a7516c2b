"""`python -m bot draws import FILE | sync | list [--json] [--program P] [--limit N]`.

- import FILE: load a saved copy of the feed as already announced (alerts nobody).
  `import` without FILE loads the snapshot shipped in bot/data/.
- sync: poll the feed once now (new rounds are recorded and their alerts queued; the running
  bot's delivery job sends them).
- list: the latest rounds, as text or JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from bot.config import Settings, get_settings
from bot.draws.classify import CODES
from bot.draws.importer import SNAPSHOT, import_file
from bot.draws.parse import FeedShapeError, round_url
from bot.pipeline.sync import sync_once
from bot.store import draws as dq
from bot.store.engine import create_engine, session_factory
from bot.store.models import Draw
from bot.store.types import utcnow


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot draws", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="load a saved feed as history (no alerts)")
    imp.add_argument("file", nargs="?", type=Path, default=SNAPSHOT)
    sub.add_parser("sync", help="poll the feed once now")
    lst = sub.add_parser("list", help="latest rounds")
    lst.add_argument("--json", action="store_true", help="JSON output")
    lst.add_argument("--program", choices=CODES, help="only this program or category")
    lst.add_argument("--limit", type=int, default=20)
    return parser


def draw_json(draw: Draw) -> dict[str, Any]:
    return {
        "number": draw.number,
        "date": draw.draw_date.isoformat(),
        "drawn_at": draw.drawn_at.isoformat().replace("+00:00", "Z") if draw.drawn_at else None,
        "name": draw.name,
        "category": draw.category,
        "invitations": draw.invitations,
        "cutoff": draw.cutoff,
        "tie_break_at": (
            draw.tie_break_at.isoformat().replace("+00:00", "Z") if draw.tie_break_at else None
        ),
        "tie_break_raw": draw.tie_break_raw,
        "source": draw.source,
        "announced": draw.announced,
        "url": round_url(draw.number) if draw.raw else None,
    }


async def _run(args: argparse.Namespace, settings: Settings) -> int:
    engine = create_engine(settings.database_url, command=True)
    sessions = session_factory(engine)
    try:
        if args.command == "import":
            try:
                result = await import_file(sessions, args.file, now=utcnow())
            except (OSError, FeedShapeError) as exc:
                print(f"cannot import {args.file}: {exc}", file=sys.stderr)
                return 1
            print(f"{result.in_file} rounds in the file, {result.imported} new (no alerts)")
            return 0
        if args.command == "sync":
            outcome = await sync_once(sessions, settings, now=utcnow())
            print(
                f"{outcome.result}: {len(outcome.new_rounds)} new round(s)"
                + (f" {', '.join(outcome.new_rounds)}" if outcome.new_rounds else "")
                + (f", {len(outcome.merged)} merged" if outcome.merged else "")
                + f", {outcome.alerts} alert(s) queued"
            )
            if outcome.error:
                print(f"error: {outcome.error}", file=sys.stderr)
            return 0 if outcome.ok or outcome.result == "skipped" else 1
        async with sessions() as session:
            categories = (args.program,) if args.program else None
            rows = await dq.latest_draws(session, limit=args.limit, categories=categories)
        if args.json:
            print(json.dumps([draw_json(d) for d in rows], indent=2))
        else:
            for d in rows:
                size = f"{d.invitations:,}" if d.invitations is not None else "?"
                print(f"{d.number:>6}  {d.draw_date}  {d.cutoff or '?':>4}  {size:>7}  {d.name}")
        return 0
    finally:
        await engine.dispose()


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    settings = get_settings()
    if settings.is_sqlite:
        from bot.store import migrate

        migrate.upgrade(settings.database_url)
    return asyncio.run(_run(args, settings))

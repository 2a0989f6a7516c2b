"""Health: is this deployment able to keep its promises?

`python -m bot health [--json]` and `GET /healthz` (webhook mode) run the same four checks:

- **database**: a `SELECT 1` answers within the timeout. When it fails, the other checks are
  skipped (they would only repeat the same error).
- **migrations**: the database's Alembic revision is the code's head revision. Behind (an
  upgrade was not run), ahead or unknown (older code on a newer schema) and "never migrated"
  are failures.
- **feed**: the last successful poll of the rounds feed (result `ok` or `unchanged` in
  `feed_sync_runs`) is at most `max_poll_age` old (24 h). A fresh install that has never
  polled, or whose polls have been failing for less than `max_poll_age`, is a warning.
- **outbox**: no pending alert has been due for more than `max_overdue` (15 min): such a row
  means no delivery worker is sending. Pending rows waiting for a later retry are backlog,
  not a failure; `failed` rows (given up) are reported.

A warning never makes the report unhealthy; any failure does (exit status 1, HTTP 503).
Error details name the exception and its first line, with the database password removed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store import feed_sync_runs, outbox
from bot.store.engine import ping
from bot.store.types import utcnow

Status = Literal["ok", "warn", "fail", "skipped"]

MAX_POLL_AGE = timedelta(hours=24)
MAX_OVERDUE = timedelta(minutes=15)
CHECK_TIMEOUT = 5.0


@dataclass(frozen=True)
class Thresholds:
    max_poll_age: timedelta = MAX_POLL_AGE
    max_overdue: timedelta = MAX_OVERDUE


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HealthReport:
    checks: list[Check]
    checked_at: datetime

    @property
    def healthy(self) -> bool:
        return all(c.status != "fail" for c in self.checks)

    def check(self, name: str) -> Check:
        return next(c for c in self.checks if c.name == name)

    def to_json(self) -> dict[str, Any]:
        return {
            "healthy": self.healthy,
            "checked_at": self.checked_at.isoformat(),
            "checks": {
                c.name: {k: v for k, v in asdict(c).items() if k != "name"} for c in self.checks
            },
        }

    def render_text(self) -> str:
        marks = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL", "skipped": "--  "}
        lines = [f"{marks[c.status]} {c.name:<11} {c.detail}" for c in self.checks]
        verdict = "healthy" if self.healthy else "UNHEALTHY"
        warnings = sum(c.status == "warn" for c in self.checks)
        if self.healthy and warnings:
            verdict += f" ({warnings} warning{'s' if warnings > 1 else ''})"
        lines.append(verdict)
        return "\n".join(lines)


def describe_error(exc: BaseException, *, secrets: tuple[str, ...] = ()) -> str:
    """`Type: first line of the message`, with each secret removed."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    for secret in secrets:
        if secret:
            message = message.replace(secret, "***")
    return f"{type(exc).__name__}: {message}"[:300] if message else type(exc).__name__


def url_secrets(url: str) -> tuple[str, ...]:
    try:
        password = make_url(url).password
    except Exception:  # an unparsable URL: nothing to hide that we can name
        return ()
    return (str(password),) if password else ()


def ago(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 120:
        return f"{seconds} s ago"
    if seconds < 2 * 3600:
        return f"{seconds // 60} min ago"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def _span(delta: timedelta) -> str:
    return ago(delta).removesuffix(" ago")


@cache
def code_head() -> str | None:
    from bot.store import migrate

    return migrate.head_revision()


@cache
def known_revisions() -> frozenset[str]:
    from alembic.script import ScriptDirectory

    from bot.store import migrate

    script = ScriptDirectory.from_config(migrate.alembic_config())
    return frozenset(rev.revision for rev in script.walk_revisions())


async def _database(session: AsyncSession, now: datetime, t: Thresholds) -> Check:
    backend = await ping(session)
    return Check("database", "ok", f"reachable ({backend})", {"backend": backend})


async def _migrations(session: AsyncSession, now: datetime, t: Thresholds) -> Check:
    from bot.store.migrate import database_revision

    head = code_head()
    try:
        current = await database_revision(session)
    except Exception:
        return Check(
            "migrations",
            "fail",
            f"never migrated (no alembic_version table); run `python -m bot db upgrade` "
            f"(head {head})",
            {"current": None, "head": head},
        )
    data = {"current": current, "head": head}
    if current == head:
        return Check("migrations", "ok", f"at head {head}", data)
    if current is None:
        detail = f"never migrated; run `python -m bot db upgrade` (head {head})"
    elif current in known_revisions():
        detail = f"at {current}, code expects {head}: run `python -m bot db upgrade`"
    else:
        detail = f"at {current}, unknown to this code (head {head}): newer schema, older code?"
    return Check("migrations", "fail", detail, data)


async def _feed(session: AsyncSession, now: datetime, t: Thresholds) -> Check:
    last_ok = await feed_sync_runs.last_success_at(session)
    history = await feed_sync_runs.poll_history(session)
    last_run = await feed_sync_runs.last_sync_run(session)
    data: dict[str, Any] = {
        "last_success_at": _aware(last_ok).isoformat() if last_ok else None,
        "runs": history.runs,
        "last_result": last_run.result if last_run else None,
        "last_error": (last_run.error or None) if last_run else None,
        "max_age_seconds": int(t.max_poll_age.total_seconds()),
    }
    limit = _span(t.max_poll_age)
    if last_ok is not None:
        age = now - _aware(last_ok)
        data["age_seconds"] = int(age.total_seconds())
        if age <= t.max_poll_age:
            return Check("feed", "ok", f"last successful poll {ago(age)}", data)
        return Check("feed", "fail", f"last successful poll {ago(age)} (limit {limit})", data)
    if not history.runs or history.first_started_at is None:
        return Check("feed", "warn", "never polled (a fresh install?)", data)
    failing_for = now - _aware(history.first_started_at)
    last = f"; last result {data['last_result']}" if data["last_result"] else ""
    if failing_for <= t.max_poll_age:
        return Check("feed", "warn", f"no successful poll yet ({history.runs} tries){last}", data)
    return Check(
        "feed",
        "fail",
        f"no successful poll in {history.runs} tries over {_span(failing_for)}{last}",
        data,
    )


async def _outbox(session: AsyncSession, now: datetime, t: Thresholds) -> Check:
    counts = await outbox.outbox_counts(session)
    next_due = await outbox.next_due_at(session)
    pending, failed = counts.get("pending", 0), counts.get("failed", 0)
    data: dict[str, Any] = {
        "pending": pending,
        "failed": failed,
        "sent": counts.get("sent", 0),
        "oldest_overdue_seconds": None,
        "max_overdue_seconds": int(t.max_overdue.total_seconds()),
    }
    detail = f"{pending} pending, {failed} failed"
    if next_due is not None and _aware(next_due) <= now:  # the earliest pending row is due
        overdue = now - _aware(next_due)
        data["oldest_overdue_seconds"] = max(0, int(overdue.total_seconds()))
        if overdue > t.max_overdue:
            return Check(
                "outbox",
                "fail",
                f"{detail}; oldest due {_span(overdue)} ago and not sent "
                f"(limit {_span(t.max_overdue)}): is a delivery worker running?",
                data,
            )
    return Check("outbox", "ok", detail, data)


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _missing_sqlite_file(engine: AsyncEngine) -> str | None:
    """The path of a SQLite database that does not exist (connecting would create it)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        return None
    return None if Path(database).exists() else database


CheckFn = Callable[[AsyncSession, datetime, Thresholds], Awaitable[Check]]
CHECKS: tuple[tuple[str, CheckFn], ...] = (
    ("database", _database),
    ("migrations", _migrations),
    ("feed", _feed),
    ("outbox", _outbox),
)


async def check_health(
    engine: AsyncEngine,
    *,
    now: datetime | None = None,
    thresholds: Thresholds = Thresholds(),
    check_timeout: float = CHECK_TIMEOUT,
) -> HealthReport:
    """Run every check, each in its own session (one failed query cannot spoil the next)."""
    now = now or utcnow()
    secrets = url_secrets(engine.url.render_as_string(hide_password=False))
    checks: list[Check] = []
    missing = _missing_sqlite_file(engine)
    if missing is not None:
        checks.append(
            Check("database", "fail", f"unreachable: no SQLite database file at {missing}")
        )
    for name, fn in CHECKS[len(checks) :]:
        if checks and checks[0].status == "fail":
            checks.append(Check(name, "skipped", "skipped: the database is unreachable"))
            continue
        try:
            async with asyncio.timeout(check_timeout), AsyncSession(engine) as session:
                checks.append(await fn(session, now, thresholds))
        except TimeoutError:
            checks.append(Check(name, "fail", f"no answer within {check_timeout:g} s"))
        except Exception as exc:
            what = "unreachable" if name == "database" else "check failed"
            checks.append(Check(name, "fail", f"{what}: {describe_error(exc, secrets=secrets)}"))
    return HealthReport(checks=checks, checked_at=now)


def main(argv: list[str]) -> int:
    """`python -m bot health [--json]`: exit 0 when healthy (warnings allowed), else 1."""
    parser = argparse.ArgumentParser(
        prog="python -m bot health", description=__doc__.split("\n")[0] if __doc__ else None
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)

    from bot.config import get_settings
    from bot.store.engine import create_engine

    async def run() -> HealthReport:
        engine = create_engine(get_settings().database_url, command=True)
        try:
            return await check_health(engine)
        finally:
            await engine.dispose()

    report = asyncio.run(run())
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        print(report.render_text())
    return 0 if report.healthy else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

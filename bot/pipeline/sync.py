"""One poll of the feed: fetch, validate against what is stored, record new rounds and their
alerts in ONE transaction, and write a heartbeat row.

Nothing is written (except the heartbeat) when the feed looks wrong: not JSON, missing keys,
fewer rounds than stored, a stored round changed, a round dated in the future. The first
failing poll after a good one opens an incident and asks the caller to tell the admins
(`SyncOutcome.notices`: codes and values, worded by ``alerts/admin_notice.j2``); later
failures of the same incident stay quiet, and the first good poll after it reports the
recovery.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.draws.feed import FeedFetchError, fetch_feed
from bot.draws.parse import FeedShapeError, ParsedRound, parse_feed, parse_french_names
from bot.draws.validate import validate
from bot.pipeline.batches import MAX_NEW_ROUNDS_PER_POLL, flood_alerts, record_in_batches
from bot.store import draws as dq
from bot.store import feed_sync_runs as runs
from bot.store.locks import singleton

log = logging.getLogger(__name__)

#: The French feed only names new rounds: their alerts wait for it at most this long (s).
FRENCH_DEADLINE = 15.0


@dataclass(frozen=True)
class Notice:
    """Something the admins should hear about a poll, as a code and its values:
    ``poll_failed`` (result, error), ``reachable_again``, ``healthy_again``, ``flood`` (count,
    limit, rounds: the numbers that alerted), ``unclassified`` (names), and the watchdog's
    ``stale`` (last: the last good poll or None); the words are in ``alerts/admin_notice.j2``."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class SyncOutcome:
    """`result`: ok (good feed, maybe no new round), unchanged (304), error (fetch failed),
    invalid (the feed looked wrong; nothing written), skipped (another process polls)."""

    result: str
    new_rounds: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    alerts: int = 0
    error: str | None = None
    notices: list[Notice] = field(default_factory=list)
    unclassified: list[str] = field(default_factory=list)
    run_id: int | None = None  # the heartbeat row written for this poll

    @property
    def ok(self) -> bool:
        return self.result in runs.GOOD_RESULTS


async def sync_once(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    *,
    now: datetime,
    transport: httpx.AsyncBaseTransport | None = None,
    http_timeout: httpx.Timeout | None = None,
) -> SyncOutcome:
    """Poll the feed once (see the module docstring). On PostgreSQL the whole poll, fetch
    included, runs under an advisory lock, so two processes never poll at the same time; the
    loser returns "skipped" and writes no heartbeat."""
    called = time.monotonic()

    def clock() -> datetime:  # `now` moved forward by the time spent since the call
        return now + timedelta(seconds=time.monotonic() - called)

    async with singleton(sessions, "feed-poll") as mine:
        if not mine:
            return SyncOutcome("skipped")
        # The heartbeat spans exactly the time this process held the lock.
        outcome = await _sync(
            sessions, settings, now=clock(), transport=transport, http_timeout=http_timeout
        )
        if outcome.run_id is not None:
            async with sessions.begin() as session:
                await runs.finish_sync_run(session, run_id=outcome.run_id, finished_at=clock())
        return outcome


async def _sync(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    *,
    now: datetime,
    transport: httpx.AsyncBaseTransport | None,
    http_timeout: httpx.Timeout | None,
) -> SyncOutcome:
    async with sessions() as session:
        previous = await runs.last_sync_run(
            session, results=runs.GOOD_RESULTS | runs.FAILED_RESULTS
        )
        last_good = await runs.last_sync_run(session, results=runs.GOOD_RESULTS)
    in_incident = previous is not None and previous.result in runs.FAILED_RESULTS
    etag = last_good.etag if last_good else None
    modified = last_good.last_modified if last_good else None

    outcome: SyncOutcome
    fetched_etag: str | None = None
    fetched_modified: str | None = None
    try:
        kwargs: dict[str, Any] = {"etag": etag, "last_modified": modified, "transport": transport}
        if http_timeout is not None:
            kwargs["http_timeout"] = http_timeout
        fetched = await fetch_feed(settings.draws_feed_url, **kwargs)
        fetched_etag, fetched_modified = fetched.etag, fetched.last_modified
        if fetched.body is None:
            outcome = SyncOutcome("unchanged")
        else:
            # Parsing a large feed is pure CPU: off the event loop.
            rounds = await asyncio.to_thread(parse_feed, fetched.body)

            async def french() -> dict[str, str]:
                url = settings.french_feed_url
                if url is None:
                    return {}
                return await french_names(url, transport=transport, http_timeout=http_timeout)

            outcome = await _record(
                sessions,
                rounds,
                now=now,
                etag=fetched_etag,
                modified=fetched_modified,
                in_incident=in_incident,
                french=french,
            )
            if outcome.result != "invalid":
                return outcome
    except FeedFetchError as exc:
        outcome = SyncOutcome("error", error=str(exc))
    except FeedShapeError as exc:
        outcome = SyncOutcome("invalid", error=str(exc))

    if outcome.result in runs.FAILED_RESULTS and not in_incident:
        outcome.notices.append(
            Notice("poll_failed", {"result": outcome.result, "error": outcome.error or ""})
        )
    elif outcome.result == "unchanged" and in_incident:
        outcome.notices.append(Notice("reachable_again"))
    if outcome.error:
        log.warning("feed poll %s: %s", outcome.result, outcome.error)
    async with sessions.begin() as session:
        run = await runs.add_sync_run(
            session,
            started_at=now,
            finished_at=now,
            result=outcome.result,
            error=outcome.error[:1000] if outcome.error else None,
            etag=fetched_etag if outcome.ok else None,
            last_modified=fetched_modified if outcome.ok else None,
        )
    outcome.run_id = run.id
    return outcome


async def french_names(
    url: str,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    http_timeout: httpx.Timeout | None = None,
) -> dict[str, str]:
    """IRCC's French names of the rounds, by number. Read only when a poll found new rounds,
    within `FRENCH_DEADLINE`; {} and a warning when the French feed can't be read: the round is
    recorded and alerted anyway, its French name then taken from the shipped map."""
    kwargs: dict[str, Any] = {"transport": transport, "deadline": FRENCH_DEADLINE}
    if http_timeout is not None:
        kwargs["http_timeout"] = http_timeout
    try:
        fetched = await fetch_feed(url, **kwargs)
        if fetched.body is None:
            return {}
        return await asyncio.to_thread(parse_french_names, fetched.body)
    except (FeedFetchError, FeedShapeError) as exc:
        log.warning("French feed not read (%s): new rounds keep the shipped French names", exc)
        return {}


async def _record(
    sessions: async_sessionmaker[AsyncSession],
    rounds: list[ParsedRound],
    *,
    now: datetime,
    etag: str | None,
    modified: str | None,
    in_incident: bool,
    french: Callable[[], Awaitable[dict[str, str]]],
) -> SyncOutcome:
    async with sessions.begin() as session:
        if not await dq.try_feed_lock(session):
            return SyncOutcome("skipped")
        stored = await dq.numbers_and_raw(session)
        try:
            await asyncio.to_thread(validate, rounds, stored, now=now)
        except FeedShapeError as exc:
            return SyncOutcome("invalid", error=str(exc))
    known = {d.number for d in stored}
    fresh = sorted((r for r in rounds if r.number not in known), key=lambda r: r.sort_key)
    if fresh:
        names = await french()
        fresh = [replace(r, name_fr=names.get(r.number)) for r in fresh]
    only_alert = flood_alerts(fresh)
    recorded = await record_in_batches(sessions, fresh, now=now, only_alert=only_alert)
    outcome = SyncOutcome(
        "ok",
        new_rounds=recorded.new_rounds,
        merged=recorded.merged,
        alerts=recorded.alerts,
        unclassified=recorded.unclassified,
    )
    if in_incident:
        outcome.notices.append(Notice("healthy_again"))
    if only_alert is not None:
        params = {"count": len(fresh), "limit": MAX_NEW_ROUNDS_PER_POLL}
        outcome.notices.append(Notice("flood", {**params, "rounds": sorted(only_alert)}))
    if outcome.unclassified:
        outcome.notices.append(Notice("unclassified", {"names": list(outcome.unclassified)}))
    async with sessions.begin() as session:
        run = await runs.add_sync_run(
            session,
            started_at=now,
            finished_at=now,
            result="ok",
            new_rounds=len(outcome.new_rounds),
            etag=etag,
            last_modified=modified,
        )
    outcome.run_id = run.id
    if outcome.new_rounds:
        log.info("recorded rounds %s with %d alerts", outcome.new_rounds, outcome.alerts)
    return outcome

"""Polling the feed: new rounds recorded once with their alerts; faults write nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.draws.importer import import_file, import_if_empty
from bot.pipeline.record import record_manual
from bot.pipeline.sync import sync_once
from bot.render import render
from bot.store import subscriptions
from bot.store.models import AlertOutbox, Draw, FeedSyncRun, User
from bot.store.users import touch_user
from tests.fakes.feed import FakeFeedServer, load_snapshot_rounds
from tests.test_draws.db import NOW

pytestmark = pytest.mark.db

Sessions = async_sessionmaker[AsyncSession]


def new_round(number: str, name: str = "Canadian Experience Class", **kw: str) -> dict[str, Any]:
    day: date = kw.pop("day", None) or (NOW - timedelta(days=1)).date()  # type: ignore[assignment]
    r = dict(load_snapshot_rounds()[0])
    r.update(
        drawNumber=number,
        drawDate=day.isoformat(),
        drawDateFull=f"{day:%B} {day.day}, {day.year}",
        drawName=name,
        drawSize="3,000",
        drawCRS="518",
        drawDateTime=f"{day:%B %d, %Y} at 10:30:00 UTC",
        drawCutOff="October 02, 2026 at 08:00:01 UTC",
    )
    r.update(kw)
    return r


async def people(sessions: Sessions) -> None:
    """1: CEC, 2: all rounds, 3: French only, 4: unsubscribed, 5: blocked, 6: never subscribed."""
    async with sessions.begin() as s:
        for chat_id in range(1, 7):
            await touch_user(s, chat_id=chat_id, language="en", now=NOW)
        await s.flush()
        await subscriptions.subscribe(s, chat_id=1, mode="cec", now=NOW)
        await subscriptions.subscribe(s, chat_id=2, mode="all", now=NOW)
        await subscriptions.subscribe(
            s, chat_id=3, mode="categories", categories=["french"], now=NOW
        )
        await subscriptions.subscribe(s, chat_id=4, mode="all", now=NOW)
        await subscriptions.deactivate(s, chat_id=4, now=NOW)
        await subscriptions.subscribe(s, chat_id=5, mode="all", now=NOW)
        user = await s.get(User, 5)
        assert user is not None
        user.blocked = True
        s.add(user)


async def outbox(sessions: Sessions) -> list[tuple[str, int]]:
    async with sessions() as s:
        stmt = select(Draw.number, AlertOutbox.chat_id).join(
            Draw, col(Draw.id) == col(AlertOutbox.draw_id)
        )
        return sorted((n, c) for n, c in (await s.exec(stmt)).all())


async def numbers(sessions: Sessions) -> set[str]:
    async with sessions() as s:
        return {d.number for d in (await s.exec(select(Draw))).all()}


async def runs(sessions: Sessions) -> list[FeedSyncRun]:
    async with sessions() as s:
        return list((await s.exec(select(FeedSyncRun).order_by(col(FeedSyncRun.id)))).all())


@pytest.fixture
async def feed(settings: Settings) -> Any:
    async with FakeFeedServer() as server:
        server.set_rounds(load_snapshot_rounds())
        settings.draws_feed_url = server.url
        yield server


async def test_history_import_alerts_nobody(sessions: Sessions) -> None:
    await people(sessions)
    first = await import_if_empty(sessions, now=NOW)
    assert first is not None and first.imported == 438
    assert await import_if_empty(sessions, now=NOW) is None
    again = await import_file(sessions, now=NOW)
    assert again.imported == 0
    assert len(await numbers(sessions)) == 438
    assert await outbox(sessions) == []


async def test_new_cec_round_alerts_matching_subscribers_once(
    sessions: Sessions, settings: Settings, feed: FakeFeedServer
) -> None:
    await people(sessions)
    await import_file(sessions, now=NOW)
    assert (await sync_once(sessions, settings, now=NOW)).new_rounds == []

    feed.set_rounds([new_round("438"), *load_snapshot_rounds()])
    outcome = await sync_once(sessions, settings, now=NOW)
    assert outcome.result == "ok" and outcome.new_rounds == ["438"]
    assert outcome.alerts == 2
    assert await outbox(sessions) == [("438", 1), ("438", 2)]

    again = await sync_once(sessions, settings, now=NOW + timedelta(minutes=5))
    assert again.result == "unchanged"  # conditional GET: 304
    assert feed.requests[-1].status == 304
    assert await outbox(sessions) == [("438", 1), ("438", 2)]
    async with sessions() as s:
        draw = (await s.exec(select(Draw).where(Draw.number == "438"))).one()
    assert (draw.category, draw.invitations, draw.cutoff) == ("cec", 3000, 518)
    assert draw.announced == "alerted"
    assert draw.raw["drawName"] == "Canadian Experience Class"
    assert [r.result for r in await runs(sessions)] == ["ok", "ok", "unchanged"]
    assert [r.new_rounds for r in await runs(sessions)] == [0, 1, 0]


async def test_a_new_round_takes_its_french_name_from_irccs_french_feed(
    sessions: Sessions, settings: Settings, feed: FakeFeedServer
) -> None:
    """The French feed is read when a poll finds new rounds, and the French alert shows IRCC's
    own French name; when it can't be read, the round is recorded and alerted all the same,
    under the French category name."""
    from bot.alerts.message import alert_reply

    await people(sessions)
    await import_file(sessions, now=NOW)
    french_path = feed.french_url.removeprefix(feed.root)
    assert (await sync_once(sessions, settings, now=NOW)).new_rounds == []
    assert french_path not in [r.path for r in feed.requests]  # nothing new: not read

    name = "Healthcare and social services occupations 2026-Version 9"  # not in the shipped map
    ircc_fr = "Professions de la santé et des services sociaux 2026-version 9"
    english = [new_round("438", name), *load_snapshot_rounds()]
    feed.set_rounds(english)
    feed.set_french_rounds([{**english[0], "drawName": ircc_fr}], encoding="cp1252")
    outcome = await sync_once(sessions, settings, now=NOW)
    assert outcome.new_rounds == ["438"] and outcome.alerts == 1  # chat 2: all rounds
    assert [r.path for r in feed.requests].count(french_path) == 1

    feed.others.clear()  # the French feed is gone (404)
    feed.set_rounds([new_round("439", name), *english])
    outcome = await sync_once(sessions, settings, now=NOW)
    assert outcome.new_rounds == ["439"] and outcome.alerts == 1
    async with sessions() as s:
        rows = {d.number: d for d in (await s.exec(select(Draw))).all()}
    assert (rows["438"].name_fr, rows["439"].name_fr) == (ircc_fr, None)
    assert rows["438"].name == name  # the English feed's name is kept as it was
    first = alert_reply(rows["438"], saved=None, sub=None, lang="fr").text
    assert f"Entrée express\u00a0: {ircc_fr}</b>" in first
    second = alert_reply(rows["439"], saved=None, sub=None, lang="fr").text
    assert "Professions de la santé et des services sociaux 2026-Version 9</b>" in second


async def test_a_round_and_its_alerts_are_written_together_or_not_at_all(
    sessions: Sessions, settings: Settings, feed: FakeFeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The outbox rows are written in the transaction that records the round: when writing
    them fails, the round is not recorded either, and the next poll alerts it."""
    import bot.pipeline.record as pipeline_record

    await people(sessions)
    await import_file(sessions, now=NOW)
    feed.set_rounds([new_round("438"), *load_snapshot_rounds()])

    async def broken(*_: object, **__: object) -> int:
        raise RuntimeError("outbox unavailable")

    with monkeypatch.context() as patch:
        patch.setattr(pipeline_record, "enqueue_for_draw", broken)
        with pytest.raises(RuntimeError, match="outbox unavailable"):
            await sync_once(sessions, settings, now=NOW)
    assert "438" not in await numbers(sessions)
    assert await outbox(sessions) == []

    outcome = await sync_once(sessions, settings, now=NOW + timedelta(minutes=5))
    assert outcome.new_rounds == ["438"] and outcome.alerts == 2
    assert await outbox(sessions) == [("438", 1), ("438", 2)]


async def test_two_new_rounds_at_once_and_categories(
    sessions: Sessions, settings: Settings, feed: FakeFeedServer
) -> None:
    await people(sessions)
    await import_file(sessions, now=NOW)
    feed.set_rounds(
        [
            new_round("439", "French-Language proficiency 2026-Version 2"),
            new_round("438", "Physicians with Canadian Work Experience, 2026-Version 1"),
            *load_snapshot_rounds(),
        ]
    )
    outcome = await sync_once(sessions, settings, now=NOW)
    assert outcome.new_rounds == ["438", "439"]
    # Physicians is not CEC: only "all" (2). French: "all" (2) and French (3).
    assert await outbox(sessions) == [("438", 2), ("439", 2), ("439", 3)]


async def test_rounds_older_than_seven_days_alert_nobody(
    sessions: Sessions, settings: Settings, feed: FakeFeedServer
) -> None:
    await people(sessions)
    await import_file(sessions, now=NOW)
    feed.set_rounds(
        [new_round("438", day=(NOW - timedelta(days=8)).date()), *load_snapshot_rounds()]
    )
    outcome = await sync_once(sessions, settings, now=NOW)
    assert outcome.new_rounds == ["438"] and outcome.alerts == 0
    assert await outbox(sessions) == []


async def test_first_poll_on_an_empty_database_is_not_history_alerting(
    sessions: Sessions, settings: Settings, feed: FakeFeedServer
) -> None:
    await people(sessions)
    outcome = await sync_once(sessions, settings, now=NOW)
    assert len(outcome.new_rounds) == 438
    assert await outbox(sessions) == []  # every snapshot round is older than 7 days


FAULTS = ["500", "timeout", "truncated", "missing10", "changed", "html", "future"]


@pytest.mark.parametrize("fault", FAULTS)
async def test_feed_faults_write_nothing_and_tell_admins_once(
    sessions: Sessions, settings: Settings, feed: FakeFeedServer, fault: str
) -> None:
    await people(sessions)
    await import_file(sessions, now=NOW)
    snapshot = load_snapshot_rounds()
    good = [new_round("438"), *snapshot]
    feed.set_rounds(good)
    timeout = None

    def inject() -> None:
        if fault == "500":
            feed.fail_next(500)
        elif fault == "timeout":
            feed.hang_next(2.0)
        elif fault == "truncated":
            feed.truncate_next()
        elif fault == "missing10":
            feed.set_rounds([new_round("438"), *snapshot[:-10]])
        elif fault == "changed":
            changed = [dict(r) for r in good]
            changed[5]["drawCRS"] = "300"
            feed.set_rounds(changed)
        elif fault == "html":
            feed.set_body(b"<html>Maintenance</html>")
        elif fault == "future":
            feed.set_rounds([new_round("438", day=(NOW + timedelta(days=30)).date()), *snapshot])

    if fault == "timeout":
        timeout = httpx.Timeout(0.5)
    messages = []
    for attempt in range(2):
        inject()
        outcome = await sync_once(
            sessions, settings, now=NOW + timedelta(minutes=attempt), http_timeout=timeout
        )
        assert outcome.result in {"error", "invalid"}, outcome
        assert outcome.error
        messages.append(outcome.notices)
    assert [n.code for n in messages[0]] == ["poll_failed"] and messages[1] == []  # once
    assert len(await numbers(sessions)) == 438
    assert await outbox(sessions) == []

    feed.set_rounds(good)
    healed = await sync_once(sessions, settings, now=NOW + timedelta(minutes=10))
    assert healed.result == "ok" and healed.new_rounds == ["438"]
    notice = render("alerts/admin_notice", "en", notices=healed.notices)
    assert "The feed is healthy again." in notice
    assert await outbox(sessions) == [("438", 1), ("438", 2)]
    results = [r.result for r in await runs(sessions)]
    assert results[-1] == "ok" and results[0] in {"error", "invalid"}


async def test_admin_round_then_the_feed_round_is_merged_not_announced_again(
    sessions: Sessions, settings: Settings, feed: FakeFeedServer
) -> None:
    await people(sessions)
    await import_file(sessions, now=NOW)
    day = (NOW - timedelta(days=1)).date()
    async with sessions.begin() as s:
        manual = await record_manual(
            s,
            category="cec",
            draw_date=day,
            invitations=3000,
            cutoff=518,
            tie_break_at=None,
            now=NOW,
        )
    assert manual.alerts == 2
    feed.set_rounds([new_round("438", day=day), *load_snapshot_rounds()])
    outcome = await sync_once(sessions, settings, now=NOW + timedelta(hours=2))
    assert outcome.merged == ["438"] and outcome.new_rounds == [] and outcome.alerts == 0
    assert await outbox(sessions) == [("438", 1), ("438", 2)]
    async with sessions() as s:
        draw = (await s.exec(select(Draw).where(Draw.number == "438"))).one()
    assert draw.source == "admin+feed" and draw.raw["drawNumber"] == "438"
    assert len(await numbers(sessions)) == 439


async def test_recording_the_same_admin_round_twice_alerts_once(sessions: Sessions) -> None:
    await people(sessions)
    day = (NOW - timedelta(days=1)).date()
    for _ in range(2):
        async with sessions.begin() as s:
            await record_manual(
                s,
                category="cec",
                draw_date=day,
                invitations=1,
                cutoff=500,
                tie_break_at=None,
                now=NOW,
            )
    assert [c for _, c in await outbox(sessions)] == [1, 2]


async def test_a_poll_holds_the_singleton_lock_and_records_its_real_duration(
    sessions: Sessions, settings: Settings, feed: FakeFeedServer
) -> None:
    """While another process polls (holds the lock), a poll is skipped and writes nothing;
    on SQLite (one process) the lock is always ours."""
    from bot.store.locks import singleton

    await import_file(sessions, now=NOW)
    feed.set_rounds([new_round("438"), *load_snapshot_rounds()])
    async with singleton(sessions, "feed-poll") as mine:
        assert mine
        engine = sessions.kw["bind"]
        if engine.dialect.name == "postgresql":
            skipped = await sync_once(sessions, settings, now=NOW)
            assert skipped.result == "skipped" and skipped.new_rounds == []
            assert await runs(sessions) == []  # no heartbeat: nothing happened here
            async with singleton(sessions, "feed-poll") as again:
                assert not again  # one holder at a time
    outcome = await sync_once(sessions, settings, now=NOW)
    assert outcome.new_rounds == ["438"]
    [run] = await runs(sessions)
    assert run.finished_at is not None and run.finished_at > run.started_at

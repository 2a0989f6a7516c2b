"""A poll that brings more new rounds than a real week ever has (a broken or hostile feed):
everything is recorded, only the newest round of each program alerts, the admins are told;
recording 1,500 rounds never holds the event loop for 100 ms."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

import bot.pipeline.sync as sync_module
from bot.config import Settings
from bot.draws.importer import import_file
from bot.pipeline.sync import sync_once
from bot.render import render
from tests.fakes.feed import FakeFeedServer, load_snapshot_rounds
from tests.test_draws.db import NOW
from tests.test_pipeline.test_sync import new_round, numbers, outbox, people

pytestmark = pytest.mark.db

Sessions = async_sessionmaker[AsyncSession]
FRENCH = "French-Language proficiency 2026-Version 2"


@pytest.fixture
async def feed(settings: Settings) -> Any:
    async with FakeFeedServer() as server:
        server.set_rounds(load_snapshot_rounds())
        settings.draws_feed_url = server.url
        yield server


async def test_forty_same_day_cec_rounds_alert_once_per_program(
    sessions: Sessions, settings: Settings, feed: FakeFeedServer
) -> None:
    await people(sessions)  # 1: CEC, 2: all rounds, 3: French only
    await import_file(sessions, now=NOW)
    cec = [new_round(str(n)) for n in range(1000, 1040)]  # 40 CEC rounds, same day
    french = [new_round("1040", FRENCH), new_round("1041", FRENCH)]
    feed.set_rounds([*reversed(french), *reversed(cec), *load_snapshot_rounds()])
    outcome = await sync_once(sessions, settings, now=NOW)
    assert outcome.result == "ok" and len(outcome.new_rounds) == 42
    assert {str(n) for n in range(1000, 1042)} <= await numbers(sessions)
    # Newest CEC (1039) to the CEC (1) and all-rounds (2) subscribers; newest French (1041)
    # to all-rounds (2) and French (3): 4 alerts, not 40 x 2 + 2 x 2 = 84.
    assert await outbox(sessions) == [("1039", 1), ("1039", 2), ("1041", 2), ("1041", 3)]
    assert outcome.alerts == 4
    notice = render("alerts/admin_notice", "en", notices=outcome.notices)
    assert "42 new rounds in one poll" in notice
    assert "(1039, 1041)" in notice


async def test_a_normal_week_still_alerts_every_round(
    sessions: Sessions, settings: Settings, feed: FakeFeedServer
) -> None:
    await people(sessions)
    await import_file(sessions, now=NOW)
    week = [new_round("1000"), new_round("1001", FRENCH), new_round("1002"), new_round("1003")]
    feed.set_rounds([*reversed(week), *load_snapshot_rounds()])
    outcome = await sync_once(sessions, settings, now=NOW)
    # CEC 1000, 1002, 1003 -> chats 1 and 2 each (6); French 1001 -> 2 and 3 (2): 8.
    assert outcome.alerts == 8
    assert outcome.notices == []


async def test_recording_thousands_of_rounds_never_blocks_the_loop(
    sessions: Sessions, settings: Settings, feed: FakeFeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    await people(sessions)
    await import_file(sessions, now=NOW)
    # 1,500 rounds, one a day back from yesterday (all but the newest 7 too old to alert).
    many = [new_round(str(5000 - i), day=(NOW - timedelta(days=1 + i)).date()) for i in range(1500)]
    feed.set_rounds([*many, *load_snapshot_rounds()])
    gaps: list[float] = []
    done = asyncio.Event()
    fetched = asyncio.Event()
    real_fetch = sync_module.fetch_feed

    async def fetch_then_measure(*args: Any, **kwargs: Any) -> Any:
        # The local feed server shares this event loop: its sending is not the bot's work.
        result = await real_fetch(*args, **kwargs)
        fetched.set()
        return result

    monkeypatch.setattr(sync_module, "fetch_feed", fetch_then_measure)

    # The interpreter's garbage collector may pause the loop thread whenever objects pile up
    # (more often under coverage on a loaded machine): its pauses are not the bot's work, so
    # they are timed and left out of the gaps.
    loop_thread = threading.get_ident()
    collected = [0.0]  # loop-thread CPU time spent collecting
    started: list[float] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if threading.get_ident() != loop_thread:
            return
        if phase == "start":
            started[:] = [time.thread_time()]
        elif started:
            collected[0] += time.thread_time() - started.pop()

    async def ticker() -> None:
        # Gaps in the loop thread's own CPU time: work that holds the loop shows; a process
        # the OS leaves waiting on a busy machine (no CPU used) does not.
        await fetched.wait()
        last, last_gc = time.thread_time(), collected[0]
        while not done.is_set():
            await asyncio.sleep(0.005)
            now, now_gc = time.thread_time(), collected[0]
            gaps.append((now - last) - (now_gc - last_gc))
            last, last_gc = now, now_gc

    gc.callbacks.append(on_gc)
    tick = asyncio.create_task(ticker())
    try:
        outcome = await sync_once(sessions, settings, now=NOW)
    finally:
        done.set()
        fetched.set()
        await tick
        gc.callbacks.remove(on_gc)
    assert len(outcome.new_rounds) == 1500
    assert len(gaps) > 50  # it was measured while recording (about 2 s)
    assert max(gaps) < 0.1, sorted(gaps)[-5:]

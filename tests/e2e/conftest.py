"""End-to-end fixtures: the local Bot API server and the real bot process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.harness import BotProcess
from tests.e2e.inprocess import InProcessBot
from tests.fakes.botapi import FakeBotAPI
from tests.fakes.feed import FakeFeedServer, load_snapshot_rounds


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    server = FakeBotAPI()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def bot(api: FakeBotAPI, db_url: str, tmp_path: Path) -> AsyncIterator[InProcessBot]:
    """The real application polling `api` in this event loop, on a clean database."""
    app = InProcessBot(api=api, db_url=db_url, workdir=tmp_path)
    await app.start()
    try:
        yield app
    finally:
        await app.stop()


@pytest.fixture
async def bot_process(api: FakeBotAPI, db_url: str, tmp_path: Path) -> AsyncIterator[BotProcess]:
    """`python -m bot run` as a process against `api`; stopped (SIGTERM) afterwards. Only for
    what a process shows: start-up, signals, restarts."""
    process = BotProcess(api=api, db_url=db_url, workdir=tmp_path)
    await process.start()
    try:
        yield process
    finally:
        await process.stop()


@pytest.fixture
async def feed() -> AsyncIterator[FakeFeedServer]:
    """The local IRCC feed server, serving the shipped snapshot."""
    async with FakeFeedServer() as server:
        server.set_rounds(load_snapshot_rounds())
        yield server


@pytest.fixture
async def alert_app(
    api: FakeBotAPI, feed: FakeFeedServer, db_url: str, tmp_path: Path
) -> AsyncIterator[InProcessBot]:
    """The application polling `api` in this event loop, with the local feed server."""
    app = InProcessBot(api=api, db_url=db_url, workdir=tmp_path, feed_url=feed.url)
    await app.start()
    try:
        yield app
    finally:
        await app.stop()

"""End-to-end fixtures: the local Bot API server and the real bot process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.harness import BotProcess
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
async def bot(api: FakeBotAPI, db_url: str, tmp_path: Path) -> AsyncIterator[BotProcess]:
    """The bot running against `api` on a clean database; stopped (SIGTERM) afterwards."""
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

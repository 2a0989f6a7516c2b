"""Fixtures for the fakes' own tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from tests.fakes.botapi import FakeBotAPI
from tests.fakes.feed import FakeFeedServer


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 warns (PTBDeprecationWarning) whenever RetryAfter is built or a time-period
    # attribute is read unless PTB_TIMEDELTA is set; with filterwarnings=error that warning
    # would replace the RetryAfter exception.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    request = HTTPXRequest(connection_pool_size=8, read_timeout=2.0)
    async with Bot(
        api.token,
        base_url=f"{api.url}/bot",
        base_file_url=f"{api.url}/file/bot",
        request=request,
        get_updates_request=HTTPXRequest(read_timeout=5.0),
    ) as b:
        yield b


@pytest.fixture
async def feed() -> AsyncIterator[FakeFeedServer]:
    async with FakeFeedServer() as server:
        yield server

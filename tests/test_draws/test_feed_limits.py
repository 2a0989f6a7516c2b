"""The feed client's limits against a hostile or broken server (tests/fakes/feed.py): an
overall deadline, a size cap before and after decompression, redirects only to the same host."""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from collections.abc import AsyncIterator

import pytest

from bot.draws.feed import FeedFetchError, fetch_feed
from tests.fakes.feed import FakeFeedServer, load_snapshot_bytes

GB = 1024**3
MB = 1024**2


@pytest.fixture
async def feed() -> AsyncIterator[FakeFeedServer]:
    async with FakeFeedServer(load_snapshot_bytes()) as server:
        yield server


async def test_the_snapshot_still_arrives_whole(feed: FakeFeedServer) -> None:
    result = await fetch_feed(feed.url)
    assert result.body == load_snapshot_bytes()


async def test_a_trickling_server_is_cut_off_at_the_deadline(feed: FakeFeedServer) -> None:
    # One byte every 5 s: every read is quick, so only an overall deadline ends it (the
    # ~800 KB body would take 46 days).
    feed.trickle_next(5.0)
    started = time.monotonic()
    with pytest.raises(FeedFetchError, match="timeout"):
        await asyncio.wait_for(fetch_feed(feed.url, deadline=1.0), 10)
    assert time.monotonic() - started < 5
    # The next fetch is not held up by it.
    assert (await fetch_feed(feed.url)).body == load_snapshot_bytes()


async def test_a_gzip_bomb_is_refused_with_little_memory(feed: FakeFeedServer) -> None:
    feed.gzip_bomb_next(1 * GB)  # ~1 MB on the wire, 1 GB inflated
    tracemalloc.start()
    try:
        with pytest.raises(FeedFetchError, match="decompressed"):
            await asyncio.wait_for(fetch_feed(feed.url), 30)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * MB  # the cap is 16 MB of body


async def test_a_declared_length_over_the_cap_is_refused_before_reading(
    feed: FakeFeedServer,
) -> None:
    with pytest.raises(FeedFetchError, match="Content-Length"):
        await fetch_feed(feed.url, max_wire=100_000)  # the snapshot is 796,866 bytes


async def test_redirects_only_to_the_same_host(feed: FakeFeedServer) -> None:
    # Same host: followed.
    feed.redirect_next(feed.url)
    assert (await fetch_feed(feed.url)).body == load_snapshot_bytes()
    # Another host (localhost is not 127.0.0.1), another scheme's host: refused, not fetched.
    for elsewhere in (
        f"http://localhost:{feed.port}{feed.path}",
        "https://evil.example.org/feed.json",
        f"ftp://127.0.0.1:{feed.port}{feed.path}",
    ):
        before = feed.count
        feed.redirect_next(elsewhere)
        with pytest.raises(FeedFetchError, match="redirect"):
            await fetch_feed(feed.url)
        assert feed.count == before + 1  # the redirect itself, nothing after it
    # A redirect loop ends.
    feed.redirect_next(feed.url, times=10)
    with pytest.raises(FeedFetchError, match="redirects"):
        await fetch_feed(feed.url)

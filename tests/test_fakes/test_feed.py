"""FakeFeedServer: ETag / Last-Modified / 304 and the failure modes, driven by httpx."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.fakes.feed import (
    FEED_PATH,
    FakeFeedServer,
    load_snapshot_bytes,
    load_snapshot_rounds,
    serialise_rounds,
)


def test_snapshot_helpers() -> None:
    rounds = load_snapshot_rounds()
    assert len(rounds) == 438
    assert rounds[0]["drawNumber"] == "437"  # newest first
    assert b"\r\n" in load_snapshot_bytes()
    body = serialise_rounds(rounds[:2])
    assert body.startswith(b'{\r\n    "classes": "wb-tables",\r\n    "rounds": [')
    assert json.loads(body) == {"classes": "wb-tables", "rounds": rounds[:2]}


async def test_serves_rounds_with_etag_and_304(feed: FakeFeedServer) -> None:
    assert feed.url.endswith(FEED_PATH) and feed.url.startswith("http://127.0.0.1:")
    rounds = load_snapshot_rounds()[:3]
    feed.set_rounds(rounds)
    async with httpx.AsyncClient() as client:
        first = await client.get(feed.url)
        assert first.status_code == 200
        assert first.json()["rounds"] == rounds
        etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]

        cached = await client.get(feed.url, headers={"If-None-Match": etag})
        assert cached.status_code == 304 and cached.content == b""
        cached = await client.get(feed.url, headers={"If-Modified-Since": last_modified})
        assert cached.status_code == 304

        feed.set_rounds(load_snapshot_rounds()[:4], last_modified=feed.last_modified + 60)
        changed = await client.get(
            feed.url, headers={"If-None-Match": etag, "If-Modified-Since": last_modified}
        )
        assert changed.status_code == 200 and len(changed.json()["rounds"]) == 4
        assert changed.headers["ETag"] != etag

        missing = await client.get(f"{feed.root}/other.json")
        assert missing.status_code == 404
    assert feed.count == 5
    assert feed.requests[1].headers["If-None-Match"] == etag
    assert [r.status for r in feed.requests] == [200, 304, 304, 200, 404]


async def test_serves_snapshot_bytes_verbatim(feed: FakeFeedServer) -> None:
    feed.set_body(load_snapshot_bytes())
    async with httpx.AsyncClient() as client:
        response = await client.get(feed.url)
    assert response.content == load_snapshot_bytes()
    assert response.headers["Content-Type"].startswith("application/json")


async def test_fail_next(feed: FakeFeedServer) -> None:
    feed.fail_next(status=503, times=2)
    async with httpx.AsyncClient() as client:
        statuses = [(await client.get(feed.url)).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]


async def test_hang_next_makes_client_time_out(feed: FakeFeedServer) -> None:
    feed.hang_next(2.0)
    async with httpx.AsyncClient(timeout=0.2) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.get(feed.url)
        assert (await client.get(feed.url)).status_code == 200


async def test_truncate_next(feed: FakeFeedServer) -> None:
    feed.set_rounds(load_snapshot_rounds()[:5])
    feed.truncate_next()
    async with httpx.AsyncClient() as client:
        cut = await client.get(feed.url)
        whole = await client.get(feed.url)
    assert cut.status_code == 200 and whole.content.startswith(cut.content)
    assert len(cut.content) < len(whole.content)
    with pytest.raises(json.JSONDecodeError):
        json.loads(cut.content)
    assert len(json.loads(whole.content)["rounds"]) == 5

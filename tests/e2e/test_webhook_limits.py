"""The webhook server against slow and abusive clients: half-open connections are closed at
the header timeout while Telegram's deliveries are still answered; a slow body is cut off;
connections over the limit are closed at once; X-Real-Ip / X-Forwarded-For are believed only
from a configured proxy."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

from bot.telegram.hookserver import client_ip, parse_proxies
from tests.e2e.webhook_harness import HOOK_PATH, InProcessWebhook
from tests.fakes.botapi import FakeBotAPI

#: Long enough that the reply to a delivery comes before it even on a loaded machine (the
#: production default is 10 s); the closing is what is timed against it.
HEADER_TIMEOUT = 5.0
#: How long past the header timeout a loaded machine may take to close a connection.
SLACK = 5.0


async def hook_with(api: FakeBotAPI, db_url: str, tmp_path: Path, **knobs: str) -> InProcessWebhook:
    server = InProcessWebhook(api=api, db_url=db_url, workdir=tmp_path, extra_env=knobs)
    await server.start()
    return server


@pytest.fixture
async def hook(api: FakeBotAPI, db_url: str, tmp_path: Path) -> AsyncIterator[InProcessWebhook]:
    server = await hook_with(api, db_url, tmp_path, BOT_WEBHOOK_HEADER_TIMEOUT=str(HEADER_TIMEOUT))
    try:
        yield server
    finally:
        await server.stop()


async def closed_by_server(reader: asyncio.StreamReader, within: float) -> bool:
    try:
        return await asyncio.wait_for(reader.read(1024), within) == b""
    except (TimeoutError, ConnectionError):
        return False


async def test_300_half_open_connections_closed_while_deliveries_are_answered(
    api: FakeBotAPI, hook: InProcessWebhook
) -> None:
    pairs = [await asyncio.open_connection("127.0.0.1", hook.port) for _ in range(300)]
    for _, writer in pairs:  # a request head that never ends
        writer.write(f"POST {HOOK_PATH} HTTP/1.1\r\nHost: bot\r\n".encode())
    # Meanwhile Telegram delivers an update and the user gets the answer.
    reply = await api.send_and_wait(6101, "/help")
    assert reply and "/start" in (reply[-1].text or "")
    # ...while the 300 were still open (none closed yet: the answer didn't wait for them).
    assert not any(reader.at_eof() for reader, _ in pairs)
    closed = await asyncio.gather(*(closed_by_server(r, HEADER_TIMEOUT + SLACK) for r, _ in pairs))
    assert all(closed), f"{closed.count(False)} of 300 still open"
    for _, writer in pairs:
        writer.close()
    # And the server still answers after it.
    assert await api.send_and_wait(6101, "/help")


async def test_a_body_that_never_arrives_is_cut_off(hook: InProcessWebhook) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", hook.port)
    writer.write(
        f"POST {HOOK_PATH} HTTP/1.1\r\nHost: bot\r\nContent-Length: 1000\r\n\r\n{{".encode()
    )
    assert await closed_by_server(reader, HEADER_TIMEOUT + SLACK)
    writer.close()


async def test_connections_over_the_limit_are_closed_at_once(
    api: FakeBotAPI, db_url: str, tmp_path: Path
) -> None:
    server = await hook_with(api, db_url, tmp_path, BOT_WEBHOOK_MAX_OPEN="20")
    try:
        pairs = [await asyncio.open_connection("127.0.0.1", server.port) for _ in range(25)]
        closed = await asyncio.gather(*(closed_by_server(r, 0.5) for r, _ in pairs))
        # The first 20 are held (the default header timeout is 10 s), the last 5 closed.
        assert closed == [False] * 20 + [True] * 5
        for _, writer in pairs:
            writer.close()
    finally:
        await server.stop()
    assert "closed 1 new ones so far" in server.log()


async def test_forwarded_headers_from_a_stranger_are_ignored(hook: InProcessWebhook) -> None:
    spoof = {"X-Real-Ip": "203.0.113.9", "X-Forwarded-For": "198.51.100.7"}
    async with httpx.AsyncClient(timeout=10) as client:
        answer = await client.post(hook.local_url, json={}, headers=spoof)
    assert answer.status_code == 403
    assert "refused a request from 127.0.0.1: no secret token" in hook.log()
    assert "203.0.113.9" not in hook.log() and "198.51.100.7" not in hook.log()


def request_from(peer: str, headers: dict[str, str]) -> HTTPServerRequest:
    start = RequestStartLine("POST", HOOK_PATH, "HTTP/1.1")
    request = HTTPServerRequest(start_line=start, headers=HTTPHeaders({"Host": "bot", **headers}))
    request.remote_ip = peer
    return request


def test_forwarded_headers_from_a_trusted_proxy_name_the_client() -> None:
    proxies = parse_proxies(["10.0.0.2", " 10.0.0.3 "])
    real = {"X-Real-Ip": "203.0.113.9"}
    chain = {"X-Forwarded-For": "192.0.2.1, 203.0.113.9, 10.0.0.3"}
    assert client_ip(request_from("10.0.0.2", real), proxies) == "203.0.113.9"
    # The last hop that is not one of our proxies (what 192.0.2.1 claims is not checked).
    assert client_ip(request_from("10.0.0.2", chain), proxies) == "203.0.113.9"
    assert client_ip(request_from("192.0.2.50", real), proxies) == "192.0.2.50"
    with pytest.raises(ValueError):
        parse_proxies(["proxy.example.org"])

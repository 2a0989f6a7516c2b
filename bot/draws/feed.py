"""The IRCC feed client: one conditional GET through httpx (the only network call here).

Limits, because the feed is a URL on someone else's server:
- an overall deadline per fetch (`DEADLINE`), redirects included: a server that trickles a
  byte every few seconds is cut off there, and the next poll runs on time;
- a size cap on the bytes received (`MAX_WIRE_BYTES`, checked against Content-Length first)
  and on the body after decompression (`MAX_BODY_BYTES`), inflating gzip/deflate here in
  bounded steps, so a small gzip body that inflates to a gigabyte is refused with at most
  `MAX_BODY_BYTES` in memory (IRCC's feed is about 800 KB, uncompressed);
- redirects only to the same host over HTTPS (at most `MAX_REDIRECTS`); plain http only when
  the feed itself is on 127.0.0.1 (the tests' local server), and then only to that host.
"""

from __future__ import annotations

import asyncio
import ssl
import zlib
from dataclasses import dataclass
from functools import cache
from urllib.parse import urljoin, urlsplit

import certifi
import httpx

USER_AGENT = "ee-assistant-bot/0.1 (Express Entry draw alerts; +https://github.com/)"
#: Connect quickly or give up; no single read may stall longer than `read`.
TIMEOUT = httpx.Timeout(connect=10.0, read=20.0, write=10.0, pool=10.0)
#: The whole fetch (connect, redirects, every byte of the body), seconds.
DEADLINE = 60.0
#: Bytes on the wire, and bytes of the body once decompressed (the feed is ~0.8 MB).
MAX_WIRE_BYTES = 8 * 1024 * 1024
MAX_BODY_BYTES = 16 * 1024 * 1024
MAX_REDIRECTS = 3
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@cache
def _tls() -> ssl.SSLContext:
    """Built once: loading the CA bundle takes ~30 ms of the event loop's time per client."""
    return ssl.create_default_context(cafile=certifi.where())


class FeedFetchError(RuntimeError):
    """The feed could not be fetched (network error, timeout, HTTP error status, a limit)."""


@dataclass(frozen=True, slots=True)
class FetchResult:
    """`body` is None when the server answered 304 Not Modified."""

    body: bytes | None
    etag: str | None
    last_modified: str | None
    status: int

    @property
    def not_modified(self) -> bool:
        return self.body is None


def redirect_allowed(origin: str, target: str) -> bool:
    """Same host (and port), over HTTPS; http only for a feed on 127.0.0.1."""
    a, b = urlsplit(origin), urlsplit(target)
    if a.hostname != b.hostname or a.port != b.port:
        return False
    return b.scheme == "https" or (b.scheme == "http" and (a.hostname or "") in LOCAL_HOSTS)


class _Inflater:
    """Decompress gzip/deflate in steps that never hold more than `limit` bytes of output."""

    def __init__(self, encoding: str, limit: int) -> None:
        if encoding in ("", "identity"):
            self._zlib = None
        elif encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj()
        else:
            raise FeedFetchError(f"unsupported Content-Encoding: {encoding[:40]}")
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def _add(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.size > self.limit:
            raise FeedFetchError(f"body larger than {self.limit} bytes once decompressed")
        self.parts.append(piece)

    def feed(self, chunk: bytes) -> None:
        if self._zlib is None:
            self._add(chunk)
            return
        data = chunk
        while data:
            try:
                piece = self._zlib.decompress(data, self.limit - self.size + 1)
            except zlib.error as exc:
                raise FeedFetchError(f"corrupt compressed body: {exc}") from exc
            self._add(piece)
            data = self._zlib.unconsumed_tail

    def body(self) -> bytes:
        if self._zlib is not None:
            self._add(self._zlib.flush())
        return b"".join(self.parts)


async def _read_body(response: httpx.Response, max_wire: int, max_body: int) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_wire:
        raise FeedFetchError(f"Content-Length {declared} over the {max_wire}-byte cap")
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    inflater = _Inflater(encoding, max_body)
    received = 0
    async for chunk in response.aiter_raw():
        received += len(chunk)
        if received > max_wire:
            raise FeedFetchError(f"more than {max_wire} bytes received")
        inflater.feed(chunk)
    return inflater.body()


async def _fetch(
    client: httpx.AsyncClient,
    url: str,
    headers: dict[str, str],
    etag: str | None,
    last_modified: str | None,
    max_wire: int,
    max_body: int,
) -> FetchResult:
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        async with client.stream("GET", current, headers=headers) as response:
            if response.has_redirect_location:
                target = urljoin(current, response.headers.get("Location", ""))
                if not redirect_allowed(url, target):
                    raise FeedFetchError(
                        f"redirect to another host or scheme refused: "
                        f"{urlsplit(target).scheme}://{urlsplit(target).netloc}"
                    )
                current = target
                continue
            new_etag = response.headers.get("ETag") or etag
            new_modified = response.headers.get("Last-Modified") or last_modified
            if response.status_code == 304:
                return FetchResult(None, new_etag, new_modified, 304)
            if response.status_code != 200:
                raise FeedFetchError(f"HTTP {response.status_code}")
            body = await _read_body(response, max_wire, max_body)
            return FetchResult(body, new_etag, new_modified, 200)
    raise FeedFetchError(f"more than {MAX_REDIRECTS} redirects")


async def fetch_feed(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    http_timeout: httpx.Timeout = TIMEOUT,
    transport: httpx.AsyncBaseTransport | None = None,
    deadline: float = DEADLINE,
    max_wire: int = MAX_WIRE_BYTES,
    max_body: int = MAX_BODY_BYTES,
) -> FetchResult:
    """GET the feed, conditional on the previous ETag / Last-Modified when given, within the
    limits of the module docstring.

    The body is returned as bytes: decoding (UTF-8, cp1252 fallback) is the parser's job,
    because IRCC declares no charset.
    """
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "application/json",
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with asyncio.timeout(deadline):
            async with httpx.AsyncClient(
                timeout=http_timeout,
                transport=transport,
                follow_redirects=False,
                http2=False,
                verify=_tls(),
            ) as client:
                return await _fetch(client, url, headers, etag, last_modified, max_wire, max_body)
    except TimeoutError as exc:
        raise FeedFetchError(f"timeout: no complete answer within {deadline:g} s") from exc
    except httpx.TimeoutException as exc:
        raise FeedFetchError(f"timeout: {type(exc).__name__}") from exc
    except httpx.HTTPError as exc:
        raise FeedFetchError(f"network error: {type(exc).__name__}: {exc}") from exc

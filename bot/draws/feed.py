"""The IRCC feed client: one conditional GET through httpx (the only network call here)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

USER_AGENT = "ee-assistant-bot/0.1 (Express Entry draw alerts; +https://github.com/)"
#: Connect quickly or give up; the whole ~800 KB body must arrive within the read timeout.
TIMEOUT = httpx.Timeout(connect=10.0, read=20.0, write=10.0, pool=10.0)


class FeedFetchError(RuntimeError):
    """The feed could not be fetched (network error, timeout, HTTP error status)."""


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


async def fetch_feed(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    http_timeout: httpx.Timeout = TIMEOUT,
    transport: httpx.AsyncBaseTransport | None = None,
) -> FetchResult:
    """GET the feed, conditional on the previous ETag / Last-Modified when given.

    The body is returned as bytes: decoding (UTF-8, cp1252 fallback) is the parser's job,
    because IRCC declares no charset.
    """
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with httpx.AsyncClient(
            timeout=http_timeout, transport=transport, follow_redirects=True, http2=False
        ) as client:
            response = await client.get(url, headers=headers)
    except httpx.TimeoutException as exc:
        raise FeedFetchError(f"timeout: {type(exc).__name__}") from exc
    except httpx.HTTPError as exc:
        raise FeedFetchError(f"network error: {type(exc).__name__}: {exc}") from exc
    new_etag = response.headers.get("ETag") or etag
    new_modified = response.headers.get("Last-Modified") or last_modified
    if response.status_code == 304:
        return FetchResult(None, new_etag, new_modified, 304)
    if response.status_code != 200:
        raise FeedFetchError(f"HTTP {response.status_code}")
    return FetchResult(response.content, new_etag, new_modified, 200)

"""The Bot API's HTTP client: python-telegram-bot's `BaseRequest` over an aiohttp session.

PTB's default client is httpx. Under load the bot spent about 40% of its CPU inside
httpx/httpcore/anyio (profiled with py-spy during bench/load.py): on this machine a small
Bot API call costs ~1.5 ms of CPU through httpx with 16 calls in flight and ~0.23 ms through
aiohttp (docs/benchmarks.md). PTB documents `BaseRequest` as the way to bring another
client; this one keeps PTB's semantics:

- non-file calls send their parameters as one JSON document (the Bot API accepts
  application/json for every method without a file: json.dumps is C, while form-encoding
  percent-encodes every byte of the text and keyboard in Python); file uploads are multipart
  (same parts as PTB's);
- PTB turns the status code into its exceptions (`BaseRequest._request_wrapper`), so 429,
  400, 403 and 5xx behave exactly as with httpx;
- timeouts raise `TimedOut`, every other client error `NetworkError`; `never_sent(exc)`
  tells the retry logic whether a timeout happened before the request was written (waiting
  for a pooled connection or connecting), which is safe to resend.

aiohttp has no separate write timeout: a request body that cannot be written in time shows
up as a read timeout, which the retry logic treats as "maybe delivered" (never resent).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import aiohttp
from aiohttp.payload import BytesPayload
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

JSON = "application/json"


def never_sent(exc: BaseException) -> bool:
    """True when a `TimedOut` was raised before the request reached the server."""
    return isinstance(exc.__cause__, aiohttp.ConnectionTimeoutError)


def _scrub(text: str, url: str) -> str:
    """Error texts may quote the URL, which carries the bot token."""
    return text.replace(url, "<Bot API URL>")


class AiohttpRequest(BaseRequest):
    """One aiohttp session with a bounded pool of keep-alive connections."""

    def __init__(
        self,
        *,
        connection_pool_size: int = 32,
        connect_timeout: float = 10.0,
        read_timeout: float = 20.0,
        pool_timeout: float = 1.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    def _timeout(
        self, read: ODVInput[float], connect: ODVInput[float], pool: ODVInput[float]
    ) -> Any:
        read_s = self._read_timeout if isinstance(read, DefaultValue) else read
        connect_s = self._connect_timeout if isinstance(connect, DefaultValue) else connect
        pool_s = self._pool_timeout if isinstance(pool, DefaultValue) else pool
        return _client_timeout(read_s, connect_s, pool_s)

    @staticmethod
    def _body(request_data: RequestData | None) -> Any:
        if request_data is None:
            return None
        files = request_data.multipart_data
        if not files:
            fields = request_data.parameters
            # One JSON document (the Bot API takes application/json for every call without a
            # file): C-speed json.dumps instead of percent-encoding each byte of the text and
            # the keyboard in Python, which was ~5% of the bot's CPU per update. Handed to
            # aiohttp as a ready payload: its registry no longer searches for the body's type.
            return BytesPayload(json.dumps(fields).encode(), content_type=JSON) if fields else None
        form = aiohttp.FormData(quote_fields=False)
        for name, value in request_data.json_parameters.items():
            form.add_field(name, value)
        for name, part in files.items():
            filename, content, *rest = part
            form.add_field(
                name,
                content,
                filename=filename,
                content_type=rest[0] if rest else "application/octet-stream",
            )
        return form

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        timeout = self._timeout(read_timeout, connect_timeout, pool_timeout)
        try:
            body = self._body(request_data)
            async with self._session.request(method, url, data=body, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as err:
            raise TimedOut(_scrub(f"aiohttp.{type(err).__name__}: {err}", url)) from err
        except aiohttp.ClientError as err:
            raise NetworkError(_scrub(f"aiohttp.{type(err).__name__}: {err}", url)) from err


@lru_cache(maxsize=64)
def _client_timeout(
    read_s: float | None, connect_s: float | None, pool_s: float | None
) -> aiohttp.ClientTimeout:
    """One (immutable) timeout object per combination: calls reuse it."""
    # aiohttp's `connect` covers waiting for a pooled connection plus connecting.
    waiting = None if connect_s is None or pool_s is None else connect_s + pool_s
    return aiohttp.ClientTimeout(
        total=None, connect=waiting, sock_connect=connect_s, sock_read=read_s
    )

"""A local fake of IRCC's Express Entry rounds feed.

    async with FakeFeedServer() as feed:
        feed.set_rounds(load_snapshot_rounds())
        # feed.url == "http://127.0.0.1:PORT/content/dam/ircc/documents/json/ee_rounds_123_en.json"

Answers carry a strong ETag (a hash of the body) and Last-Modified (the time the body was
last set); a request with a matching If-None-Match, or If-Modified-Since not older than
Last-Modified, gets 304. Failure modes: fail_next (HTTP error status), hang_next (sleep before
answering, for client timeouts), truncate_next (a cut prefix of the body with status 200).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import time
import zlib
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any, Self

from aiohttp import web

__all__ = [
    "FEED_PATH",
    "SNAPSHOT_PATH",
    "FakeFeedServer",
    "FeedRequest",
    "load_snapshot_bytes",
    "load_snapshot_rounds",
    "serialise_rounds",
]

FEED_PATH = "/content/dam/ircc/documents/json/ee_rounds_123_en.json"
# The byte-exact copy of IRCC's feed snapshot that the project ships (bot/data/).
SNAPSHOT_PATH = Path(__file__).resolve().parents[2] / "bot" / "data" / "ee_rounds_123_en.json"


def load_snapshot_rounds(path: Path = SNAPSHOT_PATH) -> list[dict[str, Any]]:
    """The rounds of the stored IRCC snapshot (newest first)."""
    data = json.loads(path.read_bytes().decode("utf-8-sig"))
    rounds = data["rounds"]
    assert isinstance(rounds, list)
    return rounds


def load_snapshot_bytes(path: Path = SNAPSHOT_PATH) -> bytes:
    """The snapshot exactly as stored (CRLF line ends)."""
    return path.read_bytes()


def serialise_rounds(rounds: list[dict[str, Any]]) -> bytes:
    """Rounds serialised the way IRCC does: {"classes": "wb-tables", "rounds": [...]}, CRLF."""
    items = []
    for r in rounds:
        pretty = json.dumps(r, ensure_ascii=False, indent=4)
        items.append("\n".join("        " + line for line in pretty.splitlines()))
    body = ",\n".join(items)
    text = '{\n    "classes": "wb-tables",\n    "rounds": [\n' + body + "\n    ]\n}\n"
    return text.replace("\n", "\r\n").encode("utf-8")


@dataclass(frozen=True)
class FeedRequest:
    method: str
    path: str
    headers: dict[str, str]
    status: int
    at: float


class FakeFeedServer:
    """aiohttp server on 127.0.0.1 (random port) serving the IRCC rounds JSON."""

    def __init__(self, body: bytes | None = None, *, path: str = FEED_PATH) -> None:
        self.path = path
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._closing = asyncio.Event()
        self.requests: list[FeedRequest] = []
        self._fail: list[int] = []
        self._hang: list[float] = []
        self._truncate = 0
        self._trickle: list[float] = []
        self._bomb: list[int] = []
        self._redirect: list[str] = []
        self.content_type = "application/json"
        self._body = b""
        self.etag = ""
        self.last_modified = 0.0
        #: Other paths served as they are (200, no conditional GET): the French feed.
        self.others: dict[str, bytes] = {}
        self.set_body(body if body is not None else serialise_rounds([]))

    # ------------------------------------------------------------------ lifecycle

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeFeedServer is not started")
        return self._port

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """Full feed URL."""
        return f"{self.root}{self.path}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None)
        assert sockets
        self._port = int(sockets[0].getsockname()[1])

    async def stop(self) -> None:
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ content

    @property
    def body(self) -> bytes:
        return self._body

    def set_body(self, body: bytes, *, last_modified: float | None = None) -> None:
        """Serve `body`; ETag changes with the content, Last-Modified is now (or given)."""
        if body != self._body or not self.etag:
            self.last_modified = int(time.time() if last_modified is None else last_modified)
        elif last_modified is not None:
            self.last_modified = int(last_modified)
        self._body = body
        self.etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'

    def set_rounds(self, rounds: list[dict[str, Any]], **kw: Any) -> None:
        self.set_body(serialise_rounds(rounds), **kw)

    @property
    def french_url(self) -> str:
        """Where IRCC's French twin sits beside the feed (`_fr.json` for `_en.json`)."""
        return self.url.removesuffix("_en.json") + "_fr.json"

    def set_french_rounds(self, rounds: list[dict[str, Any]], *, encoding: str = "utf-8") -> None:
        """Serve `rounds` as the French feed, encoded as given (IRCC's was cp1252 for a while)."""
        path = self.path.removesuffix("_en.json") + "_fr.json"
        self.others[path] = serialise_rounds(rounds).decode("utf-8").encode(encoding)

    # ------------------------------------------------------------------ failures

    def fail_next(self, status: int = 500, times: int = 1) -> None:
        self._fail.extend([status] * times)

    def hang_next(self, seconds: float, times: int = 1) -> None:
        """Sleep `seconds` before answering the next request(s)."""
        self._hang.extend([seconds] * times)

    def truncate_next(self, times: int = 1) -> None:
        """Answer the next request(s) with a cut-off prefix of the body (status 200)."""
        self._truncate += times

    def trickle_next(self, every: float, times: int = 1) -> None:
        """Send the next answer(s) one byte every `every` seconds (each read is quick, the
        whole body never arrives in reasonable time)."""
        self._trickle.extend([every] * times)

    def gzip_bomb_next(self, inflated_bytes: int, times: int = 1) -> None:
        """Answer with `Content-Encoding: gzip`, a body that inflates to `inflated_bytes`
        zero bytes (1 GB compresses to about 1 MB)."""
        self._bomb.extend([inflated_bytes] * times)

    def redirect_next(self, location: str, times: int = 1) -> None:
        """Answer the next request(s) with 302 Found to `location`."""
        self._redirect.extend([location] * times)

    @property
    def count(self) -> int:
        return len(self.requests)

    # ------------------------------------------------------------------ handler

    def _not_modified(self, request: web.Request) -> bool:
        inm = request.headers.get("If-None-Match")
        if inm is not None:
            tags = {t.strip() for t in inm.split(",")}
            weak = {t.removeprefix("W/") for t in tags}
            return "*" in tags or self.etag in tags or self.etag in weak
        ims = request.headers.get("If-Modified-Since")
        if ims:
            try:
                since = parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
            return self.last_modified <= since
        return False

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if self._redirect and request.path == self.path:
            location = self._redirect.pop(0)
            self._log(request, 302)
            return web.Response(status=302, headers={"Location": location})
        if self._bomb and request.path == self.path:
            self._log(request, 200)
            return await self._send_bomb(request, self._bomb.pop(0))
        if request.path in self.others and request.method == "GET":
            self._log(request, 200)
            return web.Response(body=self.others[request.path], content_type=self.content_type)
        status = await self._answer_status(request)
        self.requests.append(
            FeedRequest(
                method=request.method,
                path=request.path,
                headers=dict(request.headers),
                status=status,
                at=time.time(),
            )
        )
        headers = {
            "ETag": self.etag,
            "Last-Modified": formatdate(self.last_modified, usegmt=True),
            "Cache-Control": "max-age=0",
        }
        if status == 304:
            return web.Response(status=304, headers=headers)
        if status != 200:
            return web.Response(status=status, text=f"error {status}", content_type="text/html")
        body = self._body
        if self._truncate:
            self._truncate -= 1
            body = body[: max(1, len(body) // 2)]
        if request.method == "HEAD":
            body = b""
        if self._trickle:
            return await self._send_trickle(request, body, headers, self._trickle.pop(0))
        return web.Response(body=body, headers=headers, content_type=self.content_type)

    def _log(self, request: web.Request, status: int) -> None:
        self.requests.append(
            FeedRequest(request.method, request.path, dict(request.headers), status, time.time())
        )

    async def _send_trickle(
        self, request: web.Request, body: bytes, headers: dict[str, str], every: float
    ) -> web.StreamResponse:
        response = web.StreamResponse(headers={**headers, "Content-Type": self.content_type})
        response.content_length = len(body)
        await response.prepare(request)
        for i in range(len(body)):
            await response.write(body[i : i + 1])
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), every)
            if self._closing.is_set():
                break
        return response

    async def _send_bomb(self, request: web.Request, inflated: int) -> web.StreamResponse:
        """Compressed on the fly, 1 MB of zeros at a time: the server never holds it whole."""
        response = web.StreamResponse(
            headers={"Content-Type": self.content_type, "Content-Encoding": "gzip"}
        )
        await response.prepare(request)
        packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        block = bytes(1024 * 1024)
        sent = 0
        try:
            while sent < inflated:
                if request.transport is None or request.transport.is_closing():
                    break  # the client gave up: that is the point
                piece = block[: min(len(block), inflated - sent)]
                await response.write(packer.compress(piece))
                sent += len(piece)
                await asyncio.sleep(0)  # let the client (maybe in this loop) read and refuse
            await response.write(packer.flush())
        except (ConnectionResetError, RuntimeError):  # the client gave up: that is the point
            pass
        return response

    async def _answer_status(self, request: web.Request) -> int:
        if self._hang:
            seconds = self._hang.pop(0)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), seconds)
        if request.path != self.path:
            return 404
        if request.method not in ("GET", "HEAD"):
            return 405
        if self._fail:
            return self._fail.pop(0)
        if self._not_modified(request):
            return 304
        return 200

"""The webhook's HTTP server limits (tornado), against slow or abusive clients.

- Header and idle timeout (`header_timeout`): a connection that has not sent a complete
  request head within it is closed; tornado uses the same value between keep-alive requests.
- Body timeout and size: the body must arrive within the same timeout and be at most
  `MAX_BODY_BYTES` (an update is a few kB); header block at most `MAX_HEADER_BYTES`.
- Connection limit (`max_open`): a connection beyond it is closed at once, before anything is
  read, so a flood of idle connections cannot use up the process's file descriptors.
- Forwarded headers: `X-Real-Ip` / `X-Forwarded-For` name the client only when the peer is
  one of the configured proxies (`WEBHOOK_TRUSTED_PROXIES`); from anyone else they are
  ignored (tornado's `xheaders` would trust them from everyone).
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable
from typing import Any

import tornado.httpserver
import tornado.httputil
import tornado.iostream

log = logging.getLogger(__name__)

#: An update is a few kB; anything near this is not from Telegram.
MAX_BODY_BYTES = 1024 * 1024
MAX_HEADER_BYTES = 16 * 1024


class BoundedHTTPServer(tornado.httpserver.HTTPServer):
    """`HTTPServer` that closes connections beyond `max_open` at once."""

    max_open: int = 512
    refused: int = 0

    def handle_stream(self, stream: tornado.iostream.IOStream, address: tuple[Any, ...]) -> None:
        open_now = len(getattr(self, "_connections", ()))
        if open_now >= self.max_open:
            self.refused += 1
            if self.refused == 1 or self.refused % 1000 == 0:
                log.warning(
                    "webhook: %d connections open, the limit; closed %d new ones so far",
                    open_now,
                    self.refused,
                )
            stream.close()
            return
        super().handle_stream(stream, address)


def make_server(
    app: tornado.web.Application, *, header_timeout: float, max_open: int
) -> BoundedHTTPServer:
    server = BoundedHTTPServer(
        app,
        xheaders=False,
        idle_connection_timeout=header_timeout,
        body_timeout=header_timeout,
        max_body_size=MAX_BODY_BYTES,
        max_header_size=MAX_HEADER_BYTES,
    )
    server.max_open = max_open
    return server


def parse_proxies(values: Iterable[str]) -> frozenset[str]:
    """Normalised proxy addresses; raises ValueError on one that is not an IP address."""
    return frozenset(str(ipaddress.ip_address(v.strip())) for v in values if v.strip())


def client_ip(request: tornado.httputil.HTTPServerRequest, proxies: frozenset[str]) -> str:
    """The peer's address; behind a trusted proxy, the client it names (X-Real-Ip, else the
    last X-Forwarded-For hop that is not itself a trusted proxy)."""
    peer = request.remote_ip or ""
    if peer not in proxies:
        return peer
    real = request.headers.get("X-Real-Ip", "").strip()
    if real:
        return real
    hops = [h.strip() for h in request.headers.get("X-Forwarded-For", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if hop not in proxies:
            return hop
    return peer

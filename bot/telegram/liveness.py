"""Liveness: a rejected or revoked token ends the process; repeated faults are told once.

- `WatchedRequest`: the Bot API client (bot/telegram/http.py) that notices 401/404 answers,
  the ones PTB turns into `InvalidToken` (the token is wrong, or was revoked while running).
  `TokenWatch` then runs its callback (stop polling, or stop the webhook server) once; the
  entry point exits with `EXIT_TOKEN_REJECTED` and `TOKEN_REJECTED` on stderr, so a
  supervisor restarts it or raises the alarm instead of a process that serves nothing.
- `Incident`: "report once per incident" for faults that repeat (409 Conflict while another
  process polls with the token; a database that cannot be written). An incident ends after
  `quiet` seconds without the fault; the next one is reported again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from bot.telegram.http import AiohttpRequest

#: Exit status of `python -m bot run|webhook` when Telegram rejects the token.
EXIT_TOKEN_REJECTED = 4
#: The one line the process writes to stderr before that exit (never the token itself).
TOKEN_REJECTED = (
    "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): the token is wrong or was "
    "revoked; set the token @BotFather gives and restart"
)
#: The answers PTB maps to InvalidToken.
_REJECTED = frozenset({401, 404})


class TokenWatch:
    """Trips once, on the first answer that says the token is not (or no longer) valid."""

    def __init__(self) -> None:
        self.rejected = False
        self.on_rejected: Callable[[], None] | None = None

    def trip(self) -> None:
        if self.rejected:
            return
        self.rejected = True
        if self.on_rejected is not None:
            self.on_rejected()


class WatchedRequest(AiohttpRequest):
    def __init__(self, watch: TokenWatch, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.watch = watch

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
        status, body = await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        if status in _REJECTED:
            self.watch.trip()
        return status, body


class Incident:
    """`start()` is True for the first fault of an incident, False while it goes on."""

    def __init__(self, quiet: float = 600.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.quiet = quiet
        self.clock = clock
        self._last: float | None = None

    def start(self) -> bool:
        now = self.clock()
        new = self._last is None or now - self._last > self.quiet
        self._last = now
        return new

    def end(self) -> None:
        """The fault is gone (a write succeeded): the next one is a new incident."""
        self._last = None

    @property
    def ongoing(self) -> bool:
        return self._last is not None and self.clock() - self._last <= self.quiet

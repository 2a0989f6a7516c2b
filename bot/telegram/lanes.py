"""Two lanes for Bot API calls: replies to people never wait behind bulk sends.

Telegram documents about 30 messages a second for notifications sent to many users, about one
a second inside one chat, and a 429 with ``retry_after`` past that. Answering the people who
write to the bot is not a broadcast, so:

- **Interactive** (the default: replies, edits, callback answers, admin notices) is not
  metered. A 429 pauses that chat only, for ``retry_after``, and the call is retried, so the
  user sees a short delay, never an error.
- **Bulk** (alerts and reminders, marked with ``rate_limit_args=BULK``) goes through a smooth
  limiter: one call every ``1/rate`` seconds, so never more than ``rate`` in any second. While
  many interactive calls are in flight it waits a moment before each send, so a round's
  alerts do not crowd out the people using the bot; it resumes at full rate when that eases.
  A 429 on a bulk call pauses the whole bulk lane for ``retry_after`` before the retry.

Calls without a ``chat_id`` (getUpdates, setWebhook, getMe) pass straight through.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.telegram.resilience import retry_after_seconds

log = logging.getLogger(__name__)

#: Pass as ``rate_limit_args`` to send a call through the bulk lane.
BULK = "bulk"
#: Telegram's documented limit for bulk notifications; the default stays just under it.
DEFAULT_BULK_RATE = 28.0
#: Interactive calls in flight above which the bulk lane gives way.
BUSY_INTERACTIVE = 24
#: How long the bulk lane waits, at most, for the interactive lane to ease before each send.
YIELD_AT_MOST = 0.25

JSON = bool | dict[str, Any] | list[dict[str, Any]]


class TwoLaneLimiter(BaseRateLimiter[str]):
    def __init__(
        self,
        bulk_rate: float = DEFAULT_BULK_RATE,
        *,
        max_retries: int = 3,
        busy: int = BUSY_INTERACTIVE,
        yield_at_most: float = YIELD_AT_MOST,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if bulk_rate <= 0:
            raise ValueError("bulk_rate must be positive")
        self.interval = 1.0 / bulk_rate
        self.max_retries = max_retries
        self.busy = busy
        self.yield_at_most = yield_at_most
        self._clock = clock
        self._next_bulk = 0.0  # when the next bulk call may start
        self._bulk_lock = asyncio.Lock()
        self._chat_pause: dict[int | str, float] = {}  # chat -> paused until
        self.interactive_in_flight = 0
        self._eased = asyncio.Event()  # set while interactive_in_flight <= busy
        self._eased.set()
        self.retried = 0  # 429s absorbed (both lanes), for the logs and tests

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> JSON:
        chat = data.get("chat_id")
        if chat is None:
            return await callback(*args, **kwargs)
        chat_key: int | str = chat if isinstance(chat, int | str) else str(chat)
        bulk = rate_limit_args == BULK
        for attempt in range(self.max_retries + 1):
            if bulk:
                await self._bulk_slot()
            await self._chat_ready(chat_key)
            try:
                if bulk:
                    return await callback(*args, **kwargs)
                self._interactive(+1)
                try:
                    return await callback(*args, **kwargs)
                finally:
                    self._interactive(-1)
            except RetryAfter as exc:
                wait = retry_after_seconds(exc) + 0.1
                if attempt == self.max_retries:
                    raise
                self.retried += 1
                lane = "bulk" if bulk else "interactive"
                log.info("429 on %s (%s lane): retrying in %.1f s", endpoint, lane, wait)
                until = self._clock() + wait
                self._chat_pause[chat_key] = max(self._chat_pause.get(chat_key, 0.0), until)
                if bulk:
                    self._next_bulk = max(self._next_bulk, until)
        raise AssertionError("unreachable")  # pragma: no cover

    def _interactive(self, delta: int) -> None:
        self.interactive_in_flight += delta
        if self.interactive_in_flight > self.busy:
            self._eased.clear()
        else:
            self._eased.set()

    async def _chat_ready(self, chat: int | str) -> None:
        until = self._chat_pause.get(chat)
        if until is None:
            return
        wait = until - self._clock()
        if wait > 0:
            await asyncio.sleep(wait)
        if self._chat_pause.get(chat, 0.0) <= self._clock():
            self._chat_pause.pop(chat, None)

    async def _bulk_slot(self) -> None:
        """Wait for this bulk call's turn: one every ``interval`` seconds, in arrival order."""
        async with self._bulk_lock:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._eased.wait(), self.yield_at_most)
            now = self._clock()
            start = max(now, self._next_bulk)
            if start > now:
                await asyncio.sleep(start - now)
            self._next_bulk = max(start, self._clock()) + self.interval

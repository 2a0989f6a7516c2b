"""Ride out a flaky Bot API and a restarting database without losing or doubling an answer.

- `send_with_retry`: one Bot API call, retried while Telegram is briefly unwell: 429
  (wait `retry_after`), 5xx and connection errors, and timeouts that prove the request never
  reached Telegram (waiting for a pooled connection, connecting). A *read* timeout is
  different: the request arrived and Telegram may well have delivered the message, so
  resending could show the user the same reply twice; it is logged and treated as sent.
- `handle_with_db_retry`: run the conversation core again when the database connection broke
  (PostgreSQL restarting, a dropped connection, SQLite busy). Every feature writes one
  transaction per input, so a failed attempt was rolled back and running it again applies
  the answer exactly once.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.store.errors import is_transient_db_error
from bot.telegram.http import never_sent

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Bot API: about a minute of retries (0.5, 1, 2, 4, 8, 8, ... s) before giving up.
SEND_ATTEMPTS = 10
#: Database: about half a minute (a PostgreSQL restart takes a few seconds).
DB_ATTEMPTS = 12
MAX_BACKOFF = 8.0


class Ambiguous:
    """Marker result: the call timed out after reaching Telegram (assumed delivered)."""


AMBIGUOUS = Ambiguous()


def retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB 22 deprecates the int form of retry_after
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def send_with_retry(
    call: Callable[[], Awaitable[T]],
    *,
    what: str,
    attempts: int = SEND_ATTEMPTS,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T | Ambiguous:
    """Await `call()`; retry it on transient Bot API failures (see the module docstring)."""
    backoff = 0.5
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except RetryAfter as exc:
            if attempt == attempts:
                raise
            wait = retry_after_seconds(exc)
            reason = f"429, retry after {wait:g}s"
        except TimedOut as exc:
            if not never_sent(exc):
                log.warning("%s: read timeout; Telegram may have delivered it, not resending", what)
                return AMBIGUOUS
            if attempt == attempts:
                raise
            wait, reason = backoff, "timed out before sending"
        except BadRequest:
            raise
        except NetworkError as exc:  # 5xx, connection refused or reset
            if attempt == attempts:
                raise
            wait, reason = backoff, exc.message
        log.info("%s failed (%s); attempt %d, retrying in %.1fs", what, reason, attempt, wait)
        await sleep(wait)
        backoff = min(backoff * 2, MAX_BACKOFF)
    raise AssertionError("unreachable")


async def handle_with_db_retry(
    handle: Callable[[], Awaitable[T]],
    *,
    chat_id: int,
    attempts: int = DB_ATTEMPTS,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    backoff = 0.25
    for attempt in range(1, attempts + 1):
        try:
            return await handle()
        except Exception as exc:
            if attempt == attempts or not is_transient_db_error(exc):
                raise
            log.warning(
                "database unavailable while handling chat %s (%s); attempt %d, retrying",
                chat_id,
                type(exc.__cause__ or exc).__name__,
                attempt,
            )
        await sleep(backoff)
        backoff = min(backoff * 2, 4.0)
    raise AssertionError("unreachable")

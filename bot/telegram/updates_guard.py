"""Skip an update PTB cannot parse instead of polling it forever.

PTB parses a whole `getUpdates` answer at once; when one update in it does not parse (a field
of a newer Bot API version, a malformed value), it logs the failure and polls again *without
confirming* the batch, so Telegram hands the same batch back at once: a hot loop that never
gets past the bad update. `UpdatesRequest` (the getUpdates client) notices a batch that comes
back with the same first update id as the one before, parses its updates one by one, and
replaces each one that does not parse by an empty update with the same id: PTB then confirms
it and moves on. Each skipped update is logged once (its id and the error type, never its
content, which may hold a user's message).
"""

from __future__ import annotations

import json
import logging
from collections import deque
from typing import Any

from telegram import Update
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from bot.telegram.liveness import WatchedRequest
from bot.telegram.slim import parse_batch, slim_batch

log = logging.getLogger(__name__)


def skip_unparseable(body: bytes, seen: deque[int]) -> bytes:
    """The answer with every update PTB cannot parse replaced by `{"update_id": id}`."""
    parsed = parse_batch(body)
    if parsed is None:
        return body
    data, result = parsed
    changed = False
    for i, item in enumerate(result):
        try:
            Update.de_json(item, None)
        except Exception as exc:  # whatever PTB raises on it
            update_id = item.get("update_id") if isinstance(item, dict) else None
            if not isinstance(update_id, int):
                continue  # nothing to confirm it with
            if update_id not in seen:
                seen.append(update_id)
                log.warning(
                    "skipped update %d: it cannot be parsed (%s)", update_id, type(exc).__name__
                )
            result[i] = {"update_id": update_id}
            changed = True
    return json.dumps(data).encode() if changed else body


def first_update_id(body: bytes) -> int | None:
    """The id of the first update in a getUpdates answer, cheaply (no full parse)."""
    start = body.find(b'"update_id"')
    if start < 0:
        return None
    digits = body[start + 11 : start + 40].lstrip(b": \t\r\n")
    end = next((i for i, c in enumerate(digits) if not 48 <= c <= 57), len(digits))
    return int(digits[:end]) if end else None


class UpdatesRequest(WatchedRequest):
    """The getUpdates client: `WatchedRequest` that skips updates PTB cannot parse."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._last_first: int | None = None
        self._seen: deque[int] = deque(maxlen=1000)

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
        if status != 200 or not url.endswith("/getUpdates"):
            return status, body
        first = first_update_id(body)
        if first is not None and first == self._last_first:
            body = skip_unparseable(body, self._seen)  # the same batch again: PTB failed on it
        self._last_first = first
        return status, slim_batch(body)

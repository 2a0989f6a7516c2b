"""Bot API calls without PTB's objects: a JSON body out, the raw result back.

`bot.send_message` and friends wrap each argument in a `RequestParameter`, apply the
`Defaults`, and parse the returned `Message` (with its keyboard) into objects the bot never
reads. On the update path that was about a tenth of the bot's CPU (py-spy during
`bench/load.py --mode saturation`). `call` posts the JSON the Bot API takes through the bot's
own request object, so timeouts, the token watch (`bot.telegram.liveness`) and PTB's mapping
of error responses to `TelegramError`s (`RetryAfter`, `Forbidden`, `BadRequest`, ...) all stay,
and through the bot's rate limiter, so the lanes (`bot.telegram.lanes`) still see every call.

Only for calls without a file; `parse_mode` is not filled in from the `Defaults`: callers pass
it.
"""

from __future__ import annotations

import json
import logging
from typing import Any, cast

from telegram import Bot
from telegram.ext import ExtBot
from telegram.request import RequestData

log = logging.getLogger(__name__)


class JsonRequestData:
    """The parameters of a call without files, already in their JSON form: what a request
    object reads of a `RequestData` (which is final, hence the duck type)."""

    contains_files = False

    def __init__(self, params: dict[str, Any]) -> None:
        self._json = params

    @property
    def parameters(self) -> dict[str, Any]:
        return self._json

    @property
    def json_parameters(self) -> dict[str, str]:
        return {k: v if isinstance(v, str) else json.dumps(v) for k, v in self._json.items()}

    @property
    def multipart_data(self) -> dict[str, Any]:
        return {}


async def call(bot: Bot, endpoint: str, params: dict[str, Any], *, lane: str | None = None) -> Any:
    """POST `endpoint` with `params`; returns the `result` field, raises `TelegramError`s as
    PTB's own methods do. `lane` is the limiter's `rate_limit_args` (`lanes.BULK` or None)."""
    # Which call, to which chat: never the text (PTB's own DEBUG lines quote whole calls).
    log.debug("Bot API %s, chat %s", endpoint, params.get("chat_id", "-"))
    request = bot.request
    url = f"{bot.base_url}/{endpoint}"
    data = cast(RequestData, JsonRequestData(params))

    async def post() -> Any:
        return await request.post(url=url, request_data=data)

    limiter = bot.rate_limiter if isinstance(bot, ExtBot) else None
    if limiter is None:
        return await post()
    return await limiter.process_request(
        callback=post,
        args=(),
        kwargs={},
        endpoint=endpoint,
        data=params,
        rate_limit_args=lane,
    )

"""Drop what the bot never reads from an update before PTB parses it.

A pressed button's update carries the whole message the button was under: its text, its
entities and its keyboard (up to 100 buttons), which PTB turns into objects on every press.
The bot reads only that message's id and chat (`bot.telegram.adapters`), so those fields are
removed first; everything else in the update is left as Telegram sent it. Used by the
getUpdates client (`bot.telegram.updates_guard`) and the webhook (`bot.telegram.webhook`).
"""

from __future__ import annotations

import json
from typing import Any

#: Fields of `callback_query.message` that nothing in the bot reads.
UNREAD = ("text", "entities", "reply_markup", "link_preview_options", "caption", "caption_entities")


def slim_update(update: Any) -> Any:
    """The update with its pressed message's unread fields removed (in place)."""
    if not isinstance(update, dict):
        return update
    query = update.get("callback_query")
    message = query.get("message") if isinstance(query, dict) else None
    if isinstance(message, dict):
        for name in UNREAD:
            message.pop(name, None)
    return update


def parse_batch(body: bytes) -> tuple[dict[str, Any], list[Any]] | None:
    """A getUpdates answer's JSON and its list of updates, or None when it is not one."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    result = data.get("result") if isinstance(data, dict) else None
    return (data, result) if isinstance(result, list) else None


def slim_batch(body: bytes) -> bytes:
    """A getUpdates answer with every update slimmed (unchanged if it holds no button press)."""
    if b'"callback_query"' not in body:
        return body
    parsed = parse_batch(body)
    if parsed is None:
        return body
    data, result = parsed
    for update in result:
        slim_update(update)
    return json.dumps(data).encode()

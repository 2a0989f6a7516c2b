"""Rows for N CEC subscribers (``users`` and ``subscriptions``), for the fan-out benches."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def subscriber_rows(
    base: int, count: int, now: datetime
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Chats ``base`` to ``base + count - 1``: their users rows and CEC subscriptions."""
    users = [
        {
            "chat_id": base + i,
            "language": "en",
            "first_seen": now,
            "last_seen": now,
            "blocked": False,
        }
        for i in range(count)
    ]
    subs = [
        {
            "chat_id": base + i,
            "mode": "cec",
            "categories": [],
            "active": True,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(count)
    ]
    return users, subs

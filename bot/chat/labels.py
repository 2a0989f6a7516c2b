"""Button labels of the chat's features, from ``chat/label.j2`` (every word in templates)."""

from __future__ import annotations

from functools import lru_cache

from bot.render import render


@lru_cache(maxsize=256)
def label(key: str, lang: str = "en") -> str:
    """Plain text: button labels are not HTML."""
    return render("chat/label", lang, key=key)

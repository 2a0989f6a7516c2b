"""Telegram HTML as plain text, for the terminal chat and for log lines."""

from __future__ import annotations

import html
import re

_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(text: str) -> str:
    """Telegram HTML to plain text: links become "label (url)", other tags vanish."""

    def link(match: re.Match[str]) -> str:
        url, label = html.unescape(match.group(1)), match.group(2)
        return label if _TAG.sub("", label).strip() == url else f"{label} ({url})"

    return html.unescape(_TAG.sub("", _LINK.sub(link, text)))

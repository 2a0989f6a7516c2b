"""The light Markdown of entry bodies, rendered as Telegram HTML or as plain text.

Supported: paragraphs (blank line), `- ` / `* ` bullet lines, `**bold**`,
`[label](https://...)` links and `[label](kb:entry-id)` internal links. Everything is
HTML-escaped before any markup is produced, so a stray `<` in content can never become a tag.
Telegram has no <p>, <ul> or <br>: paragraphs become blank lines and bullets "• ".
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

KB_SCHEME = "kb:"
_INLINE = re.compile(r"\*\*(?P<bold>[^*\n]+?)\*\*|\[(?P<label>[^\]\n]+)\]\((?P<target>[^)\s]+)\)")
_BULLET = re.compile(r"^\s*[-*]\s+")
BULLET_MARK = "• "


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    target: str

    @property
    def entry_id(self) -> str | None:
        """The entry id of a `kb:` link, else None."""
        return self.target[len(KB_SCHEME) :] if self.target.startswith(KB_SCHEME) else None

    @property
    def is_web(self) -> bool:
        return self.target.startswith("https://")


Span = tuple[Literal["text", "bold"], str] | tuple[Literal["link"], Link]


def _spans(line: str) -> Iterator[Span]:
    pos = 0
    for found in _INLINE.finditer(line):
        if found.start() > pos:
            yield ("text", line[pos : found.start()])
        if found.group("bold") is not None:
            yield ("bold", found.group("bold"))
        else:
            yield ("link", Link(found.group("label"), found.group("target")))
        pos = found.end()
    if pos < len(line):
        yield ("text", line[pos:])


def _blocks(body: str) -> list[list[tuple[bool, str]]]:
    """Paragraphs, each a list of (is_bullet, text) lines; plain lines are joined by spaces."""
    blocks: list[list[tuple[bool, str]]] = []
    for para in re.split(r"\n\s*\n", body.strip()):
        lines: list[tuple[bool, str]] = []
        for raw in para.splitlines():
            text = raw.strip()
            if not text:
                continue
            if _BULLET.match(raw):
                lines.append((True, _BULLET.sub("", raw, count=1).strip()))
            elif lines and not lines[-1][0]:
                lines[-1] = (False, f"{lines[-1][1]} {text}")
            else:
                lines.append((False, text))
        if lines:
            blocks.append(lines)
    return blocks


def _html_span(span: Span) -> str:
    if span[0] == "link":
        link = span[1]
        label = html.escape(link.label)
        if link.is_web:
            return f'<a href="{html.escape(link.target)}">{label}</a>'
        return label
    kind, text = span
    return f"<b>{html.escape(text)}</b>" if kind == "bold" else html.escape(text)


def _plain_span(span: Span, *, with_urls: bool) -> str:
    if span[0] == "link":
        link = span[1]
        return f"{link.label} ({link.target})" if with_urls and link.is_web else link.label
    return span[1]


def _render(body: str, line_fn: Callable[[str], str]) -> str:
    paragraphs = []
    for block in _blocks(body):
        lines = [(BULLET_MARK if bullet else "") + line_fn(text) for bullet, text in block]
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def to_html(body: str) -> str:
    """Telegram HTML for an entry body (escaped first, then marked up)."""
    return _render(body, lambda line: "".join(_html_span(s) for s in _spans(line)))


def to_plain(body: str, *, with_urls: bool = True) -> str:
    """Plain text for an entry body: markup stripped, web links as "label (url)"."""
    return _render(
        body, lambda line: "".join(_plain_span(s, with_urls=with_urls) for s in _spans(line))
    )


def links(body: str) -> list[Link]:
    """Every `[label](target)` link of a body, in order."""
    return [
        span[1]
        for _, text in (line for block in _blocks(body) for line in block)
        for span in _spans(text)
        if span[0] == "link"
    ]


def word_count(body: str) -> int:
    """Words a reader reads: link labels count, link targets do not."""
    return len(to_plain(body, with_urls=False).split())


def html_to_plain(text: str) -> str:
    """Plain text of a Telegram-HTML message: `<a href=u>l</a>` becomes "l (u)" unless l is u."""

    def link(found: re.Match[str]) -> str:
        url, label = html.unescape(found.group(1)), found.group(2)
        plain_label = html.unescape(re.sub(r"<[^>]+>", "", label))
        return plain_label if plain_label == url else f"{plain_label} ({url})"

    text = re.sub(r'<a href="([^"]*)">(.*?)</a>', lambda m: html.escape(link(m)), text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))

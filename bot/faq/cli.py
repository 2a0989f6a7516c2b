"""`python -m bot ask`: the knowledge base from the command line.

- `ask "question"` prints the answer as the user would see it (plain text, buttons in
  brackets).
- `ask --json` reads one question per line on stdin and writes JSON Lines
  `{"question", "answered", "entry_id", "text", "sources"}` in the same order; `answered` is
  false exactly when the bot abstained, `text` is the plain text the user would read.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from bot.faq.answer import Answer, answer
from bot.faq.index import FaqIndex, get_index
from bot.faq.markup import html_to_plain
from bot.faq.replies import replies_for
from bot.replies import Reply


def plain_text(replies: list[Reply]) -> str:
    """The text a user reads in these replies, without markup."""
    return "\n\n".join(html_to_plain(r.text) for r in replies)


def show(replies: list[Reply]) -> str:
    """Replies as a terminal shows them: text, then one line of [buttons] per row."""
    parts = []
    for reply in replies:
        lines = [html_to_plain(reply.text)]
        for row in reply.buttons:
            lines.append(
                "  ".join(f"[{b.label} → {b.code}]" if b.is_url else f"[{b.label}]" for b in row)
            )
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def record(result: Answer, replies: list[Reply]) -> dict[str, Any]:
    """One JSON Lines record of `ask --json`."""
    return {
        "question": result.question,
        "answered": result.answered,
        "entry_id": result.entry.id if result.entry else None,
        "text": plain_text(replies),
        "sources": list(result.entry.sources) if result.entry else [],
    }


def answer_lines(lines: TextIO, out: TextIO, index: FaqIndex) -> int:
    """Answer every non-blank line of `lines`, one JSON record per line to `out`."""
    count = 0
    for line in lines:
        question = line.rstrip("\r\n")
        if not question.strip():
            continue
        result = answer(question, index)
        out.write(json.dumps(record(result, replies_for(result, "en", index)), ensure_ascii=False))
        out.write("\n")
        count += 1
    out.flush()
    return count


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot ask", description=__doc__.split("\n")[0])
    parser.add_argument("question", nargs="*", help="the question (words may be unquoted)")
    parser.add_argument("--json", action="store_true", help="JSON Lines: one question a line")
    args = parser.parse_args(argv)
    index = get_index()
    if args.json:
        if args.question:
            parser.error("--json reads questions from stdin; give no question argument")
        answer_lines(sys.stdin, sys.stdout, index)
        return 0
    question = " ".join(args.question).strip()
    if not question:
        parser.error("give a question, or --json to read questions from stdin")
    result = answer(question, index)
    print(show(replies_for(result, "en", index)))
    return 0

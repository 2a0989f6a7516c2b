"""`python -m bot ask`: the knowledge base from the command line.

- `ask "question"` prints the answer as the user would see it (plain text, buttons in
  brackets), in the language the question is written in, as the bot does: a French question is
  answered from the French entries (`knowledge/fr/`) in French, anything else in English.
  `--lang en` or `--lang fr` answers every question in that language.
- `ask --json "question"` answers that question; `ask --json` without one reads one question
  per line on stdin. Either way it writes JSON Lines `{"question", "lang", "answered",
  "intent", "entry_id", "suggestions", "text", "sources"}` in the same order; `answered` is
  false exactly when the bot abstained (including "did you mean": `intent` "suggest", with the
  offered entry ids in `suggestions`), `text` is the plain text the user would read.

Output into a closed pipe (`ask --json < questions.txt | head`) ends quietly.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from typing import Any, TextIO

from bot.faq.answer import Answer, answer
from bot.faq.index import FaqIndex, get_index
from bot.faq.language import reply_language
from bot.faq.languages import LANGS
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
        "lang": result.lang,
        "answered": result.answered,
        "intent": result.intent,
        "entry_id": result.entry.id if result.entry else None,
        "suggestions": [e.id for e in result.suggestions],
        "text": plain_text(replies),
        "sources": list(result.entry.sources) if result.entry else [],
    }


AUTO = "auto"  # `--lang`: the language each question is written in


def index_for(question: str) -> FaqIndex:
    """The index of the language `question` is written in (English when nothing tips the
    balance), as the chat picks it."""
    return get_index(reply_language(question))


def answer_lines(lines: TextIO, out: TextIO, index: FaqIndex | None = None) -> int:
    """Answer every non-blank line of `lines`, one JSON record per line to `out`: in the
    index's language, or without one in the language each line is written in."""
    count = 0
    for line in lines:
        question = line.rstrip("\r\n")
        if not question.strip():
            continue
        idx = index or index_for(question)
        result = answer(question, idx)
        replies = replies_for(result, idx.lang, idx)
        out.write(json.dumps(record(result, replies), ensure_ascii=False))
        out.write("\n")
        count += 1
    out.flush()
    return count


def main(argv: list[str]) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`| head`): stop without a traceback, and keep the interpreter's
        # final flush of stdout from raising again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot ask", description=__doc__.split("\n")[0])
    parser.add_argument("question", nargs="*", help="the question (words may be unquoted)")
    parser.add_argument(
        "--json",
        action="store_true",
        help="JSON Lines: the question given, or else one question a line on stdin",
    )
    parser.add_argument(
        "--lang",
        choices=(AUTO, *LANGS),
        default=AUTO,
        help="answer in this language (default: the language each question is written in, "
        "English when unclear)",
    )
    args = parser.parse_args(argv)
    fixed = None if args.lang == AUTO else get_index(args.lang)
    if args.json:
        question = " ".join(args.question).strip()
        answer_lines(io.StringIO(question) if question else sys.stdin, sys.stdout, fixed)
        return 0
    question = " ".join(args.question).strip()
    if not question:
        parser.error("give a question, or --json to read questions from stdin")
    index = fixed or index_for(question)
    result = answer(question, index)
    print(show(replies_for(result, index.lang, index)))
    return 0

"""Labelled user questions the re-ranker learns from, besides the knowledge base itself.

The questions of the spent evaluation sets (real forum posts and questions written in posters'
voice, each labelled with the entry that answers it, or "out of scope") are shipped as
`examples_<lang>.jsonl`, written by `bench/faq_learn.py --write` (outside the product package:
nothing under `bot/` reads `tests/`). Held-out sets are added only after their one measurement.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.faq.entries import Entry

HERE = Path(__file__).parent


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str | None  # an entry id, or None for out of scope


def examples_file(lang: str) -> Path:
    return HERE / f"examples_{lang}.jsonl"


def load_examples(lang: str = "en", path: Path | None = None) -> tuple[Example, ...]:
    """The shipped examples of `lang` (none when the file is absent)."""
    path = path or examples_file(lang)
    if not path.exists():
        return ()
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return tuple(Example(r["q"], r["label"]) for r in rows)


def entry_texts(
    examples: Sequence[Example], entries: Sequence[Entry], has_subjects: bool
) -> list[tuple[int, str]]:
    """(entry position, text) of each example whose entry exists; out-of-scope examples go to
    position len(entries), the first out-of-scope subject, when there are subjects."""
    position = {e.id: i for i, e in enumerate(entries)}
    texts = []
    for example in examples:
        k = position.get(example.label) if example.label else len(entries)
        if k is not None and (example.label or has_subjects):
            texts.append((k, example.text))
    return texts

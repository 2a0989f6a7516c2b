"""Labelled user questions the re-ranker learns from, besides the knowledge base itself.

The questions of the spent evaluation sets (real forum posts and questions written in posters'
voice, each labelled with the entry that answers it, or "out of scope") are shipped as
`examples_<lang>.jsonl`, written by `bench/faq_learn.py --write` (outside the product package:
nothing under `bot/` reads `tests/`). Held-out sets are added only after their one measurement.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

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

"""The languages the knowledge base answers in, and what differs between them.

Each language has its own knowledge folder (`knowledge/` for English, `knowledge/fr/` for
French: the same entry ids), its own text analysis (`text.py`, `text_fr.py`), its hand-offs
(`intents.py`, `intents_fr.py`), question sentences (`focus.py`), out-of-scope subjects
(`out_of_scope.py`, `out_of_scope_fr.py`); its confidence fit is `confidence.load_fit(code)`.
`language(code)` bundles them; the index, the answer and the replies take a language code and
look the rest up here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from bot.faq.entries import KNOWLEDGE_DIR
from bot.faq.intents import Intent

Lang = Literal["en", "fr"]
LANGS: tuple[Lang, ...] = ("en", "fr")
DEFAULT: Lang = "en"


@dataclass(frozen=True, slots=True)
class TextAnalysis:
    """How one language's text becomes words, expansions and index terms."""

    words: Callable[[str], list[str]]
    expand: Callable[[str], str]
    content_words: Callable[[list[str]], list[str]]
    typed_terms: Callable[[list[str]], list[str]]
    terms_of_words: Callable[[list[str]], list[str]]
    keep: frozenset[str]  # words the speller never "corrects" (stop words, abbreviations)


@dataclass(frozen=True, slots=True)
class Language:
    code: Lang
    knowledge: Path
    text: TextAnalysis
    hand_off: Callable[[str], Intent | None]
    focus: Callable[[str], str | None]
    out_of_scope: tuple[tuple[str, str, tuple[str, ...]], ...]


def pick(code: str | None) -> Lang:
    """A supported language for a code like "fr", "fr-CA" or None (English)."""
    base = (code or DEFAULT).split("-")[0].lower()
    return "fr" if base == "fr" else "en"


@cache
def language(code: str | None = DEFAULT) -> Language:
    """Everything language-specific for `code` (imported on first use)."""
    if pick(code) == "fr":
        from bot.faq import focus_fr, intents_fr, text_fr
        from bot.faq.out_of_scope_fr import OUT_OF_SCOPE_FR
        from bot.faq.vocabulary_fr import ABBREVIATIONS_FR, STOP_WORDS_FR

        return Language(
            "fr",
            KNOWLEDGE_DIR / "fr",
            TextAnalysis(
                text_fr.words,
                text_fr.expand,
                text_fr.content_words,
                text_fr.typed_terms,
                text_fr.terms_of_words,
                frozenset(STOP_WORDS_FR | set(ABBREVIATIONS_FR)),
            ),
            intents_fr.detect,
            focus_fr.focus,
            OUT_OF_SCOPE_FR,
        )
    from bot.faq import focus, intents, text
    from bot.faq.out_of_scope import OUT_OF_SCOPE
    from bot.faq.vocabulary import ABBREVIATIONS, STOP_WORDS

    return Language(
        "en",
        KNOWLEDGE_DIR,
        TextAnalysis(
            text.words,
            text.expand,
            text.content_words,
            text.typed_terms,
            text.terms_of_words,
            frozenset(STOP_WORDS | set(ABBREVIATIONS)),
        ),
        intents.detect,
        focus.focus,
        OUT_OF_SCOPE,
    )

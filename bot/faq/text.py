"""Text analysis shared by the index and the questions: normalise, expand, stem.

The pipeline: lowercase words -> spelling variants -> abbreviation expansion -> drop stop
words -> synonym group names added -> English Snowball stems (PyStemmer). Typo correction
(see `spelling.py`) runs on the words of a question before expansion, so a corrected "pgwp"
is expanded like a typed one.
"""

from __future__ import annotations

import re

from bot.faq.analysis import Analyser
from bot.faq.vocabulary import ABBREVIATIONS, STOP_WORDS, SYNONYMS, VARIANTS

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lowercase words, apostrophes dropped ("What’s a PGWP?" -> ["whats", "a", "pgwp"])."""
    text = text.lower()
    if not text.isascii():  # typographic apostrophes: a few scans beat translate()
        text = text.replace("’", "").replace("‘", "")
    return _WORD.findall(text.replace("`", "").replace("'", ""))


ENGLISH = Analyser(
    words=words,
    stemmer="english",
    variants=VARIANTS,
    abbreviations=ABBREVIATIONS,
    stop_words=STOP_WORDS,
    group_of={word: group for group, members in SYNONYMS.items() for word in members},
)
expand = ENGLISH.expand
stem = ENGLISH.stem
content_words = ENGLISH.content_words
typed_terms = ENGLISH.typed_terms
terms_of_words = ENGLISH.terms_of_words
terms = ENGLISH.terms

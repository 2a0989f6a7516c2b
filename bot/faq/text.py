"""Text analysis shared by the index and the questions: normalise, expand, stem.

The pipeline: lowercase words -> spelling variants -> abbreviation expansion -> drop stop
words -> synonym group names added -> English Snowball stems (PyStemmer). Typo correction
(see `spelling.py`) runs on the words of a question before expansion, so a corrected "pgwp"
is expanded like a typed one.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

from bot.faq.vocabulary import ABBREVIATIONS, STOP_WORDS, SYNONYMS, VARIANTS

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_STEMMER = Stemmer.Stemmer("english")


def _phrase_pattern(keys: list[str]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"\b({alternation})s?\b")


_VARIANT_RE = _phrase_pattern(list(VARIANTS))
_GROUP_OF = {word: group for group, members in SYNONYMS.items() for word in members}
_ABBREVIATION_RE = _phrase_pattern(list(ABBREVIATIONS))


def words(text: str) -> list[str]:
    """Lowercase words of `text` ("What's a PGWP?" -> ["what", "s", "a", "pgwp"])."""
    return _WORD.findall(text.lower().translate(_APOSTROPHES).replace("'", ""))


def expand(normalised: str) -> str:
    """Fold spelling variants and append the expansion of each abbreviation found."""
    folded = _VARIANT_RE.sub(lambda m: VARIANTS[m.group(1)], normalised)
    return _ABBREVIATION_RE.sub(lambda m: f"{m.group(1)} {ABBREVIATIONS[m.group(1)]}", folded)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def content_words(words_: list[str]) -> list[str]:
    """Words that carry meaning: no stop words, no single letters (digits stay)."""
    return [w for w in words_ if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


def terms(text: str) -> list[str]:
    """Index terms of a text: expanded, stop words removed, stemmed (order kept)."""
    return terms_of_words(words(text))


def typed_terms(words_: list[str]) -> list[str]:
    """Stems of the words themselves, without expansions or synonym groups."""
    return [stem(w) for w in content_words(words_)]


def terms_of_words(words_: list[str]) -> list[str]:
    """Index terms of already-split words (used after typo correction)."""
    expanded = words(expand(" ".join(words_)))
    with_groups: list[str] = []
    for word in content_words(expanded):
        with_groups.append(word)
        group = _GROUP_OF.get(word)
        if group is not None and group != word:
            with_groups.append(group)
    return [stem(w) for w in with_groups]

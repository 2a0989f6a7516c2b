"""French text analysis, the counterpart of `text.py`: normalise, expand, stem.

Lowercase; accents folded ("entrée" and "entree" are one word: people type both); elisions
dropped ("l'EIMT" -> "eimt", "qu'il" -> "il", "j'ai" -> "ai"); spelling variants folded;
abbreviations expanded both ways (`vocabulary_fr.py`); stop words dropped; near-synonym
groups added; French Snowball stems (PyStemmer) of the folded words.
"""

from __future__ import annotations

import re
import unicodedata

from bot.faq.analysis import Analyser
from bot.faq.vocabulary_fr import ABBREVIATIONS_FR, STOP_WORDS_FR, SYNONYMS_FR, VARIANTS_FR

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHE_MARKS = ("’", "‘", "´")  # besides the ASCII backtick
_ELISION = re.compile(r"\b(?:jusqu|lorsqu|puisqu|quoiqu|qu|[cdjlmnst])'")


class _CombiningMarks(dict[int, int | None]):
    """A `str.translate` table that drops combining marks, filled in as characters are met."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


_NO_MARKS = _CombiningMarks()
# Not ASCII and not one of the combining diacritical marks (U+0300-U+036F, all combining but
# U+034F): text without such characters loses its marks by dropping whatever isn't ASCII.
_OTHER_THAN_MARKS = re.compile(r"[^\x00-\x7f\u0300-\u034e\u0350-\u036f]")


def fold(text: str) -> str:
    """Lowercase without accents or ligatures ("Œuvre élue" -> "oeuvre elue")."""
    if text.isascii():  # nothing to decompose (most of what people type)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    if _OTHER_THAN_MARKS.search(decomposed) is None:  # accented Latin letters only: fast
        return decomposed.encode("ascii", "ignore").decode("ascii")
    return decomposed.translate(_NO_MARKS)


def words(text: str) -> list[str]:
    """Folded words of `text`, elisions dropped ("J'ai reçu l'ITA" -> ["ai", "recu", "ita"])."""
    text = text.replace("`", "'")
    if not text.isascii():  # typographic apostrophes ("j’ai"): a few scans beat translate()
        for mark in _APOSTROPHE_MARKS:
            text = text.replace(mark, "'")
    return _WORD.findall(_ELISION.sub(" ", fold(text)).replace("'", " "))


def _normal(text: str) -> str:
    return " ".join(words(text))


ABBREVIATIONS = {_normal(k): _normal(v) for k, v in ABBREVIATIONS_FR.items()}
VARIANTS = {_normal(k): _normal(v) for k, v in VARIANTS_FR.items() if _normal(k) != _normal(v)}
STOP_WORDS = frozenset(w for s in STOP_WORDS_FR for w in words(s))
FRENCH = Analyser(
    words=words,
    stemmer="french",
    variants=VARIANTS,
    abbreviations=ABBREVIATIONS,
    stop_words=STOP_WORDS,
    group_of={
        w: _normal(group)
        for group, members in SYNONYMS_FR.items()
        for m in members
        for w in words(m)
    },
)
expand = FRENCH.expand
stem = FRENCH.stem
content_words = FRENCH.content_words
typed_terms = FRENCH.typed_terms
terms_of_words = FRENCH.terms_of_words
terms = FRENCH.terms

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
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
_ELISION = re.compile(r"\b(?:jusqu|lorsqu|puisqu|quoiqu|qu|[cdjlmnst])'")


def fold(text: str) -> str:
    """Lowercase without accents or ligatures ("Œuvre élue" -> "oeuvre elue")."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Folded words of `text`, elisions dropped ("J'ai reçu l'ITA" -> ["ai", "recu", "ita"])."""
    return _WORD.findall(_ELISION.sub(" ", fold(text.translate(_APOSTROPHES))).replace("'", " "))


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

"""French text analysis, the counterpart of `text.py`: normalise, expand, stem.

Lowercase; accents folded ("entrée" and "entree" are one word: people type both); elisions
dropped ("l'EIMT" -> "eimt", "qu'il" -> "il", "j'ai" -> "ai"); spelling variants folded;
abbreviations expanded both ways (`vocabulary_fr.py`); stop words dropped; near-synonym
groups added; French Snowball stems (PyStemmer) of the folded words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

from bot.faq.vocabulary_fr import ABBREVIATIONS_FR, STOP_WORDS_FR, SYNONYMS_FR, VARIANTS_FR

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
_ELISION = re.compile(r"\b(?:jusqu|lorsqu|puisqu|quoiqu|qu|[cdjlmnst])'")
_STEMMER = Stemmer.Stemmer("french")


def fold(text: str) -> str:
    """Lowercase without accents or ligatures ("Œuvre élue" -> "oeuvre elue")."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Folded words of `text`, elisions dropped ("J'ai reçu l'ITA" -> ["ai", "recu", "ita"])."""
    return _WORD.findall(_ELISION.sub(" ", fold(text.translate(_APOSTROPHES))).replace("'", " "))


def _normal(text: str) -> str:
    return " ".join(words(text))


def _phrase_pattern(keys: list[str]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"\b({alternation})s?\b")


ABBREVIATIONS = {_normal(k): _normal(v) for k, v in ABBREVIATIONS_FR.items()}
VARIANTS = {_normal(k): _normal(v) for k, v in VARIANTS_FR.items() if _normal(k) != _normal(v)}
STOP_WORDS = frozenset(w for s in STOP_WORDS_FR for w in words(s))
_GROUP_OF = {
    w: _normal(group) for group, members in SYNONYMS_FR.items() for m in members for w in words(m)
}
_VARIANT_RE = _phrase_pattern(list(VARIANTS))
_ABBREVIATION_RE = _phrase_pattern(list(ABBREVIATIONS))


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


def terms(text: str) -> list[str]:
    """Index terms of a text: expanded, stop words removed, stemmed (order kept)."""
    return terms_of_words(words(text))

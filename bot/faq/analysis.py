"""The steps English and French text analysis share (`text.py`, `text_fr.py`): after each
language has split a text into its words, fold spelling variants, expand abbreviations, drop
stop words, add near-synonym group names and stem (Snowball, PyStemmer)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from functools import lru_cache

import Stemmer


def phrase_pattern(keys: Collection[str]) -> re.Pattern[str]:
    """Any of `keys` as whole words (longest first), a trailing plural "s" allowed."""
    alternation = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"\b({alternation})s?\b")


class Analyser:
    """One language's analysis, from its word splitter and vocabulary (normalised keys)."""

    def __init__(
        self,
        *,
        words: Callable[[str], list[str]],
        stemmer: str,
        variants: Mapping[str, str],
        abbreviations: Mapping[str, str],
        stop_words: Collection[str],
        group_of: Mapping[str, str],
    ) -> None:
        self.words = words
        self._variants, self._abbreviations = variants, abbreviations
        self._stop_words, self._group_of = stop_words, group_of
        self._variant_re = phrase_pattern(variants)
        self._abbreviation_re = phrase_pattern(abbreviations)
        stem_word = Stemmer.Stemmer(stemmer).stemWord
        self.stem: Callable[[str], str] = lru_cache(maxsize=65536)(lambda w: str(stem_word(w)))

    def expand(self, normalised: str) -> str:
        """Fold spelling variants and append the expansion of each abbreviation found."""
        folded = self._variant_re.sub(lambda m: self._variants[m.group(1)], normalised)
        return self._abbreviation_re.sub(
            lambda m: f"{m.group(1)} {self._abbreviations[m.group(1)]}", folded
        )

    def content_words(self, words_: list[str]) -> list[str]:
        """Words that carry meaning: no stop words, no single letters (digits stay)."""
        return [w for w in words_ if w not in self._stop_words and (len(w) > 1 or w.isdigit())]

    def typed_terms(self, words_: list[str]) -> list[str]:
        """Stems of the words themselves, without expansions or synonym groups."""
        return [self.stem(w) for w in self.content_words(words_)]

    def terms_of_words(self, words_: list[str]) -> list[str]:
        """Index terms of already-split words (used after typo correction)."""
        expanded = self.words(self.expand(" ".join(words_)))
        with_groups: list[str] = []
        for word in self.content_words(expanded):
            with_groups.append(word)
            group = self._group_of.get(word)
            if group is not None and group != word:
                with_groups.append(group)
        return [self.stem(w) for w in with_groups]

    def terms(self, text: str) -> list[str]:
        """Index terms of a text: expanded, stop words removed, stemmed (order kept)."""
        return self.terms_of_words(self.words(text))

"""The steps English and French text analysis share (`text.py`, `text_fr.py`): after each
language has split a text into its words, fold spelling variants, expand abbreviations, drop
stop words, add near-synonym group names and stem (Snowball, PyStemmer)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from functools import lru_cache

import Stemmer


def phrase_pattern(keys: Collection[str]) -> re.Pattern[str]:
    """Any of `keys` as whole words (longest first), a trailing plural "s" allowed.

    The keys are compiled as a character trie (`ab(?:c|d)?` for ab, abc, abd) rather than one
    alternative per key: the same matches, since every key that matches at a position lies on
    one path of the trie and the deeper (longer) one is tried first, but the regex engine no
    longer tries each of ~70 keys at every position (index build time, docs/faq.md)."""
    return re.compile(rf"\b({_trie_regex(keys)})s?\b")


Trie = dict[str, "Trie"]


def _trie_regex(keys: Collection[str]) -> str:
    trie: Trie = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}  # the end of a key

    def regex(node: Trie) -> str:
        parts = [re.escape(ch) + regex(child) for ch, child in sorted(node.items()) if ch]
        if not parts:
            return ""
        if len(parts) == 1 and "" not in node:
            return parts[0]
        group = "(?:" + "|".join(parts) + ")"
        return group + "?" if "" in node else group

    return regex(trie)


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
        # An index build expands each entry text three or four times (its fields, the speller's
        # words, the re-ranker's word and character texts): a quarter of ~20,000 calls repeat.
        self.expand: Callable[[str], str] = lru_cache(maxsize=32768)(self._expand)

    def _expand(self, normalised: str) -> str:
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

"""Typo tolerance: correct a question's unknown words to close words of the index vocabulary.

Only words the index has never seen are touched, only if they are long enough to judge
(4+ letters), and only to a word that starts with the same letter (or swaps the first two)
within a small edit distance (1 for words up to 7 letters, 2 for longer ones); ties go to
the word seen most often in the entries. ("parents" is not "arent", "retail" not "detail".)
Known abbreviations are never corrected ("pgwp" is not "pgp").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from bot.faq.vocabulary import ABBREVIATIONS, STOP_WORDS

MIN_LENGTH = 4


class Speller:
    """Corrects words against a fixed vocabulary (the surface words of the entries)."""

    def __init__(self, words: Iterable[str], keep: frozenset[str] | None = None) -> None:
        # Never corrected: stop words and abbreviations (English unless `keep` is given).
        self._keep = STOP_WORDS | frozenset(ABBREVIATIONS) if keep is None else keep
        counts = Counter(w for w in words if len(w) > 1)
        self._frequency = counts
        self._choices = sorted(counts)
        self._cache: dict[str, str] = {}

    def __contains__(self, word: str) -> bool:
        return word in self._frequency

    def correct(self, word: str) -> str:
        """`word` itself if known, short, a number or a stop word; else its closest known word."""
        if (
            word in self._frequency
            or word in self._keep
            or len(word) < MIN_LENGTH
            or any(c.isdigit() for c in word)
        ):
            return word
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        max_distance = 1 if len(word) <= 7 else 2
        candidates = process.extract(
            word,
            self._choices,
            scorer=DamerauLevenshtein.distance,
            score_cutoff=max_distance,
            limit=8,
        )
        starts = (word[0], word[1::-1])
        plausible = [c for c in candidates if c[0][0] == word[0] or c[0].startswith(starts[1])]
        best = word
        if plausible:
            best = min(plausible, key=lambda c: (c[1], -self._frequency[c[0]]))[0]
        if len(self._cache) < 10_000:
            self._cache[word] = best
        return best

    def correct_all(self, words: list[str]) -> list[str]:
        return [self.correct(w) for w in words]

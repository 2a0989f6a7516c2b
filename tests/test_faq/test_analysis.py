"""Shared text analysis: spelling variants and abbreviations found as whole phrases."""

from __future__ import annotations

from bot.faq.analysis import phrase_pattern
from bot.faq.text import ENGLISH


def test_phrases_match_whole_words_longest_first_with_a_plural() -> None:
    pattern = phrase_pattern(["pr", "pr card", "prc", "ita", "c-11"])
    found = [m.group(1) for m in pattern.finditer("my pr cards and prc came, itas? c-11 pro")]
    assert found == ["pr card", "prc", "ita", "c-11"]  # "pro" is another word


def test_abbreviations_are_expanded_in_the_question() -> None:
    expanded = ENGLISH.expand("got my ita, pgwp expires")
    assert "invitation" in expanded and "post graduation work permit" in expanded

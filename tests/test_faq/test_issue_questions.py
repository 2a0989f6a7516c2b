"""The four questions issue 18 saw answered wrongly, against the real knowledge base: each now
gets the right entry, or at worst a "did you mean" that offers it first -- never a wrong entry.

The entries they need came with the 2026-12 knowledge update; on a tree without them the test
is skipped."""

from __future__ import annotations

import functools

import pytest

from bot.faq.answer import answer
from bot.faq.index import FaqIndex, get_index

UPDATE_MARKER = "ita-profile-mistake-decline"  # an entry the 2026-12 knowledge update added


@functools.cache
def _index() -> FaqIndex:
    return get_index()  # the bot's own index (built once per run: bot/faq/cache.py)


@pytest.mark.parametrize(
    ("question", "right", "may_suggest"),
    [
        (
            "when should i do the medical exam, before or after the ITA?",
            "documents-medical-exam",
            False,
        ),
        (
            "my work permit expires next week and i already applied for a new one, can i keep"
            " working while i wait?",
            "maintained-status-work",
            # Next to the threshold since the 1.0% wrong-answer target: offered first (not
            # answered) at some fits, answered at others; each fit's figure is in this file's git
            # history (`git log -p`). 0.978 against 0.90 (the 2% target) with heldout47-97 in the
            # rows and the sentence vector among the classifier's features.
            True,
        ),
        (
            "i made a mistake in my profile, i put 3 years canadian experience but its actually"
            " 2 years 10 months. i already got the ITA. what should i do?",
            "ita-profile-mistake-decline",
            True,
        ),
        (
            "I am on maintained status and I got a new job offer, can I change employer and start"
            " working before my new permit is approved?",
            "maintained-status-change-employer",
            False,
        ),
    ],
)
def test_the_issue_questions_get_the_right_entry(
    question: str, right: str, may_suggest: bool
) -> None:
    index = _index()
    if UPDATE_MARKER not in index.by_id:
        pytest.skip(f"knowledge/ predates the 2026-12 update (no {UPDATE_MARKER} entry)")
    result = answer(question, index)
    if result.intent == "suggest" and may_suggest:
        assert result.suggestions[0].id == right
    else:
        assert result.intent == "entry" and result.entry is not None
        assert result.entry.id == right

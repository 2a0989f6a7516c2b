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
            # Next to the threshold since the 1.0% wrong-answer target: offered first at the
            # fifth session's fit (0.934 against 0.94), answered at the sixth's (0.939 against
            # 0.935, then 0.948 against 0.9375) and at the 1.5% target; offered first again at
            # the ninth session's fit (0.9374 against 0.9375); answered at the tenth's (0.9487
            # against 0.94) and the eleventh's (0.9469 against 0.9375, 0.9303 against 0.93 with
            # heldout30 in the rows, then 0.9394 against 0.9325 with three more entries); answered
            # with heldout31 in the rows (0.9355 against 0.935), then with heldout32 and three
            # more entries (0.9436 against 0.9325; 0.9376 after the entry-question fixes; 0.9407
            # against 0.935 with heldout33, 0.9417 after the job-offer entry's edit, 0.9369 with
            # the language-test entry; offered first at 0.9333 against 0.935 after the NOC 2026
            # sentence, answered at 0.9401 against 0.935 with heldout34 in the rows, offered first
            # at 0.9265 against 0.935 with heldout35 and the PFL edit, 0.928 after the fee edit;
            # answered at 0.9462 once the entry's title asked it in users' words, 0.9472 against
            # 0.9275 with heldout36 in the rows, 0.9539 against 0.935 with heldout37, 0.9577
            # against 0.94 with heldout38, 0.9535 against 0.935 with heldout39 and the CRS-levers
            # entry, 0.9495 against 0.93 with heldout40, 0.9495 against 0.9175 after the blind
            # label adjudication, 0.9472 against 0.9275 with heldout41-43 in the rows).
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

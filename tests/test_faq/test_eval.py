"""Acceptance: on the held-out set (round 2, tests/data/faq_eval_sealed2.jsonl), top-1 accuracy
>= 90% in scope and >= 90% abstention out of scope. Everything is tuned on the tuning set
(faq_eval_a + faq_eval_b + faq_eval_sealed, all rows; see bot/faq/evaluate.py); the held-out
file is only ever measured. (faq_eval_sealed.jsonl was the round-1 held-out set; it was measured
once and then became tuning data.)"""

from __future__ import annotations

import pytest

from bot.faq.entries import load_entries
from bot.faq.evaluate import eval_files, figures, load_cases, run, sealed_file
from bot.faq.index import FaqIndex

FILES = eval_files()
SEALED = sealed_file()


@pytest.mark.skipif(not FILES, reason="tests/data/faq_eval_a/b/sealed.jsonl not written yet")
def test_the_tuning_set_is_big_enough_and_names_real_entries() -> None:
    cases = load_cases(FILES)
    assert sum(c.expect is not None for c in cases) >= 150
    assert sum(c.expect is None for c in cases) >= 40
    ids = {e.id for e in load_entries()}
    assert {i for c in cases for i in c.accepted} <= ids


@pytest.mark.skipif(
    SEALED is None,
    reason="tests/data/faq_eval_sealed2.jsonl (the round-2 held-out set) has not been written yet",
)
def test_held_out_accuracy_and_abstention() -> None:
    assert SEALED is not None
    cases = load_cases([SEALED])
    ids = {e.id for e in load_entries()}
    assert {i for c in cases for i in c.accepted} <= ids
    held_out = figures(run(cases, FaqIndex.build(load_entries())), "held out")
    assert held_out.top1_accuracy >= 0.90, held_out.line()
    assert held_out.abstention_rate >= 0.90, held_out.line()

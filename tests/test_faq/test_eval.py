"""Acceptance: on the held-out set (round 4, tests/data/faq_eval_sealed4.jsonl), top-1 accuracy
>= 90% in scope and >= 90% abstention out of scope. Everything is tuned on the tuning set
(faq_eval_a + faq_eval_b + faq_eval_sealed + faq_eval_sealed2 + faq_eval_sealed3, all rows;
see bot/faq/evaluate.py); the held-out file is only ever measured. (faq_eval_sealed,
faq_eval_sealed2 and faq_eval_sealed3 were the round-1 to round-3 held-out sets; each was
measured once and then became tuning data.)"""

from __future__ import annotations

import functools

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


@functools.cache
def _held_out() -> tuple[float, float, str]:
    assert SEALED is not None
    cases = load_cases([SEALED])
    ids = {e.id for e in load_entries()}
    assert {i for c in cases for i in c.accepted} <= ids
    held_out = figures(run(cases, FaqIndex.build(load_entries())), "held out")
    return held_out.top1_accuracy, held_out.abstention_rate, held_out.line()


NO_SEALED = "tests/data/faq_eval_sealed4.jsonl (the round-4 held-out set) is missing"


@pytest.mark.skipif(SEALED is None, reason=NO_SEALED)
def test_held_out_accuracy_and_abstention_reach_the_acceptance_bar() -> None:
    top1, abstention, line = _held_out()
    assert top1 >= 0.90, line
    assert abstention >= 0.90, line


@pytest.mark.skipif(SEALED is None, reason=NO_SEALED)
def test_held_out_figures_do_not_regress_below_what_was_measured() -> None:
    """A guard at the figures measured once on the held-out set (276/299 in scope, 57/62 out of
    scope, at commit a592553), so that a change that makes the FAQ worse fails even while it
    still clears the 90/90 bar above."""
    top1, abstention, line = _held_out()
    assert top1 >= 276 / 299 - 1e-9, line
    assert abstention >= 57 / 62 - 1e-9, line

"""Acceptance: on the held-out half, top-1 accuracy >= 90% in scope and >= 90% abstention out
of scope. Thresholds and weights are tuned on the tune half only (bot/faq/evaluate.py)."""

from __future__ import annotations

import pytest

from bot.faq.entries import load_entries
from bot.faq.evaluate import eval_files, figures, load_cases, run
from bot.faq.index import FaqIndex

FILES = eval_files()
pytestmark = pytest.mark.skipif(not FILES, reason="tests/data/faq_eval_*.jsonl not written yet")


def test_the_evaluation_set_is_big_enough() -> None:
    cases = load_cases(FILES)
    assert sum(c.expect is not None for c in cases) >= 150
    assert sum(c.expect is None for c in cases) >= 40
    ids = {e.id for e in load_entries()}
    assert {c.expect for c in cases if c.expect} <= ids


def test_held_out_accuracy_and_abstention() -> None:
    index = FaqIndex.build(load_entries())
    held_out = figures(run(load_cases(FILES), index), "heldout")
    assert held_out.top1_accuracy >= 0.90, held_out.line()
    assert held_out.abstention_rate >= 0.90, held_out.line()

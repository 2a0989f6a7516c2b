"""The entry prior of the learned confidence (`learned.EntryPrior`): how often an entry was
right when ranked first on the tuning rows moves how sure the bot is of it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.faq import learned
from bot.faq.index import FaqIndex


def test_the_prior_is_smoothed_toward_the_overall_rate() -> None:
    prior = learned.EntryPrior({"often-right": (10, 10), "often-wrong": (10, 0)}, 0.8, 5.0)
    assert prior.value("often-right") == pytest.approx((10 + 4) / 15)
    assert prior.value("often-wrong") == pytest.approx(4 / 15)
    assert prior.value("never-ranked-first") == pytest.approx(0.8)


def test_a_pair_prior_is_smoothed_toward_one_half() -> None:
    prior = learned.EntryPrior(pairs={("a", "b"): (8, 8)}, pair_strength=2.0)
    assert prior.pair_value("a", "b") == pytest.approx(9 / 10)
    assert prior.pair_value("b", "a") == pytest.approx(0.5)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_shipped_fits_carry_a_prior_counted_on_tuning_rows(lang: str) -> None:
    fit = learned.load(lang)
    assert fit is not None
    assert len(fit.prior.counts) > 150  # entries ranked first on some tuning row
    assert all(right <= first for first, right in fit.prior.counts.values())
    assert len(fit.prior.pairs) > len(fit.prior.counts)
    assert all(right <= first for first, right in fit.prior.pairs.values())
    assert 0.5 < fit.prior.overall < 1.0


def test_an_entry_that_was_often_wrong_in_first_place_answers_less_surely(
    fixture_index: FaqIndex,
) -> None:
    question = "do my children need police certificates"
    fit = fixture_index.learned
    assert fit is not None
    top = fixture_index.rank(question)
    assert top.top is not None
    best = top.top.entry.id
    fixture_index.learned = replace(fit, prior=learned.EntryPrior({best: (50, 50)}))
    sure = fixture_index.rank(question).answer_probability
    fixture_index.learned = replace(fit, prior=learned.EntryPrior({best: (50, 0)}))
    unsure = fixture_index.rank(question).answer_probability
    assert unsure < sure

"""Rules as dated data: every table is sourced and dated; a new grid is a data addition."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from bot.crs import rules, score
from bot.crs.rules import RULESETS, ruleset_for
from bot.crs.rules.language_equivalency import EQUIVALENCIES

from .helpers import make


def test_every_table_has_source_and_date() -> None:
    for ruleset in RULESETS:
        tables = ruleset.tables()
        assert len(tables) >= 19
        for name, table in tables.items():
            assert table.source.startswith("https://www.canada.ca/"), name
            assert table.effective <= ruleset.effective, name
    for eq in EQUIVALENCIES.values():
        assert eq.source.startswith("https://www.canada.ca/")


def test_ruleset_by_date() -> None:
    assert ruleset_for(date(2025, 3, 25)).id == "2025-03-25"
    assert ruleset_for(date(2026, 1, 1)).id == "2025-03-25"
    with pytest.raises(ValueError, match="no CRS ruleset in force on 2025-03-24"):
        ruleset_for(date(2025, 3, 24))


def test_no_job_offer_points_since_2025_03_25() -> None:
    assert ruleset_for(date(2025, 3, 25)).additional["arranged_employment"] == 0


def test_a_new_grid_is_a_data_addition(monkeypatch: pytest.MonkeyPatch) -> None:
    current = RULESETS[-1]
    # A hypothetical future grid that drops sibling points.
    later = dataclasses.replace(
        current,
        id="2099-01-01",
        effective=date(2099, 1, 1),
        additional=dataclasses.replace(
            current.additional,
            effective=date(2099, 1, 1),
            values={**current.additional.values, "sibling": 0},
        ),
    )
    monkeypatch.setattr(rules, "RULESETS", (*RULESETS, later))
    profile = make(sibling_in_canada=True)
    before = score(profile, on=date(2098, 12, 31))
    after = score(profile, on=date(2099, 1, 1))
    assert (before.rules, after.rules) == ("2025-03-25", "2099-01-01")
    assert before.total - after.total == 15

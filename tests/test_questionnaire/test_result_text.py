"""The result screen explains the skill-transferability caps when its line items add up to
more than the section counts (users add the numbers up)."""

from __future__ import annotations

from datetime import date

from bot.crs import parse_profile, score
from bot.questionnaire.result import result_reply
from bot.standing.assess import assess
from tests.test_questionnaire.helpers import profile

TODAY = date(2026, 12, 4)

NOTE = "IRCC counts at most 50 from the two education rows"


def test_capped_transferability_is_explained() -> None:
    capped = parse_profile(
        profile(
            education="masters",
            first_language={
                "test": "ielts",
                "listening": 9,
                "reading": 8,
                "writing": 7.5,
                "speaking": 8,
            },
            canadian_work_years=3,
            foreign_work_years=3,
        )
    )
    breakdown = score(capped)
    assert breakdown.transferability == 100
    assert sum(breakdown.items["transferability"].values()) == 200
    text = result_reply(assess(capped, draws=[], today=TODAY)).text
    assert "C. Skill transferability: 100</b>" in text
    assert "These add up to 200" in text and NOTE in text


def test_no_note_when_nothing_is_capped() -> None:
    plain = parse_profile(profile())  # bachelor's, CLB 7-8, 1 year in Canada
    breakdown = score(plain)
    assert 0 < breakdown.transferability == sum(breakdown.items["transferability"].values())
    assert NOTE not in result_reply(assess(plain, draws=[], today=TODAY)).text

"""Your score over time: dated changes, each re-scored on the cumulative profile; the points are
computed by hand from /work/shared/reference/crs-grid.md (single column unless noted)."""

from __future__ import annotations

from datetime import date

from bot.crs import Change, score, timeline
from bot.render import environment

from .helpers import make, nclc

TODAY = date(2026, 12, 4)


def rows(changes: list[Change]) -> list[tuple[str, str, int, int]]:
    return [(c.on.isoformat(), c.code, c.total_before, c.total_after) for c in changes]


def text_of(change: Change) -> str:
    template = environment().from_string(
        '{% from "en/questionnaire/_timeline.j2" import change_text %}{{ change_text(c) }}'
    )
    return template.render(c=change)


def test_age_points_fall_at_each_birthday_after_29() -> None:
    # Single, 29, bachelor's, CLB 9: 110 + 120 + 124 + 25 = 379. Born 1997-03-04, so 30 in three
    # months: age 110 -> 105 (-5); 31: 105 -> 99 (-6); 32: 99 -> 94 (-5). Horizon 2029-12-04.
    changes = timeline(make(), today=TODAY, birth_date=date(1997, 3, 4))
    assert rows(changes) == [
        ("2027-03-04", "birthday", 379, 374),
        ("2028-03-04", "birthday", 374, 368),
        ("2029-03-04", "birthday", 368, 363),
    ]
    assert [c.params for c in changes] == [{"age": 30}, {"age": 31}, {"age": 32}]
    assert text_of(changes[0]) == "2027-03-04: you turn 30 — 379 → 374 (−5)"


def test_birthdays_that_change_nothing_are_not_listed() -> None:
    # 25 to 28: 110 points at every age from 20 to 29.
    assert timeline(make(age=25), today=TODAY, birth_date=date(2001, 1, 1)) == []


def test_canadian_work_rises_at_each_anniversary() -> None:
    # No Canadian work yet, started 2026-06-01. 1 year: 0 -> 40, bachelor's + 1 yr 13: +53.
    # 2 years: 40 -> 53 (+13), bachelor's + 2 yrs 13 -> 25 (+12; with + language 25: 50 = cap):
    # +25. 3 years: 53 -> 64: +11.
    changes = timeline(make(), today=TODAY, canadian_work_since=date(2026, 6, 1))
    assert rows(changes) == [
        ("2027-06-01", "canadian_work_anniversary", 379, 432),
        ("2028-06-01", "canadian_work_anniversary", 432, 457),
        ("2029-06-01", "canadian_work_anniversary", 457, 468),
    ]
    assert text_of(changes[1]) == (
        "2028-06-01: 2 years of Canadian work, if you keep working — 432 → 457 (+25)"
    )


def test_canadian_work_stops_rising_after_five_years() -> None:
    # 4 years (since 2022-01-01): the 5th year 72 -> 80 (+8), nothing after.
    # Base: 379 + 72 + bachelor's + Canadian work 25 (cap 50 with + language 25) = 476.
    profile = make(canadian_work_years=4)
    assert score(profile).total == 476
    changes = timeline(profile, today=TODAY, canadian_work_since=date(2022, 1, 1))
    assert rows(changes) == [("2027-01-01", "canadian_work_anniversary", 476, 484)]


def test_a_language_result_counts_for_nothing_after_two_years() -> None:
    # Tested 2025-06-01: on 2027-06-01 CLB 9 (4 x 31 = 124) and bachelor's + language 25 go:
    # 379 - 149 = 230.
    changes = timeline(make(), today=TODAY, language_test_date=date(2025, 6, 1))
    assert rows(changes) == [("2027-06-01", "language_expires", 379, 230)]
    assert changes[0].params["promoted"] is None


def test_a_second_language_becomes_the_first_when_the_first_expires() -> None:
    # CLB 9 + NCLC 7 second: 379 + 12 + French with English 50 = 441. Once English expires,
    # French is the first language: 110 + 120 + 4 x 17 + 13 + French without English 25 = 336.
    profile = make(second_language=nclc(7))
    assert score(profile).total == 441
    changes = timeline(profile, today=TODAY, language_test_date=date(2025, 6, 1))
    assert rows(changes) == [("2027-06-01", "language_expires", 441, 336)]
    assert changes[0].params["promoted"] == "nclc"


def test_an_eca_counts_for_nothing_after_five_years() -> None:
    # Assessed 2022-02-01: on 2027-02-01 the bachelor's (120) and bachelor's + language (25) go:
    # 379 - 145 = 234.
    changes = timeline(make(), today=TODAY, eca_date=date(2022, 2, 1))
    assert rows(changes) == [("2027-02-01", "eca_expires", 379, 234)]
    assert changes[0].params["education"] == "less_than_secondary"


def test_a_canadian_credential_covers_an_expired_eca() -> None:
    covered = make(canadian_education="three_year_plus")
    assert timeline(covered, today=TODAY, eca_date=date(2022, 2, 1)) == []
    # A Canadian 1-2 year credential only: the bachelor's counts as one year, 120 -> 90 (-30);
    # one year is in the same 13/25 class, so transferability stays. 379 + 15 = 394 -> 364.
    partly = make(canadian_education="one_or_two_year")
    changes = timeline(partly, today=TODAY, eca_date=date(2022, 2, 1))
    assert rows(changes) == [("2027-02-01", "eca_expires", 394, 364)]


def test_changes_are_rescored_on_the_cumulative_profile() -> None:
    # Birthday 2027-03-04 (30): 379 -> 374. Language gone 2027-06-01: 374 - 149 = 225.
    # 31 on 2028-03-04: 105 -> 99: 219. 32 on 2029-03-04: 99 -> 94: 214.
    changes = timeline(
        make(),
        today=TODAY,
        birth_date=date(1997, 3, 4),
        language_test_date=date(2025, 6, 1),
    )
    assert rows(changes) == [
        ("2027-03-04", "birthday", 379, 374),
        ("2027-06-01", "language_expires", 374, 225),
        ("2028-03-04", "birthday", 225, 219),
        ("2029-03-04", "birthday", 219, 214),
    ]


def test_only_the_horizon_counts() -> None:
    # One year ahead: only the 2027-03-04 birthday.
    changes = timeline(make(), today=TODAY, birth_date=date(1997, 3, 4), horizon_years=1)
    assert rows(changes) == [("2027-03-04", "birthday", 379, 374)]

"""The /dates answers: how typed dates are read, and what the standing makes of the dates
(the outlook's notes, the tie-break with the submission time, the dated Canadian-work move)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.crs import parse_profile
from bot.draws.parse import ParsedRound
from bot.questionnaire.result import result_reply
from bot.standing.assess import assess
from bot.standing.dated import KnownDates, age_on, outlook
from bot.standing.datetext import DateProblem, parse_date, parse_moment, parse_month, read
from bot.standing.rounds import TIE, TIE_INVITED, TIE_NOT_INVITED
from tests.test_crs.helpers import clb, data

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    "text",
    [
        "1996-03-14",
        "14/03/1996",
        "14.03.1996",
        "March 14 1996",
        "march 14, 1996",
        "Mar 14th 1996",
        "14 March 1996",
        "03/14/1996",  # month first: the only reading that is a date
        # French, as francophones type it (accents optional)
        "14 mars 1996",
        "14 Mars 1996",
        "14 mars, 1996",
    ],
)
def test_a_date_of_birth_is_read_in_the_usual_ways(text: str) -> None:
    assert parse_date(text) == date(1996, 3, 14)


def test_french_month_names_and_forms_are_read() -> None:
    assert parse_date("1er juin 2025") == date(2025, 6, 1)
    assert parse_date("14 déc. 1996") == parse_date("14 decembre 1996") == date(1996, 12, 14)
    assert parse_date("3 août 2024") == parse_date("3 aout 2024") == date(2024, 8, 3)
    assert parse_date("5 févr. 2020") == date(2020, 2, 5)
    assert parse_date("31 juillet 2020") == date(2020, 7, 31)
    assert parse_month("mars 2024") == parse_month("Mars 2024") == date(2024, 3, 1)
    at = datetime(2026, 3, 14, 10, 32, tzinfo=UTC)
    assert parse_moment("14 mars 2026 à 10 h 32")[1] == at
    assert parse_moment("14 mars 2026 10h32")[1] == at
    assert parse_moment("2026-03-14 à 10:32 UTC")[1] == at


def test_ambiguous_numbers_are_day_first() -> None:
    assert parse_date("03/04/1996") == date(1996, 4, 3)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("31/02/1996", "impossible"),
        ("1996-02-30", "impossible"),
        ("1996-13-01", "impossible"),
        ("30/13/1996", "impossible"),
        ("Smarch 14 1996", "format"),
        ("yesterday", "format"),
        ("14/03/96", "format"),
        ("14 jui 1996", "format"),  # juin or juillet
    ],
)
def test_impossible_and_unreadable_dates_are_refused(text: str, code: str) -> None:
    with pytest.raises(DateProblem) as problem:
        parse_date(text)
    assert problem.value.code == code


def test_29_february_exists_in_leap_years_only() -> None:
    assert parse_date("29/02/1996") == date(1996, 2, 29)
    with pytest.raises(DateProblem) as problem:
        parse_date("29/02/1997")
    assert problem.value.params == {"year": 1997, "month": 2, "day": 29}


def test_a_month_and_year_is_the_first_of_the_month() -> None:
    for text in ("03/2024", "2024-03", "March 2024", "mar 2024"):
        assert parse_month(text) == date(2024, 3, 1)
    assert parse_month("2024-03-18") == date(2024, 3, 18)  # a whole date is kept


def test_a_moment_has_a_time_only_when_one_is_typed() -> None:
    assert parse_moment("2026-03-14") == (date(2026, 3, 14), None)
    at = datetime(2026, 3, 14, 10, 32, tzinfo=UTC)
    assert parse_moment("2026-03-14 10:32") == (date(2026, 3, 14), at)
    assert parse_moment("March 14, 2026 at 10:32 UTC")[1] == at
    assert parse_moment("14/03/2026 1:05 pm")[1] == datetime(2026, 3, 14, 13, 5, tzinfo=UTC)
    assert parse_moment("14/03/2026 12:00 am")[1] == datetime(2026, 3, 14, 0, 0, tzinfo=UTC)
    with pytest.raises(DateProblem):
        parse_moment("2026-03-14 25:00")


def test_each_question_refuses_the_future_and_the_impossible_past() -> None:
    with pytest.raises(DateProblem) as future:
        read("language", "2026-12-05", today=TODAY)
    assert future.value.code == "future"
    assert read("work", "12/2026", today=TODAY) == (date(2026, 12, 1), None)  # this month
    with pytest.raises(DateProblem) as next_month:
        read("work", "01/2027", today=TODAY)
    assert next_month.value.code == "future"
    with pytest.raises(DateProblem) as old:
        read("birth", "1926-12-03", today=TODAY)  # 100 years and a day
    assert old.value.code == "too_early"
    with pytest.raises(DateProblem) as early:
        read("submitted", "2014-12-31", today=TODAY)  # Express Entry opened 2015-01-01
    assert early.value.params["earliest"] == date(2015, 1, 1)


def test_age_counts_completed_years() -> None:
    assert age_on(date(1997, 3, 14), date(2027, 3, 13)) == 29
    assert age_on(date(1997, 3, 14), date(2027, 3, 14)) == 30
    assert age_on(date(1996, 2, 29), date(2027, 2, 28)) == 30  # 29 Feb: 1 March in 2027
    assert age_on(date(1996, 2, 29), date(2027, 3, 1)) == 31


def test_the_birth_date_wins_over_the_age_and_past_expiry_is_named() -> None:
    # Profile: 29, bachelor's, CLB 9 (379). Born 1996-03-14: 30 today (105 age points:
    # 374), 31 on 2027-03-14 (99): 374 -> 368.
    profile = parse_profile(data(first_language=clb(9), canadian_work_years=1))
    view = outlook(
        profile,
        KnownDates(
            birth_date=date(1996, 3, 14),
            canadian_work_since=date(2023, 11, 1),  # 3 completed years, the profile says 1
            language_test_date=date(2024, 12, 4),  # 2 years old today
            eca_date=date(2021, 12, 5),  # 5 years old tomorrow
        ),
        today=TODAY,
    )
    assert view.age_today == 30
    assert view.work_years_today == 3
    assert view.expired == ("language",)
    birthday = next(c for c in view.changes if c.code == "birthday")
    assert (birthday.on, birthday.params["age"]) == (date(2027, 3, 14), 31)
    assert view.changes[0].code == "eca_expires"  # 2026-12-05


def _round(cutoff: int, tie_break_at: datetime) -> ParsedRound:
    return ParsedRound(
        number="400",
        draw_date=date(2026, 6, 3),
        name="Canadian Experience Class",
        category="cec",
        invitations=3000,
        cutoff=cutoff,
        drawn_at=None,
        drawn_at_raw="",
        tie_break_at=tie_break_at,
        tie_break_raw="",
    )


def test_the_submission_time_settles_a_tie_at_the_cut_off() -> None:
    # 29, bachelor's, CLB 9, 1 year in Canada: 110 + 120 + 124 + 40 = 394 core; education +
    # language 25 and education + Canadian work 13: 432. A CEC round at 432 with the
    # tie-break at 2026-06-01 12:00 UTC.
    profile = parse_profile(data(first_language=clb(9), canadian_work_years=1))
    draws = [_round(432, datetime(2026, 6, 1, 12, 0, tzinfo=UTC))]
    unknown = assess(profile, draws=draws, today=TODAY)
    assert [r.outcome for r in unknown.rounds] == [TIE]
    before = KnownDates(submitted_at=datetime(2026, 3, 14, 10, 32, tzinfo=UTC))
    invited = assess(profile, draws=draws, today=TODAY, dates=before)
    assert [r.outcome for r in invited.rounds] == [TIE_INVITED]
    assert invited.summary == {"cec": (1, 1)}
    after = KnownDates(submitted_at=datetime(2026, 6, 1, 12, 0, 1, tzinfo=UTC))
    assert [r.outcome for r in assess(profile, draws=draws, today=TODAY, dates=after).rounds] == [
        TIE_NOT_INVITED
    ]
    # Only the submission date: no outlook (no timeline date), the tie stays undecided.
    dated_only = assess(profile, draws=draws, today=TODAY, dates=KnownDates(submitted_on=TODAY))
    assert dated_only.outlook is None and [r.outcome for r in dated_only.rounds] == [TIE]


def test_the_canadian_work_start_dates_the_next_year_and_the_result_shows_the_timeline() -> None:
    profile = parse_profile(data(first_language=clb(9), canadian_work_years=1))
    dates = KnownDates(birth_date=date(1997, 3, 14), canadian_work_since=date(2025, 9, 1))
    s = assess(profile, draws=[], today=TODAY, dates=dates)
    [work] = [m for m in s.moves if m.code == "canadian_work_year"]
    assert work.params == {"years": 2, "on": "2027-09-01"}  # 2025-09-01 + 2 years
    text = result_reply(s).text
    assert "<b>What changes when</b>" in text
    # 30 on 2027-03-14: 432 - 5 = 427; 2 years in Canada on 2027-09-01: Canadian work
    # 40 -> 53 and education + Canadian work 13 -> 25: 427 + 25 = 452.
    assert "• 2027-03-14: you turn 30 — 432 → 427 (−5)" in text
    assert "• 2027-09-01: 2 years of Canadian work, if you keep working — 427 → 452 (+25)" in text
    assert "What changes when" not in result_reply(assess(profile, draws=[], today=TODAY)).text

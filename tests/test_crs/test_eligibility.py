"""CEC, FSW and FST checks: eligible or not, with each unmet requirement named by a code and
its numbers; the English sentences come from ``bot/templates/en/standing/_eligibility.j2``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.crs.eligibility import (
    EligibilityInputs,
    Job,
    Reason,
    check_cec,
    check_fst,
    check_fsw,
    fsw_points,
    qualifying_hours,
)
from bot.render import environment

from .helpers import clb, lang, make

ON = date(2025, 8, 1)


def words(reason: Reason) -> str:
    """The English sentence of a reason, from the template macro."""
    module = environment().get_template("en/standing/_eligibility.j2").module
    return str(module.reason(reason))  # type: ignore[attr-defined]


def job(start: date, days: int, hours: float = 40, teer: int = 1, **kw: Any) -> Job:
    return Job(
        start=start, end=start + timedelta(days=days - 1), hours_per_week=hours, teer=teer, **kw
    )


def test_hours_count_at_most_30_a_week() -> None:
    # 52 weeks at 40 h/week count as 52 x 30 = 1,560 hours.
    j = job(date(2024, 1, 1), 364)
    assert qualifying_hours([j], date(2023, 1, 1), ON, lambda _: True) == 1560
    # Two 20-hour jobs at once still count 30 a week.
    j2 = job(date(2024, 1, 1), 364, hours=20)
    j3 = job(date(2024, 1, 1), 364, hours=20)
    assert qualifying_hours([j2, j3], date(2023, 1, 1), ON, lambda _: True) == 1560


def test_cec_eligible_with_a_year_of_teer_1_work_and_clb_7() -> None:
    inputs = EligibilityInputs(on=ON, jobs=(job(date(2024, 1, 1), 364, in_canada=True),))
    result = check_cec(make(first_language=clb(7)), inputs)
    assert result.eligible
    assert result.unmet == []
    assert result.hours == 1560


def test_cec_part_time_equivalent() -> None:
    # 20 h/week: 78 weeks (546 days) = 1,560 hours; 52 weeks = 1,040 hours.
    enough = EligibilityInputs(on=ON, jobs=(job(date(2024, 1, 1), 546, 20, in_canada=True),))
    assert check_cec(make(), enough).eligible
    short = EligibilityInputs(on=ON, jobs=(job(date(2024, 1, 1), 364, 20, in_canada=True),))
    result = check_cec(make(), short)
    assert not result.eligible
    assert result.unmet == [Reason("cec_hours", {"needed": 1560, "have": 1040})]
    assert words(result.unmet[0]) == (
        "1,560 hours of paid skilled (TEER 0-3) work in Canada in the last 3 years, not "
        "self-employed or as a full-time student (you have 1,040)"
    )


def test_cec_language_depends_on_teer() -> None:
    clb6 = make(first_language=clb(6))
    teer1 = EligibilityInputs(on=ON, jobs=(job(date(2024, 1, 1), 364, teer=1, in_canada=True),))
    result = check_cec(clb6, teer1)
    assert not result.eligible
    # 1,560 hours of TEER 1 work, none of TEER 2-3: level 6 needs the TEER 2-3 route.
    assert result.unmet == [
        Reason(
            "language_min",
            {"needed": 7, "have": 6, "teer": "teer01", "teer23_hours": 0, "hours_needed": 1560},
        )
    ]
    assert words(result.unmet[0]) == (
        "CLB/NCLC 7 in all four abilities for experience in TEER 0 or 1 jobs (your lowest "
        "ability is level 6); at level 5-6 only TEER 2 or 3 work counts, and you have 0 of the "
        "1,560 hours"
    )
    teer3 = EligibilityInputs(on=ON, jobs=(job(date(2024, 1, 1), 364, teer=3, in_canada=True),))
    assert check_cec(make(first_language=clb(5)), teer3).eligible
    clb4 = check_cec(make(first_language=clb(4)), teer3)
    assert not clb4.eligible
    assert clb4.unmet == [Reason("language_min", {"needed": 5, "have": 4, "teer": "teer23"})]
    assert words(clb4.unmet[0]) == (
        "CLB/NCLC 5 in all four abilities for TEER 2 or 3 work, CLB/NCLC 7 for TEER 0 or 1 "
        "work (your lowest ability is level 4)"
    )


def test_no_language_result_is_named_not_scored_as_level_0() -> None:
    # The questionnaire enters "no test" as CLB 0 in all four abilities.
    teer3 = EligibilityInputs(on=ON, jobs=(job(date(2024, 1, 1), 364, teer=3, in_canada=True),))
    result = check_cec(make(first_language=clb(0)), teer3)
    assert result.unmet == [Reason("no_language_test")]
    assert words(result.unmet[0]).startswith("a valid language test result")


def test_cec_excludes_foreign_self_employed_student_and_old_work() -> None:
    jobs = (
        job(date(2024, 1, 1), 364, in_canada=False),
        job(date(2024, 1, 1), 364, in_canada=True, self_employed=True),
        job(date(2024, 1, 1), 364, in_canada=True, full_time_student=True),
        job(date(2020, 1, 1), 364, in_canada=True),  # more than 3 years before ON
        job(date(2024, 1, 1), 364, teer=4, in_canada=True),
    )
    result = check_cec(make(), EligibilityInputs(on=ON, jobs=jobs))
    assert not result.eligible
    assert result.hours == 0


FOREIGN_YEAR = job(date(2023, 1, 1), 364, noc="21231")


def test_fsw_grid_points_worked_example() -> None:
    # Single, 29, bachelor's, CLB 9 x4, one year of skilled foreign work:
    # language 4 x 6 = 24; education 21; experience 1 yr 9; age 12; no offer 0;
    # adaptability 0 -> 66, one short of 67.
    inputs = EligibilityInputs(
        on=ON, jobs=(FOREIGN_YEAR,), education_assessed=True, settlement_funds=20_000
    )
    profile = make()
    assert fsw_points(profile, inputs) == {
        "language": 24,
        "education": 21,
        "experience": 9,
        "age": 12,
        "arranged_employment": 0,
        "adaptability": 0,
    }
    result = check_fsw(profile, inputs)
    assert not result.eligible
    assert result.points == 66
    assert result.unmet == [Reason("fsw_points", {"needed": 67, "have": 66})]
    assert words(result.unmet[0]) == "67 points on the FSW selection grid (you have 66)"
    # A sibling in Canada adds 5 adaptability points: 71.
    with_sibling = check_fsw(make(sibling_in_canada=True), inputs)
    assert with_sibling.eligible
    assert with_sibling.points == 71


def test_fsw_minimum_requirements_named() -> None:
    inputs = EligibilityInputs(on=ON, jobs=(job(date(2025, 1, 1), 100, noc="21231"),))
    result = check_fsw(make(first_language=lang("ielts", 6, 5.5, 6, 6)), inputs)
    # 100 days at 40 h/week: 14 weeks and 2 days x 30 h = 428 hours (100 x 30 / 7 = 428.6).
    # IELTS R6 W5.5 L6 S6: CLB 7 R, 6 W, 7 L, 7 S -> lowest 6.
    # Points: language 3 x 4 = 12 (CLB 6: 0), education 21, experience 0, age 12 -> 45.
    codes = [r.code for r in result.unmet]
    assert codes == ["fsw_work", "fsw_language", "eca", "funds", "fsw_points"]
    work, language, _eca, funds, points = result.unmet
    assert work.params == {"needed": 1560, "have": 428}
    assert language.params == {"needed": 7, "have": 6, "scale": "CLB"}
    # Family of 1 on 2025-08-01: the table of 2025-07-07, $15,263.
    assert funds.params == {
        "needed": 15_263,
        "have": 0,
        "family_size": 1,
        "effective": date(2025, 7, 7),
    }
    assert points.params == {"needed": 67, "have": 45}
    assert [words(r) for r in result.unmet] == [
        "one year (1,560 hours) of paid skilled (TEER 0-3) work in one occupation in the last "
        "10 years (you have 428)",
        "CLB 7 in all four abilities of your first official language (your lowest is 6)",
        "an Educational Credential Assessment (ECA) of your foreign education",
        "settlement funds of $15,263 for a family of 1 (you have $0); not needed with a valid "
        "job offer while authorized to work in Canada",
        "67 points on the FSW selection grid (you have 45)",
    ]
    assert not result.eligible


def test_fsw_funds_by_date_and_exemption() -> None:
    before = EligibilityInputs(on=date(2025, 7, 6), jobs=(FOREIGN_YEAR,), family_size=3)
    funds = [r for r in check_fsw(make(), before).unmet if r.code == "funds"]
    # On 2025-07-06 the table of 2024-05-27 applies: a family of 3 needs $22,483.
    assert [(r.params["needed"], r.params["family_size"]) for r in funds] == [(22_483, 3)]
    exempt = EligibilityInputs(
        on=ON,
        jobs=(FOREIGN_YEAR,),
        job_offer=True,
        authorized_to_work=True,
        education_assessed=True,
    )
    # Job offer: arranged employment 10 + adaptability 5 -> 66 + 15 = 81; no funds needed.
    result = check_fsw(make(), exempt)
    assert result.eligible
    assert result.points == 81


def test_fst() -> None:
    trade = job(date(2022, 1, 1), 728, skilled_trade=True, teer=2)  # 104 weeks x 30 = 3,120
    profile = make(first_language=lang("clb", 4, 4, 5, 5), certificate_of_qualification=True)
    ok = EligibilityInputs(on=ON, jobs=(trade,), settlement_funds=16_000)
    assert check_fst(profile, ok).eligible
    result = check_fst(make(first_language=lang("clb", 4, 4, 4, 5)), ok)
    assert not result.eligible
    # clb(reading, writing, listening, speaking) = 4, 4, 4, 5: listening 4 is below 5.
    assert result.unmet == [
        Reason(
            "fst_language",
            {
                "needed": {"speaking": 5, "listening": 5, "reading": 4, "writing": 4},
                "have": {"speaking": 5, "listening": 4, "reading": 4, "writing": 4},
            },
        ),
        Reason("fst_offer_or_certificate"),
    ]
    assert [words(r) for r in result.unmet] == [
        "CLB/NCLC 5 in speaking and listening and 4 in reading and writing (yours: speaking 5, "
        "listening 4, reading 4, writing 4)",
        "a valid full-time job offer of at least one year, or a certificate of qualification in "
        "your trade from a Canadian province, territory or federal body",
    ]
    short = EligibilityInputs(on=ON, jobs=(job(date(2024, 1, 1), 364, skilled_trade=True),))
    hours = check_fst(profile, short).unmet[0]
    # 52 weeks x 30 h = 1,560 of the 2 x 1,560 = 3,120 hours.
    assert hours == Reason("fst_hours", {"needed": 3120, "have": 1560})
    assert words(hours) == (
        "two years (3,120 hours) of paid work in a skilled trade in the last 5 years "
        "(you have 1,560)"
    )

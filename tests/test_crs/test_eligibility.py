"""CEC, FSW and FST checks: eligible or not, with each unmet requirement named."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.crs.eligibility import (
    EligibilityInputs,
    Job,
    check_cec,
    check_fst,
    check_fsw,
    fsw_points,
    qualifying_hours,
)

from .helpers import clb, lang, make

ON = date(2025, 8, 1)


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
    assert "1,560 hours" in result.unmet[0]
    assert "you have 1,040" in result.unmet[0]


def test_cec_language_depends_on_teer() -> None:
    clb6 = make(first_language=clb(6))
    teer1 = EligibilityInputs(on=ON, jobs=(job(date(2024, 1, 1), 364, teer=1, in_canada=True),))
    result = check_cec(clb6, teer1)
    assert not result.eligible
    assert "CLB/NCLC 7" in result.unmet[0] and "TEER 0 or 1" in result.unmet[0]
    teer3 = EligibilityInputs(on=ON, jobs=(job(date(2024, 1, 1), 364, teer=3, in_canada=True),))
    assert check_cec(make(first_language=clb(5)), teer3).eligible
    assert not check_cec(make(first_language=clb(4)), teer3).eligible


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
    assert result.unmet == ["67 points on the FSW selection grid (you have 66)"]
    # A sibling in Canada adds 5 adaptability points: 71.
    with_sibling = check_fsw(make(sibling_in_canada=True), inputs)
    assert with_sibling.eligible
    assert with_sibling.points == 71


def test_fsw_minimum_requirements_named() -> None:
    inputs = EligibilityInputs(on=ON, jobs=(job(date(2025, 1, 1), 100, noc="21231"),))
    result = check_fsw(make(first_language=lang("ielts", 6, 5.5, 6, 6)), inputs)
    text = " | ".join(result.unmet)
    assert "1,560 hours) of paid skilled (TEER 0-3) work in one occupation" in text
    assert "CLB 7 in all four abilities" in text
    assert "Educational Credential Assessment" in text
    assert "settlement funds of $15,263 for a family of 1" in text  # table of 2025-07-07
    assert not result.eligible


def test_fsw_funds_by_date_and_exemption() -> None:
    before = EligibilityInputs(on=date(2025, 7, 6), jobs=(FOREIGN_YEAR,), family_size=3)
    assert any("$22,483 for a family of 3" in u for u in check_fsw(make(), before).unmet)
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
    assert any("CLB/NCLC 5 in speaking and listening" in u for u in result.unmet)
    assert any("certificate of qualification" in u for u in result.unmet)
    short = EligibilityInputs(on=ON, jobs=(job(date(2024, 1, 1), 364, skilled_trade=True),))
    assert any("3,120 hours" in u for u in check_fst(profile, short).unmet)

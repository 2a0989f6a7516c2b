"""Program eligibility: Canadian Experience Class, Federal Skilled Worker, Federal Skilled Trades.

The checks need facts the CRS profile does not hold (jobs with hours, TEER and dates; funds;
a job offer), given separately as ``EligibilityInputs``. Every unmet requirement is named.
Sources: ``bot.crs.rules.program_requirements``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.crs.language import clb_levels, scale_name
from bot.crs.profile import PARTNERED, Profile
from bot.crs.rules.program_requirements import FSW_GRID, funds_for
from bot.crs.rules.table import Table, banded

HOURS_PER_YEAR = 1_560  # 30 hours a week for 52 weeks
MAX_HOURS_PER_WEEK = 30  # hours beyond 30 a week do not count


@dataclass(frozen=True)
class Job:
    """One period of work. ``end`` None means still working."""

    start: date
    end: date | None
    hours_per_week: float
    teer: int  # NOC 2021 TEER category 0-5
    noc: str = ""  # NOC code; the same code is the same occupation (FSW)
    in_canada: bool = False
    paid: bool = True
    self_employed: bool = False
    full_time_student: bool = False  # worked while a full-time student (not counted for CEC)
    skilled_trade: bool = False  # an occupation in an FST skilled-trade group


@dataclass(frozen=True)
class EligibilityInputs:
    """Facts beyond the CRS profile that the program checks need."""

    on: date  # the date of the check (applying / entering the pool)
    jobs: tuple[Job, ...] = ()
    family_size: int = 1  # you, spouse/partner, dependent children (even if not coming)
    settlement_funds: int = 0  # CAD available
    job_offer: bool = False  # valid full-time job offer of at least one year
    authorized_to_work: bool = False  # currently authorized to work in Canada
    education_assessed: bool = False  # foreign credential has an ECA
    studied_in_canada: bool = False  # 2+ years full-time study in Canada (you)
    spouse_studied_in_canada: bool = False
    spouse_worked_in_canada: bool = False  # 1+ year full-time in Canada
    relative_in_canada: bool = False  # adult relative who is a citizen/PR living in Canada


@dataclass(frozen=True)
class Eligibility:
    program: str
    eligible: bool
    unmet: list[str] = field(default_factory=list)
    points: int | None = None  # FSW selection-grid points
    hours: int = 0  # qualifying hours found


def _years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def qualifying_hours(
    jobs: Iterable[Job], start: date, end: date, keep: Callable[[Job], bool]
) -> float:
    """Hours of the kept jobs between ``start`` (exclusive) and ``end`` (inclusive).

    Worked out day by day, with at most 30 hours a week counted across all jobs.
    """
    chosen = [j for j in jobs if keep(j)]
    if not chosen:
        return 0.0
    weekly_days = 0.0
    day = start + timedelta(days=1)
    while day <= end:
        weekly = sum(
            j.hours_per_week for j in chosen if j.start <= day and (j.end is None or day <= j.end)
        )
        weekly_days += min(weekly, MAX_HOURS_PER_WEEK)
        day += timedelta(days=1)
    return round(weekly_days / 7, 6)


def _best_min_level(profile: Profile) -> int:
    levels = [min(clb_levels(profile.first_language).values())]
    if profile.second_language is not None:
        levels.append(min(clb_levels(profile.second_language).values()))
    return max(levels)


def _funds_unmet(inputs: EligibilityInputs) -> list[str]:
    if inputs.job_offer and inputs.authorized_to_work:
        return []
    table = funds_for(inputs.on)
    need = table.required(inputs.family_size)
    if inputs.settlement_funds >= need:
        return []
    return [
        f"settlement funds of ${need:,} for a family of {max(1, inputs.family_size)} "
        f"(you have ${inputs.settlement_funds:,}); not needed with a valid job offer "
        "while authorized to work in Canada"
    ]


def check_cec(profile: Profile, inputs: EligibilityInputs) -> Eligibility:
    """Canadian Experience Class: 1,560 hours of skilled Canadian work in the last 3 years,
    CLB 7 for TEER 0-1 work or CLB 5 for TEER 2-3 work."""
    start = _years_before(inputs.on, 3)

    def canadian(teers: range) -> Callable[[Job], bool]:
        return lambda j: (
            j.in_canada
            and j.paid
            and not j.self_employed
            and not j.full_time_student
            and j.teer in teers
        )

    all_hours = qualifying_hours(inputs.jobs, start, inputs.on, canadian(range(0, 4)))
    teer23_hours = qualifying_hours(inputs.jobs, start, inputs.on, canadian(range(2, 4)))
    level = _best_min_level(profile)
    unmet: list[str] = []
    if all_hours < HOURS_PER_YEAR:
        unmet.append(
            f"{HOURS_PER_YEAR:,} hours of paid skilled (TEER 0-3) work in Canada in the last "
            f"3 years, not self-employed or as a full-time student (you have {int(all_hours):,})"
        )
    if level < 5:
        unmet.append(
            f"CLB/NCLC 5 in all four abilities for TEER 2 or 3 work, CLB/NCLC 7 for TEER 0 or 1 "
            f"work (your lowest ability is level {level})"
        )
    elif level < 7 and all_hours >= HOURS_PER_YEAR and teer23_hours < HOURS_PER_YEAR:
        unmet.append(
            f"CLB/NCLC 7 in all four abilities for experience in TEER 0 or 1 jobs (your lowest "
            f"ability is level {level}); at level 5-6 only TEER 2 or 3 work counts, and you "
            f"have {int(teer23_hours):,} of the {HOURS_PER_YEAR:,} hours"
        )
    return Eligibility("cec", not unmet, unmet, hours=int(all_hours))


def fsw_points(profile: Profile, inputs: EligibilityInputs) -> dict[str, int]:
    """Points on the FSW selection grid, by factor."""
    grid = FSW_GRID
    levels = clb_levels(profile.first_language)
    language = 0
    for value in levels.values():
        language += banded(_table(grid.language_per_ability), value, 0)
    if (
        profile.second_language is not None
        and min(clb_levels(profile.second_language).values()) >= 5
    ):
        language += grid.second_language_all_clb5
    start = _years_before(inputs.on, 10)
    skilled = qualifying_hours(inputs.jobs, start, inputs.on, lambda j: j.paid and j.teer <= 3)
    years = int(skilled // HOURS_PER_YEAR)
    partner = profile.marital_status in PARTNERED and profile.spouse_accompanying
    earliest = min((j.start for j in inputs.jobs), default=inputs.on) - timedelta(days=1)
    canada_hours = qualifying_hours(
        inputs.jobs, earliest, inputs.on, lambda j: j.in_canada and j.paid and j.teer <= 3
    )
    adapt = grid.adaptability
    adaptability = 0
    spouse_lang = profile.spouse_language
    if partner and spouse_lang is not None and min(clb_levels(spouse_lang).values()) >= 4:
        adaptability += adapt["spouse_language"]
    if inputs.studied_in_canada or profile.canadian_education == "three_year_plus":
        adaptability += adapt["past_study"]
    if partner and inputs.spouse_studied_in_canada:
        adaptability += adapt["spouse_past_study"]
    if canada_hours >= HOURS_PER_YEAR:
        adaptability += adapt["past_work"]
    if partner and (inputs.spouse_worked_in_canada or profile.spouse_canadian_work_years >= 1):
        adaptability += adapt["spouse_past_work"]
    if inputs.job_offer:
        adaptability += adapt["arranged_employment"]
    if inputs.relative_in_canada or profile.sibling_in_canada:
        adaptability += adapt["relative"]
    return {
        "language": language,
        "education": grid.education[profile.education],
        "experience": banded(_table(grid.experience), years, 0),
        "age": grid.age.get(profile.age, 0),
        "arranged_employment": grid.arranged_employment if inputs.job_offer else 0,
        "adaptability": min(grid.adaptability_cap, adaptability),
    }


def _table(values: dict[int, int]) -> Table[int, int]:
    return Table(source=FSW_GRID.source, effective=FSW_GRID.effective, values=values)


def _same_occupation(noc: str) -> Callable[[Job], bool]:
    return lambda j: j.noc == noc and j.teer <= 3 and j.paid


def check_fsw(profile: Profile, inputs: EligibilityInputs) -> Eligibility:
    """Federal Skilled Worker: minimum requirements and 67 points on the selection grid."""
    unmet: list[str] = []
    start = _years_before(inputs.on, 10)
    by_noc: dict[str, float] = {}
    for noc in {j.noc for j in inputs.jobs if j.teer <= 3 and j.paid}:
        by_noc[noc] = qualifying_hours(inputs.jobs, start, inputs.on, _same_occupation(noc))
    best = max(by_noc.values(), default=0.0)
    if best < HOURS_PER_YEAR:
        unmet.append(
            f"one year ({HOURS_PER_YEAR:,} hours) of paid skilled (TEER 0-3) work in one "
            f"occupation in the last 10 years (you have {int(best):,})"
        )
    levels = clb_levels(profile.first_language)
    if min(levels.values()) < 7:
        unmet.append(
            f"{scale_name(profile.first_language.test)} 7 in all four abilities of your first "
            f"official language (your lowest is {min(levels.values())})"
        )
    if profile.education == "less_than_secondary":
        unmet.append("a secondary school diploma or a post-secondary credential")
    elif profile.canadian_education == "none" and not inputs.education_assessed:
        unmet.append("an Educational Credential Assessment (ECA) of your foreign education")
    unmet += _funds_unmet(inputs)
    points = sum(fsw_points(profile, inputs).values())
    if points < FSW_GRID.pass_mark:
        unmet.append(f"{FSW_GRID.pass_mark} points on the FSW selection grid (you have {points})")
    return Eligibility("fsw", not unmet, unmet, points=points, hours=int(best))


def check_fst(profile: Profile, inputs: EligibilityInputs) -> Eligibility:
    """Federal Skilled Trades: 2 years of trade work in 5 years, CLB 5 speaking and listening
    and 4 reading and writing, a job offer or a certificate of qualification, funds."""
    unmet: list[str] = []
    start = _years_before(inputs.on, 5)
    hours = qualifying_hours(inputs.jobs, start, inputs.on, lambda j: j.paid and j.skilled_trade)
    if hours < 2 * HOURS_PER_YEAR:
        unmet.append(
            f"two years ({2 * HOURS_PER_YEAR:,} hours) of paid work in a skilled trade in the "
            f"last 5 years (you have {int(hours):,})"
        )
    needs = {"speaking": 5, "listening": 5, "reading": 4, "writing": 4}
    candidates = [profile.first_language]
    if profile.second_language is not None:
        candidates.append(profile.second_language)
    meets = any(all(clb_levels(r)[a] >= lvl for a, lvl in needs.items()) for r in candidates)
    if not meets:
        levels = clb_levels(profile.first_language)
        mine = ", ".join(f"{a} {levels[a]}" for a in needs)
        unmet.append(
            f"CLB/NCLC 5 in speaking and listening and 4 in reading and writing (yours: {mine})"
        )
    if not (inputs.job_offer or profile.certificate_of_qualification):
        unmet.append(
            "a valid full-time job offer of at least one year, or a certificate of "
            "qualification in your trade from a Canadian province, territory or federal body"
        )
    unmet += _funds_unmet(inputs)
    return Eligibility("fst", not unmet, unmet, hours=int(hours))

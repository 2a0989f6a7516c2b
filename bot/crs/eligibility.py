"""Program eligibility: Canadian Experience Class, Federal Skilled Worker, Federal Skilled Trades.

The checks need facts the CRS profile does not hold (jobs with hours, TEER and dates; funds;
a job offer), given separately as ``EligibilityInputs``. Every unmet requirement is named by a
``Reason``: a code and its numbers, never a sentence (the words are in
``bot/templates/en/standing/_eligibility.j2``). Sources: ``bot.crs.rules.program_requirements``.

Reason codes and their params:

- ``no_language_test``: no valid language result ({}).
- ``language_min`` (CEC): ``needed``/``have`` lowest CLB/NCLC level and ``teer`` ("teer23": the
  CLB 5 rule for TEER 2-3 work, "teer01": the CLB 7 rule for TEER 0-1 work; then also
  ``teer23_hours`` and ``hours_needed``, the TEER 2-3 hours found and needed).
- ``fsw_language``: ``needed``/``have`` lowest level of the first official language, ``scale``.
- ``fst_language``: ``needed``/``have``: level per ability (speaking, listening, reading, writing).
- ``cec_hours``, ``fsw_work``, ``fst_hours``: ``needed``/``have`` qualifying hours.
- ``education_min`` (FSW): secondary or post-secondary credential needed ({}).
- ``eca`` (FSW): an Educational Credential Assessment of foreign education ({}).
- ``funds``: ``needed``/``have`` CAD, ``family_size``, ``effective`` (the table's date).
- ``fsw_points``: ``needed`` (the pass mark) and ``have`` selection-grid points.
- ``fst_offer_or_certificate``: a job offer or a certificate of qualification ({}).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bot.crs.language import clb_levels, scale_name
from bot.crs.profile import PARTNERED, Profile
from bot.crs.rules.program_requirements import FSW_GRID, funds_for
from bot.crs.rules.table import Table, banded

HOURS_PER_YEAR = 1_560  # 30 hours a week for 52 weeks
MAX_HOURS_PER_WEEK = 30  # hours beyond 30 a week do not count
CEC_CLB_TEER23 = 5  # CEC: lowest ability for TEER 2-3 work
CEC_CLB_TEER01 = 7  # CEC: lowest ability for TEER 0-1 work
FSW_CLB = 7  # FSW: lowest ability of the first official language
FST_CLB: Mapping[str, int] = {"speaking": 5, "listening": 5, "reading": 4, "writing": 4}
FST_HOURS = 2 * HOURS_PER_YEAR  # FST: two years of trade work in the last 5 years


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
class Reason:
    """Why a program is (or may not be) open: a code and the numbers its sentence needs."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __hash__(self) -> int:  # params hold dicts; equal reasons share a code
        return hash(self.code)


@dataclass(frozen=True)
class Eligibility:
    program: str
    eligible: bool
    unmet: list[Reason] = field(default_factory=list)
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


def no_language_result(profile: Profile) -> bool:
    """True when the profile holds no language result: the questionnaire enters "no test" as
    CLB 0 in all four abilities (CLB levels start at 1, so 0 is never a real result)."""
    first = profile.first_language
    no_first = first.test == "clb" and not any(clb_levels(first).values())
    return no_first and profile.second_language is None


def best_min_level(profile: Profile) -> int:
    """The lowest ability of the better of the two official-language results."""
    levels = [min(clb_levels(profile.first_language).values())]
    if profile.second_language is not None:
        levels.append(min(clb_levels(profile.second_language).values()))
    return max(levels)


def funds_reason(on: date, family_size: int, have: int) -> Reason:
    """The settlement-funds requirement on ``on`` for a family, with what is held."""
    table = funds_for(on)
    size = max(1, family_size)
    return Reason(
        "funds",
        {
            "needed": table.required(size),
            "have": have,
            "family_size": size,
            "effective": table.effective,
        },
    )


def _funds_unmet(inputs: EligibilityInputs) -> list[Reason]:
    if inputs.job_offer and inputs.authorized_to_work:
        return []
    reason = funds_reason(inputs.on, inputs.family_size, inputs.settlement_funds)
    return [] if inputs.settlement_funds >= reason.params["needed"] else [reason]


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
    level = best_min_level(profile)
    unmet: list[Reason] = []
    if all_hours < HOURS_PER_YEAR:
        unmet.append(Reason("cec_hours", {"needed": HOURS_PER_YEAR, "have": int(all_hours)}))
    if no_language_result(profile):
        unmet.append(Reason("no_language_test"))
    elif level < CEC_CLB_TEER23:
        unmet.append(cec_language(level, "teer23"))
    elif level < CEC_CLB_TEER01 and all_hours >= HOURS_PER_YEAR and teer23_hours < HOURS_PER_YEAR:
        unmet.append(cec_language(level, "teer01", int(teer23_hours)))
    return Eligibility("cec", not unmet, unmet, hours=int(all_hours))


def cec_language(level: int, teer: str, teer23_hours: int | None = None) -> Reason:
    """The CEC language rule that ``level`` misses: CLB/NCLC 5 for TEER 2-3 work ("teer23"),
    7 for TEER 0-1 work ("teer01", with the TEER 2-3 hours found)."""
    if teer == "teer23":
        return Reason("language_min", {"needed": CEC_CLB_TEER23, "have": level, "teer": teer})
    params: dict[str, Any] = {"needed": CEC_CLB_TEER01, "have": level, "teer": teer}
    if teer23_hours is not None:
        params.update(teer23_hours=teer23_hours, hours_needed=HOURS_PER_YEAR)
    return Reason("language_min", params)


def fsw_points(profile: Profile, inputs: EligibilityInputs) -> dict[str, int]:
    """Points on the FSW selection grid, by factor, from the jobs held."""
    start = _years_before(inputs.on, 10)
    skilled = qualifying_hours(inputs.jobs, start, inputs.on, lambda j: j.paid and j.teer <= 3)
    earliest = min((j.start for j in inputs.jobs), default=inputs.on) - timedelta(days=1)
    canada_hours = qualifying_hours(
        inputs.jobs, earliest, inputs.on, lambda j: j.in_canada and j.paid and j.teer <= 3
    )
    return grid_points(
        profile,
        experience_years=int(skilled // HOURS_PER_YEAR),
        worked_in_canada=canada_hours >= HOURS_PER_YEAR,
        job_offer=inputs.job_offer,
        studied_in_canada=inputs.studied_in_canada,
        spouse_studied_in_canada=inputs.spouse_studied_in_canada,
        spouse_worked_in_canada=inputs.spouse_worked_in_canada,
        relative_in_canada=inputs.relative_in_canada,
    )


def grid_points(
    profile: Profile,
    *,
    experience_years: int,
    worked_in_canada: bool,
    job_offer: bool,
    studied_in_canada: bool = False,
    spouse_studied_in_canada: bool = False,
    spouse_worked_in_canada: bool = False,
    relative_in_canada: bool = False,
) -> dict[str, int]:
    """Points on the FSW selection grid, by factor, from the profile and the facts given."""
    grid = FSW_GRID
    language = 0
    for value in clb_levels(profile.first_language).values():
        language += banded(_table(grid.language_per_ability), value, 0)
    if (
        profile.second_language is not None
        and min(clb_levels(profile.second_language).values()) >= 5
    ):
        language += grid.second_language_all_clb5
    partner = profile.marital_status in PARTNERED and profile.spouse_accompanying
    adapt = grid.adaptability
    adaptability = 0
    spouse_lang = profile.spouse_language
    if partner and spouse_lang is not None and min(clb_levels(spouse_lang).values()) >= 4:
        adaptability += adapt["spouse_language"]
    if studied_in_canada or profile.canadian_education == "three_year_plus":
        adaptability += adapt["past_study"]
    if partner and spouse_studied_in_canada:
        adaptability += adapt["spouse_past_study"]
    if worked_in_canada:
        adaptability += adapt["past_work"]
    if partner and (spouse_worked_in_canada or profile.spouse_canadian_work_years >= 1):
        adaptability += adapt["spouse_past_work"]
    if job_offer:
        adaptability += adapt["arranged_employment"]
    if relative_in_canada or profile.sibling_in_canada:
        adaptability += adapt["relative"]
    return {
        "language": language,
        "education": grid.education[profile.education],
        "experience": banded(_table(grid.experience), experience_years, 0),
        "age": grid.age.get(profile.age, 0),
        "arranged_employment": grid.arranged_employment if job_offer else 0,
        "adaptability": min(grid.adaptability_cap, adaptability),
    }


def _table(values: dict[int, int]) -> Table[int, int]:
    return Table(source=FSW_GRID.source, effective=FSW_GRID.effective, values=values)


def _same_occupation(noc: str) -> Callable[[Job], bool]:
    return lambda j: j.noc == noc and j.teer <= 3 and j.paid


def fsw_language(profile: Profile) -> Reason | None:
    """FSW's language minimum: CLB/NCLC 7 in all four abilities of the first official language."""
    if no_language_result(profile):
        return Reason("no_language_test")
    lowest = min(clb_levels(profile.first_language).values())
    if lowest >= FSW_CLB:
        return None
    scale = scale_name(profile.first_language.test)
    return Reason("fsw_language", {"needed": FSW_CLB, "have": lowest, "scale": scale})


def fsw_education(profile: Profile, assessed: bool) -> Reason | None:
    """FSW's education minimum: secondary or more, with an ECA for foreign education."""
    if profile.education == "less_than_secondary":
        return Reason("education_min")
    if profile.canadian_education == "none" and not assessed:
        return Reason("eca")
    return None


def check_fsw(profile: Profile, inputs: EligibilityInputs) -> Eligibility:
    """Federal Skilled Worker: minimum requirements and 67 points on the selection grid."""
    unmet: list[Reason] = []
    start = _years_before(inputs.on, 10)
    by_noc: dict[str, float] = {}
    for noc in {j.noc for j in inputs.jobs if j.teer <= 3 and j.paid}:
        by_noc[noc] = qualifying_hours(inputs.jobs, start, inputs.on, _same_occupation(noc))
    best = max(by_noc.values(), default=0.0)
    if best < HOURS_PER_YEAR:
        unmet.append(Reason("fsw_work", {"needed": HOURS_PER_YEAR, "have": int(best)}))
    for reason in (fsw_language(profile), fsw_education(profile, inputs.education_assessed)):
        if reason is not None:
            unmet.append(reason)
    unmet += _funds_unmet(inputs)
    points = sum(fsw_points(profile, inputs).values())
    if points < FSW_GRID.pass_mark:
        unmet.append(Reason("fsw_points", {"needed": FSW_GRID.pass_mark, "have": points}))
    return Eligibility("fsw", not unmet, unmet, points=points, hours=int(best))


def fst_language(profile: Profile) -> Reason | None:
    """FST's language minimum, met by either official language: CLB/NCLC 5 in speaking and
    listening, 4 in reading and writing."""
    if no_language_result(profile):
        return Reason("no_language_test")
    candidates = [profile.first_language]
    if profile.second_language is not None:
        candidates.append(profile.second_language)
    if any(all(clb_levels(r)[a] >= n for a, n in FST_CLB.items()) for r in candidates):
        return None
    levels = clb_levels(profile.first_language)
    return Reason(
        "fst_language", {"needed": dict(FST_CLB), "have": {a: levels[a] for a in FST_CLB}}
    )


def check_fst(profile: Profile, inputs: EligibilityInputs) -> Eligibility:
    """Federal Skilled Trades: 2 years of trade work in 5 years, CLB 5 speaking and listening
    and 4 reading and writing, a job offer or a certificate of qualification, funds."""
    unmet: list[Reason] = []
    start = _years_before(inputs.on, 5)
    hours = qualifying_hours(inputs.jobs, start, inputs.on, lambda j: j.paid and j.skilled_trade)
    if hours < FST_HOURS:
        unmet.append(Reason("fst_hours", {"needed": FST_HOURS, "have": int(hours)}))
    language = fst_language(profile)
    if language is not None:
        unmet.append(language)
    if not (inputs.job_offer or profile.certificate_of_qualification):
        unmet.append(Reason("fst_offer_or_certificate"))
    unmet += _funds_unmet(inputs)
    return Eligibility("fst", not unmet, unmet, hours=int(hours))

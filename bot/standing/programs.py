"""Program eligibility (CEC, FSW, FST) from what the chat knows.

The chat holds a CRS profile and, at most, a few extra facts (``ProgramFacts``). Where a fact
is missing the check derives what it can from the profile and says what it assumed, with an
``assumed_*`` reason, and the result is marked ``certain=False``. A requirement that fails
whatever the missing facts is a firm "no" (``certain=True``). Codes and numbers only: the
words are in ``bot/templates/en/standing/_eligibility.j2``.

Assumption codes (besides the requirement codes of ``bot.crs.eligibility``):

- ``assumed_recent`` {years}: the profile's years of Canadian work include 12 months (1,560
  hours) in the last 3 years.
- ``assumed_teer23`` {have, needed_teer01}: at CLB/NCLC 5-6 the Canadian work is TEER 2 or 3.
- ``assumed_one_occupation``: one year (1,560 hours) of the work was in one occupation.
- ``assumed_eca``: the foreign education has an Educational Credential Assessment.
- ``assumed_funds`` {needed, family_size, family_size_assumed, effective}: the settlement
  funds are held (``family_size_assumed``: as for ``assumed_family_size``).
- ``assumed_family_size`` {family_size}: the funds held are enough for a family of that size
  (you, and a partner if married or common-law; no children).
- ``assumed_trade_work`` {needed}: two years of the work in the last 5 years were in a skilled
  trade.
- ``assumed_no_offer``: no valid job offer (said only when an offer would change the result).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from bot.crs.eligibility import (
    CEC_CLB_TEER01,
    CEC_CLB_TEER23,
    FST_HOURS,
    HOURS_PER_YEAR,
    Reason,
    best_min_level,
    cec_language,
    fst_language,
    fsw_education,
    fsw_language,
    funds_reason,
    grid_points,
    no_language_result,
)
from bot.crs.profile import PARTNERED, Profile
from bot.crs.rules.program_requirements import FSW_GRID

PROGRAMS: tuple[str, ...] = ("cec", "fsw", "fst")
HOURS_PER_MONTH = HOURS_PER_YEAR // 12  # 130: a month of full-time (30 h a week) work

TeerBand = Literal["teer01", "teer23"]


@dataclass(frozen=True)
class ProgramFacts:
    """Optional facts the chat may ask; None means not asked (the check then assumes)."""

    canadian_teer: TeerBand | None = None  # the band of the Canadian skilled work
    canadian_months_3y: int | None = None  # full-time months of Canadian work, last 3 years
    job_offer: bool | None = None  # a valid full-time job offer of at least one year
    authorized_to_work: bool | None = None  # authorized to work in Canada now
    settlement_funds: int | None = None  # CAD available
    family_size: int | None = None  # you, partner and dependent children (even if not coming)
    eca_done: bool | None = None  # the foreign education has an ECA
    trade_years_5y: int | None = None  # full-time years in a skilled trade, last 5 years

    def __post_init__(self) -> None:
        for name in ("canadian_months_3y", "settlement_funds", "trade_years_5y"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} must not be negative")
        if self.family_size is not None and self.family_size < 1:
            raise ValueError("family_size must be at least 1")


@dataclass(frozen=True)
class ProgramCheck:
    program: str  # "cec", "fsw" or "fst"
    eligible: bool
    certain: bool  # False: the result rests on an assumption named in ``reasons``
    reasons: tuple[Reason, ...]  # unmet requirements, then (if uncertain) the assumptions


@dataclass
class _Check:
    program: str
    unmet: list[tuple[Reason, bool]] = field(default_factory=list)  # (reason, firm)
    assumed: list[Reason] = field(default_factory=list)

    def fail(self, reason: Reason | None, *, firm: bool = True) -> None:
        if reason is not None:
            self.unmet.append((reason, firm))

    def assume(self, code: str, **params: object) -> None:
        self.assumed.append(Reason(code, params))

    def result(self) -> ProgramCheck:
        reasons = tuple(r for r, _ in self.unmet)
        if any(firm for _, firm in self.unmet):
            return ProgramCheck(self.program, False, True, reasons)
        return ProgramCheck(
            self.program, not reasons, not self.assumed, reasons + tuple(self.assumed)
        )


def program_eligibility(
    profile: Profile, extra: ProgramFacts | None, *, on: date
) -> list[ProgramCheck]:
    """CEC, FSW and FST, in that order (the order IRCC picks the program of an invitation)."""
    facts = extra or ProgramFacts()
    return [_cec(profile, facts), _fsw(profile, facts, on), _fst(profile, facts, on)]


def can_enter_pool(checks: Iterable[ProgramCheck]) -> bool:
    """A profile enters the Express Entry pool through at least one of the three programs."""
    return any(c.eligible for c in checks)


def eligible_programs(checks: Iterable[ProgramCheck]) -> set[str]:
    """The codes of the programs found open (certain or assumed), for ``rounds_check``."""
    return {c.program for c in checks if c.eligible}


def checks_json(checks: Iterable[ProgramCheck]) -> dict[str, dict[str, Any]]:
    """Per program: eligible, certain and the reasons as codes and params (dates as ISO text),
    for ``python -m bot crs FILE --plan``."""
    return {
        c.program: {
            "eligible": c.eligible,
            "certain": c.certain,
            "reasons": [
                {"code": r.code, "params": {k: _plain(v) for k, v in r.params.items()}}
                for r in c.reasons
            ],
        }
        for c in checks
    }


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _cec(profile: Profile, facts: ProgramFacts) -> ProgramCheck:
    check = _Check("cec")
    months = facts.canadian_months_3y
    if months is not None:
        if months < 12:
            have = months * HOURS_PER_MONTH
            params = {"needed": HOURS_PER_YEAR, "have": have, "have_months": months}
            check.fail(Reason("cec_hours", params))
    elif profile.canadian_work_years < 1:
        check.fail(Reason("cec_hours", {"needed": HOURS_PER_YEAR, "have_years": 0}))
    else:
        check.assume("assumed_recent", years=profile.canadian_work_years)
    if no_language_result(profile):
        check.fail(Reason("no_language_test"))
        return check.result()
    level = best_min_level(profile)
    if level < CEC_CLB_TEER23:
        check.fail(cec_language(level, "teer23"))
    elif level < CEC_CLB_TEER01:
        if facts.canadian_teer == "teer01":
            check.fail(cec_language(level, "teer01"))
        elif facts.canadian_teer is None:
            check.assume("assumed_teer23", have=level, needed_teer01=CEC_CLB_TEER01)
    return check.result()


def _years_of_work(profile: Profile) -> int:
    """Skilled work in the last 10 years, Canadian and foreign, as the CRS profile counts it."""
    return profile.canadian_work_years + profile.foreign_work_years


def _funds(check: _Check, profile: Profile, facts: ProgramFacts, on: date) -> None:
    if facts.job_offer and facts.authorized_to_work:
        return  # not needed with a valid job offer while authorized to work in Canada
    size = facts.family_size
    if size is None:
        size = 2 if profile.marital_status in PARTNERED else 1
    if facts.settlement_funds is not None:
        reason = funds_reason(on, size, facts.settlement_funds)
        if facts.settlement_funds < reason.params["needed"]:
            check.fail(reason)  # firm: an unknown family is at least this size
        elif facts.family_size is None:
            check.assume("assumed_family_size", family_size=size)
        return
    reason = funds_reason(on, size, 0)
    check.assume(
        "assumed_funds",
        needed=reason.params["needed"],
        family_size=size,
        family_size_assumed=facts.family_size is None,
        effective=reason.params["effective"],
    )


def _fsw(profile: Profile, facts: ProgramFacts, on: date) -> ProgramCheck:
    check = _Check("fsw")
    years = _years_of_work(profile)
    if years < 1:
        check.fail(Reason("fsw_work", {"needed": HOURS_PER_YEAR, "have_years": 0}))
    else:
        check.assume("assumed_one_occupation")
    check.fail(fsw_language(profile))
    education = fsw_education(profile, assessed=facts.eca_done is not False)
    check.fail(education)
    if education is None and profile.canadian_education == "none" and facts.eca_done is None:
        check.assume("assumed_eca")
    _funds(check, profile, facts, on)

    def points(offer: bool) -> int:
        grid = grid_points(
            profile,
            experience_years=years,
            worked_in_canada=profile.canadian_work_years >= 1,
            job_offer=offer,
        )
        return sum(grid.values())

    have = points(bool(facts.job_offer))
    if have < FSW_GRID.pass_mark:
        could = facts.job_offer is None and points(True) >= FSW_GRID.pass_mark
        check.fail(
            Reason("fsw_points", {"needed": FSW_GRID.pass_mark, "have": have}), firm=not could
        )
        if could:
            check.assume("assumed_no_offer")
    return check.result()


def _fst(profile: Profile, facts: ProgramFacts, on: date) -> ProgramCheck:
    check = _Check("fst")
    trade = facts.trade_years_5y
    if trade is not None:
        if trade * HOURS_PER_YEAR < FST_HOURS:
            params = {"needed": FST_HOURS, "have": trade * HOURS_PER_YEAR, "have_years": trade}
            check.fail(Reason("fst_hours", params))
    elif _years_of_work(profile) * HOURS_PER_YEAR < FST_HOURS:
        # Trade work is skilled work: fewer than two years of it in all can't be two in trades.
        check.fail(
            Reason("fst_hours", {"needed": FST_HOURS, "have_years": _years_of_work(profile)})
        )
    else:
        check.assume("assumed_trade_work", needed=FST_HOURS)
    check.fail(fst_language(profile))
    if not (profile.certificate_of_qualification or facts.job_offer):
        check.fail(Reason("fst_offer_or_certificate"), firm=facts.job_offer is False)
        if facts.job_offer is None:
            check.assume("assumed_no_offer")
    _funds(check, profile, facts, on)
    return check.result()

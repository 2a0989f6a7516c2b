"""Does a candidate qualify for a round of a program or category: yes, no, or can't tell.

For the "rounds I'm eligible for" alerts: the saved CRS profile (programs, French) and the
saved /occupation answer (occupation categories) against a round's code
(``bot.draws.classify.CODES``). Codes only; the words are in
``bot/templates/en/alerts/_fit.j2``.

Outcomes: ``yes``, ``no``, ``unknown``. Reason codes:

- ``no_profile``: no saved CRS profile (nothing can be decided);
- ``no_program``: no program (CEC, FSW, FST) is open, so no round is (firm no);
- ``program_open`` / ``program_closed`` {program}: a program round;
- ``assumed`` {program}: the program is open on an assumption (``bot.standing.programs``:
  e.g. the Canadian work is recent); a category or general round lists them when no open
  program is certain;
- ``general``: a round open to every program, and one is open;
- ``nominated`` / ``not_nominated``: a Provincial Nominee Program round;
- ``category`` {category}: the category's own reason codes follow
  (``bot.standing.categories``: ``nclc7_needed``, ``no_occupation_given``, ...);
- ``unclassified``: a round the bot could not classify.

An "eligible rounds" subscriber is alerted for ``yes``, for ``unknown`` when their own
answers would settle it (``no_profile``, ``no_occupation_given``), and for ``unknown`` when
the category's list is missing but their occupation is in its field (``in_field``):
``RoundFit.alert``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.crs.profile import Profile
from bot.draws.classify import CATEGORIES
from bot.standing.categories import Occupation, check_categories
from bot.standing.programs import PROGRAMS, eligible_programs, program_eligibility

YES = "yes"
NO = "no"
UNKNOWN = "unknown"
#: Reasons for "can't tell" that the candidate's own answers would settle.
ANSWERABLE = frozenset({"no_profile", "no_occupation_given"})
#: "Can't tell" because the category's 2026 list is missing, but the candidate's occupation is
#: in the category's field (``bot.standing.categories``: ``in_field``): worth telling them.
IN_FIELD = "in_field"


@dataclass(frozen=True)
class FitReason:
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RoundFit:
    outcome: str  # YES, NO or UNKNOWN
    reasons: tuple[FitReason, ...] = ()

    @property
    def missing_answers(self) -> bool:
        """Can't tell for want of the candidate's answers (not for want of IRCC's data)."""
        return self.outcome == UNKNOWN and any(r.code in ANSWERABLE for r in self.reasons)

    @property
    def alert(self) -> bool:
        """Whether an "eligible rounds" subscriber hears about the round: they qualify, more
        answers would tell, or the category's list is missing and their occupation is in its
        field (a nurse hears of a healthcare round as "I can't tell"). Otherwise a round whose
        rule the bot lacks alerts nobody in this mode."""
        in_field = self.outcome == UNKNOWN and any(r.code == IN_FIELD for r in self.reasons)
        return self.outcome == YES or self.missing_answers or in_field


def round_fit(
    profile: Profile | None, occupation: Occupation | None, code: str, *, on: date
) -> RoundFit:
    """Whether the candidate could be invited in a round of ``code`` held on ``on``."""
    if profile is None:
        return RoundFit(UNKNOWN, (FitReason("no_profile"),))
    checks = program_eligibility(profile, None, on=on)
    open_programs = eligible_programs(checks)
    if not open_programs:
        return RoundFit(NO, (FitReason("no_program"),))
    assumed = tuple(
        FitReason("assumed", {"program": c.program}) for c in checks if c.eligible and not c.certain
    )
    # A category or general round needs one open program: no doubt when one is certain.
    any_program = () if any(c.eligible and c.certain for c in checks) else assumed
    if code in PROGRAMS:
        if code in open_programs:
            own = tuple(r for r in assumed if r.params["program"] == code)
            return RoundFit(YES, (FitReason("program_open", {"program": code}), *own))
        return RoundFit(NO, (FitReason("program_closed", {"program": code}),))
    if code == "general":
        return RoundFit(YES, (FitReason("general"), *any_program))
    if code == "pnp":
        if profile.provincial_nomination:
            return RoundFit(YES, (FitReason("nominated"),))
        return RoundFit(NO, (FitReason("not_nominated"),))
    if code in CATEGORIES:
        for check in check_categories(profile, occupation, on=on):
            if check.code != code:
                continue
            own = tuple(
                FitReason(r.code, dict(r.params))
                for r in check.reasons
                if r.code != "program_eligibility_required"
            )
            head = FitReason("category", {"category": code})
            if check.eligible is True:
                return RoundFit(YES, (head, *own, *any_program))
            if check.eligible is False:
                return RoundFit(NO, (head, *own))
            return RoundFit(UNKNOWN, (head, *own))
        return RoundFit(UNKNOWN, (FitReason("category", {"category": code}),))
    return RoundFit(UNKNOWN, (FitReason("unclassified"),))

"""Your score over time: what changes when, each change re-scored by the engine.

What is modelled, from the dates the candidate gives (each optional):

- ``birth_date``: at each birthday the profile's age goes up by one (the engine gives fewer
  points from 30 on, none from 45).
- ``canadian_work_since``: the Canadian skilled work is assumed to go on full time; at each
  anniversary the completed years (anniversaries since the start) count, up to the 5 years the
  grid counts. A year already in the profile is not counted twice.
- ``language_test_date``: the first official language's result is valid for 2 years. After that
  it counts for nothing: a second official language, if any (its date unknown, assumed valid),
  becomes the first; otherwise the first language is entered as no result (CLB 0 in all four).
- ``eca_date``: an educational credential assessment is valid for 5 years. After that, foreign
  education counts for nothing: the education becomes "less than secondary" unless a Canadian
  credential covers it (a Canadian 3+ year credential covers any education held; a Canadian one-
  or two-year credential covers a one- or two-year education and otherwise counts as one year).
  The partner's education and its assessment are not modelled.

Only dates where the total changes are listed, in date order; each is scored on the profile with
every earlier change applied, under the rules in force on that date. Nothing here says the
profile stays eligible (an expired test or assessment usually means it does not).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.crs.dates import add_years
from bot.crs.language import LanguageResult
from bot.crs.profile import Education, Profile
from bot.crs.scoring import score

LANGUAGE_VALID_YEARS = 2
ECA_VALID_YEARS = 5
MAX_CANADIAN_YEARS_THAT_COUNT = 5
NO_RESULT = LanguageResult(test="clb", reading=0, writing=0, listening=0, speaking=0)
_SHORT: frozenset[str] = frozenset({"one_year", "two_year"})
#: Same-day changes apply in this order.
_ORDER = ("birthday", "canadian_work_anniversary", "language_expires", "eca_expires")


@dataclass(frozen=True)
class Change:
    """A dated change to the score: what happens (``code`` and ``params``), totals around it."""

    on: date
    code: str
    params: dict[str, Any]
    total_before: int
    total_after: int

    @property
    def points(self) -> int:
        return self.total_after - self.total_before


def education_without_eca(education: Education, canadian: str) -> Education:
    """The education that still counts once the foreign credential's assessment has expired."""
    if canadian == "three_year_plus":
        return education
    if canadian == "one_or_two_year":
        return education if education in _SHORT else "one_year"
    return "less_than_secondary"


def _events(
    profile: Profile,
    today: date,
    end: date,
    birth_date: date | None,
    canadian_work_since: date | None,
    language_test_date: date | None,
    eca_date: date | None,
) -> list[tuple[date, str, dict[str, Any]]]:
    events: list[tuple[date, str, dict[str, Any]]] = []
    if birth_date is not None:
        age = profile.age
        for year in range(today.year, end.year + 1):
            day = add_years(birth_date, year - birth_date.year)
            if today < day <= end:
                age += 1
                events.append((day, "birthday", {"age": age}))
    if canadian_work_since is not None:
        for years in range(1, MAX_CANADIAN_YEARS_THAT_COUNT + 1):
            day = add_years(canadian_work_since, years)
            if today < day <= end and years > profile.canadian_work_years:
                events.append((day, "canadian_work_anniversary", {"years": years}))
    if language_test_date is not None:
        day = add_years(language_test_date, LANGUAGE_VALID_YEARS)
        if today < day <= end:
            params = {
                "test": profile.first_language.test,
                "tested_on": language_test_date.isoformat(),
            }
            events.append((day, "language_expires", params))
    if eca_date is not None:
        day = add_years(eca_date, ECA_VALID_YEARS)
        if today < day <= end:
            events.append((day, "eca_expires", {"assessed_on": eca_date.isoformat()}))
    events.sort(key=lambda e: (e[0], _ORDER.index(e[1])))
    return events


def _apply(profile: Profile, code: str, params: dict[str, Any]) -> Profile:
    if code == "birthday":
        return profile.model_copy(update={"age": params["age"]})
    if code == "canadian_work_anniversary":
        return profile.model_copy(update={"canadian_work_years": params["years"]})
    if code == "language_expires":
        second = profile.second_language
        first = second if second is not None else NO_RESULT
        params["promoted"] = None if second is None else second.test
        return profile.model_copy(update={"first_language": first, "second_language": None})
    education = education_without_eca(profile.education, profile.canadian_education)
    params["education"] = education
    return profile.model_copy(update={"education": education})


def timeline(
    profile: Profile,
    *,
    today: date,
    birth_date: date | None = None,
    canadian_work_since: date | None = None,
    language_test_date: date | None = None,
    eca_date: date | None = None,
    horizon_years: int = 3,
) -> list[Change]:
    """The changes to the total between ``today`` (excluded) and ``horizon_years`` later."""
    end = add_years(today, horizon_years)
    events = _events(
        profile, today, end, birth_date, canadian_work_since, language_test_date, eca_date
    )
    found: list[Change] = []
    current = profile
    for day, code, params in events:
        before = score(current, on=day).total
        current = _apply(current, code, params)
        after = score(current, on=day).total
        if after != before:
            found.append(Change(day, code, params, before, after))
    return found

"""The dates a candidate gave (/dates) and what they say about the score over time.

``outlook`` runs ``bot.crs.timeline`` on the saved profile with those dates. The birth date
wins over the age in the profile: when it gives another age today, the timeline starts from
that age, and the outlook says so (``age_today``), so "you turn 31" is right. It also names what
has already run out (``expired``: a language result 2 years old or more, an ECA 5 years old or
more, which the score shown still counts) and, when the start of Canadian work gives more
completed years than the profile has, those years (``work_years_today``).

Codes and numbers only; the words are in ``templates/en/standing/_outlook.j2``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.crs.dates import add_years
from bot.crs.profile import Profile
from bot.crs.timeline import (
    ECA_VALID_YEARS,
    LANGUAGE_VALID_YEARS,
    MAX_CANADIAN_YEARS_THAT_COUNT,
    Change,
    timeline,
)

#: The timeline looks this far ahead.
HORIZON_YEARS = 3


@dataclass(frozen=True)
class KnownDates:
    """The /dates answers; each may be missing."""

    birth_date: date | None = None
    canadian_work_since: date | None = None
    language_test_date: date | None = None
    eca_date: date | None = None
    submitted_on: date | None = None
    #: The submission moment (UTC), only when the time was given too (the tie-break needs it).
    submitted_at: datetime | None = None

    @property
    def timeline_dates(self) -> bool:
        """Whether any date the timeline uses is known."""
        return any(
            d is not None
            for d in (
                self.birth_date,
                self.canadian_work_since,
                self.language_test_date,
                self.eca_date,
            )
        )


@dataclass(frozen=True)
class Outlook:
    changes: list[Change]
    horizon_years: int
    #: The age the birth date gives today, when the profile says another.
    age_today: int | None = None
    #: Completed years of Canadian work since the start date (up to 5), when more than the
    #: profile's.
    work_years_today: int | None = None
    #: What already ran out: "language", "eca".
    expired: tuple[str, ...] = field(default=())

    @property
    def drops(self) -> list[Change]:
        return [c for c in self.changes if c.points < 0]


def age_on(birth: date, day: date) -> int:
    """Completed years on ``day`` (a 29 February birthday is 1 March in other years)."""
    years = day.year - birth.year
    return years if add_years(birth, years) <= day else years - 1


def completed_years(since: date, day: date) -> int:
    return max(0, age_on(since, day))


def outlook(
    profile: Profile, dates: KnownDates, *, today: date, horizon_years: int = HORIZON_YEARS
) -> Outlook:
    """The dated score changes from ``today`` (excluded) to ``horizon_years`` later."""
    age = age_on(dates.birth_date, today) if dates.birth_date is not None else None
    age_differs = age is not None and age != profile.age
    start = profile.model_copy(update={"age": age}) if age_differs else profile
    changes = timeline(
        start,
        today=today,
        birth_date=dates.birth_date,
        canadian_work_since=dates.canadian_work_since,
        language_test_date=dates.language_test_date,
        eca_date=dates.eca_date,
        horizon_years=horizon_years,
    )
    work_years = None
    if dates.canadian_work_since is not None:
        done = completed_years(dates.canadian_work_since, today)
        done = min(done, MAX_CANADIAN_YEARS_THAT_COUNT)
        work_years = done if done > profile.canadian_work_years else None
    expired = []
    tested = dates.language_test_date
    if tested is not None and add_years(tested, LANGUAGE_VALID_YEARS) <= today:
        expired.append("language")
    if dates.eca_date is not None and add_years(dates.eca_date, ECA_VALID_YEARS) <= today:
        expired.append("eca")
    return Outlook(
        changes=changes,
        horizon_years=horizon_years,
        age_today=age if age_differs else None,
        work_years_today=work_years,
        expired=tuple(expired),
    )

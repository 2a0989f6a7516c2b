"""What-if planner: realistic single changes to a profile, ranked by the points they add."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.crs.language import ABILITIES, TESTS, level_for, min_score_for, scale_name
from bot.crs.profile import EDUCATION_LEVELS, LanguageResult, Profile
from bot.crs.scoring import score

SHORT_NAMES: dict[str, str] = {
    "ielts": "IELTS",
    "celpip": "CELPIP",
    "pte_core": "PTE Core",
    "clb": "CLB",
    "tef": "TEF Canada",
    "tcf": "TCF Canada",
    "nclc": "NCLC",
}
EDUCATION_LABELS: dict[str, str] = {
    "less_than_secondary": "less than secondary school",
    "secondary": "a secondary school diploma",
    "one_year": "a one-year post-secondary credential",
    "two_year": "a two-year post-secondary credential",
    "bachelors": "a bachelor's degree (or another 3+ year program)",
    "two_or_more": "two or more credentials, one of 3+ years",
    "masters": "a master's or professional degree",
    "doctoral": "a doctoral degree",
}
MAX_CANADIAN_YEARS_THAT_COUNT = 5


@dataclass(frozen=True)
class Improvement:
    """One change to the profile and the CRS points it would add."""

    key: str
    description: str
    profile: Profile
    points: int


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _language_raises(
    field: str, result: LanguageResult, base: Profile, total: int, on: date | None, who: str
) -> list[Improvement]:
    """For each ability, the smallest raise to a higher CLB level that adds points."""
    found: list[Improvement] = []
    spec = TESTS[result.test]
    for ability in ABILITIES:
        current = getattr(result, ability)
        level = level_for(result.test, ability, current)
        for target in range(max(level + 1, 4), spec.max_level + 1):
            needed = min_score_for(result.test, ability, target)
            if needed is None or needed <= current:
                continue
            changed = base.model_copy(update={field: result.model_copy(update={ability: needed})})
            points = score(changed, on=on).total - total
            if points > 0:
                found.append(
                    Improvement(
                        key=f"{field}.{ability}",
                        description=(
                            f"{who}aise {SHORT_NAMES[result.test]} {ability} from "
                            f"{_fmt(current)} to {_fmt(needed)} ({scale_name(result.test)} "
                            f"{target})"
                        ),
                        profile=changed,
                        points=points,
                    )
                )
                break
    return found


def _candidates(profile: Profile, spouse_age: int | None) -> list[tuple[str, str, Profile]]:
    out: list[tuple[str, str, Profile]] = []
    first_lang = TESTS[profile.first_language.test].language
    if profile.second_language is None:
        if first_lang == "english":
            second = LanguageResult(test="nclc", reading=7, writing=7, listening=7, speaking=7)
            text = "Add French at NCLC 7 in all four abilities (TEF Canada or TCF Canada)"
        else:
            second = LanguageResult(test="clb", reading=5, writing=5, listening=5, speaking=5)
            text = "Add English at CLB 5 in all four abilities (IELTS, CELPIP or PTE Core)"
        out.append(
            ("second_language", text, profile.model_copy(update={"second_language": second}))
        )
    years = profile.canadian_work_years
    if years < MAX_CANADIAN_YEARS_THAT_COUNT:
        out.append(
            (
                "canadian_work_years",
                f"One more year of skilled work in Canada ({years} to {years + 1})",
                profile.model_copy(update={"canadian_work_years": years + 1}),
            )
        )
    index = EDUCATION_LEVELS.index(profile.education)
    if index + 1 < len(EDUCATION_LEVELS):
        nxt = EDUCATION_LEVELS[index + 1]
        out.append(
            (
                "education",
                f"Complete {EDUCATION_LABELS[nxt]}",
                profile.model_copy(update={"education": nxt}),
            )
        )
    if profile.with_spouse:
        s_index = EDUCATION_LEVELS.index(profile.spouse_education)
        if s_index + 1 < len(EDUCATION_LEVELS):
            nxt = EDUCATION_LEVELS[s_index + 1]
            out.append(
                (
                    "spouse_education",
                    f"Spouse completes {EDUCATION_LABELS[nxt]}",
                    profile.model_copy(update={"spouse_education": nxt}),
                )
            )
        s_years = profile.spouse_canadian_work_years
        if s_years < MAX_CANADIAN_YEARS_THAT_COUNT:
            out.append(
                (
                    "spouse_canadian_work_years",
                    f"Spouse works one more year in Canada ({s_years} to {s_years + 1})",
                    profile.model_copy(update={"spouse_canadian_work_years": s_years + 1}),
                )
            )
        if profile.spouse_language is None:
            test = LanguageResult(test="clb", reading=5, writing=5, listening=5, speaking=5)
            out.append(
                (
                    "spouse_language",
                    "Spouse takes a language test and reaches CLB/NCLC 5 in all four abilities",
                    profile.model_copy(update={"spouse_language": test}),
                )
            )
        else:
            out.append(_swap(profile, spouse_age))
    if not profile.provincial_nomination:
        out.append(
            (
                "provincial_nomination",
                "Get a provincial or territorial nomination",
                profile.model_copy(update={"provincial_nomination": True}),
            )
        )
    return out


def _swap(profile: Profile, spouse_age: int | None) -> tuple[str, str, Profile]:
    """The spouse as principal applicant, counting only what the profile knows about them."""
    assert profile.spouse_language is not None
    age = profile.age if spouse_age is None else spouse_age
    assumed = f"assuming your spouse is also {age}" if spouse_age is None else f"age {age}"
    swapped = profile.model_copy(
        update={
            "age": age,
            "education": profile.spouse_education,
            "spouse_education": profile.education,
            "first_language": profile.spouse_language,
            "spouse_language": profile.first_language,
            "second_language": None,
            "canadian_work_years": profile.spouse_canadian_work_years,
            "spouse_canadian_work_years": profile.canadian_work_years,
            "foreign_work_years": 0,
            "certificate_of_qualification": False,
            "canadian_education": "none",
            "provincial_nomination": False,
        }
    )
    return (
        "swap_principal",
        f"Make your spouse the principal applicant ({assumed}; their foreign work, "
        "second language and Canadian study not counted)",
        swapped,
    )


def improvements(
    profile: Profile, *, on: date | None = None, spouse_age: int | None = None
) -> list[Improvement]:
    """Realistic single changes that add points, most points first.

    ``spouse_age`` refines the "swap principal applicant" suggestion; without it the spouse
    is assumed to be the applicant's age (and the description says so).
    """
    total = score(profile, on=on).total
    found = _language_raises("first_language", profile.first_language, profile, total, on, "R")
    if profile.second_language is not None:
        found += _language_raises(
            "second_language", profile.second_language, profile, total, on, "Second language: r"
        )
    if profile.with_spouse and profile.spouse_language is not None:
        found += _language_raises(
            "spouse_language", profile.spouse_language, profile, total, on, "Spouse: r"
        )
    for key, description, changed in _candidates(profile, spouse_age):
        points = score(changed, on=on).total - total
        if points > 0:
            found.append(Improvement(key, description, changed, points))
    found.sort(key=lambda imp: -imp.points)
    return found


def gap(profile: Profile, cutoff: int, *, on: date | None = None) -> int:
    """Points missing to reach ``cutoff`` (negative when the score is above it)."""
    return cutoff - score(profile, on=on).total

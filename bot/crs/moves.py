"""Moves that matter: whole changes to a profile, each re-scored by the engine, most points first.

A move is what a candidate would set out to do ("CLB 9 in all four abilities", "NCLC 7 in
French", "one more year of work in Canada"), not one score of one ability. Each move carries
codes and numbers only (``code``, ``params``, ``changes``); the words are in
``templates/<lang>/questionnaire/_moves.j2``.

Assumptions, stated once:

- Language moves use the test's own minimum score for the target level in each ability that is
  below it (abilities already at or above it keep their score). A test that is not yet taken is
  entered as levels (``clb``/``nclc``).
- "No English result" is a first official language that scores nothing in any ability (all four
  under CLB 4, which is how the questionnaire enters "no valid result"); French at NCLC 7 then
  becomes the first official language.
- A Canadian credential is one of the level the candidate already holds, earned in Canada: it
  adds the Canadian-study points only (a credential that also raises the education held is
  the "education" move's points on top).
- The nomination is listed last whatever its points: a province chooses it, the candidate does
  not, and its 600 points would otherwise hide every move the candidate can make.
- An accompanying partner is never moved to non-accompanying.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.crs.dates import add_years
from bot.crs.language import ABILITIES, TESTS, LanguageResult, clb_levels, min_score_for
from bot.crs.profile import EDUCATION_LEVELS, Profile
from bot.crs.scoring import score

#: First-language target levels that pay (CLB 7: transferability lower band; 9: upper band;
#: 10: the top first-language points).
FIRST_LANGUAGE_TARGETS: tuple[int, ...] = (7, 9, 10)
#: Second-language and partner-language bands (points change at 5, 7 and 9).
OTHER_LANGUAGE_TARGETS: tuple[int, ...] = (5, 7, 9)
FRENCH_LEVEL = 7
#: The grid counts Canadian work up to 5 years (principal and partner alike).
MAX_CANADIAN_YEARS_THAT_COUNT = 5
#: Below CLB 4 an ability scores nothing as a first language.
FIRST_LANGUAGE_MIN_LEVEL = 4

_SHORT: frozenset[str] = frozenset({"one_year", "two_year"})
_THREE_PLUS: frozenset[str] = frozenset({"bachelors", "two_or_more", "masters", "doctoral"})


@dataclass(frozen=True)
class Move:
    """One move, the profile it leads to and the CRS points it adds (always more than 0)."""

    code: str
    params: dict[str, Any]
    changes: dict[str, Any]
    profile: Profile
    points: int
    opens: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The move as ``--plan`` prints it (the changed profile itself is left out)."""
        return {
            "code": self.code,
            "params": self.params,
            "points": self.points,
            "changes": self.changes,
            "opens": list(self.opens),
        }


def _language(result: LanguageResult | None) -> str | None:
    return None if result is None else TESTS[result.test].language


def french_ready(profile: Profile) -> bool:
    """NCLC 7 or more in all four French abilities (first or second official language)."""
    for result in (profile.first_language, profile.second_language):
        if result is not None and _language(result) == "french":
            return min(clb_levels(result).values()) >= FRENCH_LEVEL
    return False


def has_first_result(profile: Profile) -> bool:
    """False when the first official language scores nothing (no valid result)."""
    return max(clb_levels(profile.first_language).values()) >= FIRST_LANGUAGE_MIN_LEVEL


def _raised(result: LanguageResult, level: int) -> tuple[LanguageResult, dict[str, Any]] | None:
    """``result`` with every ability below ``level`` at the test's minimum score for it."""
    levels = clb_levels(result)
    update: dict[str, Any] = {}
    for ability in ABILITIES:
        if levels[ability] >= level:
            continue
        needed = min_score_for(result.test, ability, level)
        if needed is None:
            return None
        update[ability] = needed
    if not update:
        return None
    return result.model_copy(update=update), update


def _levels_result(test: str, level: int) -> LanguageResult:
    """A result entered as levels (``clb`` or ``nclc``): ``level`` in all four abilities."""
    return LanguageResult.model_validate(
        {"test": test, "reading": level, "writing": level, "listening": level, "speaking": level}
    )


def _language_params(result: LanguageResult, level: int, scores: dict[str, Any]) -> dict[str, Any]:
    language = TESTS[result.test].language
    return {
        "test": result.test,
        "language": language,
        "scale": "NCLC" if language == "french" else "CLB",
        "level": level,
        "scores": scores,
    }


def _first_language(profile: Profile) -> Iterator[tuple[str, dict[str, Any], Profile]]:
    first = profile.first_language
    held = has_first_result(profile)
    for level in FIRST_LANGUAGE_TARGETS:
        raised = _raised(first, level)
        if raised is not None:
            new, scores = raised
            params = {**_language_params(new, level, scores), "has_result": held}
            yield "language_all", params, profile.model_copy(update={"first_language": new})


def _french(profile: Profile) -> Iterator[tuple[str, dict[str, Any], Profile]]:
    """French at NCLC 7 in all four: as the second language, or as the first one."""
    first_lang = _language(profile.first_language)
    second = profile.second_language
    nclc7 = _levels_result("nclc", FRENCH_LEVEL)
    if first_lang == "english" and not has_first_result(profile) and second is None:
        params = {**_language_params(nclc7, FRENCH_LEVEL, {}), "as": "first"}
        yield "french_nclc7", params, profile.model_copy(update={"first_language": nclc7})
    elif first_lang == "english" and second is None:
        params = {**_language_params(nclc7, FRENCH_LEVEL, {}), "as": "second"}
        yield "french_nclc7", params, profile.model_copy(update={"second_language": nclc7})
    elif second is not None and _language(second) == "french":
        raised = _raised(second, FRENCH_LEVEL)
        if raised is not None:
            new, scores = raised
            params = {**_language_params(new, FRENCH_LEVEL, scores), "as": "second"}
            yield "french_nclc7", params, profile.model_copy(update={"second_language": new})


def _second_language(profile: Profile) -> Iterator[tuple[str, dict[str, Any], Profile]]:
    """English added to a French first language, or a held second language raised a band."""
    second = profile.second_language
    if second is None:
        if _language(profile.first_language) == "french":
            new = _levels_result("clb", 5)
            yield (
                "second_language_all",
                _language_params(new, 5, {}),
                profile.model_copy(update={"second_language": new}),
            )
        return
    for level in OTHER_LANGUAGE_TARGETS:
        if level == FRENCH_LEVEL and _language(second) == "french":
            continue  # that one is the french_nclc7 move
        raised = _raised(second, level)
        if raised is not None:
            new, scores = raised
            yield (
                "second_language_all",
                _language_params(new, level, scores),
                profile.model_copy(update={"second_language": new}),
            )


def _canadian_credential(profile: Profile) -> Iterator[tuple[str, dict[str, Any], Profile]]:
    """A credential of the level held, earned in Canada (the questionnaire's rule: a Canadian
    credential is at most the highest one held: post-secondary for 1-2 years, 3+ years for
    "three_year_plus"). Only the Canadian-study points change; the education held does not."""
    allowed: tuple[str, ...] = ()
    if profile.education in _THREE_PLUS:
        allowed = ("one_or_two_year", "three_year_plus")
    elif profile.education in _SHORT:
        allowed = ("one_or_two_year",)
    for credential in allowed:
        if profile.canadian_education in (credential, "three_year_plus"):
            continue
        update = {"canadian_education": credential}
        yield "canadian_credential", {"level": credential}, profile.model_copy(update=update)


def _work_and_education(
    profile: Profile, canadian_work_since: date | None
) -> Iterator[tuple[str, dict[str, Any], Profile]]:
    years = profile.canadian_work_years
    if years < MAX_CANADIAN_YEARS_THAT_COUNT:
        reached = None
        if canadian_work_since is not None:
            reached = add_years(canadian_work_since, years + 1).isoformat()
        yield (
            "canadian_work_year",
            {"years": years + 1, "on": reached},
            profile.model_copy(update={"canadian_work_years": years + 1}),
        )
    for level in EDUCATION_LEVELS[EDUCATION_LEVELS.index(profile.education) + 1 :]:
        yield "education", {"level": level}, profile.model_copy(update={"education": level})


def _spouse(
    profile: Profile, spouse_age: int | None
) -> Iterator[tuple[str, dict[str, Any], Profile]]:
    if not profile.with_spouse:
        return
    held = profile.spouse_language
    params: dict[str, Any]
    for level in OTHER_LANGUAGE_TARGETS:
        if held is None:
            new = _levels_result("clb", level)
            params = {"test": None, "level": level, "scale": "CLB", "scores": {}}
        else:
            raised = _raised(held, level)
            if raised is None:
                continue
            new, scores = raised
            params = _language_params(new, level, scores)
        yield "spouse_language", params, profile.model_copy(update={"spouse_language": new})
    for grade in EDUCATION_LEVELS[EDUCATION_LEVELS.index(profile.spouse_education) + 1 :]:
        changed = profile.model_copy(update={"spouse_education": grade})
        yield "spouse_education", {"level": grade}, changed
    years = profile.spouse_canadian_work_years
    if years < MAX_CANADIAN_YEARS_THAT_COUNT:
        changed = profile.model_copy(update={"spouse_canadian_work_years": years + 1})
        yield "spouse_canadian_work", {"years": years + 1}, changed
    if held is not None:
        yield _swap(profile, spouse_age)


def _swap(profile: Profile, spouse_age: int | None) -> tuple[str, dict[str, Any], Profile]:
    """The partner as principal applicant, counting only what the profile knows about them:
    their foreign work, second language, Canadian study, certificate and any nomination are
    not known, so they count for nothing; without ``spouse_age`` the partner is assumed to be
    the applicant's age."""
    assert profile.spouse_language is not None
    age = profile.age if spouse_age is None else spouse_age
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
    return "swap_principal", {"age": age, "age_assumed": spouse_age is None}, swapped


def _changes(before: Profile, after: Profile) -> dict[str, Any]:
    old = before.model_dump(mode="json")
    new = after.model_dump(mode="json")
    return {key: value for key, value in new.items() if old[key] != value}


def moves(
    profile: Profile,
    *,
    on: date | None = None,
    spouse_age: int | None = None,
    canadian_work_since: date | None = None,
) -> list[Move]:
    """Every move that adds points, each scored by the engine, most points first.

    Ties keep a fixed order (first language, French, second language, Canadian study, Canadian
    work, education, partner moves); the nomination comes last. Each language band that adds
    points is its own move; for education (the candidate's or the partner's) only the next
    level that adds points is. ``spouse_age`` refines the principal-applicant swap;
    ``canadian_work_since`` dates the next Canadian-work year.
    """
    total = score(profile, on=on).total
    french_before = french_ready(profile)
    candidates = [
        *_first_language(profile),
        *_french(profile),
        *_second_language(profile),
        *_canadian_credential(profile),
        *_work_and_education(profile, canadian_work_since),
        *_spouse(profile, spouse_age),
    ]
    if not profile.provincial_nomination:
        update = {"provincial_nomination": True}
        candidates.append(("nomination", {}, profile.model_copy(update=update)))
    found: list[Move] = []
    for code, params, changed in candidates:
        if code in _NEXT_ONLY and any(m.code == code for m in found):
            continue
        points = score(changed, on=on).total - total
        if points <= 0:
            continue
        opens = ("french",) if french_ready(changed) and not french_before else ()
        found.append(Move(code, params, _changes(profile, changed), changed, points, opens))
    found.sort(key=lambda m: (m.code == "nomination", -m.points))
    return found


#: Kinds where only the next level that adds points is a move (not every level above it).
_NEXT_ONLY: frozenset[str] = frozenset({"education", "spouse_education"})

"""Answers <-> the CRS profile JSON (the format of ``bot.crs.parse_profile``)."""

from __future__ import annotations

from typing import Any

from bot.crs.language import ABILITIES
from bot.questionnaire.questions import (
    LANGUAGE_FIELDS,
    NO_TEST,
    Answers,
    applicable,
    partnered,
    with_spouse,
)

#: The profile has no "no test" value for the first official language: a missing result is
#: entered as CLB 0 in all four abilities, which scores exactly what IRCC gives (nothing).
NO_RESULT: dict[str, Any] = {
    "test": "clb",
    "listening": 0,
    "reading": 0,
    "writing": 0,
    "speaking": 0,
}


def _language(answers: Answers, language: str) -> dict[str, Any] | None:
    test = answers.get(f"{language}.test")
    if test in (None, NO_TEST):
        return None
    result: dict[str, Any] = {"test": test}
    for ability in ABILITIES:
        result[ability] = answers[f"{language}.{ability}"]
    return result


def build_profile(answers: Answers) -> dict[str, Any]:
    """The profile JSON of a complete set of answers (only the questions asked count)."""
    asked = {q.id for q in applicable(answers)}
    a = {k: v for k, v in answers.items() if k in asked}
    spouse = with_spouse(a)
    return {
        "age": a["age"],
        "marital_status": a["marital_status"],
        "spouse_canadian": bool(a.get("spouse_canadian", False)) if partnered(a) else False,
        "spouse_accompanying": spouse,
        "education": a["education"],
        "canadian_education": a.get("canadian_education", "none"),
        "first_language": _language(a, "first_language") or dict(NO_RESULT),
        "second_language": _language(a, "second_language"),
        "canadian_work_years": a["canadian_work_years"],
        "foreign_work_years": a["foreign_work_years"],
        "certificate_of_qualification": a["certificate_of_qualification"],
        "provincial_nomination": a["provincial_nomination"],
        "sibling_in_canada": a["sibling_in_canada"],
        "spouse_education": a["spouse_education"] if spouse else "less_than_secondary",
        "spouse_canadian_work_years": a["spouse_canadian_work_years"] if spouse else 0,
        "spouse_language": _language(a, "spouse_language") if spouse else None,
    }


def answers_from_profile(profile: dict[str, Any]) -> dict[str, Any]:
    """The answers that produce ``profile`` (to edit a saved profile when no state is left)."""
    answers: dict[str, Any] = {}
    for key in (
        "marital_status",
        "spouse_canadian",
        "spouse_accompanying",
        "age",
        "education",
        "canadian_education",
        "canadian_work_years",
        "foreign_work_years",
        "certificate_of_qualification",
        "provincial_nomination",
        "sibling_in_canada",
        "spouse_education",
        "spouse_canadian_work_years",
    ):
        if key in profile:
            answers[key] = profile[key]
    for key in ("canadian_work_years", "spouse_canadian_work_years"):
        if isinstance(answers.get(key), int):
            answers[key] = min(answers[key], 5)
    if isinstance(answers.get("foreign_work_years"), int):
        answers["foreign_work_years"] = min(answers["foreign_work_years"], 3)
    for language in LANGUAGE_FIELDS:
        result = profile.get(language)
        if language == "first_language" and result == NO_RESULT:
            result = None
        if not isinstance(result, dict):
            answers[f"{language}.test"] = NO_TEST
            continue
        answers[f"{language}.test"] = result.get("test")
        for ability in ABILITIES:
            answers[f"{language}.{ability}"] = result.get(ability)
    asked = {q.id for q in applicable(answers)}
    return {k: v for k, v in answers.items() if k in asked}

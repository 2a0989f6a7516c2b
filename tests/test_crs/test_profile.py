"""Profile validation: rejected values name the field and what it accepts."""

from __future__ import annotations

from typing import Any

import pytest

from bot.crs import Profile, ProfileError, parse_profile

from .helpers import data, lang

ISSUE_EXAMPLE: dict[str, Any] = {
    "age": 29,
    "marital_status": "married",
    "spouse_canadian": False,
    "spouse_accompanying": True,
    "education": "bachelors",
    "canadian_education": "none",
    "first_language": {
        "test": "ielts",
        "reading": 7,
        "writing": 6.5,
        "listening": 8,
        "speaking": 7,
    },
    "second_language": None,
    "canadian_work_years": 1,
    "foreign_work_years": 0,
    "certificate_of_qualification": False,
    "provincial_nomination": False,
    "sibling_in_canada": False,
    "spouse_education": "secondary",
    "spouse_canadian_work_years": 0,
    "spouse_language": None,
}


def test_issue_example_round_trips() -> None:
    profile = parse_profile(ISSUE_EXAMPLE)
    assert profile.model_dump(mode="json") == ISSUE_EXAMPLE
    assert parse_profile(profile.model_dump(mode="json")) == profile


def test_profile_is_frozen() -> None:
    profile = parse_profile(ISSUE_EXAMPLE)
    with pytest.raises(ValueError, match="frozen"):
        profile.age = 30  # type: ignore[misc]


def test_missing_optional_keys_take_defaults() -> None:
    profile = parse_profile(data())
    assert profile.second_language is None
    assert profile.canadian_work_years == 0
    assert profile.canadian_education == "none"
    assert profile.provincial_nomination is False


def _reject(changes: dict[str, Any], *, language: dict[str, Any] | None = None) -> ProfileError:
    payload = data(**changes)
    if language is not None:
        payload["first_language"] = {**payload["first_language"], **language}
    with pytest.raises(ProfileError) as info:
        parse_profile(payload)
    return info.value


IELTS = lang("ielts", 7, 7, 7, 7)


@pytest.mark.parametrize(
    ("first_language", "field", "range_text"),
    [
        ({**IELTS, "writing": 9.5}, "first_language.writing", "from 0 to 9 in steps of 0.5"),
        ({**IELTS, "reading": 6.3}, "first_language.reading", "from 0 to 9 in steps of 0.5"),
        ({**IELTS, "speaking": -1}, "first_language.speaking", "from 0 to 9 in steps of 0.5"),
        ({**IELTS, "listening": "7"}, "first_language.listening", "from 0 to 9 in steps of 0.5"),
        (lang("celpip", 13, 9, 9, 9), "first_language.reading", "from 0 to 12"),
        (lang("pte_core", 60, 5, 60, 60), "first_language.writing", "from 10 to 90"),
        (lang("tcf", 500, 21, 500, 12), "first_language.writing", "from 0 to 20"),
        (lang("clb", 9, 9, 13, 9), "first_language.listening", "from 0 to 12"),
    ],
)
def test_impossible_scores_are_rejected(
    first_language: dict[str, Any], field: str, range_text: str
) -> None:
    error = _reject({"first_language": first_language})
    assert error.field == field
    assert field in str(error)
    assert range_text in str(error)


def test_unknown_test_lists_the_tests() -> None:
    error = _reject({"first_language": lang("toefl", 7, 7, 7, 7)})
    assert error.field == "first_language.test"
    assert "ielts, celpip, pte_core, clb, tef, tcf or nclc" in str(error)
    assert "cannot check" not in str(error)


@pytest.mark.parametrize(
    ("changes", "field", "allowed"),
    [
        ({"marital_status": "engaged"}, "marital_status", "single, married, common_law"),
        ({"education": "phd"}, "education", "less_than_secondary, secondary"),
        ({"canadian_education": "yes"}, "canadian_education", "none, one_or_two_year"),
        ({"spouse_education": 3}, "spouse_education", "masters"),
        ({"age": "29"}, "age", "whole number from 0 to 120"),
        ({"age": 29.5}, "age", "whole number from 0 to 120"),
        ({"age": -1}, "age", "whole number from 0 to 120"),
        ({"age": True}, "age", "whole number"),
        ({"canadian_work_years": -2}, "canadian_work_years", "whole number from 0 to 60"),
        ({"provincial_nomination": "yes"}, "provincial_nomination", "true or false"),
        ({"sibling_in_canada": 1}, "sibling_in_canada", "true or false"),
        ({"second_language": "french"}, "second_language", "null or an object"),
    ],
)
def test_bad_values_name_field_and_allowed(
    changes: dict[str, Any], field: str, allowed: str
) -> None:
    error = _reject(changes)
    assert error.field == field
    assert allowed in str(error)


def test_unknown_keys_are_errors() -> None:
    error = _reject({"job_offer": True})
    assert error.field == "job_offer"
    assert "unknown field" in str(error)
    nested = _reject({"first_language": {**IELTS, "overall": 7}})
    assert nested.field == "first_language.overall"


def test_missing_required_key() -> None:
    payload = data()
    del payload["education"]
    with pytest.raises(ProfileError, match="education is required"):
        parse_profile(payload)


def test_second_language_must_be_the_other_official_language() -> None:
    error = _reject({"second_language": lang("celpip", 9, 9, 9, 9)})
    assert error.field == "second_language.test"
    assert "tef, tcf, nclc" in str(error)


def test_not_an_object() -> None:
    with pytest.raises(ProfileError, match="JSON object"):
        parse_profile([1, 2])  # type: ignore[arg-type]


def test_every_error_is_reported() -> None:
    error = _reject({"age": -5, "education": "x"})
    assert [field for field, _ in error.problems] == ["age", "education"]


def test_profile_model_fields_match_the_json_format() -> None:
    assert list(Profile.model_fields) == list(ISSUE_EXAMPLE)

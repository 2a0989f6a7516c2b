"""Hypothesis strategies for valid CRS profiles."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from bot.crs import TESTS, Profile, parse_profile

ABILITIES = ("reading", "writing", "listening", "speaking")
EDUCATION = [
    "less_than_secondary",
    "secondary",
    "one_year",
    "two_year",
    "bachelors",
    "two_or_more",
    "masters",
    "doctoral",
]
MARITAL = [
    "single",
    "married",
    "common_law",
    "divorced",
    "separated",
    "legally_separated",
    "widowed",
    "annulled",
]
ENGLISH = [c for c, s in TESTS.items() if s.language == "english"]
FRENCH = [c for c, s in TESTS.items() if s.language == "french"]


def score_value(test: str, ability: str) -> st.SearchStrategy[float | int]:
    rng = TESTS[test][ability]
    steps = round((rng.max - rng.min) / rng.step)

    def build(i: int) -> float | int:
        value = rng.min + i * rng.step
        return int(value) if float(value).is_integer() else value

    return st.integers(0, steps).map(build)


@st.composite
def language(draw: st.DrawFn, tests: list[str]) -> dict[str, Any]:
    test = draw(st.sampled_from(tests))
    return {"test": test, **{a: draw(score_value(test, a)) for a in ABILITIES}}


@st.composite
def profile_data(draw: st.DrawFn) -> dict[str, Any]:
    english_first = draw(st.booleans())
    first, second = (ENGLISH, FRENCH) if english_first else (FRENCH, ENGLISH)
    return {
        "age": draw(st.integers(0, 70)),
        "marital_status": draw(st.sampled_from(MARITAL)),
        "spouse_canadian": draw(st.booleans()),
        "spouse_accompanying": draw(st.booleans()),
        "education": draw(st.sampled_from(EDUCATION)),
        "canadian_education": draw(st.sampled_from(["none", "one_or_two_year", "three_year_plus"])),
        "first_language": draw(language(first)),
        "second_language": draw(st.none() | language(second)),
        "canadian_work_years": draw(st.integers(0, 8)),
        "foreign_work_years": draw(st.integers(0, 6)),
        "certificate_of_qualification": draw(st.booleans()),
        "provincial_nomination": draw(st.booleans()),
        "sibling_in_canada": draw(st.booleans()),
        "spouse_education": draw(st.sampled_from(EDUCATION)),
        "spouse_canadian_work_years": draw(st.integers(0, 8)),
        "spouse_language": draw(st.none() | language(ENGLISH + FRENCH)),
    }


profiles: st.SearchStrategy[Profile] = profile_data().map(parse_profile)

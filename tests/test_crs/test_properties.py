"""Properties of the score that must hold for every valid profile."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.crs import TESTS, Profile, parse_profile, score

from .strategies import ABILITIES, profile_data, profiles

#: Property/regression guards over code the unit tests already cover: run without coverage
#: tracing, which doubles their CPU (pytest-cov's no_cover marker; the behaviour is checked
#: all the same).
pytestmark = pytest.mark.no_cover

settings.register_profile("crs", max_examples=300, deadline=None)
settings.load_profile("crs")


@given(profiles)
def test_total_is_the_sum_of_sections(profile: Profile) -> None:
    result = score(profile)
    assert result.total == result.core + result.spouse + result.transferability + result.additional


@given(profiles)
def test_caps_hold(profile: Profile) -> None:
    result = score(profile)
    with_spouse = result.scored_as == "with_spouse"
    assert 0 <= result.core <= (460 if with_spouse else 500)
    assert 0 <= result.spouse <= (40 if with_spouse else 0)
    assert 0 <= result.transferability <= 100
    assert 0 <= result.additional <= 600
    assert 0 <= result.total <= 1200
    items = result.items["transferability"]
    # Each group capped at 50, so the section is at most the sum of capped groups.
    groups = (
        min(50, items["education_language"] + items["education_canadian_work"])
        + min(50, items["foreign_work_language"] + items["foreign_work_canadian_work"])
        + min(50, items["certificate_language"])
    )
    assert result.transferability == min(100, groups)
    assert result.items["core"]["second_language"] <= (22 if with_spouse else 24)
    assert result.core == sum(result.items["core"].values())
    assert result.spouse == sum(result.items["spouse"].values())
    assert result.additional == min(600, sum(result.items["additional"].values()))


@given(profiles)
def test_with_spouse_only_under_ircc_rule(profile: Profile) -> None:
    expected = (
        profile.marital_status in ("married", "common_law")
        and not profile.spouse_canadian
        and profile.spouse_accompanying
    )
    assert (score(profile).scored_as == "with_spouse") == expected


@given(profile_data())
def test_spouse_answers_do_not_count_when_scored_single(data: dict[str, Any]) -> None:
    profile = parse_profile(data)
    if profile.with_spouse:
        return
    changed = parse_profile(
        {
            **data,
            "spouse_education": "doctoral",
            "spouse_canadian_work_years": 5,
            "spouse_language": {"test": "clb", **dict.fromkeys(ABILITIES, 10)},
        }
    )
    assert score(changed).total == score(profile).total


@given(profile_data(), st.data())
def test_raising_an_ability_never_lowers_the_total(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    fields = [f for f in ("first_language", "second_language", "spouse_language") if data[f]]
    field = draw.draw(st.sampled_from(fields))
    ability = draw.draw(st.sampled_from(ABILITIES))
    result = data[field]
    rng = TESTS[result["test"]][ability]
    if result[ability] >= rng.max:
        return
    steps_left = round((rng.max - result[ability]) / rng.step)
    up = draw.draw(st.integers(1, steps_left))
    raised_value = result[ability] + up * rng.step
    raised = {**data, field: {**result, ability: raised_value}}
    assert score(parse_profile(raised)).total >= score(parse_profile(data)).total


@given(profiles)
def test_json_round_trip(profile: Profile) -> None:
    assert parse_profile(profile.model_dump(mode="json")) == profile

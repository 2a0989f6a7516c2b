"""What-if planner: every suggestion's points are the difference of two scores."""

from __future__ import annotations

from hypothesis import given, settings

from bot.crs import Profile, gap, improvements, score

from .helpers import clb, lang, make
from .strategies import profiles


@settings(max_examples=150, deadline=None)
@given(profiles)
def test_gains_are_score_differences(profile: Profile) -> None:
    base = score(profile).total
    found = improvements(profile)
    for imp in found:
        assert imp.points > 0
        assert imp.points == score(imp.profile).total - base
        assert imp.profile != profile
    assert [i.points for i in found] == sorted((i.points for i in found), reverse=True)
    assert len({i.key for i in found}) == len(found)


@settings(max_examples=150, deadline=None)
@given(profiles)
def test_single_changes_touch_only_their_field(profile: Profile) -> None:
    before = profile.model_dump()
    for imp in improvements(profile):
        if imp.key == "swap_principal":
            continue
        after = imp.profile.model_dump()
        changed = {k for k in before if before[k] != after[k]}
        assert changed == {imp.key.split(".")[0]}


def test_ielts_writing_suggestion() -> None:
    # Single, 29, bachelor's, IELTS R7 W6.5 L8 S7: writing 6.5 is CLB 8 (23), 7 is CLB 9 (31):
    # +8 core; all four then at CLB 9 so edu+lang 13 -> 25: +12. Total +20.
    profile = make(first_language=lang("ielts", 7, 6.5, 8, 7))
    by_key = {i.key: i for i in improvements(profile)}
    writing = by_key["first_language.writing"]
    assert writing.description == "Raise IELTS writing from 6.5 to 7 (CLB 9)"
    assert writing.points == 20
    assert writing.profile.first_language.writing == 7


def test_nomination_ranks_first_and_then_drops_out() -> None:
    profile = make()
    found = improvements(profile)
    assert found[0].key == "provincial_nomination"
    assert found[0].points == 600
    nominated = found[0].profile
    assert "provincial_nomination" not in {i.key for i in improvements(nominated)}


def test_second_language_suggestion_for_english_speaker() -> None:
    # Single: NCLC 7 x4 -> 3 each = 12 core; French bonus with English CLB 5+ = 50: +62.
    by_key = {i.key: i for i in improvements(make())}
    assert by_key["second_language"].points == 62
    assert "NCLC 7" in by_key["second_language"].description


def test_second_language_suggestion_for_french_speaker() -> None:
    # French NCLC 7 only: English CLB 5 x4 -> 1 each = 4; French bonus 25 -> 50: +29.
    by_key = {i.key: i for i in improvements(make(first_language=lang("nclc", 7, 7, 7, 7)))}
    assert by_key["second_language"].points == 29
    assert "CLB 5" in by_key["second_language"].description


def test_language_raise_skips_levels_that_add_nothing() -> None:
    # CLB 4 -> 5 adds nothing to first-language points (both 6); the next step that counts
    # is CLB 6 (+3 single).
    profile = make(education="secondary", first_language=lang("clb", 9, 9, 9, 4))
    by_key = {i.key: i for i in improvements(profile)}
    assert by_key["first_language.speaking"].profile.first_language.speaking == 6
    assert by_key["first_language.speaking"].points == 3


def test_spouse_suggestions_only_with_spouse() -> None:
    single = {i.key for i in improvements(make(spouse_education="secondary"))}
    assert not any(k.startswith("spouse") for k in single)
    married = make(marital_status="married", spouse_education="secondary")
    keys = {i.key for i in improvements(married)}
    assert {"spouse_education", "spouse_canadian_work_years", "spouse_language"} <= keys


def test_swap_principal_when_spouse_scores_better() -> None:
    # Applicant: 29, secondary, CLB 5; spouse: master's, CLB 10, 2 yrs Canadian.
    profile = make(
        marital_status="married",
        education="secondary",
        first_language=clb(5),
        spouse_education="masters",
        spouse_language=clb(10),
        spouse_canadian_work_years=2,
    )
    by_key = {i.key: i for i in improvements(profile, spouse_age=31)}
    swap = by_key["swap_principal"]
    assert swap.profile.age == 31
    assert swap.profile.education == "masters"
    assert swap.profile.spouse_education == "secondary"
    assert swap.points == score(swap.profile).total - score(profile).total
    assert "age 31" in swap.description
    assumed = {i.key: i for i in improvements(profile)}["swap_principal"]
    assert "assuming your spouse is also 29" in assumed.description


def test_gap() -> None:
    profile = make()  # 379 (see worked examples)
    assert gap(profile, 500) == 121
    assert gap(profile, 379) == 0
    assert gap(profile, 300) == -79

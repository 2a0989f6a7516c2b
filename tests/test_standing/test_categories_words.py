"""The category checks in words: what a user reads for each kind of result."""

from __future__ import annotations

from datetime import date

from bot.catalogue import section
from bot.crs import parse_profile
from bot.render import environment
from bot.standing.categories import CategoryCheck, Occupation, Reason, check_categories
from tests.test_crs.helpers import data, lang

_MACRO = (
    '{% from "en/standing/_categories.j2" import category_checks %}'
    "{{ category_checks(checks, labels) }}"
)


def _words(checks: list[CategoryCheck]) -> str:
    return environment().from_string(_MACRO).render(checks=checks, labels=section("category", "en"))


def test_physician_abroad_reads_canada_only_and_french_short_names_the_ability() -> None:
    # TEF speaking 455 is NCLC 6 (NCLC 7 needs 456); 30 months as a GP, none in Canada.
    profile = parse_profile(data(second_language=lang("tef", 434, 428, 434, 455)))
    text = _words(check_categories(profile, Occupation("31102", 30, 0), on=date(2026, 12, 4)))
    assert "✖️ French-language proficiency: needs NCLC 7 in all four abilities" in text
    assert "speaking 6 (short in speaking)" in text
    assert (
        "✖️ Physicians with Canadian work experience: needs 12 months of work in it in "
        "Canada in the last 3 years; you have 0 in Canada"
    ) in text
    assert "✖️ Agriculture and agri-food: retired on 2026-02-18" in text
    assert (
        "⏳ Healthcare and social services, STEM, Trades, Education: can't be checked yet; "
        "IRCC's 2026 lists of occupations for them aren't in my sources yet"
    ) in text
    assert "⏳ Skilled military recruits: can't be checked yet; also needs service" in text
    assert "✅" not in text and "also eligible for an Express Entry program" not in text


def test_eligible_category_carries_the_program_note() -> None:
    checks = [CategoryCheck("transport", True, True, (Reason("program_eligibility_required"),))]
    text = _words(checks)
    assert "✅ Transport: you meet the category's rule" in text
    assert "also eligible for an Express Entry program (CEC, FSW or FST)" in text


def test_skipped_occupation_lists_the_categories_waiting_for_it() -> None:
    profile = parse_profile(data())
    text = _words(check_categories(profile, None, on=date(2026, 12, 4)))
    assert (
        "❔ Transport, Physicians with Canadian work experience, Senior managers with Canadian "
        "work experience, Researchers with Canadian experience: tell me your main occupation"
    ) in text


def test_months_short_in_words() -> None:
    reason = Reason("months_short", {"months": 11, "needed": 12, "window_years": 3})
    text = _words([CategoryCheck("transport", True, False, (reason,))])
    assert (
        "✖️ Transport: needs 12 months of full-time work (or the part-time equivalent) in it "
        "in the last 3 years; you have 11"
    ) in text


def test_categories_whose_list_lacks_the_occupation_share_one_line() -> None:
    profile = parse_profile(data())
    text = _words(check_categories(profile, Occupation("72410", 12, 0), on=date(2026, 12, 4)))
    assert "✅ Transport: you meet the category's rule" in text
    assert (
        "✖️ Physicians with Canadian work experience, Senior managers with Canadian work "
        "experience, Researchers with Canadian experience: your occupation (NOC 72410) is not "
        "on their lists"
    ) in text
    assert text.count("is not on") == 1


def test_without_a_profile_french_points_to_crs() -> None:
    text = _words(check_categories(None, None, on=date(2026, 12, 4)))
    assert "❔ French-language proficiency: work out your score with /crs" in text

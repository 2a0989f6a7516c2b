"""Complete scripted conversations: every branch, each ending in the CRS engine's own score."""

from __future__ import annotations

from typing import Any

import pytest

from bot.crs import parse_profile, score
from tests.test_questionnaire.helpers import NO_TEST, Style, complete, expected_questions, profile


def lang(test: str, li: float, r: float, w: float, s: float) -> dict[str, Any]:
    return {"test": test, "listening": li, "reading": r, "writing": w, "speaking": s}


SPOUSE = {
    "spouse_accompanying": True,
    "spouse_education": "masters",
    "spouse_canadian_work_years": 2,
    "spouse_language": lang("ielts", 7, 7, 7, 7),
}

CASES: dict[str, tuple[dict[str, Any], Style]] = {
    # Each marital status
    "single": (profile(), "buttons"),
    "married_with_spouse": (profile(marital_status="married", **SPOUSE), "buttons"),
    "common_law_with_spouse": (profile(marital_status="common_law", **SPOUSE), "typed"),
    "divorced": (profile(marital_status="divorced", age=35), "buttons"),
    "separated": (profile(marital_status="separated", age=40), "typed"),
    "legally_separated": (profile(marital_status="legally_separated"), "one_by_one"),
    "widowed": (profile(marital_status="widowed", age=45), "buttons"),
    "annulled": (profile(marital_status="annulled", age=17), "buttons"),
    # Partner a Canadian citizen / PR, or not coming: scored as single, no spouse questions
    "married_partner_canadian": (
        profile(marital_status="married", spouse_canadian=True),
        "buttons",
    ),
    "common_law_partner_canadian": (
        profile(marital_status="common_law", spouse_canadian=True, sibling_in_canada=True),
        "typed",
    ),
    "married_partner_not_coming": (
        profile(marital_status="married", spouse_accompanying=False, foreign_work_years=3),
        "buttons",
    ),
    "common_law_partner_not_coming": (
        profile(marital_status="common_law", spouse_accompanying=False),
        "one_by_one",
    ),
    # Each test type as the first official language
    "celpip": (profile(first_language=lang("celpip", 10, 9, 8, 7)), "buttons"),
    "pte_core": (profile(first_language=lang("pte_core", 89, 78, 69, 60)), "one_by_one"),
    "clb_levels": (profile(first_language=lang("clb", 9, 9, 9, 9)), "typed"),
    "tef_first": (profile(first_language=lang("tef", 546, 503, 512, 518)), "buttons"),
    "tcf_first": (profile(first_language=lang("tcf", 549, 524, 16, 14)), "one_by_one"),
    "nclc_first": (profile(first_language=lang("nclc", 7, 7, 7, 7)), "buttons"),
    "no_valid_test": (profile(first_language=dict(NO_TEST), foreign_work_years=2), "buttons"),
    # Second official language, both ways round
    "ielts_then_tef": (profile(second_language=lang("tef", 434, 434, 428, 456)), "buttons"),
    "ielts_then_tcf": (profile(second_language=lang("tcf", 458, 453, 10, 10)), "one_by_one"),
    "celpip_then_nclc": (
        profile(
            first_language=lang("celpip", 5, 5, 5, 5), second_language=lang("nclc", 9, 9, 9, 9)
        ),
        "typed",
    ),
    "tef_then_ielts": (
        profile(
            first_language=lang("tef", 560, 560, 560, 560),
            second_language=lang("ielts", 4.5, 3.5, 4, 4),
        ),
        "buttons",
    ),
    "tcf_then_celpip": (
        profile(
            first_language=lang("tcf", 400, 400, 6, 6),
            second_language=lang("celpip", 12, 11, 10, 9),
        ),
        "buttons",
    ),
    "nclc_then_pte": (
        profile(
            first_language=lang("nclc", 10, 10, 10, 10),
            second_language=lang("pte_core", 10, 90, 50, 60),
        ),
        "one_by_one",
    ),
    "tef_then_clb": (
        profile(
            first_language=lang("tef", 450, 450, 450, 500), second_language=lang("clb", 4, 5, 6, 7)
        ),
        "typed",
    ),
    # Spouse: language none, each kind of spouse test, education and Canadian work
    "spouse_language_none": (
        profile(marital_status="married", **{**SPOUSE, "spouse_language": None}),
        "buttons",
    ),
    "spouse_tef": (
        profile(
            marital_status="common_law",
            **{**SPOUSE, "spouse_language": lang("tef", 503, 503, 512, 518)},
        ),
        "one_by_one",
    ),
    "spouse_celpip_low_education": (
        profile(
            marital_status="married",
            **{
                **SPOUSE,
                "spouse_education": "secondary",
                "spouse_canadian_work_years": 7,
                "spouse_language": lang("celpip", 4, 5, 6, 9),
            },
        ),
        "typed",
    ),
    "spouse_nclc_and_french_applicant": (
        profile(
            marital_status="married",
            first_language=lang("tcf", 549, 549, 16, 16),
            second_language=lang("ielts", 6, 6, 6, 6),
            **{
                **SPOUSE,
                "spouse_language": lang("nclc", 8, 8, 8, 8),
                "spouse_education": "doctoral",
            },
        ),
        "buttons",
    ),
    # Education, Canadian study, work years, the yes/no questions
    "less_than_secondary": (profile(education="less_than_secondary"), "buttons"),
    "secondary": (profile(education="secondary", foreign_work_years=1), "typed"),
    "one_year_canadian_1_2": (
        profile(education="one_year", canadian_education="one_or_two_year"),
        "buttons",
    ),
    "two_year": (profile(education="two_year", canadian_work_years=0), "buttons"),
    "two_or_more_canadian_3": (
        profile(education="two_or_more", canadian_education="three_year_plus"),
        "one_by_one",
    ),
    "masters_cw_5": (profile(education="masters", canadian_work_years=5), "buttons"),
    "doctoral_cw_9_typed": (profile(education="doctoral", canadian_work_years=9), "typed"),
    "foreign_work_7": (profile(foreign_work_years=7, canadian_work_years=2), "typed"),
    "certificate_of_qualification": (
        profile(certificate_of_qualification=True, education="secondary"),
        "buttons",
    ),
    "provincial_nomination": (profile(provincial_nomination=True), "buttons"),
    "sibling": (profile(sibling_in_canada=True, canadian_work_years=3), "buttons"),
    "everything_with_spouse": (
        profile(
            marital_status="common_law",
            age=31,
            education="two_or_more",
            canadian_education="one_or_two_year",
            first_language=lang("ielts", 9, 9, 9, 9),
            second_language=lang("tef", 600, 600, 600, 600),
            canadian_work_years=4,
            foreign_work_years=3,
            certificate_of_qualification=True,
            provincial_nomination=True,
            sibling_in_canada=True,
            **SPOUSE,
        ),
        "one_by_one",
    ),
}


def normalised(p: dict[str, Any]) -> dict[str, Any]:
    """What the questionnaire produces for ``p``: the buttons stop at 5+ / 3+ years, and only
    the asked questions count (spouse fields are defaults when not scored with a spouse)."""
    out = dict(p)
    out["canadian_work_years"] = min(p["canadian_work_years"], 5)
    out["spouse_canadian_work_years"] = min(p["spouse_canadian_work_years"], 5)
    out["foreign_work_years"] = min(p["foreign_work_years"], 3)
    partnered = p["marital_status"] in ("married", "common_law")
    if not partnered:
        out["spouse_canadian"] = False
    if not partnered or p["spouse_canadian"]:
        out["spouse_accompanying"] = False
    if not (partnered and not p["spouse_canadian"] and p["spouse_accompanying"]):
        out.update(spouse_education="less_than_secondary", spouse_canadian_work_years=0)
        out["spouse_language"] = None
    if p["first_language"] == NO_TEST:
        out["second_language"] = None
    return out


def test_at_least_thirty_conversations() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", sorted(CASES))
def test_complete_conversation(name: str) -> None:
    p, style = CASES[name]
    run = complete(p, style)
    assert run.profile is not None, "the review was confirmed but no profile came out"
    # Exactly the questions of this branch were asked, in IRCC's order (when the four
    # scores are typed in one message, only the first score's question is shown).
    expected_asked = expected_questions(p)
    if style != "one_by_one":
        skipped = (".reading", ".writing", ".speaking")
        expected_asked = [q for q in expected_asked if not q.endswith(skipped)]
    assert run.asked == expected_asked
    # The questionnaire's profile scores what the CRS engine gives the same profile.
    expected = score(parse_profile(p))
    got = score(parse_profile(run.profile))
    assert got.total == expected.total
    assert got.to_json() == expected.to_json()
    assert run.profile == normalised(p)

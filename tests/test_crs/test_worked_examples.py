"""Worked examples: totals computed by hand from the official grid (docs/crs.md).

Notation: S = "without spouse" column, W = "with spouse" column. Unless changed, the profile
is a single applicant aged 29 with a bachelor's degree and CLB 9 in all four English
abilities, no work experience. Transferability "edu+lang" for a bachelor's at CLB 9+ is 25.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.crs import parse_profile, score

from .helpers import clb, data, lang, nclc

SPOUSE = {"marital_status": "married", "spouse_canadian": False, "spouse_accompanying": True}

EXAMPLES: list[tuple[str, dict[str, Any], int, str]] = [
    # --- who is scored with a spouse ---
    # age 110 + bachelor's 120 + CLB9 4x31=124 = 354 core; transfer 25 -> 379
    ("single baseline", data(), 379, "single"),
    # W: age 100 + bachelor's 112 + 4x29=116 = 328; spouse secondary 2; transfer 25 -> 355
    ("with spouse", data(**SPOUSE, spouse_education="secondary"), 355, "with_spouse"),
    # spouse is Canadian/PR -> single column: 379 (spouse's master's ignored)
    (
        "spouse Canadian or PR",
        data(**{**SPOUSE, "spouse_canadian": True}, spouse_education="masters"),
        379,
        "single",
    ),
    # common-law partner not coming -> single column: 379
    (
        "partner not accompanying",
        data(marital_status="common_law", spouse_accompanying=False, spouse_education="masters"),
        379,
        "single",
    ),
    # divorced with leftover spouse answers -> single: 379
    ("divorced", data(marital_status="divorced", spouse_education="doctoral"), 379, "single"),
    # --- age (bachelor's 120 + CLB9 124 + transfer 25 = 269, plus age points S) ---
    ("age 17", data(age=17), 269 + 0, "single"),  # 269 + 0
    ("age 18", data(age=18), 269 + 99, "single"),  # 269 + 99 = 368
    ("age 19", data(age=19), 269 + 105, "single"),  # 269 + 105 = 374
    ("age 30", data(age=30), 269 + 105, "single"),  # 269 + 105 = 374
    ("age 44", data(age=44), 269 + 6, "single"),  # 269 + 6 = 275
    ("age 45", data(age=45), 269 + 0, "single"),  # 269 + 0
    # W, age 44: 5 + 112 + 116 + spouse secondary 2 + transfer 25 = 260
    (
        "age 44 with spouse",
        data(**SPOUSE, age=44, spouse_education="secondary"),
        260,
        "with_spouse",
    ),
    # --- education (age 110 + CLB9 124 = 234, plus education S and edu+lang) ---
    ("less than secondary", data(education="less_than_secondary"), 234, "single"),  # +0 +0
    ("secondary", data(education="secondary"), 264, "single"),  # +30 +0
    ("one-year", data(education="one_year"), 349, "single"),  # +90 +25
    ("two-year", data(education="two_year"), 357, "single"),  # +98 +25
    ("two or more", data(education="two_or_more"), 412, "single"),  # +128 +50
    ("master's", data(education="masters"), 419, "single"),  # +135 +50
    ("doctoral", data(education="doctoral"), 434, "single"),  # +150 +50
    # --- first-language CLB bands (age 110 + secondary 30 = 140; no transferability) ---
    ("CLB 3", data(education="secondary", first_language=clb(3)), 140, "single"),  # 4x0
    ("CLB 4", data(education="secondary", first_language=clb(4)), 164, "single"),  # 4x6
    ("CLB 5", data(education="secondary", first_language=clb(5)), 164, "single"),  # 4x6
    ("CLB 6", data(education="secondary", first_language=clb(6)), 176, "single"),  # 4x9
    ("CLB 7", data(education="secondary", first_language=clb(7)), 208, "single"),  # 4x17
    ("CLB 8", data(education="secondary", first_language=clb(8)), 232, "single"),  # 4x23
    ("CLB 9", data(education="secondary", first_language=clb(9)), 264, "single"),  # 4x31
    ("CLB 10", data(education="secondary", first_language=clb(10)), 276, "single"),  # 4x34
    # CELPIP 12 counts as CLB 10 or more: 4x34 -> 276
    (
        "CELPIP 12",
        data(education="secondary", first_language=lang("celpip", 12, 12, 12, 12)),
        276,
        "single",
    ),
    # IELTS R6.5 (CLB 8: 23) W7 (CLB 9: 31) L7.5 (CLB 8: 23) S5.5 (CLB 6: 9) = 86; 140 + 86 = 226
    (
        "IELTS mixed",
        data(education="secondary", first_language=lang("ielts", 6.5, 7, 7.5, 5.5)),
        226,
        "single",
    ),
    # --- second official language ---
    # NCLC 5 x4 = 4 points; French under NCLC 7 so no bonus: 379 + 4 = 383
    ("second language NCLC 5", data(second_language=nclc(5)), 383, "single"),
    # TEF R503 W512 L503 S518 = NCLC 9 x4: 4x6 = 24 (cap 24); French bonus with English CLB 5+:
    # 50 -> 379 + 24 + 50 = 453
    (
        "second language TEF NCLC 9",
        data(second_language=lang("tef", 503, 512, 503, 518)),
        453,
        "single",
    ),
    # W: NCLC 9 x4 = 24 capped at 22; 355 + 22 + French 50 = 427
    (
        "second language capped with spouse",
        data(**SPOUSE, spouse_education="secondary", second_language=nclc(9)),
        427,
        "with_spouse",
    ),
    # --- French additional points ---
    # French first NCLC 7, no English: 110 + 120 + 4x17=68 = 298; edu+lang CLB 7 band 13;
    # French 25 -> 336
    ("French only", data(first_language=nclc(7)), 336, "single"),
    # French NCLC 7 + English CLB 4: second language 0; English at CLB 4 -> French 25 -> 336
    (
        "French with weak English",
        data(first_language=nclc(7), second_language=clb(4)),
        336,
        "single",
    ),
    # French NCLC 7 + English CLB 5 x4: second 4x1 = 4; French 50 -> 298 + 4 + 13 + 50 = 365
    (
        "French with English CLB 5",
        data(first_language=nclc(7), second_language=clb(5)),
        365,
        "single",
    ),
    # One French ability at NCLC 6 -> no bonus; second language 3+3+3+1 = 10 -> 379 + 10 = 389
    (
        "French NCLC 6 in one ability",
        data(second_language=lang("nclc", 7, 7, 7, 6)),
        389,
        "single",
    ),
    # --- skill transferability ---
    # bachelor's CLB 8 x4 (23 each = 92), 1 yr Canadian (40): core 110+120+92+40 = 362;
    # edu+lang 13 + edu+cw 13 = 26 -> 388
    (
        "education group lower bands",
        data(first_language=clb(8), canadian_work_years=1),
        388,
        "single",
    ),
    # bachelor's CLB 9, 2 yrs Canadian (53): core 407; edu+lang 25 + edu+cw 25 = 50 (at cap) -> 457
    ("education group at cap", data(canadian_work_years=2), 457, "single"),
    # master's CLB 9, 2 yrs Canadian: core 110+135+124+53 = 422; 50 + 50 = 100 capped 50 -> 472
    (
        "education group over cap",
        data(education="masters", canadian_work_years=2),
        472,
        "single",
    ),
    # 3 yrs foreign CLB 9: fw+lang 50 (at cap) + edu 25 = 75; core 354 -> 429
    ("foreign group at cap", data(foreign_work_years=3), 429, "single"),
    # 3 yrs foreign, CLB 9, 2 yrs Canadian: fw 50+50 capped 50; edu 25+25 = 50;
    # core 110+120+124+53 = 407 -> 507
    (
        "foreign group over cap",
        data(foreign_work_years=3, canadian_work_years=2),
        507,
        "single",
    ),
    # 1 yr foreign, CLB 7, 1 yr Canadian: fw 13+13 = 26, edu 13+13 = 26;
    # core 110+120+68+40 = 338 -> 390
    (
        "foreign group lower bands",
        data(first_language=clb(7), foreign_work_years=1, canadian_work_years=1),
        390,
        "single",
    ),
    # certificate, CLB 5 x4, secondary: core 110+30+24 = 164; cert 25 -> 189
    (
        "certificate CLB 5",
        data(education="secondary", first_language=clb(5), certificate_of_qualification=True),
        189,
        "single",
    ),
    # certificate, CLB 7,7,7,6 (one under 7): core 110+30+17x3+9 = 200; cert 25 -> 225
    (
        "certificate one ability under 7",
        data(
            education="secondary",
            first_language=lang("clb", 7, 7, 7, 6),
            certificate_of_qualification=True,
        ),
        225,
        "single",
    ),
    # certificate, CLB 7 x4: core 110+30+68 = 208; cert 50 (at cap) -> 258
    (
        "certificate CLB 7",
        data(education="secondary", first_language=clb(7), certificate_of_qualification=True),
        258,
        "single",
    ),
    # certificate, CLB 4: no certificate points: 164
    (
        "certificate CLB 4",
        data(education="secondary", first_language=clb(4), certificate_of_qualification=True),
        164,
        "single",
    ),
    # section cap: master's CLB9, 2 yrs Canadian, 3 yrs foreign, certificate:
    # groups 50 + 50 + 50 = 150 capped 100; core 422 -> 522
    (
        "transferability section cap",
        data(
            education="masters",
            canadian_work_years=2,
            foreign_work_years=3,
            certificate_of_qualification=True,
        ),
        522,
        "single",
    ),
    # --- additional points ---
    ("provincial nomination", data(provincial_nomination=True), 979, "single"),  # 379 + 600
    ("sibling", data(sibling_in_canada=True), 394, "single"),  # 379 + 15
    ("Canadian study 1-2 years", data(canadian_education="one_or_two_year"), 394, "single"),  # +15
    ("Canadian study 3+ years", data(canadian_education="three_year_plus"), 409, "single"),  # +30
    # additional cap: 600 + 30 + French 50 + sibling 15 = 695 -> 600; second lang 24:
    # 354 + 24 + 25 + 600 = 1003
    (
        "additional capped at 600",
        data(
            provincial_nomination=True,
            canadian_education="three_year_plus",
            sibling_in_canada=True,
            second_language=nclc(9),
        ),
        1003,
        "single",
    ),
    # --- a full with-spouse profile ---
    # W: age 35 70 + master's 126 + IELTS CLB 10 x4 = 128 + 3 yrs Canadian 56 = 380;
    # spouse: master's 10 + CELPIP 9 x4 = 20 + 5 yrs Canadian 10 = 40;
    # transfer: edu 50+50 -> 50; foreign 2 yrs: 25 + 25 = 50 -> 100; total 520
    (
        "full with spouse",
        data(
            **SPOUSE,
            age=35,
            education="masters",
            first_language=lang("ielts", 8, 7.5, 8.5, 7.5),
            canadian_work_years=3,
            foreign_work_years=2,
            spouse_education="masters",
            spouse_language=lang("celpip", 9, 9, 9, 9),
            spouse_canadian_work_years=5,
        ),
        520,
        "with_spouse",
    ),
    # W: spouse French TCF R453 W10 L458 S10 = NCLC 7 x4 -> 3 each = 12; spouse education
    # doctoral 10; 4 yrs Canadian 9: 31; applicant 328 + 25 -> 384
    (
        "spouse with French test",
        data(
            **SPOUSE,
            spouse_education="doctoral",
            spouse_language=lang("tcf", 453, 10, 458, 10),
            spouse_canadian_work_years=4,
        ),
        384,
        "with_spouse",
    ),
]


@pytest.mark.parametrize(
    ("profile", "expected", "scored_as"),
    [pytest.param(p, t, s, id=name) for name, p, t, s in EXAMPLES],
)
def test_worked_example(profile: dict[str, Any], expected: int, scored_as: str) -> None:
    result = score(parse_profile(profile))
    assert result.total == expected
    assert result.scored_as == scored_as
    assert result.rules == "2025-03-25"


def test_there_are_enough_worked_examples() -> None:
    assert len(EXAMPLES) >= 25


def test_sections_and_items_of_the_issue_example() -> None:
    # W: age 29 100; bachelor's 112; IELTS R7 (CLB 9: 29) W6.5 (CLB 8: 22) L8 (CLB 9: 29)
    # S7 (CLB 9: 29); 1 yr Canadian 35 -> core 356. Spouse secondary 2 -> 2.
    # Transfer: min CLB 8 -> edu+lang 13; edu+cw 1 yr 13 -> 26. Total 384.
    profile = parse_profile(
        data(
            **SPOUSE,
            first_language=lang("ielts", 7, 6.5, 8, 7),
            canadian_work_years=1,
            spouse_education="secondary",
        )
    )
    result = score(profile).to_json()
    assert result["core"] == 356
    assert result["spouse"] == 2
    assert result["transferability"] == 26
    assert result["additional"] == 0
    assert result["total"] == 384
    assert result["items"]["core"]["first_language.writing"] == 22
    assert result["items"]["core"]["canadian_work_experience"] == 35
    assert result["items"]["spouse"]["education"] == 2
    assert result["items"]["transferability"]["education_canadian_work"] == 13
    assert set(result) == {
        "total",
        "core",
        "spouse",
        "transferability",
        "additional",
        "scored_as",
        "rules",
        "items",
    }

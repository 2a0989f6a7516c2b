"""Moves that matter: whole moves, each re-scored; worked examples computed by hand from
/work/shared/reference/crs-grid.md (points "with spouse / without")."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from hypothesis import given, settings

from bot.crs import Move, Profile, moves, score
from bot.questionnaire.result import improvements_reply, move_view, result_reply
from bot.render import environment
from bot.standing.assess import assess

from .helpers import clb, lang, make, nclc
from .strategies import profiles

TODAY = date(2026, 12, 4)

#: The issue's profile: single, 28, bachelor's, IELTS General L7.5 R6.5 W6.5 S6.5, 1 year of
#: Canadian work, 2 years of foreign work, no second language.
ISSUE = {
    "age": 28,
    "first_language": {
        "test": "ielts",
        "listening": 7.5,
        "reading": 6.5,
        "writing": 6.5,
        "speaking": 6.5,
    },
    "canadian_work_years": 1,
    "foreign_work_years": 2,
}


def by_code(found: list[Move], code: str) -> list[Move]:
    return [m for m in found if m.code == code]


def text_of(move: Move) -> str:
    template = environment().from_string(
        '{% from "en/questionnaire/_moves.j2" import move_text %}{{ move_text(m) }}'
    )
    return template.render(m=move_view(move, 0))


def test_the_issue_profile_scores_414_and_gets_clb9_in_its_first_three() -> None:
    # IELTS L7.5 = CLB 8 (8.0 is CLB 9), R6.5 = CLB 8, W6.5 = CLB 8, S6.5 = CLB 8.
    # Single column. Core: age 28 110 + bachelor's 120 + 4 x 23 (CLB 8) 92 + 1 year Canadian 40
    # = 362. Transferability (lower band: CLB 7+ in all four, one under 9):
    # bachelor's + language 13, bachelor's + 1 yr Canadian 13 -> 26;
    # 1-2 yrs foreign + language 13, 1-2 yrs foreign + 1 yr Canadian 13 -> 26. 362 + 52 = 414.
    profile = make(**ISSUE)
    assert score(profile).total == 414
    found = moves(profile)
    # CLB 9 in all four (IELTS L8 R7 W7 S7): 4 x 31 = 124 (+32); upper band: 25 + 13 and 25 + 13
    # = 76 (+24). 414 + 56 = 470.
    # CLB 10 (L8.5 R8 W7.5 S7.5): 4 x 34 = 136 (+44), transferability as CLB 9 (+24): +68.
    # French NCLC 7 x4 as second language: 4 x 3 = 12, French with English CLB 5+: 50 -> +62.
    assert [(m.code, m.params.get("level"), m.points) for m in found[:3]] == [
        ("language_all", 10, 68),
        ("french_nclc7", 7, 62),
        ("language_all", 9, 56),
    ]
    clb9 = found[2]
    assert score(clb9.profile).total == 470
    assert clb9.params["scores"] == {"listening": 8, "reading": 7, "writing": 7, "speaking": 7}
    assert clb9.changes == {
        "first_language": {
            "test": "ielts",
            "reading": 7,
            "writing": 7,
            "listening": 8,
            "speaking": 7,
        }
    }
    text = re.sub(r"</?b>", "", result_reply(assess(profile, draws=[], today=TODAY)).text)
    assert (
        "3. Reach IELTS listening 8, reading 7, writing 7, speaking 7 — CLB 9 in all four: +56"
        in (text)
    )
    assert "(→ 470)" in text


def test_language_all_each_paying_band_is_its_own_move() -> None:
    # Single, 29, bachelor's, CLB 6 x4: core 110 + 120 + 4 x 9 = 266, no transferability.
    # CLB 7: 4 x 17 = 68 (+32), bachelor's + language lower band 13: +45.
    # CLB 9: 4 x 31 = 124 (+88), upper band 25: +113. CLB 10: 4 x 34 = 136 (+100) + 25: +125.
    found = by_code(moves(make(first_language=clb(6))), "language_all")
    assert [(m.params["level"], m.points) for m in found] == [(10, 125), (9, 113), (7, 45)]
    assert found[2].params["scores"] == {
        a: 7 for a in ("listening", "reading", "writing", "speaking")
    }
    assert text_of(found[2]) == "Reach CLB 7 in all four"


def test_language_all_keeps_abilities_already_above_the_band() -> None:
    # IELTS R7 W6.5 L8 S7: only writing is under CLB 9 (6.5 = CLB 8): 23 -> 31 = +8, and all four
    # at CLB 9 move bachelor's + language 13 -> 25: +12. Total +20.
    found = moves(make(first_language=lang("ielts", 7, 6.5, 8, 7)))
    clb9 = next(m for m in by_code(found, "language_all") if m.params["level"] == 9)
    assert clb9.points == 20
    assert clb9.params["scores"] == {"writing": 7}
    assert text_of(clb9) == "Reach IELTS writing 7 — CLB 9 in all four"


def test_french_as_second_language_opens_the_french_rounds() -> None:
    # Single, 29, bachelor's, CLB 9 (379): NCLC 7 x4 second 4 x 3 = 12 + French bonus 50 = +62.
    french = by_code(moves(make()), "french_nclc7")
    assert [(m.points, m.opens, m.params["as"]) for m in french] == [(62, ("french",), "second")]
    assert french[0].changes == {"second_language": nclc(7)}
    assert text_of(french[0]) == (
        "Add French: TEF Canada or TCF Canada at NCLC 7 in all four"
        " — opens French-language proficiency rounds"
    )


def test_french_becomes_the_first_language_without_an_english_result() -> None:
    # No valid English result (entered as CLB 0 x4): 110 + 120 = 230. French NCLC 7 as first:
    # 4 x 17 = 68, bachelor's + language lower band 13, French with no English 25: +106
    # (not the +37 a second language would give: 12 + 25).
    profile = make(first_language=clb(0))
    assert score(profile).total == 230
    french = by_code(moves(profile), "french_nclc7")
    assert [(m.points, m.params["as"]) for m in french] == [(106, "first")]
    assert french[0].changes == {"first_language": nclc(7)}
    assert french[0].opens == ("french",)


def test_raising_a_held_french_result() -> None:
    # CLB 9 English, French NCLC 5 x4 as second (4 x 1 = 4): 379 + 4 = 383.
    # NCLC 7: 4 x 3 = 12 (+8) and the French bonus 50: +58, opens the French rounds.
    # NCLC 9: 4 x 6 = 24 (+20) + 50 = +70 (a second-language band; it opens them too).
    found = moves(make(second_language=nclc(5)))
    assert [(m.points, m.opens) for m in by_code(found, "french_nclc7")] == [(58, ("french",))]
    second = by_code(found, "second_language_all")
    assert [(m.params["level"], m.points, m.opens) for m in second] == [(9, 70, ("french",))]


def test_english_added_to_a_french_first_language() -> None:
    # Single, 29, bachelor's, NCLC 7 first: 110 + 120 + 68 + 13 + French without English 25 = 336.
    # English CLB 5 x4: 4 x 1 = 4, French bonus 25 -> 50: +29.
    found = moves(make(first_language=nclc(7)))
    assert [(m.points, m.params["level"]) for m in by_code(found, "second_language_all")] == [
        (29, 5)
    ]


def test_canadian_credential_at_most_the_education_held() -> None:
    # Canadian study: 1-2 years 15, 3+ years 30 (the education held does not change).
    bachelors = by_code(moves(make()), "canadian_credential")
    assert [(m.params["level"], m.points) for m in bachelors] == [
        ("three_year_plus", 30),
        ("one_or_two_year", 15),
    ]
    assert bachelors[0].changes == {"canadian_education": "three_year_plus"}
    two_year = by_code(moves(make(education="two_year")), "canadian_credential")
    assert [(m.params["level"], m.points) for m in two_year] == [("one_or_two_year", 15)]
    assert by_code(moves(make(education="secondary")), "canadian_credential") == []
    # Already 1-2 years in Canada: only the step to 3+ years (30 - 15).
    held = by_code(moves(make(canadian_education="one_or_two_year")), "canadian_credential")
    assert [(m.params["level"], m.points) for m in held] == [("three_year_plus", 15)]


def test_one_more_canadian_year_with_the_date_it_is_reached() -> None:
    # CLB 9, bachelor's, 1 year in Canada: Canadian work 40 -> 53 (+13); bachelor's + Canadian
    # work 13 -> 25 with bachelor's + language 25 already: 38 -> 50 (+12). Total +25.
    found = moves(make(canadian_work_years=1), canadian_work_since=date(2025, 3, 10))
    work = by_code(found, "canadian_work_year")
    assert [(m.points, m.params) for m in work] == [(25, {"years": 2, "on": "2027-03-10"})]
    assert text_of(work[0]) == "One more year of skilled work in Canada (2 years, on 2027-03-10)"
    assert by_code(moves(make(canadian_work_years=5)), "canadian_work_year") == []


def test_education_next_level_that_pays() -> None:
    # Bachelor's -> two or more credentials: 120 -> 128 (+8); the 25/50 class lifts
    # education + language (CLB 9) 25 -> 50: +25. Total +33.
    found = by_code(moves(make()), "education")
    assert [(m.params["level"], m.points) for m in found] == [("two_or_more", 33)]


def test_partner_moves_only_when_scored_with_the_partner() -> None:
    # Married, partner coming, 29, bachelor's, CLB 9: with-spouse column.
    # Partner language (no test yet): CLB 5 x4 = 4, CLB 7 x4 = 12, CLB 9 x4 = 20.
    # Partner education less than secondary -> secondary: +2. Partner's first Canadian year: +5.
    married = make(marital_status="married")
    found = moves(married)
    assert [(m.params["level"], m.points) for m in by_code(found, "spouse_language")] == [
        (9, 20),
        (7, 12),
        (5, 4),
    ]
    assert [m.points for m in by_code(found, "spouse_education")] == [2]
    assert [m.points for m in by_code(found, "spouse_canadian_work")] == [5]
    for single in (
        make(marital_status="married", spouse_accompanying=False),
        make(marital_status="married", spouse_canadian=True),
        make(marital_status="single"),
    ):
        assert not {m.code for m in moves(single)} & {
            "spouse_language",
            "spouse_education",
            "spouse_canadian_work",
            "swap_principal",
        }


def test_swap_principal_applicant() -> None:
    # Applicant 40, secondary, CLB 5 x4; partner 30, master's, CLB 9 x4 (with-spouse column).
    # Now: age 45 + secondary 28 + 4 x 6 = 97; partner master's 10 + 4 x 5 = 30; no
    # transferability (secondary, CLB 5): 127.
    # Swapped: age 30 95 + master's 126 + 4 x 29 = 337; partner secondary 2 + 4 x 1 = 6;
    # master's + CLB 9 = 50: 393. +266.
    profile = make(
        marital_status="married",
        age=40,
        education="secondary",
        first_language=clb(5),
        spouse_education="masters",
        spouse_language=clb(9),
    )
    assert score(profile).total == 127
    swap = by_code(moves(profile, spouse_age=30), "swap_principal")
    assert [(m.points, m.params) for m in swap] == [(266, {"age": 30, "age_assumed": False})]
    assert swap[0].profile.spouse_accompanying is True
    assumed = by_code(moves(profile), "swap_principal")[0]
    assert text_of(assumed).startswith(
        "Make your partner the principal applicant (assuming your partner is also 40"
    )


def test_nomination_is_listed_last_and_then_drops_out() -> None:
    found = moves(make())
    assert (found[-1].code, found[-1].points) == ("nomination", 600)
    assert "nomination" not in {m.code for m in moves(found[-1].profile)}


def test_the_words_of_every_list_come_from_the_template() -> None:
    # The issue profile (414): a second Canadian year: 40 -> 53 (+13), and with 2+ years both
    # bachelor's + Canadian work and foreign work + Canadian work go 13 -> 25 (+12 each): +37.
    profile = make(**ISSUE)
    full = re.sub(r"</?b>", "", improvements_reply(profile).text)
    assert "• Get a provincial or territorial nomination: +600 (→ 1,014)" in full
    assert "• One more year of skilled work in Canada (2 years): +37 (→ 451)" in full


@settings(max_examples=150, deadline=None)
@given(profiles)
def test_every_gain_is_a_difference_of_two_engine_scores(profile: Profile) -> None:
    base = score(profile).total
    found = moves(profile)
    before = profile.model_dump(mode="json")
    for move in found:
        assert move.points > 0
        assert move.points == score(move.profile).total - base
        after: dict[str, Any] = move.profile.model_dump(mode="json")
        assert move.changes == {k: v for k, v in after.items() if before[k] != v}
        assert move.changes
        assert "spouse_accompanying" not in move.changes
    ranked = [m.points for m in found if m.code != "nomination"]
    assert ranked == sorted(ranked, reverse=True)
    assert [m.code for m in found].count("nomination") == (
        0 if profile.provincial_nomination else 1
    )

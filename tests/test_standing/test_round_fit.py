"""Does a candidate qualify for a round (the "rounds I'm eligible for" alerts), worked by hand
from the rules: CEC needs a year of Canadian work and CLB 7 (TEER 0-1) or 5 (TEER 2-3); the
French category needs NCLC 7 in all four abilities of a French test; an occupation category
needs the NOC on its list; PNP rounds need a nomination; every round needs one open program.
"""

from __future__ import annotations

from datetime import date

from bot.crs import parse_profile
from bot.standing.categories import Occupation
from bot.standing.round_fit import NO, UNKNOWN, YES, round_fit
from tests.test_crs.helpers import clb, data, nclc

ON = date(2026, 12, 4)
# CLB 9 English, NCLC 7 French, a year in Canada: CEC open (the year assumed recent).
FRENCH = parse_profile(data(second_language=nclc(7), canadian_work_years=1))
# The same without the French test.
ENGLISH = parse_profile(data(canadian_work_years=1))
# No work at all and CLB 4: no program is open.
NOTHING = parse_profile(data(first_language=clb(4)))


def codes(fit: object) -> list[str]:
    return [r.code for r in fit.reasons]  # type: ignore[attr-defined]


def test_french_round_with_nclc_7_is_yes_and_alerts() -> None:
    fit = round_fit(FRENCH, None, "french", on=ON)
    assert fit.outcome == YES and fit.alert
    assert codes(fit)[0] == "category"


def test_french_round_without_a_french_test_is_no() -> None:
    fit = round_fit(ENGLISH, None, "french", on=ON)
    assert fit.outcome == NO and not fit.alert and "no_french_test" in codes(fit)


def test_nclc_6_is_short_of_the_french_rule() -> None:
    profile = parse_profile(data(second_language=nclc(6), canadian_work_years=1))
    fit = round_fit(profile, None, "french", on=ON)
    assert fit.outcome == NO and "nclc7_needed" in codes(fit)


def test_healthcare_list_missing_cant_tell_and_does_not_alert() -> None:
    # The 2026 healthcare list is not in the data (list_not_found): nobody's answers settle it.
    fit = round_fit(FRENCH, Occupation("21231", 24, 24), "healthcare", on=ON)
    assert fit.outcome == UNKNOWN and "list_not_available" in codes(fit)
    assert not fit.missing_answers and not fit.alert


def test_transport_without_an_occupation_answer_asks_for_it() -> None:
    fit = round_fit(FRENCH, None, "transport", on=ON)
    assert fit.outcome == UNKNOWN and "no_occupation_given" in codes(fit)
    assert fit.missing_answers and fit.alert


def test_transport_with_a_listed_noc_and_12_months() -> None:
    # NOC 72404 (aircraft mechanics) is on the 2026 transport list; 24 months >= 12 needed.
    assert round_fit(ENGLISH, Occupation("72404", 24, 0), "transport", on=ON).outcome == YES
    assert round_fit(ENGLISH, Occupation("72404", 6, 0), "transport", on=ON).outcome == NO


def test_program_rounds() -> None:
    assert round_fit(ENGLISH, None, "cec", on=ON).outcome == YES
    # No Canadian work: CEC closed (FSW may still be open).
    abroad = parse_profile(data(foreign_work_years=3))
    fit = round_fit(abroad, None, "cec", on=ON)
    assert fit.outcome == NO and codes(fit) == ["program_closed"]
    assert round_fit(ENGLISH, None, "pnp", on=ON).outcome == NO
    nominee = parse_profile(data(canadian_work_years=1, provincial_nomination=True))
    assert round_fit(nominee, None, "pnp", on=ON).outcome == YES


def test_no_program_means_no_round_at_all() -> None:
    for code in ("cec", "french", "general", "transport"):
        fit = round_fit(NOTHING, None, code, on=ON)
        assert fit.outcome == NO and codes(fit) == ["no_program"], code


def test_no_profile_cant_tell_and_alerts() -> None:
    fit = round_fit(None, None, "french", on=ON)
    assert fit.outcome == UNKNOWN and codes(fit) == ["no_profile"] and fit.alert


def test_a_nurse_hears_of_a_healthcare_round_though_the_list_is_missing() -> None:
    # 31301 starts with 3 (health): the 2026 list is missing, so "can't tell", but a
    # registered nurse in "rounds I qualify for" is told about the round.
    fit = round_fit(FRENCH, Occupation("31301", 24, 24), "healthcare", on=ON)
    assert fit.outcome == UNKNOWN and codes(fit)[-2:] == ["list_not_available", "in_field"]
    assert fit.alert and not fit.missing_answers
    # A software developer (21231) is not in the health field: no alert (test above).
    assert not round_fit(FRENCH, Occupation("21231", 24, 24), "healthcare", on=ON).alert
    # ...but is in STEM's (2: natural and applied sciences).
    assert round_fit(FRENCH, Occupation("21231", 24, 24), "stem", on=ON).alert

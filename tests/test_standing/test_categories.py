"""Category checks, worked by hand from the rules in bot/standing/data/categories_2026.json.

Rules used (sources in the data file): French = NCLC 7 in each of the four abilities of a
French test (first or second language); occupation categories = the NOC code is listed and at
least 12 months in the last 3 years, in Canada for physicians, senior managers, researchers.
TEF Canada NCLC 7 minimums (IRCC equivalency table): reading 434, writing 428,
listening 434, speaking 456. TCF Canada NCLC 7: reading 453, writing 10, listening 458,
speaking 10.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from bot.crs import parse_profile
from bot.crs.profile import Profile
from bot.draws.classify import CATEGORIES
from bot.standing.categories import (
    RULES_FILE,
    CategoryCheck,
    Occupation,
    Reason,
    as_json,
    check_categories,
    parse_rules,
)
from bot.standing.noc import unit_group
from tests.test_crs.helpers import clb, data, lang, nclc

ON = date(2026, 12, 4)


def _profile(**changes: Any) -> Profile:
    return parse_profile(data(**changes))


def _by_code(checks: list[CategoryCheck]) -> dict[str, CategoryCheck]:
    return {c.code: c for c in checks}


def _check(code: str, occupation: Occupation | None, **changes: Any) -> CategoryCheck:
    return _by_code(check_categories(_profile(**changes), occupation, on=ON))[code]


ELIGIBLE = (Reason("program_eligibility_required"),)

# --- French-language proficiency ------------------------------------------------------------


def test_tef_at_each_nclc7_minimum_as_second_language_is_french_eligible() -> None:
    # reading 434, writing 428, listening 434, speaking 456 are each the NCLC 7 minimum.
    tef = lang("tef", 434, 428, 434, 456)
    check = _check("french", None, first_language=clb(9), second_language=tef)
    assert (check.checkable, check.eligible, check.reasons) == (True, True, ELIGIBLE)


def test_one_point_under_in_speaking_is_nclc6_and_not_french_eligible() -> None:
    # speaking 455 < 456 (NCLC 7) but >= 422 (NCLC 6): levels L7 R7 W7 S6.
    tef = lang("tef", 434, 428, 434, 455)
    check = _check("french", None, second_language=tef)
    assert check.eligible is False
    assert check.reasons == (
        Reason(
            "nclc7_needed",
            {
                "min_level": 7,
                "levels": {"listening": 7, "reading": 7, "writing": 7, "speaking": 6},
                "short": ["speaking"],
            },
        ),
    )


def test_nclc7_in_three_of_four_abilities_is_not_enough() -> None:
    # NCLC levels entered directly: reading 8, writing 6, listening 9, speaking 7.
    check = _check("french", None, second_language=lang("nclc", 8, 6, 9, 7))
    assert check.eligible is False
    assert check.reasons[0].code == "nclc7_needed"
    assert check.reasons[0].params["short"] == ["writing"]


def test_french_as_first_language_counts() -> None:
    # TCF Canada: reading 453, writing 10, listening 458, speaking 10 = NCLC 7 each.
    check = _check("french", None, first_language=lang("tcf", 453, 10, 458, 10))
    assert check.eligible is True


def test_no_french_test_is_not_french_eligible() -> None:
    check = _check("french", None, first_language=clb(10))
    assert check.eligible is False
    assert check.reasons == (Reason("no_french_test", {"min_level": 7}),)


def test_french_is_checked_without_an_occupation_but_occupations_wait_for_one() -> None:
    checks = _by_code(check_categories(_profile(second_language=nclc(7)), None, on=ON))
    assert checks["french"].eligible is True
    assert checks["transport"] == CategoryCheck(
        "transport", True, None, (Reason("no_occupation_given"),)
    )


# --- occupation categories with a published 2026 list ---------------------------------------


def test_automotive_technician_with_12_foreign_months_is_transport_eligible() -> None:
    # 72410 is on the transport list; 12 >= 12 months; experience abroad counts for transport.
    check = _check("transport", Occupation("72410", 12, 0))
    assert (check.checkable, check.eligible, check.reasons) == (True, True, ELIGIBLE)


def test_eleven_months_is_one_short() -> None:
    check = _check("transport", Occupation("72600", 11, 11))
    assert check.eligible is False
    assert check.reasons == (
        Reason("months_short", {"months": 11, "needed": 12, "window_years": 3}),
    )


def test_physician_with_foreign_months_only_needs_canadian_experience() -> None:
    # 31102 is listed; 30 months in the last 3 years but 0 in Canada; physicians: Canada only.
    check = _check("physicians", Occupation("31102", 30, 0))
    assert check.eligible is False
    assert check.reasons == (
        Reason(
            "canada_only",
            {"months_in_canada": 0, "months": 30, "needed": 12, "window_years": 3},
        ),
    )


def test_physician_with_12_canadian_months_is_eligible() -> None:
    assert _check("physicians", Occupation("31101", 20, 12)).eligible is True


def test_senior_manager_needs_a_listed_code_and_canadian_months() -> None:
    # 00012 listed, 14 months of which 12 in Canada: eligible.
    assert _check("senior_managers", Occupation("00012", 14, 12)).eligible is True
    # 00011 (senior government managers) is not among 00012-00015.
    not_listed = _check("senior_managers", Occupation("00011", 36, 36))
    assert not_listed.reasons == (Reason("noc_not_listed", {"noc": "00011"}),)
    # 11 Canadian months of 24: one short of the Canada-only 12.
    short = _check("senior_managers", Occupation("00015", 24, 11))
    assert short.reasons[0].code == "canada_only"


def test_researcher_codes_are_41200_and_41201() -> None:
    assert _check("researchers", Occupation("41201", 12, 12)).eligible is True
    assert _check("researchers", Occupation("21211", 36, 36)).eligible is False


def test_an_occupation_on_no_list_is_not_listed_everywhere_checkable() -> None:
    checks = _by_code(check_categories(_profile(), Occupation("65200", 36, 36), on=ON))
    for code in ("transport", "physicians", "senior_managers", "researchers"):
        assert checks[code].reasons == (Reason("noc_not_listed", {"noc": "65200"}),)


# --- categories that can't be checked, or are retired ---------------------------------------


def test_a_category_without_a_2026_list_is_not_checkable() -> None:
    # No source in the store gives the full 2026 healthcare list: never a guess.
    check = _check("healthcare", Occupation("31301", 24, 24))
    assert (check.checkable, check.eligible) == (False, None)
    # Still undecided; the nurse's occupation is in the field (NOC 3xxxx: health), which only
    # decides who hears of a healthcare round (bot.standing.round_fit).
    assert check.reasons == (
        Reason("list_not_available", {"reason": "list_not_found"}),
        Reason("in_field", {"noc": "31301"}),
    )
    plumber = _check("healthcare", Occupation("72300", 24, 24))
    assert plumber.reasons == (Reason("list_not_available", {"reason": "list_not_found"}),)


def test_cooks_are_reported_off_the_2026_trades_list() -> None:
    # canadianow.com 2026-03-03: 63200 is not on the 2026 trades list (the rest isn't known).
    cook = _check("trades", Occupation("63200", 36, 0))
    assert (cook.checkable, cook.eligible) == (True, False)
    assert cook.reasons == (Reason("noc_not_listed", {"noc": "63200"}),)
    electrician = _check("trades", Occupation("72200", 36, 0))
    assert (electrician.checkable, electrician.eligible) == (False, None)


def test_military_needs_conditions_the_bot_does_not_ask() -> None:
    check = _check("military", Occupation("40042", 36, 0))
    assert (check.checkable, check.eligible) == (False, None)
    assert check.reasons[0].params["conditions"] == ["foreign_military_service", "caf_job_offer"]


def test_agriculture_is_retired_in_2026() -> None:
    check = _check("agriculture", Occupation("85100", 36, 36))
    assert (check.checkable, check.eligible) == (True, False)
    assert check.reasons == (Reason("category_retired", {"since": "2026-02-18"}),)


def test_before_the_2026_rules_an_occupation_category_is_not_checked() -> None:
    checks = _by_code(
        check_categories(_profile(), Occupation("72410", 12, 0), on=date(2026, 2, 17))
    )
    assert checks["transport"].reasons == (Reason("not_in_force", {"effective": "2026-02-18"}),)
    assert checks["transport"].checkable is False


# --- the rule itself, on a category with a list (a nurse, with an illustrative list) ---------

NURSING_RULES = parse_rules(
    {
        "categories": [
            {
                "code": "healthcare",
                "kind": "occupation",
                "effective": "2026-02-18",
                "checked": "2026-12-04",
                "sources": ["https://example.test/illustrative-only"],
                "source_note": "test data, not IRCC's list",
                "checkable": True,
                "experience": {"months": 12, "window_years": 3, "canada_only": False},
                "noc_codes": ["31301"],
            }
        ]
    }
)


def test_a_nurse_with_12_months_meets_a_healthcare_list_that_has_31301() -> None:
    checks = check_categories(_profile(), Occupation("31301", 12, 0), on=ON, rules=NURSING_RULES)
    assert checks == [CategoryCheck("healthcare", True, True, ELIGIBLE)]


def test_a_nurse_with_11_months_is_months_short() -> None:
    checks = check_categories(_profile(), Occupation("31301", 11, 11), on=ON, rules=NURSING_RULES)
    assert checks[0].eligible is False
    assert checks[0].reasons[0] == Reason(
        "months_short", {"months": 11, "needed": 12, "window_years": 3}
    )


# --- the data file --------------------------------------------------------------------------


def _data() -> dict[str, Any]:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def test_every_category_code_is_covered_once_in_classify_order() -> None:
    codes = [c.code for c in check_categories(_profile(), None, on=ON)]
    assert codes == list(CATEGORIES)


def test_every_listed_code_is_a_noc_2021_unit_group() -> None:
    for row in _data()["categories"]:
        for code in [*row.get("noc_codes", []), *row.get("known_not_listed", [])]:
            assert unit_group(code) is not None, (row["code"], code)


def test_every_category_is_dated_and_sourced_with_a_reason_when_not_checkable() -> None:
    official = _data()["official_page"]
    for row in _data()["categories"]:
        assert date.fromisoformat(row["checked"]) and date.fromisoformat(row["effective"])
        assert row["sources"] and row["source_note"]
        if row["code"] != "agriculture":
            assert row["sources"][0] == official
        if not row["checkable"]:
            assert row["unavailable"] in ("list_not_found", "conditions_not_asked")
        elif row["kind"] == "occupation" and "retired" not in row:
            assert row["noc_codes"] and row["experience"]["months"] == 12


def test_unknown_category_code_in_data_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown category"):
        parse_rules({"categories": [{**_data()["categories"][0], "code": "pilots"}]})


@pytest.mark.parametrize(
    ("noc", "months", "canada"),
    [("2123", 12, 0), ("31301", 37, 0), ("31301", 12, 13), ("31301", -1, 0)],
)
def test_occupation_rejects_impossible_values(noc: str, months: int, canada: int) -> None:
    with pytest.raises(ValueError):
        Occupation(noc, months, canada)


def test_without_a_profile_french_waits_and_occupations_are_still_checked() -> None:
    checks = _by_code(check_categories(None, Occupation("72410", 12, 0), on=ON))
    assert checks["french"] == CategoryCheck("french", True, None, (Reason("no_profile"),))
    assert checks["transport"].eligible is True


def test_as_json_gives_each_category_its_decision_and_reasons() -> None:
    checks = check_categories(_profile(), Occupation("72600", 11, 0), on=ON)
    out = as_json(checks)
    assert list(out) == list(CATEGORIES)
    assert out["transport"] == {
        "checkable": True,
        "eligible": False,
        "reasons": [
            {"code": "months_short", "params": {"months": 11, "needed": 12, "window_years": 3}}
        ],
    }
    assert out["stem"] == {
        "checkable": False,
        "eligible": None,
        "reasons": [{"code": "list_not_available", "params": {"reason": "list_not_found"}}],
    }
    json.dumps(out)  # plain JSON

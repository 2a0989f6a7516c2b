"""Program eligibility from the profile and the few facts the chat may ask: each reason code,
what was assumed when a fact is missing, and who can't enter the pool at all."""

from __future__ import annotations

import json
from datetime import date

from bot.crs.eligibility import Reason
from bot.render import environment
from bot.standing.programs import (
    ProgramCheck,
    ProgramFacts,
    can_enter_pool,
    checks_json,
    eligible_programs,
    program_eligibility,
)
from tests.test_crs.helpers import clb, lang, make

ON = date(2026, 12, 4)  # settlement funds: the table of 2025-07-07 (1 person $15,263)
FSW_OFFER = ProgramFacts(job_offer=False)


def checks(facts: ProgramFacts | None = None, **profile: object) -> dict[str, ProgramCheck]:
    return {c.program: c for c in program_eligibility(make(**profile), facts, on=ON)}


def codes(check: ProgramCheck) -> list[str]:
    return [r.code for r in check.reasons]


def words(name: str, *args: object) -> str:
    module = environment().get_template("en/standing/_eligibility.j2").module
    return str(getattr(module, name)(*args))


# --- who can't enter the pool ------------------------------------------------------------


def test_clb_4_profile_cannot_enter_the_pool_and_is_told_why() -> None:
    # Single, 29, bachelor's, CLB 4 in all four, 1 year Canadian and 2 years foreign work.
    result = program_eligibility(
        make(first_language=clb(4), canadian_work_years=1, foreign_work_years=2), None, on=ON
    )
    assert not can_enter_pool(result)
    assert eligible_programs(result) == set()
    cec, fsw, fst = result
    # CEC: CLB 5 is the lowest route (TEER 2-3 work); level 4 fails whatever the work.
    assert (cec.eligible, cec.certain) == (False, True)
    assert cec.reasons == (Reason("language_min", {"needed": 5, "have": 4, "teer": "teer23"}),)
    # FSW: CLB 7 in the first language; grid: language 0 (CLB 4 pays nothing), education 21,
    # experience 3 years 11, age 12, adaptability: Canadian work 10 -> 54. Even a job offer
    # (+10, adaptability already at its cap of 10) gives 64 < 67, so the "no" is firm.
    assert (fsw.eligible, fsw.certain) == (False, True)
    assert fsw.reasons == (
        Reason("fsw_language", {"needed": 7, "have": 4, "scale": "CLB"}),
        Reason("fsw_points", {"needed": 67, "have": 54}),
    )
    # FST: speaking and listening 4 < 5.
    assert (fst.eligible, fst.certain) == (False, True)
    assert fst.reasons[0] == Reason(
        "fst_language",
        {
            "needed": {"speaking": 5, "listening": 5, "reading": 4, "writing": 4},
            "have": {"speaking": 4, "listening": 4, "reading": 4, "writing": 4},
        },
    )
    assert "fst_offer_or_certificate" in codes(fst)
    text = words("pool", result, False)
    assert text.startswith("You can't enter the Express Entry pool yet")
    assert "CLB 7 in all four abilities of your first official language (your lowest is 4)" in text


def test_no_language_test_closes_every_program() -> None:
    # The questionnaire's "no test" is CLB 0 in all four abilities.
    result = checks(first_language=clb(0), canadian_work_years=2, foreign_work_years=3)
    assert not can_enter_pool(result.values())
    assert all(c.certain and not c.eligible for c in result.values())
    assert all("no_language_test" in codes(c) for c in result.values())
    assert codes(result["cec"]) == ["no_language_test"]


def test_no_qualifying_work_closes_every_program() -> None:
    # CLB 9, but no year of skilled work in Canada or abroad.
    result = checks(canadian_work_years=0, foreign_work_years=0)
    assert not can_enter_pool(result.values())
    assert result["cec"].reasons == (Reason("cec_hours", {"needed": 1560, "have_years": 0}),)
    assert result["fsw"].reasons[0] == Reason("fsw_work", {"needed": 1560, "have_years": 0})
    assert result["fst"].reasons[0] == Reason("fst_hours", {"needed": 3120, "have_years": 0})
    assert all(c.certain for c in result.values())
    assert words("reason", result["cec"].reasons[0]).endswith("(you have less than a year)")


def test_fst_alone_opens_the_pool_at_clb_5_speaking_listening_4_reading_writing() -> None:
    # lang(test, reading, writing, listening, speaking): R4 W4 L5 S5, a certificate, 2 years
    # of trade work, $16,000 >= $15,263 for 1.
    facts = ProgramFacts(trade_years_5y=2, settlement_funds=16_000, family_size=1)
    profile = {
        "first_language": lang("clb", 4, 4, 5, 5),
        "certificate_of_qualification": True,
        "foreign_work_years": 2,
    }
    result = checks(facts, **profile)
    assert result["fst"] == ProgramCheck("fst", True, True, ())
    assert not result["cec"].eligible and not result["fsw"].eligible
    assert can_enter_pool(result.values())
    assert eligible_programs(result.values()) == {"fst"}
    # Reading 3 instead: no program.
    worse = checks(facts, **{**profile, "first_language": lang("clb", 3, 4, 5, 5)})
    assert not can_enter_pool(worse.values())


# --- CEC ---------------------------------------------------------------------------------


def test_cec_assumes_the_canadian_year_is_recent_until_told() -> None:
    assumed = checks(canadian_work_years=1)["cec"]
    assert (assumed.eligible, assumed.certain) == (True, False)
    assert assumed.reasons == (Reason("assumed_recent", {"years": 1}),)
    assert words("program_line", assumed) == (
        "<b>Canadian Experience Class</b>: probably eligible, assuming your Canadian work "
        "includes 12 months (1,560 hours) in the last 3 years"
    )
    told = checks(ProgramFacts(canadian_months_3y=12), canadian_work_years=1)["cec"]
    assert told == ProgramCheck("cec", True, True, ())
    # 8 months full-time = 8 x 130 = 1,040 of the 1,560 hours.
    short = checks(ProgramFacts(canadian_months_3y=8), canadian_work_years=1)["cec"]
    assert (short.eligible, short.certain) == (False, True)
    assert short.reasons == (Reason("cec_hours", {"needed": 1560, "have": 1040, "have_months": 8}),)
    assert words("reason", short.reasons[0]).endswith("(you have 8 months)")


def test_cec_language_rule_by_teer_band() -> None:
    clb6 = {"first_language": clb(6), "canadian_work_years": 2}
    recent = ProgramFacts(canadian_months_3y=24)
    unknown = checks(recent, **clb6)["cec"]
    assert (unknown.eligible, unknown.certain) == (True, False)
    assert unknown.reasons == (Reason("assumed_teer23", {"have": 6, "needed_teer01": 7}),)
    teer23 = checks(ProgramFacts(canadian_months_3y=24, canadian_teer="teer23"), **clb6)["cec"]
    assert teer23 == ProgramCheck("cec", True, True, ())
    teer01 = checks(ProgramFacts(canadian_months_3y=24, canadian_teer="teer01"), **clb6)["cec"]
    assert (teer01.eligible, teer01.certain) == (False, True)
    assert teer01.reasons == (Reason("language_min", {"needed": 7, "have": 6, "teer": "teer01"}),)
    # The better language counts: CLB 6 English but NCLC 7 French meets the TEER 0-1 rule.
    bilingual = checks(
        ProgramFacts(canadian_months_3y=24, canadian_teer="teer01"),
        **clb6,
        second_language=lang("nclc", 7, 7, 7, 7),
    )["cec"]
    assert bilingual.eligible and bilingual.certain


# --- FSW ---------------------------------------------------------------------------------


def test_fsw_points_short_by_one_unless_a_job_offer() -> None:
    # Single, 29, bachelor's, CLB 9, 1 year foreign work: language 4 x 6 = 24, education 21,
    # experience 9, age 12, adaptability 0 -> 66 < 67. A job offer would add 10 + 5 = 81.
    maybe = checks(foreign_work_years=1)["fsw"]
    assert (maybe.eligible, maybe.certain) == (False, False)
    assert Reason("fsw_points", {"needed": 67, "have": 66}) in maybe.reasons
    assert Reason("assumed_no_offer") in maybe.reasons
    firm = checks(FSW_OFFER, foreign_work_years=1)["fsw"]
    assert (firm.eligible, firm.certain) == (False, True)
    assert firm.reasons == (Reason("fsw_points", {"needed": 67, "have": 66}),)
    # With an offer: 66 + 10 + 5 = 81; funds still needed (not authorized to work).
    offer = checks(ProgramFacts(job_offer=True), foreign_work_years=1)["fsw"]
    assert (offer.eligible, offer.certain) == (True, False)
    # A sibling in Canada: adaptability 5 -> 71.
    sibling = checks(FSW_OFFER, foreign_work_years=1, sibling_in_canada=True)["fsw"]
    assert (sibling.eligible, sibling.certain) == (True, False)
    assert codes(sibling) == ["assumed_one_occupation", "assumed_eca", "assumed_funds"]
    assert sibling.reasons[2] == Reason(
        "assumed_funds",
        {
            "needed": 15_263,
            "family_size": 1,
            "family_size_assumed": True,
            "effective": date(2025, 7, 7),
        },
    )


def test_fsw_education_eca_and_funds() -> None:
    base = {"foreign_work_years": 1, "sibling_in_canada": True}  # 71 points, as above
    no_eca = checks(ProgramFacts(eca_done=False, job_offer=False), **base)["fsw"]
    assert (no_eca.eligible, no_eca.certain) == (False, True)
    assert no_eca.reasons == (Reason("eca"),)
    # A Canadian credential needs no ECA (and 3+ years of study adds 5: 76).
    canadian = checks(
        ProgramFacts(eca_done=False, job_offer=False), canadian_education="three_year_plus", **base
    )["fsw"]
    assert canadian.eligible
    low = checks(FSW_OFFER, education="less_than_secondary", **base)["fsw"]
    assert "education_min" in codes(low) and low.certain
    # Married (partner not coming): a family of at least 2 needs $19,001; $18,000 is short
    # whatever the children.
    married = checks(
        ProgramFacts(settlement_funds=18_000, job_offer=False),
        marital_status="married",
        spouse_accompanying=False,
        **base,
    )["fsw"]
    assert (married.eligible, married.certain) == (False, True)
    assert (
        Reason(
            "funds",
            {"needed": 19_001, "have": 18_000, "family_size": 2, "effective": date(2025, 7, 7)},
        )
        in married.reasons
    )
    enough = checks(ProgramFacts(settlement_funds=20_000, job_offer=False), **base)["fsw"]
    assert Reason("assumed_family_size", {"family_size": 1}) in enough.reasons
    # A job offer while authorized to work: no funds needed at all.
    exempt = checks(ProgramFacts(job_offer=True, authorized_to_work=True, eca_done=True), **base)
    assert codes(exempt["fsw"]) == ["assumed_one_occupation"]


# --- FST ---------------------------------------------------------------------------------


def test_fst_offer_or_certificate_and_trade_years() -> None:
    # CLB 9, 3 years foreign work, no certificate: the offer is unknown, so not a firm "no".
    open_question = checks(foreign_work_years=3)["fst"]
    assert (open_question.eligible, open_question.certain) == (False, False)
    assert codes(open_question) == [
        "fst_offer_or_certificate",
        "assumed_trade_work",
        "assumed_no_offer",
        "assumed_funds",
    ]
    no_offer = checks(ProgramFacts(job_offer=False), foreign_work_years=3)["fst"]
    assert no_offer.certain and codes(no_offer) == ["fst_offer_or_certificate"]
    # One year in a trade: 1 x 1,560 of the 3,120 hours.
    one_year = checks(
        ProgramFacts(trade_years_5y=1), foreign_work_years=3, certificate_of_qualification=True
    )["fst"]
    assert one_year.reasons == (
        Reason("fst_hours", {"needed": 3120, "have": 1560, "have_years": 1}),
    )
    assert words("reason", one_year.reasons[0]) == (
        "two years (3,120 hours) of paid work in a skilled trade in the last 5 years "
        "(you have 1 year)"
    )
    # Only 1 year of skilled work in all: it can't hold two years in a trade.
    little = checks(foreign_work_years=1, certificate_of_qualification=True)["fst"]
    assert little.certain and little.reasons[0] == Reason(
        "fst_hours", {"needed": 3120, "have_years": 1}
    )


def test_checks_as_json_for_the_plan() -> None:
    # CLB 4, 1 year Canadian work: CEC needs CLB 5 (firm); the funds date becomes ISO text.
    result = program_eligibility(
        make(first_language=clb(4), canadian_work_years=1, foreign_work_years=1),
        ProgramFacts(job_offer=False),
        on=ON,
    )
    data = checks_json(result)
    assert list(data) == ["cec", "fsw", "fst"]
    assert data["cec"] == {
        "eligible": False,
        "certain": True,
        "reasons": [{"code": "language_min", "params": {"needed": 5, "have": 4, "teer": "teer23"}}],
    }
    json.dumps(data)  # plain JSON values only
    open_fsw = checks_json(checks(foreign_work_years=1, sibling_in_canada=True).values())["fsw"]
    funds = open_fsw["reasons"][2]
    assert funds["code"] == "assumed_funds" and funds["params"]["effective"] == "2025-07-07"


def test_a_french_result_alone_is_a_language_result() -> None:
    # No English test (CLB 0) but NCLC 7 in French: CEC is open through French.
    result = checks(
        ProgramFacts(canadian_months_3y=12),
        first_language=clb(0),
        second_language=lang("nclc", 7, 7, 7, 7),
        canadian_work_years=1,
    )
    assert result["cec"] == ProgramCheck("cec", True, True, ())


def test_every_reason_code_has_words() -> None:
    cases: list[tuple[ProgramFacts | None, dict[str, object]]] = [
        (None, {"first_language": clb(4), "canadian_work_years": 1}),
        (None, {"first_language": clb(0)}),
        (None, {"canadian_work_years": 0}),
        (None, {"first_language": clb(6), "canadian_work_years": 1, "foreign_work_years": 3}),
        (ProgramFacts(canadian_teer="teer01"), {"first_language": clb(6), "foreign_work_years": 1}),
        (ProgramFacts(canadian_months_3y=3, trade_years_5y=1), {"foreign_work_years": 1}),
        (ProgramFacts(eca_done=False, settlement_funds=10), {"education": "less_than_secondary"}),
        (ProgramFacts(settlement_funds=10, eca_done=False), {"foreign_work_years": 1}),
        (ProgramFacts(settlement_funds=90_000), {"foreign_work_years": 1}),
    ]
    reasons = {
        r
        for facts, profile in cases
        for c in program_eligibility(make(**profile), facts, on=ON)
        for r in c.reasons
    }
    assert {r.code for r in reasons} == {
        "no_language_test",
        "language_min",
        "cec_hours",
        "fsw_work",
        "fsw_language",
        "education_min",
        "eca",
        "funds",
        "fsw_points",
        "fst_hours",
        "fst_language",
        "fst_offer_or_certificate",
        "assumed_recent",
        "assumed_teer23",
        "assumed_one_occupation",
        "assumed_eca",
        "assumed_funds",
        "assumed_family_size",
        "assumed_trade_work",
        "assumed_no_offer",
    }
    for reason in reasons:
        text = words("reason", reason)
        assert text and text != reason.code, reason

"""The standing as a whole (bot/standing/assess.py) and ``python -m bot crs FILE --plan``: the
parts are tested in their own files; here, that they are put together as a user expects."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from bot.crs import parse_profile, score
from bot.draws.parse import ParsedRound, parse_feed
from bot.questionnaire.result import result_reply
from bot.standing.assess import assess, freshness
from bot.standing.categories import Occupation
from bot.standing.cli import main
from tests.test_standing.profiles import CLB4, ISSUE_414

SNAPSHOT = Path(__file__).resolve().parents[2] / "bot" / "data" / "ee_rounds_123_en.json"
TODAY = date(2026, 12, 4)
#: ISSUE_414 with French at NCLC 7 in all four as a second language: 414 + 62 = 476 (the
#: French move of tests/test_crs/test_moves.py).
FRENCH = {
    **ISSUE_414,
    "second_language": {"test": "nclc", "listening": 7, "reading": 7, "writing": 7, "speaking": 7},
}


@cache
def rounds() -> tuple[ParsedRound, ...]:
    return tuple(parse_feed(SNAPSHOT.read_bytes()))


def test_the_414_profile_is_compared_with_the_cec_rounds_it_could_have_won() -> None:
    s = assess(parse_profile(ISSUE_414), draws=rounds(), today=TODAY)
    assert s.total == 414 and s.can_enter
    assert {c.program: c.eligible for c in s.programs} == {"cec": True, "fsw": True, "fst": False}
    # tests/test_standing/test_rounds.py counts 16 CEC rounds from 2025-12-04 to 2026-08-19,
    # cut-offs 507-523: 414 is below each.
    assert s.summary == {"cec": (0, 16)}
    assert all(r.margin <= 414 - 507 for r in s.rounds)
    assert s.freshness.as_of == date(2026, 8, 19) and not s.freshness.stale  # now not given
    assert [m.points for m in s.moves[:3]] == [68, 62, 56]
    # The French move names its door with the French rounds' cut-offs of the last 12 months
    # (the issue's figures: 382-420).
    assert s.moves[1].opens == ("french",) and s.cutoff_ranges["french"] == (382, 420)
    text = result_reply(s).text
    assert (
        "opens French-language proficiency rounds (cut-offs 382–420 in the last 12 months)" in text
    )


def test_french_at_nclc7_opens_the_french_rounds() -> None:
    s = assess(parse_profile(FRENCH), draws=rounds(), today=TODAY)
    assert s.total == 476 and "french" in s.open_categories
    # test_rounds.py: 400 was invited in 6 of the 11 French rounds, cut-offs 382-420; 476 is
    # above every one of them.
    assert s.summary == {"cec": (0, 16), "french": (11, 11)}


def test_a_profile_that_cant_enter_the_pool_is_compared_with_nothing() -> None:
    s = assess(parse_profile(CLB4), draws=rounds(), today=TODAY)
    assert not s.can_enter
    assert s.rounds == [] and s.summary == {}
    cec = s.programs[0]
    assert cec.program == "cec" and not cec.eligible and cec.certain
    assert [r.code for r in cec.reasons] == ["language_min"]
    # A category needs a program too: an eligible occupation opens nothing here.
    s = assess(
        parse_profile(CLB4), draws=rounds(), today=TODAY, occupation=Occupation("72600", 24, 24)
    )
    assert s.open_categories == set()


def test_round_data_is_stale_after_a_day_without_a_good_poll() -> None:
    now = datetime(2026, 12, 4, 12, tzinfo=UTC)
    assert not freshness([], datetime(2026, 12, 3, 13, tzinfo=UTC), now).stale  # 23 hours
    assert freshness([], datetime(2026, 12, 3, 11, tzinfo=UTC), now).stale  # 25 hours
    assert freshness([], None, now).stale  # never polled
    assert not freshness([], None, None).stale  # the CLI: not judged
    assert freshness([], None, None, date(2026, 8, 19)).as_of == date(2026, 8, 19)


def test_plan_prints_every_part_as_json(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(ISSUE_414))
    out = io.StringIO()
    assert (
        main(
            [str(path), "--plan", "--on", "2026-12-04", "--noc", "72600", "--months", "14"],
            stdout=out,
        )
        == 0
    )
    plan = json.loads(out.getvalue())
    assert plan["total"] == 414 == score(parse_profile(ISSUE_414)).total
    assert plan["eligibility"]["cec"]["eligible"] is True
    assert plan["eligibility"]["fst"]["reasons"][0]["code"] == "fst_offer_or_certificate"
    assert plan["categories"]["transport"] == {
        "checkable": True,
        "eligible": True,
        "reasons": [{"code": "program_eligibility_required", "params": {}}],
    }
    assert plan["categories"]["healthcare"]["checkable"] is False
    clb9 = plan["improvements"][2]
    assert clb9["points"] == 56 and set(clb9["changes"]) == {"first_language"}
    newest = plan["rounds"][0]
    assert {k: newest[k] for k in ("number", "date", "program", "cutoff", "margin")} == {
        "number": "436",
        "date": "2026-08-18",
        "program": "cec",
        "cutoff": 523,
        "margin": 414 - 523,
    }
    # Transport is open, so the transport rounds of the last 12 months count too.
    assert "transport" in plan["rounds_summary"]
    assert plan["rounds_as_of"] == "2026-08-19"
    assert isinstance(plan["timeline"], list)


def test_plan_reports_a_bad_occupation_and_a_missing_rounds_file(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(ISSUE_414))
    out = io.StringIO()
    assert main([str(path), "--plan", "--noc", "72600", "--months", "40"], stdout=out) == 1
    assert "error" in json.loads(out.getvalue())
    out = io.StringIO()
    assert main([str(path), "--plan", "--rounds", str(tmp_path / "none.json")], stdout=out) == 1
    assert "cannot read the rounds file" in json.loads(out.getvalue())["error"]

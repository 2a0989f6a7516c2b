"""Would you have been invited: a total against the real rounds of the saved IRCC feed
(bot/data/ee_rounds_123_en.json, the verbatim feed of 2026-08-19, last round #437), counted
by hand from the feed's table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from bot.draws.parse import ParsedRound, parse_feed
from bot.render import environment
from bot.standing.rounds import (
    RoundCheck,
    months_before,
    rounds_check,
    rounds_json,
    summary,
    undecided_ties,
)

SNAPSHOT = Path(__file__).resolve().parents[2] / "bot" / "data" / "ee_rounds_123_en.json"
TODAY = date(2026, 12, 4)  # the last 12 months: 2025-12-04 to 2026-12-04


@cache
def feed() -> tuple[ParsedRound, ...]:
    return tuple(parse_feed(SNAPSHOT.read_bytes()))


def words(name: str, *args: object) -> str:
    module = environment().get_template("en/standing/_rounds.j2").module
    return str(getattr(module, name)(*args))


def cec_only(total: int, submitted_at: datetime | None = None) -> list[RoundCheck]:
    return rounds_check(
        total,
        feed(),
        today=TODAY,
        programs={"cec"},
        categories=set(),
        nominated=False,
        submitted_at=submitted_at,
    )


def test_515_against_the_cec_rounds_of_the_last_12_months() -> None:
    # CEC rounds from 2025-12-04 (feed: #384 on 2025-12-10 to #436 on 2026-08-18), cut-offs:
    # 436:523 432:516 428:516 424:517 420:516 417:518 413:514 410:515 407:509 404:507
    # 400:508 396:508 392:509 390:511 387:515 384:520 -> 16 rounds; no all-program round
    # since 2024-04. Against 515: above (cut-off < 515) 413, 407, 404, 400, 396, 392, 390
    # = 7; at the cut-off 410 and 387 = 2; below 436 (-8), 432, 428, 420 (-1), 424 (-2),
    # 417 (-3), 384 (-5) = 7.
    checks = cec_only(515)
    assert len(checks) == 16
    assert {c.program for c in checks} == {"cec"}
    assert [c.number for c in checks][:3] == ["436", "432", "428"]  # newest first
    assert checks[-1].number == "384"
    assert [c.outcome for c in checks].count("above") == 7
    assert [c.number for c in checks if c.outcome == "tie"] == ["410", "387"]
    margins = {c.number: c.margin for c in checks if c.outcome == "below"}
    assert margins == {"436": -8, "432": -1, "428": -1, "424": -2, "420": -1, "417": -3, "384": -5}
    assert summary(checks) == {"cec": (7, 16)}
    assert undecided_ties(checks) == {"cec": 2}
    first = checks[0]
    assert (first.date, first.cutoff) == (date(2026, 8, 18), 523)
    assert words("round_line", first) == (
        "Round 436, August 18, 2026 (Canadian Experience Class): cut-off 523, you're 8 points below"
    )
    assert words("summary_line", "cec", 7, 16, 12, 2) == (
        "You'd have been invited in 7 of the 16 Canadian Experience Class rounds in the last "
        "12 months; in 2 of them you were at the cut-off, where the tie-break decides"
    )


def test_the_tie_break_decides_with_the_submission_time() -> None:
    # Round 410 (cut-off 515): tie-break June 10, 2025 at 02:46:26 UTC; round 387 (515):
    # September 9, 2025 at 18:58:59 UTC. Submitted 2025-07-01: after the first, before the
    # second -> 7 above + 1 tie won = 8 of 16.
    submitted = datetime(2025, 7, 1, tzinfo=UTC)
    checks = {c.number: c for c in cec_only(515, submitted)}
    assert checks["410"].outcome == "tie_not_invited"
    assert checks["410"].tie_break_at == datetime(2025, 6, 10, 2, 46, 26, tzinfo=UTC)
    assert checks["387"].outcome == "tie_invited"
    assert summary(checks.values()) == {"cec": (8, 16)}
    assert undecided_ties(checks.values()) == {}
    # Submitted exactly at the tie-break time: invited (the time is the last invitee's).
    exact = {c.number: c for c in cec_only(515, datetime(2025, 6, 10, 2, 46, 26))}  # naive = UTC
    assert exact["410"].outcome == "tie_invited"
    assert words("round_line", checks["410"]) == (
        "Round 410, April 14, 2026 (Canadian Experience Class): cut-off 515, you're at the "
        "cut-off but your profile was submitted after the tie-break time (June 10, 2025 at "
        "02:46:26 UTC): not invited"
    )


def test_french_rounds_counted_for_a_french_speaker() -> None:
    # French-language proficiency rounds since 2025-12-04, cut-offs: 437:382 433:391 429:399
    # 425:420 418:409 414:400 411:419 405:393 401:397 394:400 388:399 -> 11. Against 400:
    # above 437, 433, 429, 405, 401, 388 = 6; ties 414, 394; below 425, 418, 411.
    # The CEC rounds (all 507 or more) are all below.
    checks = rounds_check(
        400, feed(), today=TODAY, programs={"cec"}, categories={"french"}, nominated=False
    )
    totals = summary(checks)
    assert totals == {"cec": (0, 16), "french": (6, 11)}
    assert list(totals) == ["cec", "french"]
    assert words("summary_line", "french", 6, 11, 12) == (
        "You'd have been invited in 6 of the 11 French-language proficiency rounds in the last "
        "12 months"
    )
    assert words("summary_line", "cec", 0, 16, 12).startswith(
        "You wouldn't have been invited in any of the 16"
    )
    # Physicians, healthcare, military... rounds are not counted without those categories.
    assert {c.program for c in checks} == {"cec", "french"}


def test_pnp_rounds_only_when_nominated() -> None:
    # PNP rounds since 2025-12-04: #383 (2025-12-08) to #435 (2026-08-17), 18 rounds; the
    # highest cut-off is 805 (#416). A nominee at 515 + 600 = 1115 is above every one.
    nominated = rounds_check(
        1115, feed(), today=TODAY, programs={"cec"}, categories=set(), nominated=True
    )
    assert summary(nominated) == {"cec": (16, 16), "pnp": (18, 18)}
    not_nominated = rounds_check(
        1115, feed(), today=TODAY, programs={"cec"}, categories=set(), nominated=False
    )
    assert "pnp" not in summary(not_nominated)


def test_no_program_no_rounds() -> None:
    # A profile that can't enter the pool is invited in nothing, category or PNP rounds too.
    checks = rounds_check(
        900, feed(), today=TODAY, programs=set(), categories={"french"}, nominated=True
    )
    assert checks == []


def test_window_is_the_last_months_inclusive() -> None:
    # On 2026-12-10 the window starts 2025-12-10: #384 (2025-12-10) counts, #381 (2025-11-26)
    # does not. With 3 months (from 2026-09-10) no CEC round of the feed is left.
    assert months_before(date(2026, 12, 10), 12) == date(2025, 12, 10)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    checks = rounds_check(
        600, feed(), today=date(2026, 12, 10), programs={"cec"}, categories=set(), nominated=False
    )
    assert checks[-1].number == "384"
    recent = rounds_check(
        600,
        feed(),
        today=date(2026, 12, 10),
        programs={"cec"},
        categories=set(),
        nominated=False,
        months=3,
    )
    assert recent == []


@dataclass
class RecordedDraw:
    """A row as the store holds it (bot.store.models.Draw has these fields)."""

    number: str
    draw_date: date
    category: str
    cutoff: int | None
    tie_break_at: datetime | None = None


def test_an_admin_recorded_round_shows_no_internal_id() -> None:
    rows = [
        RecordedDraw("m20261203-00", date(2026, 12, 3), "cec", 520),
        RecordedDraw("436", date(2026, 8, 18), "cec", 523),
        RecordedDraw("999", date(2026, 12, 1), "cec", None),  # no cut-off: not compared
    ]
    checks = rounds_check(
        520, rows, today=TODAY, programs={"cec"}, categories=set(), nominated=False
    )
    assert [(c.number, c.margin, c.outcome) for c in checks] == [
        (None, 0, "tie"),
        ("436", -3, "below"),
    ]
    line = words("round_line", checks[0])
    assert "m20261203" not in line
    assert line == (
        "Round of December 3, 2026 (Canadian Experience Class, from IRCC's announcement): "
        "cut-off 520, you're at the cut-off: the tie-break decides (its time was not published)"
    )


def test_rounds_as_json_for_the_plan() -> None:
    data = rounds_json(cec_only(515)[:1])
    # Round 436, 2026-08-18, cut-off 523: 515 - 523 = -8; tie-break August 17, 2026 22:09 UTC.
    assert data == [
        {
            "number": "436",
            "date": "2026-08-18",
            "program": "cec",
            "cutoff": 523,
            "margin": -8,
            "outcome": "below",
            "tie_break_at": "2026-08-17T22:09:00+00:00",
        }
    ]

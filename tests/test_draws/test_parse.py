"""The parser over the shipped snapshot and over synthetic feeds with each quirk."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.draws.parse import (
    FeedShapeError,
    decode,
    number_sort_key,
    parse_feed,
    parse_french_names,
    parse_int,
    parse_round,
    parse_timestamp,
)

SNAPSHOT = Path(__file__).resolve().parents[2] / "bot" / "data" / "ee_rounds_123_en.json"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "ircc" / "ee_rounds_123_en.json"


def _round(**overrides: str) -> dict[str, Any]:
    base = {
        "drawNumber": "500",
        "drawNumberURL": "<a href='/en/x.html?q=500'>500</a>",
        "drawDate": "2026-11-03",
        "drawDateFull": "November 3, 2026",
        "drawName": "Canadian Experience Class",
        "drawSize": "3,000",
        "drawCRS": "515",
        "mitext": "<a href='/x'>Invitations #500</a>",
        "DrawText1": "<a href='/x'>See full text of Ministerial Instruction</a>",
        "drawText2": "Canadian Experience Class",
        "drawDateTime": "November 03, 2026 at 11:00:00 UTC",
        "drawCutOff": "October 01, 2026 at 09:30:15 UTC",
        "drawDistributionAsOn": "November 1, 2026",
    }
    base.update(overrides)
    return base


@pytest.fixture(scope="module")
def rounds() -> list[Any]:
    return parse_feed(SNAPSHOT.read_bytes())


def test_snapshot_is_a_byte_exact_copy() -> None:
    body = SNAPSHOT.read_bytes()
    assert b"\r\n" in body, "CRLF line endings must survive git"
    # SHA-256 from shared/data/ircc/PROVENANCE.md: the verbatim IRCC feed of 2026-08-19.
    assert hashlib.sha256(body).hexdigest() == (
        "99b0e406ad97aea5eb2dd11c530cb11282c88ef2f5acafd0fe64a92ad9b66daf"
    )
    if SHARED.exists():
        assert body == SHARED.read_bytes()


def test_all_438_rounds_parse_with_unique_text_numbers(rounds: list[Any]) -> None:
    assert len(rounds) == 438
    numbers = [r.number for r in rounds]
    assert len(set(numbers)) == 438
    assert "91a" in numbers and "91b" in numbers and "91" not in numbers
    assert all(r.invitations and r.invitations > 0 for r in rounds)
    assert all(r.cutoff and r.cutoff > 0 for r in rounds)
    assert all(r.drawn_at is not None for r in rounds)


def test_exactly_the_canadian_experience_class_rounds_are_cec(rounds: list[Any]) -> None:
    cec = {r.number for r in rounds if r.category == "cec"}
    named = {r.number for r in rounds if r.raw["drawName"] == "Canadian Experience Class"}
    assert cec == named
    assert len(cec) == 67
    # Physicians / senior managers "with Canadian Work Experience" are categories, not CEC.
    assert {r.category for r in rounds if "Canadian Work Experience" in r.name} == {
        "physicians",
        "senior_managers",
    }
    assert not any(r.category == "unclassified" for r in rounds)


def test_every_tie_break_is_utc_or_null_with_its_raw_text(rounds: list[Any]) -> None:
    empty = [r for r in rounds if r.tie_break_at is None]
    assert len(empty) == 76
    assert all(r.tie_break_raw == "" for r in empty)
    for r in rounds:
        assert r.tie_break_raw == r.raw["drawCutOff"]
        if r.tie_break_at is not None:
            assert r.tie_break_at.tzinfo == UTC
            assert r.tie_break_at <= r.drawn_at  # a tie-break precedes the round


def test_round_390(rounds: list[Any]) -> None:
    r = next(r for r in rounds if r.number == "390")
    assert r.draw_date == date(2026, 1, 7)
    assert r.category == "cec"
    assert r.invitations == 8000
    assert r.cutoff == 511
    assert r.tie_break_at == datetime(2025, 6, 10, 15, 59, 25, tzinfo=UTC)
    assert r.tie_break_at.isoformat().replace("+00:00", "Z") == "2025-06-10T15:59:25Z"
    assert r.drawn_at == datetime(2026, 1, 7, 15, 20, 33, tzinfo=UTC)
    assert r.url.endswith("invitations.html?q=390")


def test_tie_break_without_a_year_takes_the_draw_year(rounds: list[Any]) -> None:
    r = next(r for r in rounds if r.number == "208")
    assert r.tie_break_raw == "October 7 at 16:38:21 UTC"
    assert r.tie_break_at == datetime(2021, 10, 7, 16, 38, 21, tzinfo=UTC)
    assert r.tie_break_year_inferred


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("August 19th 2026 at 12:35:37 UTC", (2026, 8, 19, 12, 35, 37)),
        ("July 3rd 2026 at 21:35:13 UTC", (2026, 7, 3, 21, 35, 13)),
        ("October 15, 2025 15:55:18 UTC", (2025, 10, 15, 15, 55, 18)),
        ("January 23, 2025 at 2025-01-23 15:30:04 UTC", (2025, 1, 23, 15, 30, 4)),
        ("May 31, 2024 at12:48:30 UTC", (2024, 5, 31, 12, 48, 30)),
        ("October 25, 2023 at 15:48:39 AM UTC", (2023, 10, 25, 15, 48, 39)),
        ("September 30, 2023 at 04:22:17 AM UTC", (2023, 9, 30, 4, 22, 17)),
        ("June 22, 2021 at 20:19:59 PM UTC", (2021, 6, 22, 20, 19, 59)),
        ("June 22, 2021 at 08:19:59 PM UTC", (2021, 6, 22, 20, 19, 59)),
        ("April 26,2023 18:10:04 UTC", (2023, 4, 26, 18, 10, 4)),
        ("March 01, 2023, at 17:24:39 UTC", (2023, 3, 1, 17, 24, 39)),
        ("February 02 2022 at 14:16:27 UTC", (2022, 2, 2, 14, 16, 27)),
        (" July 13, 2016 at 10:00:00 UTC", (2016, 7, 13, 10, 0, 0)),
        ("March 27, 2015 at 23:59:47", (2015, 3, 27, 23, 59, 47)),
        ("May 21, 2026 at  12:14:09 UTC", (2026, 5, 21, 12, 14, 9)),
        ("April 13, 2026  at 23:10:05 UTC", (2026, 4, 13, 23, 10, 5)),
        ("September 05, 2025 at 0:59:13 UTC", (2025, 9, 5, 0, 59, 13)),
        ("March 02. 2024 at 01:58:34 UTC", (2024, 3, 2, 1, 58, 34)),
        ("May 26 2025 at 12:28:38 UTC ", (2025, 5, 26, 12, 28, 38)),
        ("<b>May 26, 2025</b> at 12:28:38 UTC", (2025, 5, 26, 12, 28, 38)),
        ("31 janvier 2015 à 11:59:48 UTC", None),  # day-first French text: not guessed
    ],
)
def test_timestamp_variants(text: str, expected: tuple[int, ...] | None) -> None:
    moment, inferred = parse_timestamp(text)
    if expected is None:
        assert moment is None
    else:
        assert moment == datetime(*expected, tzinfo=UTC)
        assert not inferred


@pytest.mark.parametrize("text", ["", "   ", "TBD", "June 31, 2025 at 10:00:00 UTC", "Jun 2025"])
def test_unreadable_timestamps_are_null(text: str) -> None:
    assert parse_timestamp(text) == (None, False)


def test_year_inference_moves_back_when_the_date_would_follow_the_round() -> None:
    moment, inferred = parse_timestamp("December 20 at 10:00:00 UTC", year_hint=date(2026, 1, 7))
    assert moment == datetime(2025, 12, 20, 10, 0, tzinfo=UTC)
    assert inferred


@pytest.mark.parametrize(
    ("text", "value"),
    [("8,000", 8000), ("20 784", 20784), ("20\u00a0784", 20784), ("27,332", 27332), ("4", 4)],
)
def test_numbers_with_separators(text: str, value: int) -> None:
    assert parse_int(text) == value


def test_a_synthetic_round_with_every_quirk() -> None:
    r = parse_round(
        _round(
            drawNumber="91b",
            drawName="<a href='/x'>Trades Occupations, 2026-Version 3</a>",
            drawSize="1 250",
            drawCRS="<b>477</b>",
            drawCutOff="",
            drawDateTime="November 3rd 2026 at11:00:00 AM UTC",
        )
    )
    assert (r.number, r.name, r.category) == ("91b", "Trades Occupations, 2026-Version 3", "trades")
    assert (r.invitations, r.cutoff) == (1250, 477)
    assert r.tie_break_at is None and r.tie_break_raw == ""
    assert r.drawn_at == datetime(2026, 11, 3, 11, 0, tzinfo=UTC)


def test_old_day_first_draw_date_is_read() -> None:
    assert parse_round(_round(drawDate="11-01-2023")).draw_date == date(2023, 1, 11)


def test_number_sort_key_orders_91a_between_91_and_92() -> None:
    assert sorted(["92", "91b", "9", "91a", "100"], key=number_sort_key) == [
        "9",
        "91a",
        "91b",
        "92",
        "100",
    ]


def test_decoding_falls_back_to_cp1252() -> None:
    name = "Compétence linguistique en français 2026-Version 2"
    body = json.dumps({"rounds": [_round(drawName=name)]}, ensure_ascii=False)
    assert parse_feed(body.encode("cp1252"))[0].category == "french"
    assert parse_feed(b"\xef\xbb\xbf" + body.encode("utf-8"))[0].name == name
    assert decode("é".encode("cp1252")) == "é"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html><body>Service unavailable</body></html>",
        b'{"classes": "wb-tables", "rounds": [{"drawNumber": "1"',
        b'{"classes": "wb-tables"}',
        b'{"rounds": []}',
        b'{"rounds": {"r1": {}}}',
        b"[1, 2]",
        json.dumps({"rounds": [{k: v for k, v in _round().items() if k != "drawCRS"}]}).encode(),
        json.dumps({"rounds": [_round(drawNumber="abc")]}).encode(),
        json.dumps({"rounds": [_round(drawDate="soon", drawDateFull="")]}).encode(),
        json.dumps({"rounds": [_round(), _round()]}).encode(),
        json.dumps({"rounds": [_round(drawSize=8000)]}).encode(),  # type: ignore[arg-type]
    ],
)
def test_feeds_of_the_wrong_shape_are_refused(body: bytes) -> None:
    with pytest.raises(FeedShapeError):
        parse_feed(body)


def test_the_french_feed_gives_irccs_french_names_by_number() -> None:
    """IRCC's French feed, in UTF-8 or in the Windows-1252 it was served in for a while: the
    names by number; rows without a number or a name are skipped."""
    rounds = [
        {"drawNumber": "438", "drawName": "Catégorie de l’expérience canadienne"},
        {"drawNumber": "437", "drawName": "Compétence linguistique en français  2026-Version 2"},
        {"drawNumber": "91a", "drawName": ""},
        {"drawName": "Sans numéro"},
    ]
    text = json.dumps({"classes": "wb-tables", "rounds": rounds}, ensure_ascii=False)
    expected = {
        "438": "Catégorie de l’expérience canadienne",
        "437": "Compétence linguistique en français 2026-Version 2",
    }
    assert parse_french_names(text.encode("utf-8")) == expected
    cp1252 = text.replace("’", "'").encode("cp1252")
    assert parse_french_names(cp1252)["438"] == "Catégorie de l'expérience canadienne"
    with pytest.raises(FeedShapeError):
        parse_french_names(b"<html>Erreur 404</html>")
    with pytest.raises(FeedShapeError):
        parse_french_names(b'{"classes": "wb-tables"}')

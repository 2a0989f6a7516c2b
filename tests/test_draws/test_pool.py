"""The pool distribution read from feed records (bot/draws/pool.py), by hand from the shipped
snapshot's rounds #437 (as of August 16, 2026) and #434 (as of August 3, 2026)."""

from __future__ import annotations

from datetime import date

from bot.draws.importer import SNAPSHOT
from bot.draws.parse import parse_feed
from bot.draws.pool import distribution, latest_two, standing

ROUNDS = parse_feed(SNAPSHOT.read_bytes())  # newest first
BY_NUMBER = {r.number: r for r in ROUNDS}


def test_latest_and_previous_distribution() -> None:
    latest, previous = latest_two(ROUNDS)
    assert latest is not None and previous is not None
    assert (latest.as_on, latest.round_number, latest.total) == (date(2026, 8, 16), "437", 226_859)
    # #436 and #435 share August 16; the one before is August 3 (#434).
    assert (previous.as_on, previous.round_number) == (date(2026, 8, 3), "434")
    # The finest bands add up to the published total: 439 + 18,657 + 73,554 (491-451)
    # + 60,631 (450-401) + 48,600 + 17,269 + 7,709 = 226,859.
    assert sum(b.count for b in latest.bands) == 226_859


def test_band_boundaries() -> None:
    latest, _ = latest_two(ROUNDS)
    assert latest is not None
    # 500 is in 491-500 (12,915); above it: 439 + 18,657 = 19,096.
    at_500 = standing(latest, 500)
    assert (at_500.band.low, at_500.above_band, at_500.at_or_above) == (491, 19_096, 32_011)
    # 501 is in 501-600 (18,657); above it: 439.
    at_501 = standing(latest, 501)
    assert (at_501.band.low, at_501.above_band, at_501.at_or_above) == (501, 439, 19_096)
    # 300 is in 0-300: everyone is at or above it.
    assert standing(latest, 300).at_or_above == 226_859


def test_rounds_without_a_distribution() -> None:
    # Rounds up to #213 publish "0" in every dd field.
    old = BY_NUMBER["200"]
    assert distribution(old.number, old.draw_date, old.raw) is None
    assert distribution("m20261204-00", date(2026, 12, 4), {}) is None  # an admin's round

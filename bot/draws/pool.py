"""The pool's CRS distribution that IRCC publishes with each round (``dd1``-``dd18``,
``drawDistributionAsOn``; docs in ``shared/reference/ircc-rounds-feed.md`` section 2.1).

It is kept in each feed round's ``raw`` record, so nothing else is stored. It counts the
WHOLE pool (every program, not CEC candidates only) and is a snapshot taken days before the
round (``as_on``). Numbers only; the words are in ``bot/templates/en/draws/pool.j2``.

The finest bands are used: 10-point bands from 401 to 500 (``dd4``-``dd8``,
``dd10``-``dd14``), wider ones elsewhere. ``dd3`` and ``dd9`` (sums) are not used, ``dd18``
(the total) is taken as published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from bot.draws.parse import parse_int, parse_timestamp

#: (feed key, lowest score, highest score), highest band first.
FINEST_BANDS: tuple[tuple[str, int, int], ...] = (
    ("dd1", 601, 1200),
    ("dd2", 501, 600),
    ("dd4", 491, 500),
    ("dd5", 481, 490),
    ("dd6", 471, 480),
    ("dd7", 461, 470),
    ("dd8", 451, 460),
    ("dd10", 441, 450),
    ("dd11", 431, 440),
    ("dd12", 421, 430),
    ("dd13", 411, 420),
    ("dd14", 401, 410),
    ("dd15", 351, 400),
    ("dd16", 301, 350),
    ("dd17", 0, 300),
)
TOTAL_KEY = "dd18"


class HasRaw(Protocol):
    number: str
    draw_date: date

    @property
    def raw(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    count: int


@dataclass(frozen=True)
class Distribution:
    as_on: date
    round_number: str  # the feed round it came with (IRCC's public number)
    round_date: date
    bands: tuple[Band, ...]  # highest first
    total: int


@dataclass(frozen=True)
class Standing:
    """Where a score falls in one distribution."""

    score: int
    band: Band
    above_band: int  # people in the bands above the score's band
    at_or_above: int  # above_band + the score's band


def distribution(number: str, round_date: date, raw: dict[str, Any]) -> Distribution | None:
    """The distribution of a feed record, or None when it has none (all "0", or missing)."""
    as_on_text = str(raw.get("drawDistributionAsOn", "")).strip()
    moment, _ = parse_timestamp(as_on_text + " 00:00:00") if as_on_text else (None, False)
    total = parse_int(str(raw.get(TOTAL_KEY, "")))
    if moment is None or not total:
        return None
    bands: list[Band] = []
    for key, low, high in FINEST_BANDS:
        count = parse_int(str(raw.get(key, "")))
        if count is None:
            return None
        bands.append(Band(low, high, count))
    return Distribution(moment.date(), number, round_date, tuple(bands), total)


def latest_two(draws: Iterable[HasRaw]) -> tuple[Distribution | None, Distribution | None]:
    """From rounds newest first: the latest distribution and the one published before it
    (an earlier ``as_on``; the rounds of a week share one)."""
    latest: Distribution | None = None
    for draw in draws:
        found = distribution(draw.number, draw.draw_date, draw.raw or {})
        if found is None:
            continue
        if latest is None:
            latest = found
        elif found.as_on < latest.as_on:
            return latest, found
    return latest, None


def standing(dist: Distribution, score: int) -> Standing:
    """The score's band and the people at or above it."""
    above = 0
    for band in dist.bands:
        if band.low <= score <= band.high:
            return Standing(score, band, above, above + band.count)
        above += band.count
    raise ValueError(f"score {score} is outside every band")

"""A tolerant parser for IRCC's rounds feed (``ee_rounds_123_en.json``).

Every value in the feed is a hand-typed string (see docs/draws.md):

- numbers carry separators ("8,000"; the French feed uses spaces);
- draw numbers are text ("91a", "91b");
- ``drawDateTime`` and ``drawCutOff`` (the tie-break) come in many shapes: ordinals
  ("19th"), missing commas or "at", "at12:48:30", "AM"/"PM" on a 24-hour clock, the date
  written twice, a period instead of a comma, a missing "UTC", leading/trailing/double
  spaces, an empty tie-break (the 76 oldest rounds) and a tie-break without a year (#208);
- three fields carry HTML links.

`parse_round` never guesses silently: a timestamp it cannot read is None with the raw text
kept. `parse_feed` checks the feed's shape and raises `FeedShapeError` when it looks wrong,
so that nothing is written.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.draws.classify import classify

ROUND_PAGE = (
    "https://www.canada.ca/en/immigration-refugees-citizenship/corporate/mandate/"
    "policies-operational-instructions-agreements/ministerial-instructions/"
    "express-entry-rounds/invitations.html?q={number}"
)

#: Keys every round must have (the feed has 31; these are the ones we rely on).
REQUIRED_KEYS: tuple[str, ...] = (
    "drawNumber",
    "drawDate",
    "drawName",
    "drawSize",
    "drawCRS",
    "drawDateTime",
    "drawCutOff",
)

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "janvier"),
            ("february", "feb", "fevrier", "février"),
            ("march", "mar", "mars"),
            ("april", "apr", "avril"),
            ("may", "mai"),
            ("june", "jun", "juin"),
            ("july", "jul", "juillet"),
            ("august", "aug", "aout", "août"),
            ("september", "sep", "sept", "septembre"),
            ("october", "oct", "octobre"),
            ("november", "nov", "novembre"),
            ("december", "dec", "decembre", "décembre"),
        ),
        start=1,
    )
    for name in names
}

_NUMBER = re.compile(r"^\d+[a-z]?$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_DMY_DATE = re.compile(r"^\s*(\d{2})-(\d{2})-(\d{4})\s*$")
_TAG = re.compile(r"<[^>]*>")
_ISO_INSIDE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.I)
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?", re.I)
_DATE_WORDS = re.compile(r"^([a-zéû]+)\s+(\d{1,2})(?:\s+(\d{4}))?$", re.I)


class FeedShapeError(ValueError):
    """The feed does not look like the rounds feed: refuse to write anything."""


@dataclass(frozen=True, slots=True)
class ParsedRound:
    """One round, parsed. Numbers and timestamps are None when the text cannot be read."""

    number: str
    draw_date: date
    name: str
    category: str
    invitations: int | None
    cutoff: int | None
    drawn_at: datetime | None
    drawn_at_raw: str
    tie_break_at: datetime | None
    tie_break_raw: str
    #: True when the tie-break text had no year and the year was inferred from the draw date.
    tie_break_year_inferred: bool = False
    raw: dict[str, Any] = field(default_factory=dict, compare=False)
    #: IRCC's French name of the round (the French feed's ``drawName``), when it was read.
    name_fr: str | None = None

    @property
    def url(self) -> str:
        return round_url(self.number)

    @property
    def sort_key(self) -> tuple[int, str]:
        return number_sort_key(self.number)


def round_url(number: str) -> str:
    """IRCC's page for a round (built, never taken from the feed's HTML)."""
    return ROUND_PAGE.format(number=number)


def number_sort_key(number: str) -> tuple[int, str]:
    """Sort "91a" after "91" and before "92"; non-numeric numbers sort last."""
    match = re.match(r"^(\d+)(.*)$", number)
    if match is None:
        return (10**9, number)
    return (int(match.group(1)), match.group(2))


def strip_html(text: str) -> str:
    """Text without tags and entities, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def parse_int(text: str) -> int | None:
    """ "8,000", "20 784", "20\u00a0784", "1.234" -> int; None when there are no digits."""
    digits = re.sub(r"\D", "", strip_html(text))
    return int(digits) if digits else None


def parse_iso_date(text: str) -> date | None:
    """ "2026-01-07" (and the "11-01-2023" DD-MM-YYYY variant seen in an old copy)."""
    try:
        if m := _ISO_DATE.match(text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _DMY_DATE.match(text):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    return None


def parse_timestamp(text: str, *, year_hint: date | None = None) -> tuple[datetime | None, bool]:
    """Read a hand-typed "Month D, YYYY at HH:MM:SS UTC" in any of its variants as UTC.

    Returns (timestamp or None, whether the year was inferred). Without a year, the year is
    taken from ``year_hint`` (the draw date); a result after the hint moves back a year.
    """
    cleaned = strip_html(text)
    if not cleaned:
        return None, False
    cleaned = cleaned.replace("\u00a0", " ")
    iso_dates = _ISO_INSIDE.findall(cleaned)
    time_match = _TIME.search(cleaned)
    if time_match is None:
        return None, False
    hour, minute = int(time_match.group(1)), int(time_match.group(2))
    second = int(time_match.group(3) or 0)
    marker = (time_match.group(4) or "").lower()
    # "15:48:39 AM", "20:19:59 PM": a 24-hour clock with a stray marker; trust the hour.
    if marker == "pm" and hour < 12:
        hour += 12
    elif marker == "am" and hour == 12:
        hour = 0
    date_text = cleaned[: time_match.start()]
    date_text = _ISO_INSIDE.sub(" ", date_text)
    date_text = _ORDINAL.sub(r"\1", date_text)
    date_text = re.sub(r"\b(?:at|à|a)\b", " ", date_text, flags=re.I)
    date_text = re.sub(r"[,.]", " ", date_text)
    date_text = " ".join(date_text.split())
    inferred = False
    day: date | None = None
    words = _DATE_WORDS.match(date_text)
    if words is not None:
        month = MONTHS.get(words.group(1).lower())
        if month is None:
            return None, False
        try:
            if words.group(3):
                day = date(int(words.group(3)), month, int(words.group(2)))
            elif year_hint is not None:
                inferred = True
                day = date(year_hint.year, month, int(words.group(2)))
                if day > year_hint:
                    day = date(year_hint.year - 1, month, int(words.group(2)))
        except ValueError:
            return None, False
    elif not date_text and iso_dates:
        day = parse_iso_date(iso_dates[0])
    if day is None:
        return None, False
    try:
        moment = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None, False
    return moment, inferred


def _draw_date(raw: dict[str, Any]) -> date:
    parsed = parse_iso_date(str(raw.get("drawDate", "")))
    if parsed is not None:
        return parsed
    # Fall back to the "Month D, YYYY" text; anything else is a shape error.
    full = str(raw.get("drawDateFull", ""))
    moment, _ = parse_timestamp(full + " 00:00:00")
    if moment is None:
        raise FeedShapeError(
            f"round {raw.get('drawNumber')!r}: unreadable drawDate {raw.get('drawDate')!r}"
        )
    return moment.date()


def parse_round(raw: dict[str, Any]) -> ParsedRound:
    """Parse one feed record. Raises FeedShapeError when a required key is missing or the
    draw number / date is unusable (the record cannot be stored safely)."""
    if not isinstance(raw, dict):
        raise FeedShapeError("a round is not a JSON object")
    missing = [key for key in REQUIRED_KEYS if key not in raw]
    if missing:
        raise FeedShapeError(f"round {raw.get('drawNumber')!r} lacks {', '.join(missing)}")
    if not all(isinstance(raw[key], str) for key in REQUIRED_KEYS):
        raise FeedShapeError(f"round {raw.get('drawNumber')!r} has a non-text field")
    number = strip_html(raw["drawNumber"]).lower()
    if not _NUMBER.match(number):
        raise FeedShapeError(f"unusable draw number {raw['drawNumber']!r}")
    draw_date = _draw_date(raw)
    name = strip_html(raw["drawName"])
    drawn_raw = raw["drawDateTime"]
    drawn_at, _ = parse_timestamp(drawn_raw, year_hint=draw_date + timedelta(days=1))
    tie_raw = raw["drawCutOff"]
    tie_at, inferred = parse_timestamp(tie_raw, year_hint=draw_date)
    return ParsedRound(
        number=number,
        draw_date=draw_date,
        name=name,
        category=classify(name),
        invitations=parse_int(raw["drawSize"]),
        cutoff=parse_int(raw["drawCRS"]),
        drawn_at=drawn_at,
        drawn_at_raw=drawn_raw,
        tie_break_at=tie_at,
        tie_break_raw=tie_raw,
        tie_break_year_inferred=inferred,
        raw=dict(raw),
    )


def decode(body: bytes) -> str:
    """UTF-8 (with or without BOM), falling back to Windows-1252; never the default codec."""
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def parse_feed(body: bytes | str) -> list[ParsedRound]:
    """Parse the whole feed, newest first as published. Raises FeedShapeError when it is not
    JSON, has no non-empty ``rounds`` list, a round lacks a key, or a number repeats."""
    text = decode(body) if isinstance(body, bytes) else body
    if not text.lstrip().startswith("{"):
        raise FeedShapeError("the feed is not a JSON object (an HTML error page?)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FeedShapeError(f"the feed is not valid JSON: {exc.msg} at {exc.pos}") from None
    if not isinstance(data, dict):
        raise FeedShapeError("the feed is not a JSON object")
    rounds = data.get("rounds")
    if not isinstance(rounds, list) or not rounds:
        raise FeedShapeError("the feed has no 'rounds' list")
    parsed = [parse_round(raw) for raw in rounds]
    seen: set[str] = set()
    for item in parsed:
        if item.number in seen:
            raise FeedShapeError(f"draw number {item.number} appears twice")
        seen.add(item.number)
    return parsed


def parse_french_names(body: bytes) -> dict[str, str]:
    """IRCC's French feed as ``drawNumber -> drawName`` (rounds lacking either are skipped).
    Only the names are read: numbers, dates and sizes come from the English feed. Raises
    FeedShapeError when the body is not a JSON object with a ``rounds`` list."""
    text = decode(body)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FeedShapeError(f"the French feed is not valid JSON: {exc.msg} at {exc.pos}") from None
    rounds = data.get("rounds") if isinstance(data, dict) else None
    if not isinstance(rounds, list):
        raise FeedShapeError("the French feed has no 'rounds' list")
    names: dict[str, str] = {}
    for item in rounds:
        if not isinstance(item, dict):
            continue
        number, name = item.get("drawNumber"), item.get("drawName")
        if isinstance(number, str | int) and isinstance(name, str) and name.strip():
            names[strip_html(str(number)).lower()] = strip_html(name)
    return names

"""Dates typed in the chat's /dates step, read into ``date`` values (codes, never sentences).

Accepted: ``1996-03-14``; ``14/03/1996`` (also with ``.`` or ``-``: day first, unless only the
other order is a date, as in ``03/14/1996``); ``March 14 1996``, ``March 14, 1996``,
``14 March 1996`` (month names in full or in three or more letters), and the French forms
``14 mars 1996``, ``1er juin 2025``, ``14 déc. 1996`` (accents optional). A month and year:
``03/2024``, ``2024-03``, ``March 2024`` (the first of the month). A moment: a date, then
optionally a time ``10:32``, ``10:32:07`` or ``10 h 32`` (with ``am``/``pm``, and ``UTC`` allowed,
after "at" or "à"), read as UTC.

What each question accepts (``FIELDS``), with the earliest date that makes sense, is here too;
``read`` raises ``DateProblem`` with a code: ``format`` (not a date I can read), ``impossible``
(no such day, e.g. 31 February: ``params`` has year, month, day), ``future``, ``too_early``
(``params["earliest"]``).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from typing import Any, Literal

from bot.crs.dates import add_years

Field = Literal["birth", "work", "language", "eca", "submitted"]
#: The questions of /dates, in the order they are asked.
FIELDS: tuple[Field, ...] = ("birth", "work", "language", "eca", "submitted")
#: Express Entry opened on 2015-01-01: no profile was submitted before.
EXPRESS_ENTRY_OPENED = date(2015, 1, 1)
OLDEST_AGE = 100

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
#: French month names, accents removed (the typed text is compared without accents).
_FRENCH_MONTH_NAMES = (
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
)
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_WORD_MDY = re.compile(r"^([a-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_WORD_DMY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|er)?\s+(?:of\s+)?([a-z]{3,})\.?,?\s+(\d{4})$")
_MY = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_YM = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_WORD_MY = re.compile(r"^([a-z]{3,})\.?,?\s+(\d{4})$")
_TIME = re.compile(
    r"^(?P<date>.+?)(?:,|\s+at|\s+a)?\s+(?P<h>\d{1,2})(?::|\s*h\s*)(?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"\s*(?P<ampm>am|pm)?\s*(?:utc|gmt|z)?$"
)


class DateProblem(ValueError):
    """What is wrong with a typed date: ``code`` and the ``params`` its words need."""

    def __init__(self, code: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.params = params or {}


def _month(name: str) -> int:
    """The month a name (English or French, in full or its first three or more letters) names;
    a start that names two months ("jui": juin, juillet) is not read."""
    found = {
        number
        for names in (_MONTH_NAMES, _FRENCH_MONTH_NAMES)
        for number, full in enumerate(names, start=1)
        if full.startswith(name)
    }
    if len(found) != 1:
        raise DateProblem("format")
    return found.pop()


def _make(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateProblem("impossible", {"year": year, "month": month, "day": day}) from None


def _clean(text: str) -> str:
    """Lower case, single spaces, no accents ("déc." -> "dec.", "à" -> "a")."""
    plain = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.split())


def parse_date(text: str) -> date:
    """A whole date, or ``DateProblem`` (``format`` or ``impossible``)."""
    text = _clean(text)
    if m := _YMD.match(text):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.match(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        if first <= 12 < second <= 31:  # only month-first is a date: 03/14/1996
            return _make(year, first, second)
        return _make(year, second, first)
    if m := _WORD_MDY.match(text):
        return _make(int(m[3]), _month(m[1]), int(m[2]))
    if m := _WORD_DMY.match(text):
        return _make(int(m[3]), _month(m[2]), int(m[1]))
    raise DateProblem("format")


def parse_month(text: str) -> date:
    """A month and year (its first day); a whole date is taken as typed."""
    text = _clean(text)
    if m := _YM.match(text):
        return _make(int(m[1]), int(m[2]), 1)
    if m := _MY.match(text):
        return _make(int(m[2]), int(m[1]), 1)
    if m := _WORD_MY.match(text):
        return _make(int(m[2]), _month(m[1]), 1)
    return parse_date(text)


def parse_moment(text: str) -> tuple[date, datetime | None]:
    """A date and, when typed, the time (UTC) on it."""
    text = _clean(text)
    m = _TIME.match(text)
    if m is None:
        return parse_date(text), None
    day = parse_date(m["date"])
    hour, minute, second = int(m["h"]), int(m["m"]), int(m["s"] or 0)
    if m["ampm"]:
        if not 1 <= hour <= 12:
            raise DateProblem("format")
        hour = hour % 12 + (12 if m["ampm"] == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise DateProblem("format")
    return day, datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)


def earliest(name: Field, today: date) -> date:
    """The earliest date that answers the question ``name``."""
    if name == "birth":
        return add_years(today, -OLDEST_AGE)
    if name == "submitted":
        return EXPRESS_ENTRY_OPENED
    return add_years(today, -50)


def read(name: Field, text: str, *, today: date) -> tuple[date, datetime | None]:
    """The answer to question ``name`` (and a time for ``submitted``), checked against
    ``today``: nothing in the future (a month: not after this month), nothing too early."""
    moment = None
    if name == "work":
        day = parse_month(text)
        latest = today.replace(day=1) if day.day == 1 else today
    elif name == "submitted":
        day, moment = parse_moment(text)
        latest = today
    else:
        day = parse_date(text)
        latest = today
    if day > latest:
        raise DateProblem("future", {"day": day})
    first = earliest(name, today)
    if day < first:
        raise DateProblem("too_early", {"day": day, "earliest": first})
    return day, moment

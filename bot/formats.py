"""Numbers and dates written the way each language writes them (the templates' filters).

English keeps the forms the bot has always shown ("8,000", "December 4, 2026"); French
follows Canadian French usage as on canada.ca/fr ("8 000" with a no-break space, "6,5",
"4 décembre 2026", "1er mars 2026", "4 déc. 2026").
"""

from __future__ import annotations

from datetime import date, datetime

#: The thousands separator of French numbers: a no-break space (U+00A0), which Telegram
#: shows as a space and never breaks across lines.
NBSP = "\u00a0"

_FR_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_FR_MONTHS_SHORT = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juill.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)


def _day(value: date | str) -> date:
    """A date, or an ISO date string ("2026-12-04") as some domain params carry."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def number(value: int | float | None, lang: str = "en") -> str:
    """8000 -> "8,000" (en) / "8 000" (fr); 6.5 -> "6.5" / "6,5"; None -> ""."""
    if value is None:
        return ""
    text = f"{value:,}"
    if lang == "fr":
        return text.replace(",", NBSP).replace(".", ",")
    return text


def long_date(value: date | datetime | str, lang: str = "en") -> str:
    """ "December 4, 2026" / "4 décembre 2026" ("1er" for the first of the month)."""
    day = _day(value)
    if lang == "fr":
        first = "1er" if day.day == 1 else str(day.day)
        return f"{first} {_FR_MONTHS[day.month - 1]} {day.year}"
    return day.strftime("%B %-d, %Y")


def short_date(value: date | datetime | str, lang: str = "en") -> str:
    """ "Dec 4, 2026" / "4 déc. 2026"."""
    day = _day(value)
    if lang == "fr":
        first = "1er" if day.day == 1 else str(day.day)
        return f"{first} {_FR_MONTHS_SHORT[day.month - 1]} {day.year}"
    return day.strftime("%b %-d, %Y")


def month_year(value: date | datetime | str, lang: str = "en") -> str:
    """ "December 2026" / "décembre 2026"."""
    day = _day(value)
    if lang == "fr":
        return f"{_FR_MONTHS[day.month - 1]} {day.year}"
    return day.strftime("%B %Y")


def month_name(month: int, lang: str = "en") -> str:
    """The name of month 1-12: "March" / "mars"."""
    if lang == "fr":
        return _FR_MONTHS[month - 1]
    return date(2000, month, 1).strftime("%B")

"""The CRS grid in force since 2025-03-25 (arranged-employment points removed).

Values cross-checked against the Ministerial Instructions respecting the Express Entry
system and the CRS criteria page. Pairs are ``(with_spouse, single)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TypeVar

from bot.crs.rules.table import Pair, Ruleset, Table

K = TypeVar("K")
V = TypeVar("V")

CRITERIA = (
    "https://www.canada.ca/en/immigration-refugees-citizenship/services/immigrate-canada/"
    "express-entry/check-score/crs-criteria.html"
)
EFFECTIVE = date(2025, 3, 25)
#: Tables unchanged by the 2025-03-25 instructions date from the 2015 grid; the ruleset as a
#: whole is in force from 2025-03-25, which is the date every table here carries.


def _t(values: Mapping[K, V], source: str = CRITERIA) -> Table[K, V]:
    return Table(source=source, effective=EFFECTIVE, values=values)


_AGE: dict[int, Pair] = {
    18: (90, 99),
    19: (95, 105),
    **{a: (100, 110) for a in range(20, 30)},
    30: (95, 105),
    31: (90, 99),
    32: (85, 94),
    33: (80, 88),
    34: (75, 83),
    35: (70, 77),
    36: (65, 72),
    37: (60, 66),
    38: (55, 61),
    39: (50, 55),
    40: (45, 50),
    41: (35, 39),
    42: (25, 28),
    43: (15, 17),
    44: (5, 6),
}

RULESET = Ruleset(
    id="2025-03-25",
    effective=EFFECTIVE,
    summary="Arranged-employment points removed (Ministerial Instructions of 2025-03-25).",
    age=_t(_AGE),
    education=_t(
        {
            "less_than_secondary": (0, 0),
            "secondary": (28, 30),
            "one_year": (84, 90),
            "two_year": (91, 98),
            "bachelors": (112, 120),
            "two_or_more": (119, 128),
            "masters": (126, 135),
            "doctoral": (140, 150),
        }
    ),
    first_language=_t({4: (6, 6), 6: (8, 9), 7: (16, 17), 8: (22, 23), 9: (29, 31), 10: (32, 34)}),
    second_language=_t({5: 1, 7: 3, 9: 6}),
    second_language_cap=_t({"with_spouse": 22, "single": 24}),
    canadian_work=_t({1: (35, 40), 2: (46, 53), 3: (56, 64), 4: (63, 72), 5: (70, 80)}),
    spouse_education=_t(
        {
            "less_than_secondary": 0,
            "secondary": 2,
            "one_year": 6,
            "two_year": 7,
            "bachelors": 8,
            "two_or_more": 9,
            "masters": 10,
            "doctoral": 10,
        }
    ),
    spouse_language=_t({5: 1, 7: 3, 9: 5}),
    spouse_canadian_work=_t({1: 5, 2: 7, 3: 8, 4: 9, 5: 10}),
    credential_class=_t(
        {
            "less_than_secondary": "none",
            "secondary": "none",
            "one_year": "one",
            "two_year": "one",
            "bachelors": "one",
            "two_or_more": "two_plus",
            "masters": "two_plus",
            "doctoral": "two_plus",
        }
    ),
    education_language=_t({"one": (13, 25), "two_plus": (25, 50)}),
    education_canadian_work=_t({"one": (13, 25), "two_plus": (25, 50)}),
    foreign_work_language=_t({1: (13, 25), 3: (25, 50)}),
    foreign_work_canadian_work=_t({1: (13, 25), 3: (25, 50)}),
    certificate_language=_t({"clb5": 25, "clb7": 50}),
    transferability_caps=_t({"group": 50, "section": 100}),
    additional=_t(
        {"provincial_nomination": 600, "sibling": 15, "arranged_employment": 0, "cap": 600}
    ),
    canadian_education=_t({"none": 0, "one_or_two_year": 15, "three_year_plus": 30}),
    french=_t({"with_english": 50, "without_english": 25}),
)

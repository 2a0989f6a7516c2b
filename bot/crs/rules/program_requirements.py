"""Dated data for the program checks: settlement funds and the FSW 67-point selection grid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

FUNDS_SOURCE = (
    "https://www.canada.ca/en/immigration-refugees-citizenship/services/immigrate-canada/"
    "express-entry/documents/proof-funds.html"
)
FSW_GRID_SOURCE = (
    "https://www.canada.ca/en/immigration-refugees-citizenship/services/immigrate-canada/"
    "express-entry/eligibility/federal-skilled-workers/six-selection-factors-federal-skilled-workers.html"
)


@dataclass(frozen=True)
class FundsTable:
    """Minimum settlement funds (CAD) by family size, 50% of the low-income cut-off."""

    source: str
    effective: date
    by_size: tuple[int, ...]  # family of 1, 2, ... 7
    each_additional: int

    def required(self, family_size: int) -> int:
        size = max(1, family_size)
        if size <= len(self.by_size):
            return self.by_size[size - 1]
        return self.by_size[-1] + (size - len(self.by_size)) * self.each_additional


FUNDS: tuple[FundsTable, ...] = (
    FundsTable(
        FUNDS_SOURCE,
        date(2024, 5, 27),
        (14_690, 18_288, 22_483, 27_297, 30_690, 34_917, 38_875),
        3_958,
    ),
    FundsTable(
        FUNDS_SOURCE,
        date(2025, 7, 7),
        (15_263, 19_001, 23_360, 28_362, 32_168, 36_280, 40_392),
        4_112,
    ),
)


def funds_for(on: date) -> FundsTable:
    """The settlement-funds table in force on ``on`` (the earliest known before it)."""
    chosen = FUNDS[0]
    for table in FUNDS:
        if table.effective <= on:
            chosen = table
    return chosen


@dataclass(frozen=True)
class FswGrid:
    """The Federal Skilled Worker selection grid (pass mark 67 of 100)."""

    source: str
    effective: date
    pass_mark: int
    language_per_ability: dict[int, int]  # first official language: CLB band -> points
    second_language_all_clb5: int
    education: dict[str, int]
    experience: dict[int, int]  # years band -> points
    age: dict[int, int]  # exact age -> points (absent: 0)
    arranged_employment: int
    adaptability: dict[str, int]
    adaptability_cap: int


FSW_GRID = FswGrid(
    source=FSW_GRID_SOURCE,
    # The grid dates from the 2013 FSW reform and was unchanged on the CRS ruleset date.
    effective=date(2013, 5, 4),
    pass_mark=67,
    language_per_ability={7: 4, 8: 5, 9: 6},
    second_language_all_clb5=4,
    education={
        "less_than_secondary": 0,
        "secondary": 5,
        "one_year": 15,
        "two_year": 19,
        "bachelors": 21,
        "two_or_more": 22,
        "masters": 23,
        "doctoral": 25,
    },
    experience={1: 9, 2: 11, 4: 13, 6: 15},
    age={
        **dict.fromkeys(range(18, 36), 12),
        36: 11,
        37: 10,
        38: 9,
        39: 8,
        40: 7,
        41: 6,
        42: 5,
        43: 4,
        44: 3,
        45: 2,
        46: 1,
    },
    arranged_employment=10,
    adaptability={
        "spouse_language": 5,
        "past_study": 5,
        "spouse_past_study": 5,
        "past_work": 10,
        "spouse_past_work": 5,
        "arranged_employment": 5,
        "relative": 5,
    },
    adaptability_cap=10,
)

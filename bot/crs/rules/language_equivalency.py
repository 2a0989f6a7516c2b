"""Language test score -> CLB / NCLC equivalency tables, with their source and date.

Each table lists, per ability, the minimum score for CLB/NCLC 10, 9, 8, 7, 6, 5 and 4
(in that order). A score under the CLB 4 minimum is "CLB 3 or less".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SOURCE = (
    "https://www.canada.ca/en/immigration-refugees-citizenship/services/immigrate-canada/"
    "express-entry/documents/language-test.html"
)

#: Levels that the minimum-score tuples below correspond to, highest first.
LEVELS: tuple[int, ...] = (10, 9, 8, 7, 6, 5, 4)


@dataclass(frozen=True)
class Equivalency:
    test: str
    source: str
    effective: date
    note: str
    minimums: dict[str, tuple[float, ...]]  # ability -> minimum score for LEVELS


# Dates: the TEF Canada table applies to tests taken from 2023-12-11 (new scale); the others
# carry the date of the grid they were verified against (in force on that date).
_CHECKED = date(2025, 3, 25)

EQUIVALENCIES: dict[str, Equivalency] = {
    "ielts": Equivalency(
        test="ielts",
        source=SOURCE,
        effective=_CHECKED,
        note="IELTS General Training",
        minimums={
            "reading": (8.0, 7.0, 6.5, 6.0, 5.0, 4.0, 3.5),
            "writing": (7.5, 7.0, 6.5, 6.0, 5.5, 5.0, 4.0),
            "listening": (8.5, 8.0, 7.5, 6.0, 5.5, 5.0, 4.5),
            "speaking": (7.5, 7.0, 6.5, 6.0, 5.5, 5.0, 4.0),
        },
    ),
    "pte_core": Equivalency(
        test="pte_core",
        source=SOURCE,
        effective=_CHECKED,
        note="PTE Core",
        minimums={
            "reading": (88, 78, 69, 60, 51, 42, 33),
            "writing": (90, 88, 79, 69, 60, 51, 41),
            "listening": (89, 82, 71, 60, 50, 39, 28),
            "speaking": (89, 84, 76, 68, 59, 51, 42),
        },
    ),
    "tef": Equivalency(
        test="tef",
        source=SOURCE,
        effective=date(2023, 12, 11),
        note="TEF Canada, tests taken on or after 2023-12-11 (scores out of 699)",
        minimums={
            "reading": (546, 503, 462, 434, 393, 352, 306),
            "writing": (558, 512, 472, 428, 379, 330, 268),
            "listening": (546, 503, 462, 434, 393, 352, 306),
            "speaking": (556, 518, 494, 456, 422, 387, 328),
        },
    ),
    "tcf": Equivalency(
        test="tcf",
        source=SOURCE,
        effective=_CHECKED,
        note="TCF Canada",
        minimums={
            "reading": (549, 524, 499, 453, 406, 375, 342),
            "writing": (16, 14, 12, 10, 7, 6, 4),
            "listening": (549, 523, 503, 458, 398, 369, 331),
            "speaking": (16, 14, 12, 10, 7, 6, 4),
        },
    ),
}
#: CELPIP-General levels equal CLB levels; CLB and NCLC are entered as levels directly.
DIRECT_LEVEL_TESTS: frozenset[str] = frozenset({"celpip", "clb", "nclc"})

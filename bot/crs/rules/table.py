"""The shape of a ruleset: dated, sourced points tables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

#: Points as ``(with_spouse, single)``.
Pair = tuple[int, int]


@dataclass(frozen=True)
class Table(Generic[K, V]):
    """One points table with the page it was taken from and the date it took effect."""

    source: str
    effective: date
    values: Mapping[K, V]

    def __getitem__(self, key: K) -> V:
        return self.values[key]


def banded(table: Table[int, V], level: int, below: V) -> V:
    """The value of the highest band whose lower bound is at most ``level``.

    Tables keyed by a level or a number of years list the first value of each band
    (``{4: ..., 6: ...}`` means 4-5, then 6 and more); ``below`` applies under the lowest key.
    """
    best = below
    for key in sorted(table.values):
        if level >= key:
            best = table.values[key]
    return best


@dataclass(frozen=True)
class Ruleset:
    """All CRS points tables in force from ``effective`` until the next ruleset."""

    id: str
    effective: date
    summary: str
    # A. Core / human capital: (with_spouse, single)
    age: Table[int, Pair]  # exact age; ages absent score 0
    education: Table[str, Pair]
    first_language: Table[int, Pair]  # per ability, by CLB band
    second_language: Table[int, int]  # per ability, by CLB band
    second_language_cap: Table[str, int]  # "with_spouse" / "single"
    canadian_work: Table[int, Pair]  # by years band
    # B. Spouse or common-law partner
    spouse_education: Table[str, int]
    spouse_language: Table[int, int]  # per ability, by CLB band
    spouse_canadian_work: Table[int, int]
    # C. Skill transferability
    credential_class: Table[str, str]  # education -> "none" | "one" | "two_plus"
    education_language: Table[str, Pair]  # class -> (CLB 7-8 band, CLB 9+ band)
    education_canadian_work: Table[str, Pair]  # class -> (1 year, 2+ years)
    foreign_work_language: Table[int, Pair]  # foreign years band -> (CLB 7-8, CLB 9+)
    foreign_work_canadian_work: Table[int, Pair]  # foreign years band -> (1 yr, 2+ yrs)
    certificate_language: Table[str, int]  # "clb5" (5+, one under 7) / "clb7" (7+ on all)
    transferability_caps: Table[str, int]  # "group" / "section"
    # D. Additional points
    additional: Table[str, int]  # provincial_nomination, sibling, arranged_employment, cap
    canadian_education: Table[str, int]  # canadian_education value -> points
    french: Table[str, int]  # "with_english" / "without_english"

    def tables(self) -> dict[str, Table[object, object]]:
        """Every table by name (for documentation and checks)."""
        return {name: value for name, value in vars(self).items() if isinstance(value, Table)}

"""Language tests: valid score ranges and conversion to CLB / NCLC levels."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from bot.crs.rules.language_equivalency import DIRECT_LEVEL_TESTS, EQUIVALENCIES, LEVELS

ABILITIES: tuple[str, ...] = ("listening", "reading", "writing", "speaking")
Language = Literal["english", "french"]


@dataclass(frozen=True)
class ScoreRange:
    min: float
    max: float
    step: float

    def describe(self) -> str:
        return f"from {_fmt(self.min)} to {_fmt(self.max)} in steps of {_fmt(self.step)}"


@dataclass(frozen=True)
class TestSpec:
    """A language test the profile accepts, with the valid range of each ability's score."""

    code: str
    name: str
    language: Language
    ranges: dict[str, ScoreRange]
    max_level: int  # highest CLB/NCLC level the test can show

    __test__ = False  # not a pytest test class

    def __getitem__(self, ability: str) -> ScoreRange:
        return self.ranges[ability]

    def validate(self, ability: str, value: object) -> float | int:
        """The score as a number, or ValueError naming the valid range and step.

        Accepts numbers and numeric text (as typed in a chat); booleans are refused.
        """
        if ability not in self.ranges:
            raise ValueError(f"{ability!r} is not an ability; use one of {', '.join(ABILITIES)}")
        rng = self.ranges[ability]
        number: float
        if isinstance(value, bool):
            raise ValueError(self._message(ability))
        if isinstance(value, int | float):
            number = float(value)
        elif isinstance(value, str):
            try:
                number = float(value.strip().replace(",", "."))
            except ValueError:
                raise ValueError(self._message(ability)) from None
        else:
            raise ValueError(self._message(ability))
        if not math.isfinite(number) or number < rng.min or number > rng.max:
            raise ValueError(self._message(ability))
        steps = (number - rng.min) / rng.step
        if abs(steps - round(steps)) > 1e-9:
            raise ValueError(self._message(ability))
        return int(number) if number.is_integer() else number

    def _message(self, ability: str) -> str:
        return f"{self.name} {ability} must be {self.ranges[ability].describe()}"


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _same(lo: float, hi: float, step: float) -> dict[str, ScoreRange]:
    return {a: ScoreRange(lo, hi, step) for a in ABILITIES}


TESTS: dict[str, TestSpec] = {
    "ielts": TestSpec("ielts", "IELTS General Training", "english", _same(0, 9, 0.5), 10),
    "celpip": TestSpec("celpip", "CELPIP-General", "english", _same(0, 12, 1), 12),
    "pte_core": TestSpec("pte_core", "PTE Core", "english", _same(10, 90, 1), 10),
    "clb": TestSpec("clb", "CLB level", "english", _same(0, 12, 1), 12),
    "tef": TestSpec("tef", "TEF Canada", "french", _same(0, 699, 1), 10),
    "tcf": TestSpec(
        "tcf",
        "TCF Canada",
        "french",
        {
            "listening": ScoreRange(100, 699, 1),
            "reading": ScoreRange(100, 699, 1),
            "writing": ScoreRange(0, 20, 1),
            "speaking": ScoreRange(0, 20, 1),
        },
        10,
    ),
    "nclc": TestSpec("nclc", "NCLC level", "french", _same(0, 12, 1), 12),
}

#: Level reported for a score under the CLB 4 minimum ("CLB 3 or less").
BELOW_FOUR = 3

TestCode = Literal["ielts", "celpip", "pte_core", "clb", "tef", "tcf", "nclc"]
NO_TEST = "cannot check the score without a valid test"


@functools.cache
def level_for(test: str, ability: str, score: float) -> int:
    """The CLB/NCLC level of one ability's score on ``test``."""
    if test in DIRECT_LEVEL_TESTS:
        return int(score)
    for level, minimum in zip(LEVELS, EQUIVALENCIES[test].minimums[ability], strict=True):
        if score >= minimum:
            return level
    return BELOW_FOUR


def min_score_for(test: str, ability: str, level: int) -> float | int | None:
    """The lowest score on ``test`` that gives ``level`` in ``ability`` (None if unreachable)."""
    if test in DIRECT_LEVEL_TESTS:
        return level if level <= TESTS[test].max_level else None
    if level not in LEVELS:
        return None
    value = EQUIVALENCIES[test].minimums[ability][LEVELS.index(level)]
    return int(value) if float(value).is_integer() else value


class LanguageResult(BaseModel):
    """One language test result, each ability on the test's own scale (levels for clb/nclc)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    test: TestCode
    reading: int | float
    writing: int | float
    listening: int | float
    speaking: int | float

    @field_validator("reading", "writing", "listening", "speaking", mode="before")
    @classmethod
    def _score(cls, value: object, info: ValidationInfo) -> float | int:
        test = info.data.get("test")
        ability = info.field_name or ""
        if test not in TESTS:
            raise ValueError(NO_TEST)
        spec = TESTS[test]
        if isinstance(value, str):  # JSON scores are numbers; text is only for chat input
            raise ValueError(f"{spec.name} {ability} must be a number {spec[ability].describe()}")
        return spec.validate(ability, value)


def scale_name(test: str) -> str:
    """What the test's levels are called: NCLC for a French test, CLB for an English one."""
    return "NCLC" if TESTS[test].language == "french" else "CLB"


def clb_levels(result: LanguageResult) -> dict[str, int]:
    """CLB (English) or NCLC (French) level of each ability of a test result."""
    test = result.test
    return {
        "listening": level_for(test, "listening", result.listening),
        "reading": level_for(test, "reading", result.reading),
        "writing": level_for(test, "writing", result.writing),
        "speaking": level_for(test, "speaking", result.speaking),
    }

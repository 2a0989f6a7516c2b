"""Small builders for CRS test profiles."""

from __future__ import annotations

from typing import Any

from bot.crs import Profile, parse_profile


def lang(
    test: str, reading: float, writing: float, listening: float, speaking: float
) -> dict[str, Any]:
    return {
        "test": test,
        "reading": reading,
        "writing": writing,
        "listening": listening,
        "speaking": speaking,
    }


def clb(level: int) -> dict[str, Any]:
    return lang("clb", level, level, level, level)


def nclc(level: int) -> dict[str, Any]:
    return lang("nclc", level, level, level, level)


def data(**changes: Any) -> dict[str, Any]:
    """A single 29-year-old with a bachelor's and CLB 9 in English, changed as given."""
    base: dict[str, Any] = {
        "age": 29,
        "marital_status": "single",
        "education": "bachelors",
        "first_language": clb(9),
    }
    base.update(changes)
    return base


def make(**changes: Any) -> Profile:
    return parse_profile(data(**changes))

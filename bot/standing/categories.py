"""Which Express Entry categories a candidate fits, from dated data (``data/categories_2026.json``).

Returns codes and numbers only; the words are in ``templates/en/standing/_categories.j2``.
A category also requires eligibility for an Express Entry program (CEC, FSW or FST) and a
profile in the pool: this module does not check that (``bot.crs.eligibility`` does), so every
"eligible" result carries the reason ``program_eligibility_required`` for the caller to combine.

Reason codes (``Reason.code``) and their ``params``:

- ``nclc7_needed`` {"min_level", "levels": {ability: level}, "short": [abilities below]}
- ``no_french_test`` {"min_level"}: neither language result is a French test
- ``no_occupation_given`` {}: the occupation step was skipped (``eligible`` is None)
- ``no_profile`` {}: no CRS profile (no language results) to check French against
  (``eligible`` is None)
- ``noc_not_listed`` {"noc"}
- ``months_short`` {"months", "needed", "window_years"}
- ``canada_only`` {"months_in_canada", "months", "needed", "window_years"}: enough months,
  but not in Canada
- ``list_not_available`` {"reason": "list_not_found" | "conditions_not_asked", ...}
  (``checkable`` is False)
- ``category_retired`` {"since"}
- ``not_in_force`` {"effective"}: the date asked about is before the rule took effect
- ``program_eligibility_required`` {}: on every eligible result
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bot.crs.language import TESTS, LanguageResult, clb_levels
from bot.crs.profile import Profile
from bot.draws.classify import CATEGORIES

RULES_FILE = Path(__file__).with_name("data") / "categories_2026.json"
MAX_MONTHS = 36


@dataclass(frozen=True)
class Occupation:
    noc: str
    months_last_3_years: int  # full-time months (or equivalent) in that occupation, last 3 years
    in_canada_months: int  # of which in Canada

    def __post_init__(self) -> None:
        if not (len(self.noc) == 5 and self.noc.isdigit()):
            raise ValueError(f"noc must be a five-digit NOC 2021 code, not {self.noc!r}")
        if not 0 <= self.months_last_3_years <= MAX_MONTHS:
            raise ValueError(f"months_last_3_years must be from 0 to {MAX_MONTHS}")
        if not 0 <= self.in_canada_months <= self.months_last_3_years:
            raise ValueError("in_canada_months must be from 0 to months_last_3_years")


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CategoryCheck:
    code: str
    checkable: bool
    eligible: bool | None  # None when not checkable / no occupation given
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class ExperienceRule:
    months: int
    window_years: int
    canada_only: bool


@dataclass(frozen=True)
class CategoryRule:
    """One category's rule as the data file states it."""

    code: str
    kind: str  # "language" | "occupation"
    effective: date
    checked: date
    sources: tuple[str, ...]
    source_note: str
    checkable: bool
    unavailable: str | None = None  # why not checkable
    retired: date | None = None
    experience: ExperienceRule | None = None
    noc_codes: frozenset[str] = frozenset()
    known_not_listed: frozenset[str] = frozenset()
    min_level: int = 0  # language categories
    language: str = ""
    abilities: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    #: Where the list is missing: NOC codes or prefixes of the category's field (data note).
    field_prefixes: tuple[str, ...] = ()


def _rule(row: dict[str, Any]) -> CategoryRule:
    exp = row.get("experience")
    lang = row.get("language_rule") or {}
    return CategoryRule(
        code=row["code"],
        kind=row["kind"],
        effective=date.fromisoformat(row["effective"]),
        checked=date.fromisoformat(row["checked"]),
        sources=tuple(row["sources"]),
        source_note=row["source_note"],
        checkable=bool(row["checkable"]),
        unavailable=row.get("unavailable"),
        retired=date.fromisoformat(row["retired"]) if row.get("retired") else None,
        experience=ExperienceRule(exp["months"], exp["window_years"], exp["canada_only"])
        if exp
        else None,
        noc_codes=frozenset(row.get("noc_codes", ())),
        known_not_listed=frozenset(row.get("known_not_listed", ())),
        min_level=int(lang.get("min_level", 0)),
        language=lang.get("language", ""),
        abilities=tuple(lang.get("abilities", ())),
        conditions=tuple(row.get("conditions", ())),
        field_prefixes=tuple(row.get("field_prefixes", ())),
    )


def parse_rules(data: dict[str, Any]) -> tuple[CategoryRule, ...]:
    """The rules of a categories data file, in ``CATEGORIES`` order; every code must be known."""
    rules = {row["code"]: _rule(row) for row in data["categories"]}
    unknown = set(rules) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"unknown category codes in the data: {sorted(unknown)}")
    return tuple(rules[c] for c in CATEGORIES if c in rules)


@functools.cache
def load_rules() -> tuple[CategoryRule, ...]:
    """The shipped 2026 rules (read once)."""
    return parse_rules(json.loads(RULES_FILE.read_text(encoding="utf-8")))


def _french_result(profile: Profile) -> LanguageResult | None:
    for result in (profile.first_language, profile.second_language):
        if result is not None and TESTS[result.test].language == "french":
            return result
    return None


def _check_language(rule: CategoryRule, profile: Profile | None) -> CategoryCheck:
    if profile is None:
        return CategoryCheck(rule.code, True, None, (Reason("no_profile"),))
    result = _french_result(profile) if rule.language == "french" else None
    if result is None:
        return CategoryCheck(
            rule.code, True, False, (Reason("no_french_test", {"min_level": rule.min_level}),)
        )
    levels = clb_levels(result)
    short = [a for a in rule.abilities if levels[a] < rule.min_level]
    if short:
        params = {"min_level": rule.min_level, "levels": levels, "short": short}
        return CategoryCheck(rule.code, True, False, (Reason("nclc7_needed", params),))
    return CategoryCheck(rule.code, True, True, (Reason("program_eligibility_required"),))


def _check_occupation(rule: CategoryRule, occupation: Occupation | None) -> CategoryCheck:
    if not rule.checkable:
        if occupation is not None and occupation.noc in rule.known_not_listed:
            reason = Reason("noc_not_listed", {"noc": occupation.noc})
            return CategoryCheck(rule.code, True, False, (reason,))
        params: dict[str, Any] = {"reason": rule.unavailable}
        if rule.conditions:
            params["conditions"] = list(rule.conditions)
        reasons = [Reason("list_not_available", params)]
        if occupation is not None and occupation.noc.startswith(rule.field_prefixes or ("-",)):
            reasons.append(Reason("in_field", {"noc": occupation.noc}))
        return CategoryCheck(rule.code, False, None, tuple(reasons))
    if occupation is None:
        return CategoryCheck(rule.code, True, None, (Reason("no_occupation_given"),))
    if occupation.noc not in rule.noc_codes:
        return CategoryCheck(
            rule.code, True, False, (Reason("noc_not_listed", {"noc": occupation.noc}),)
        )
    exp = rule.experience
    if exp is None:  # a listed category always states its rule; refuse to guess one
        raise ValueError(f"category {rule.code!r} has a NOC list but no experience rule")
    window = {"needed": exp.months, "window_years": exp.window_years}
    if occupation.months_last_3_years < exp.months:
        params = {"months": occupation.months_last_3_years, **window}
        return CategoryCheck(rule.code, True, False, (Reason("months_short", params),))
    if exp.canada_only and occupation.in_canada_months < exp.months:
        params = {
            "months_in_canada": occupation.in_canada_months,
            "months": occupation.months_last_3_years,
            **window,
        }
        return CategoryCheck(rule.code, True, False, (Reason("canada_only", params),))
    return CategoryCheck(rule.code, True, True, (Reason("program_eligibility_required"),))


def check_categories(
    profile: Profile | None,
    occupation: Occupation | None,
    *,
    on: date,
    rules: tuple[CategoryRule, ...] | None = None,
) -> list[CategoryCheck]:
    """One check per category of the rules (the shipped 2026 data by default), in
    ``CATEGORIES`` order, for a profile (None if there is none yet: French is then not
    decided) and its main occupation (None if skipped) on a date."""
    checks: list[CategoryCheck] = []
    for rule in load_rules() if rules is None else rules:
        if rule.retired is not None and on >= rule.retired:
            reason = Reason("category_retired", {"since": rule.retired.isoformat()})
            checks.append(CategoryCheck(rule.code, True, False, (reason,)))
        elif on < rule.effective:
            reason = Reason("not_in_force", {"effective": rule.effective.isoformat()})
            checks.append(CategoryCheck(rule.code, False, None, (reason,)))
        elif rule.kind == "language":
            checks.append(_check_language(rule, profile))
        else:
            checks.append(_check_occupation(rule, occupation))
    return checks


def sources(code: str) -> tuple[str, ...]:
    """The source URLs of a category's rule (IRCC's page first)."""
    for rule in load_rules():
        if rule.code == code:
            return rule.sources
    raise KeyError(code)


def canada_only_codes() -> frozenset[str]:
    """NOC codes listed by a checkable category that counts only work in Canada (whether to
    ask how many of the months were in Canada)."""
    return frozenset(
        code
        for rule in load_rules()
        if rule.checkable and rule.experience is not None and rule.experience.canada_only
        for code in rule.noc_codes
    )


def as_json(checks: list[CategoryCheck]) -> dict[str, dict[str, Any]]:
    """The checks as JSON for ``--plan``: per category code, ``checkable``, ``eligible`` (null
    when undecided) and ``reasons`` (each ``{"code": ..., "params": {...}}``, as for the
    programs)."""
    return {
        c.code: {
            "checkable": c.checkable,
            "eligible": c.eligible,
            "reasons": [{"code": r.code, "params": dict(r.params)} for r in c.reasons],
        }
        for c in checks
    }

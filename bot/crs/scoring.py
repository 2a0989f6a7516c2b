"""CRS scoring: a Profile in, a Breakdown out, under the ruleset in force on a date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from bot.crs.language import TESTS, clb_levels
from bot.crs.profile import LanguageResult, Profile
from bot.crs.rules import Pair, Ruleset, Table, banded, ruleset_for

ScoredAs = Literal["single", "with_spouse"]
_LEVEL_MAX = 12
_YEARS_MAX = 60


@dataclass(frozen=True)
class Breakdown:
    """A CRS score: section totals, how the applicant was scored, the ruleset and line items."""

    total: int
    core: int
    spouse: int
    transferability: int
    additional: int
    scored_as: ScoredAs
    rules: str
    items: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "core": self.core,
            "spouse": self.spouse,
            "transferability": self.transferability,
            "additional": self.additional,
            "scored_as": self.scored_as,
            "rules": self.rules,
            "items": {section: dict(lines) for section, lines in self.items.items()},
        }


@dataclass(frozen=True)
class _Compiled:
    """A ruleset's banded tables expanded to lists indexed by level or years."""

    ruleset: Ruleset
    first_language: tuple[Pair, ...]
    second_language: tuple[int, ...]
    canadian_work: tuple[Pair, ...]
    spouse_language: tuple[int, ...]
    spouse_canadian_work: tuple[int, ...]


def _expand(table: Table[int, Any], below: Any, top: int) -> tuple[Any, ...]:
    return tuple(banded(table, n, below) for n in range(top + 1))


_COMPILED: dict[str, _Compiled] = {}


def _compiled(ruleset: Ruleset) -> _Compiled:
    found = _COMPILED.get(ruleset.id)
    if found is None or found.ruleset is not ruleset:
        found = _Compiled(
            ruleset=ruleset,
            first_language=_expand(ruleset.first_language, (0, 0), _LEVEL_MAX),
            second_language=_expand(ruleset.second_language, 0, _LEVEL_MAX),
            canadian_work=_expand(ruleset.canadian_work, (0, 0), _YEARS_MAX),
            spouse_language=_expand(ruleset.spouse_language, 0, _LEVEL_MAX),
            spouse_canadian_work=_expand(ruleset.spouse_canadian_work, 0, _YEARS_MAX),
        )
        _COMPILED[ruleset.id] = found
    return found


def _clamp(n: int, top: int) -> int:
    return 0 if n < 0 else top if n > top else n


def _levels(result: LanguageResult) -> dict[str, int]:
    return {k: _clamp(v, _LEVEL_MAX) for k, v in clb_levels(result).items()}


def score(profile: Profile, *, on: date | None = None) -> Breakdown:
    """The CRS score of ``profile`` under the ruleset in force on ``on`` (default today)."""
    rules = ruleset_for(on)
    c = _compiled(rules)
    with_spouse = profile.with_spouse
    col = 0 if with_spouse else 1

    # A. Core / human capital
    first = _levels(profile.first_language)
    second: dict[str, int] | None = None
    if profile.second_language is not None:
        second = _levels(profile.second_language)
    core_items: dict[str, int] = {
        "age": rules.age.values.get(profile.age, (0, 0))[col],
        "education": rules.education[profile.education][col],
    }
    for ability in ("listening", "reading", "writing", "speaking"):
        core_items[f"first_language.{ability}"] = c.first_language[first[ability]][col]
    second_points = 0
    if second is not None:
        raw = sum(c.second_language[v] for v in second.values())
        cap = rules.second_language_cap["with_spouse" if with_spouse else "single"]
        second_points = min(raw, cap)
    core_items["second_language"] = second_points
    cw_years = _clamp(profile.canadian_work_years, _YEARS_MAX)
    core_items["canadian_work_experience"] = c.canadian_work[cw_years][col]
    core = sum(core_items.values())

    # B. Spouse or common-law partner
    spouse_items: dict[str, int] = {}
    if with_spouse:
        spouse_lang = 0
        if profile.spouse_language is not None:
            spouse_lang = sum(
                c.spouse_language[v] for v in _levels(profile.spouse_language).values()
            )
        spouse_items = {
            "education": rules.spouse_education[profile.spouse_education],
            "language": spouse_lang,
            "canadian_work_experience": c.spouse_canadian_work[
                _clamp(profile.spouse_canadian_work_years, _YEARS_MAX)
            ],
        }
    spouse = sum(spouse_items.values())

    # C. Skill transferability (first official language, all four abilities)
    min_first = min(first.values())
    lang_band = 1 if min_first >= 9 else 0 if min_first >= 7 else None
    cw_band = 1 if cw_years >= 2 else 0 if cw_years == 1 else None
    credential = rules.credential_class[profile.education]
    fw = profile.foreign_work_years
    fw_key = 3 if fw >= 3 else 1 if fw >= 1 else None

    def pick(pair: Pair | None, band: int | None) -> int:
        return 0 if pair is None or band is None else pair[band]

    edu_pair = None if credential == "none" else rules.education_language[credential]
    edu_cw_pair = None if credential == "none" else rules.education_canadian_work[credential]
    fw_pair = None if fw_key is None else rules.foreign_work_language[fw_key]
    fw_cw_pair = None if fw_key is None else rules.foreign_work_canadian_work[fw_key]
    certificate = 0
    if profile.certificate_of_qualification:
        if min_first >= 7:
            certificate = rules.certificate_language["clb7"]
        elif min_first >= 5:
            certificate = rules.certificate_language["clb5"]
    transfer_items = {
        "education_language": pick(edu_pair, lang_band),
        "education_canadian_work": pick(edu_cw_pair, cw_band),
        "foreign_work_language": pick(fw_pair, lang_band),
        "foreign_work_canadian_work": pick(fw_cw_pair, cw_band),
        "certificate_language": certificate,
    }
    group_cap = rules.transferability_caps["group"]
    transferability = min(
        rules.transferability_caps["section"],
        min(
            group_cap,
            transfer_items["education_language"] + transfer_items["education_canadian_work"],
        )
        + min(
            group_cap,
            transfer_items["foreign_work_language"] + transfer_items["foreign_work_canadian_work"],
        )
        + min(group_cap, certificate),
    )

    # D. Additional points
    extra = rules.additional
    french_points = 0
    french: dict[str, int] | None
    english: dict[str, int] | None
    if TESTS[profile.first_language.test].language == "french":
        french, english = first, second
    else:
        french, english = second, first
    if french is not None and min(french.values()) >= 7:
        if english is not None and min(english.values()) >= 5:
            french_points = rules.french["with_english"]
        else:
            french_points = rules.french["without_english"]
    additional_items = {
        "provincial_nomination": extra["provincial_nomination"]
        if profile.provincial_nomination
        else 0,
        "canadian_education": rules.canadian_education[profile.canadian_education],
        "french": french_points,
        "sibling": extra["sibling"] if profile.sibling_in_canada else 0,
    }
    additional = min(extra["cap"], sum(additional_items.values()))

    return Breakdown(
        total=core + spouse + transferability + additional,
        core=core,
        spouse=spouse,
        transferability=transferability,
        additional=additional,
        scored_as="with_spouse" if with_spouse else "single",
        rules=rules.id,
        items={
            "core": core_items,
            "spouse": spouse_items,
            "transferability": transfer_items,
            "additional": additional_items,
        },
    )

"""Typed job titles matched to NOC 2021 unit groups, as a user would type them."""

from __future__ import annotations

import json

import pytest

from bot.standing.noc import (
    ALIASES_FILE,
    ALIASES_FR_FILE,
    UNIT_GROUPS_FILE,
    UnitGroup,
    match,
    normalise,
    unit_group,
)


def _codes(title: str, limit: int = 5) -> list[str]:
    return [g.code for g in match(title, limit)]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("software developper", "21232"),  # typo
        ("Software Developers", "21232"),  # plural, capitals
        ("registered nurse", "31301"),
        ("registred nurses", "31301"),  # typo and plural
        ("nurse", "31301"),  # alias: RN first, then LPN
        ("cook", "63200"),
        ("Cooks", "63200"),
        ("truck driver", "73300"),
        ("electrician", "72200"),
        ("teacher", "41220"),
        ("accountant", "11100"),
        ("data analyst", "21223"),
        ("mechanical enginer", "21301"),
        ("pilot", "72600"),
        ("physiotherapist", "31202"),
        ("I work as a software developer at a bank", "21232"),  # a sentence around it
        ("i am a nurse", "31301"),
    ],
)
def test_typed_title_finds_its_unit_group_first(typed: str, first: str) -> None:
    assert _codes(typed)[0] == first


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("infirmière", "31301"),
        ("infirmieres", "31301"),  # no accent, plural
        ("je suis infirmière auxiliaire", "32101"),
        ("préposée aux bénéficiaires", "33102"),
        ("développeur", "21232"),
        ("développeuse web", "21234"),
        ("comptable", "11100"),
        ("je travaille comme cuisinier", "63200"),
        ("camionneur", "73300"),
        ("chauffeur de camion", "73300"),  # not "chauffeurs" (taxi and limousine)
        ("enseignante", "41220"),
        ("éducatrice en garderie", "42202"),
        ("en tant que soudeur", "72106"),
        ("analyste de données", "21223"),  # not economists
        ("mecanicien auto", "72410"),
    ],
)
def test_french_job_titles_find_their_unit_group_first(typed: str, first: str) -> None:
    assert _codes(typed)[0] == first


def test_ambiguous_titles_offer_the_plausible_groups() -> None:
    assert set(_codes("nurse")) >= {"31301", "32101", "31302", "33102"}
    assert set(_codes("teacher")) >= {"41220", "41221"}
    assert set(_codes("electrician")) >= {"72200", "72201"}
    assert set(_codes("data analyst")) >= {"21223", "21211"}


def test_no_far_fetched_matches() -> None:
    # "teacher" must not match inside "butcher", nor "cook" inside "coordinating".
    assert "63201" not in _codes("teacher")
    assert _codes("cook") == ["63200"]
    assert _codes("xyzzy") == []
    assert _codes("   ") == []


def test_a_five_digit_code_typed_directly() -> None:
    assert match("21232") == [UnitGroup("21232", "Software developers and programmers", 1)]
    assert _codes("NOC 72410") == ["72410"]
    assert _codes("99999") == []


def test_limit_and_teer() -> None:
    assert len(match("manager", limit=3)) == 3
    nurse = match("registered nurse")[0]
    assert nurse.teer == 1  # second digit of 31301


def test_normalise_folds_case_accents_and_plurals() -> None:
    assert normalise("Électriciens") == "electricien"
    assert normalise("Secretaries") == "secretary"
    assert normalise("Business") == "business"


def test_shipped_data_has_the_516_unit_groups_and_aliases_point_at_them() -> None:
    groups = json.loads(UNIT_GROUPS_FILE.read_text(encoding="utf-8"))["unit_groups"]
    assert len(groups) == 516  # StatCan's count for NOC 2021 V1.0 unit groups
    for file in (ALIASES_FILE, ALIASES_FR_FILE):
        aliases = json.loads(file.read_text(encoding="utf-8"))["aliases"]
        for codes in aliases.values():
            assert all(unit_group(c) is not None for c in codes)


def test_no_french_title_silently_replaces_an_english_one() -> None:
    english = json.loads(ALIASES_FILE.read_text(encoding="utf-8"))["aliases"]
    french = json.loads(ALIASES_FR_FILE.read_text(encoding="utf-8"))["aliases"]
    shared = {normalise(a) for a in english} & {normalise(a) for a in french}
    assert shared == set()

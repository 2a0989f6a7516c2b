"""Round names map to programs and categories by exact, normalised names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.catalogue import section
from bot.draws.classify import CODES, classify, normalise

PAIRS = Path(__file__).resolve().parents[3] / "shared" / "data" / "ircc" / "draw-names-en-fr.json"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Canadian Experience Class", "cec"),
        ("  canadian experience CLASS ", "cec"),
        ("Provincial Nominee Program", "pnp"),
        ("Federal Skilled Trades", "fst"),
        ("Federal Skilled Worker", "fsw"),
        ("No Program Specified", "general"),
        ("General", "general"),
        ("French language proficiency (Version 1)", "french"),
        ("French-Language proficiency 2026-Version 2", "french"),
        ("Healthcare occupations (Version 1)", "healthcare"),
        ("Healthcare and Social Services Occupations, 2026-Version 3", "healthcare"),
        ("STEM occupations (Version 1)", "stem"),
        ("Trade occupations (Version 2)", "trades"),
        ("Trades Occupations, 2026-Version 3", "trades"),
        ("Transport Occupations, 2026-Version 2", "transport"),
        ("Agriculture and agri-food occupations (Version 1)", "agriculture"),
        ("Education occupations (Version 1)", "education"),
        ("Physicians with Canadian Work Experience, 2026-Version 1", "physicians"),
        ("Senior managers with Canadian Work Experience, 2026-Version 1", "senior_managers"),
        ("Researchers with Canadian experience, 2026-Version 1", "researchers"),
        ("Skilled Military Recruits, 2026-Version 1", "military"),
        ("Skilled Military Recruits, 2027-version 4", "military"),
    ],
)
def test_known_names(name: str, code: str) -> None:
    assert classify(name) == code


@pytest.mark.parametrize(
    "name",
    [
        "Canadian Experience Class and French",
        "Canadian Experience",
        "Physicians with Canadian Experience Class",
        "Trades",
        "Aviation occupations, 2027-Version 1",
        "",
    ],
)
def test_anything_else_is_unclassified_and_logged(
    name: str, caplog: pytest.LogCaptureFixture
) -> None:
    assert classify(name) == "unclassified"
    assert "unclassified round name" in caplog.text


def test_version_suffix_and_punctuation_are_normalised() -> None:
    assert normalise("Healthcare and Social Services Occupations, 2026-Version 3") == (
        "healthcare and social services occupations"
    )
    assert normalise("French language proficiency (Version 1)") == "french language proficiency"


def test_every_code_has_a_name_and_a_short_name() -> None:
    # (every other locale has the same keys: tests/test_locales.py)
    assert set(section("category", "en")) == set(CODES) | {"unclassified"}
    assert set(section("category_short", "en")) == set(CODES) | {"unclassified"}


@pytest.mark.skipif(not PAIRS.exists(), reason="shared name pairs not available")
def test_french_feed_names_classify_like_their_english_twins() -> None:
    pairs = json.loads(PAIRS.read_text(encoding="utf-8"))["pairs"]
    for pair in pairs:
        assert classify(pair["fr"]) == classify(pair["en"]) != "unclassified", pair

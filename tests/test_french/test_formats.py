"""Dates, numbers and round names as a French reader expects them, English unchanged."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.render import environment, render
from bot.roundnames import french_round_name, version_suffix

NBSP = "\u00a0"


def filtered(expression: str, lang: str, **context: object) -> str:
    """A filter expression rendered with the language named explicitly."""
    return environment().from_string("{{ " + expression + " }}").render(lang=lang, **context)


@pytest.mark.parametrize(
    ("value", "en", "fr"),
    [
        (8000, "8,000", f"8{NBSP}000"),
        (511, "511", "511"),
        (1234567, "1,234,567", f"1{NBSP}234{NBSP}567"),
        (6.5, "6.5", "6,5"),
        (None, "", ""),
    ],
)
def test_numbers(value: object, en: str, fr: str) -> None:
    assert filtered("n|number(lang)", "en", n=value) == en
    assert filtered("n|number(lang)", "fr", n=value) == fr


@pytest.mark.parametrize(
    ("day", "long_fr", "short_fr", "long_en"),
    [
        (date(2026, 12, 4), "4 décembre 2026", "4 déc. 2026", "December 4, 2026"),
        (date(2026, 3, 1), "1er mars 2026", "1er mars 2026", "March 1, 2026"),
        (date(2026, 8, 19), "19 août 2026", "19 août 2026", "August 19, 2026"),
        (
            datetime(2026, 2, 5, 23, 59, tzinfo=UTC),
            "5 février 2026",
            "5 févr. 2026",
            "February 5, 2026",
        ),
    ],
)
def test_dates(day: date, long_fr: str, short_fr: str, long_en: str) -> None:
    assert filtered("d|longdate(lang)", "fr", d=day) == long_fr
    assert filtered("d|shortdate(lang)", "fr", d=day) == short_fr
    assert filtered("d|longdate(lang)", "en", d=day) == long_en
    assert filtered("d|longdate(lang)", "en", d=day) == day.strftime("%B %-d, %Y")
    assert filtered("d|shortdate(lang)", "en", d=day) == day.strftime("%b %-d, %Y")
    assert filtered("d|monthyear(lang)", "fr", d=day) == long_fr.split(" ", 1)[1]
    assert filtered("d|monthyear(lang)", "en", d=day) == day.strftime("%B %Y")


def test_iso_dates_from_domain_params_are_written_out() -> None:
    assert filtered("d|longdate(lang)", "fr", d="2027-06-01") == "1er juin 2027"
    assert filtered("m|monthname(lang)", "fr", m=2) == "février"
    assert filtered("m|monthname(lang)", "en", m=2) == "February"


def test_the_template_language_picks_the_form() -> None:
    """Without an explicit language, a filter writes the form of the template it is in."""
    fr = render("text_too_long", "fr", length=12000, limit=4000)
    en = render("text_too_long", "en", length=12000, limit=4000)
    assert f"12{NBSP}000 caractères" in fr and f"4{NBSP}000 caractères" in fr
    assert "12,000 characters" in en and "4,000 characters" in en


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("Canadian Experience Class", "Catégorie de l’expérience canadienne"),
        ("Provincial Nominee Program", "Programme des candidats des provinces"),
        (
            "French-Language proficiency 2026-Version 2",
            "Compétence linguistique en français 2026-Version 2",
        ),
        (
            "Healthcare and social services occupations (Version 2)",
            "Professions de la santé et des services sociaux (Version 2)",
        ),
        ("STEM occupations (Version 1)", "Professions des STIM (Version 1)"),
        ("No Program Specified", "Aucun programme spécifié"),
        # Two French names for one English name in the feed: the later rounds' is kept.
        ("Trade occupations (Version 1)", "Métiers (Version 1)"),
        # Case and spacing differences of the feed do not matter.
        ("canadian  experience class", "Catégorie de l’expérience canadienne"),
    ],
)
def test_ircc_french_round_names(english: str, french: str) -> None:
    assert french_round_name(english) == french
    assert filtered("n|roundname(none, lang)", "fr", n=english) == french
    assert filtered("n|roundname(none, lang)", "en", n=english) == english


def test_a_round_name_ircc_has_not_translated_yet_gets_the_category_name() -> None:
    """A name not in IRCC's French feed copy: the French category name, same version."""
    name = "Researchers with Canadian experience, 2026-Version 1"
    assert french_round_name(name) is None
    assert version_suffix(name) == ", 2026-Version 1"
    assert filtered('n|roundname("researchers", lang)', "fr", n=name) == (
        "Chercheurs ayant de l’expérience au Canada, 2026-Version 1"
    )
    # An unknown name is shown as IRCC wrote it.
    assert filtered('n|roundname("unclassified", lang)', "fr", n="Something new") == "Something new"


def test_alert_and_list_show_the_french_round_name() -> None:
    from tests.test_french.scenes import SCENES

    alert = render("alerts/new_draw", "fr", **SCENES["alerts/new_draw"]("fr"))
    title = "Nouvelle ronde d’invitations Entrée express\u00a0: Compétence linguistique en français"
    assert f"{title} 2026-Version 2</b>" in alert
    assert f"Invitations{NBSP}: <b>5{NBSP}000</b>" in alert and "19 août 2026" in alert
    listing = render("draws/list", "fr", **SCENES["draws/list"]("fr"))
    assert "<b>7 janv. 2026</b> · Catégorie de l’expérience canadienne" in listing
    assert f"8{NBSP}000 invitations · note minimale <b>511</b>" in listing
    assert "mènent à ses pages en anglais" in listing  # the round links are IRCC's English pages

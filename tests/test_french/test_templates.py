"""Every message template renders in French with the same context as in English, and no
English-only phrase of the English catalogue reaches a French message."""

from __future__ import annotations

import re
from functools import cache

import pytest

from bot.render import TEMPLATES_DIR, render
from tests.test_french.scenes import SCENES, labels

EN, FR = TEMPLATES_DIR / "en", TEMPLATES_DIR / "fr"
_TAGS = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}|<[^>]+>", re.S)
_QUOTED = re.compile(r'"([^"{}%]+)"')
_BREAK = re.compile(r"[.:;,()!?—–•\n\"“”«»/]+")
#: Messages written in both languages at once (the language question before a choice).
BILINGUAL = {"language/choose"}
_WORDS = re.compile(r"[A-Za-z’']+")


def _messages() -> list[str]:
    """Message templates (macro files, whose names start with `_`, render through them)."""
    found = (p.relative_to(EN).with_suffix("").as_posix() for p in EN.rglob("*.j2"))
    return sorted(n for n in found if not n.startswith("faq/") and "/_" not in f"/{n}")


def _phrases(text: str) -> set[str]:
    """Runs of three or more words between punctuation marks."""
    runs = (" ".join(run.split()) for run in _BREAK.split(text))
    return {run for run in runs if len(_WORDS.findall(run)) >= 3}


@cache
def english_only() -> frozenset[str]:
    """The phrases of the English templates (their text and the strings in their tags) and of
    the English labels that the French catalogue does not also use ("TEF Canada ou TCF")."""
    english: set[str] = set()
    for path in EN.rglob("*.j2"):
        if "faq" in path.relative_to(EN).parts:
            continue
        source = path.read_text(encoding="utf-8")
        english |= _phrases(_TAGS.sub("\n", source))
        for tag in re.findall(r"\{%.*?%\}|\{\{.*?\}\}", source, re.S):
            for quoted in _QUOTED.findall(tag):
                english |= _phrases(quoted)
    for section in labels("en").values():
        for text in section.values():
            english |= _phrases(text) if len(text.split()) >= 3 else {text}
    french = "\n".join(
        p.read_text(encoding="utf-8") for p in FR.rglob("*") if p.is_file() and "faq" not in p.parts
    )
    return frozenset(p for p in english if p not in french and len(p) > 3)


def test_every_message_template_has_a_scene_and_a_french_version() -> None:
    assert _messages() == sorted(SCENES)
    missing = [n for n in _messages() if not (FR / f"{n}.j2").is_file()]
    assert missing == []


@pytest.mark.parametrize("name", sorted(SCENES))
def test_the_french_message_has_no_english_phrase(name: str) -> None:
    english = render(name, "en", **SCENES[name]("en"))
    french = render(name, "fr", **SCENES[name]("fr"))
    assert french and (english != french or name in BILINGUAL)
    leaked = sorted(p for p in english_only() if p in french)
    assert leaked == [], f"{name}: {leaked}"


def test_the_leak_check_catches_an_english_sentence() -> None:
    """The check above is not vacuous: English text in a French message is found."""
    english = render("questionnaire/no_profile", "en")
    assert any(p in english for p in english_only())


def test_an_alert_is_french_down_to_its_buttons() -> None:
    from bot.alerts.message import alert_reply
    from tests.test_french.scenes import french_round

    reply = alert_reply(french_round(), saved=None, sub=None, lang="fr")
    assert [b.label for row in reply.buttons for b in row] == ["Dernières rondes", "Mes alertes"]
    assert "Compétence linguistique en français 2026-Version 2" in reply.text
    assert "La page d’IRCC sur cette ronde</a> (en anglais)" in reply.text  # the link's page
    english = alert_reply(french_round(), saved=None, sub=None, lang="en")
    assert [b.label for row in english.buttons for b in row] == ["Latest rounds", "My alerts"]


def test_a_round_closed_to_the_occupation_reads_right_in_both_languages() -> None:
    """The reason follows "you don't qualify" as a sentence: "it needs ..." but not "it your
    occupation ..." (in French: "elle exige ...", "elle a été abolie ...")."""
    from bot.crs import parse_profile
    from bot.standing.categories import Occupation
    from bot.standing.round_fit import FitReason, RoundFit, round_fit
    from tests.test_french.scenes import FRENCH, ISSUE_414, TODAY, the_round, view

    nurse = Occupation(noc="31301", months_last_3_years=14, in_canada_months=14)
    closed = round_fit(parse_profile(FRENCH), nurse, "transport", on=TODAY)
    assert [r.code for r in closed.reasons] == ["category", "noc_not_listed"]
    needs = round_fit(parse_profile(ISSUE_414), None, "french", on=TODAY)
    retired = RoundFit("no", (FitReason("category_retired", {"since": "2026-02-18"}),))
    lines = {
        lang: [
            render("alerts/new_draw", lang, draw=view(the_round(), lang), me=None, fit=f)
            for f in (closed, needs, retired)
        ]
        for lang in ("en", "fr")
    }
    en, fr = lines["en"], lines["fr"]
    assert "</b>: your occupation (NOC 31301) is not on its list." in en[0]
    assert "</b>: it needs a French test (TEF Canada or TCF Canada)" in en[1]
    assert "</b>: it retired on 2026-02-18: no rounds any more." in en[2]
    assert "</b>\u00a0: votre profession (CNP 31301) ne figure pas sur sa liste." in fr[0]
    assert "</b>\u00a0: elle exige un test de français (TEF Canada ou TCF Canada)" in fr[1]
    assert "</b>\u00a0: elle a été abolie le 18 février 2026\u00a0: plus aucune ronde." in fr[2]

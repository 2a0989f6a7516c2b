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
    english = alert_reply(french_round(), saved=None, sub=None, lang="en")
    assert [b.label for row in english.buttons for b in row] == ["Latest rounds", "My alerts"]

"""`bot.faq.language.detect`: the language a question is written in, on short and sloppy text;
None when nothing says which (then the user's language is kept)."""

from __future__ import annotations

import pytest

from bot.faq.language import detect, reply_language


@pytest.mark.parametrize(
    "text",
    [
        "PTPD expiré?",
        "jai recu mon ipd hier",
        "j'ai eu l'ITA, je fais quoi maintenant",
        "Est ce que je peux travailler pendant le traitement",
        "mon conjoint peut travailler?",
        "combien de temps pour le PTOT",
        "statut implicite travail",
        "EIMT",
        "bonjour, question sur la preuve de fonds svp",
        "Entrée express",
        "slt, cest quoi le seuil du dernier tirage",
        "tirage CEC",
        "est-ce que je peux apply pour le BOWP",
    ],
)
def test_french(text: str) -> None:
    assert detect(text) == "fr"


@pytest.mark.parametrize(
    "text",
    [
        "pgwp expired",
        "can i work on implied status",
        "my wife can work?",
        "whats the cut off",
        "IELTS or CELPIP",
        "proof of funds",
        "how long does the bowp take",
        "i got my ITA yesterday, what now",
        "non accompanying spouse pcc required?",
        "CEC draw cutoff",
    ],
)
def test_english(text: str) -> None:
    assert detect(text) == "en"


@pytest.mark.parametrize("text", ["CRS 480", "ok", "", "???", "express entry"])
def test_nothing_tips_the_balance(text: str) -> None:
    assert detect(text) is None


def test_the_reply_language_is_the_question_s_else_the_user_s() -> None:
    assert reply_language("mon PTPD expire bientôt", "en") == "fr"
    assert reply_language("my PGWP expires soon", "fr") == "en"
    assert reply_language("CRS 480", "fr-CA") == "fr"
    assert reply_language("CRS 480", None) == "en"

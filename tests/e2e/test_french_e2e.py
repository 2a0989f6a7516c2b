"""The whole bot in French, end to end over HTTP (issue 17's acceptance): a person whose
Telegram app is in French (``language_code`` "fr") sends /start, works out their score through
the whole questionnaire, asks two questions in French, subscribes to alerts, and receives the
alert for a new round; every message and every button is French: none holds a text of the
English catalogue or a sentence of the English templates that French does not share.

The real application runs in process with the local Bot API server and the local feed server
(`python -m bot draws sync` records the new round; the delivery job sends the alert)."""

from __future__ import annotations

import re
from functools import cache

import pytest

from bot.catalogue import catalogue, label
from bot.render import TEMPLATES_DIR, render
from tests.e2e.draws_helpers import cec_round, draws_sync, sql, wait_until
from tests.e2e.inprocess import InProcessBot
from tests.e2e.questionnaire_driver import PhoneUser
from tests.fakes.botapi import BotEvent, FakeBotAPI
from tests.fakes.feed import FakeFeedServer, load_snapshot_rounds
from tests.test_questionnaire.helpers import profile

USER = 17_001
FR = {"language_code": "fr"}
# Single, 29, bachelor's, IELTS 8/7/6.5/7, one year of Canadian work (tests' base profile).
PERSON = profile()
QUESTIONS = (
    "Mon profil Entrée express est valide combien de temps avant d'expirer ?",
    "J'ai reçu une invitation à présenter une demande, combien de jours j'ai pour soumettre ?",
)

_JINJA = re.compile(r"{#.*?#}|{%.*?%}|{{.*?}}", re.S)
_TAG = re.compile(r"<[^>]+>")
_WORDS = re.compile(r"[^\W\d_]{2,}")


def _fragments(lang: str) -> set[str]:
    """The fixed sentences of a locale's templates: the text between Jinja's tags, one line
    or one piece between two values at a time, HTML tags removed."""
    found: set[str] = set()
    for path in (TEMPLATES_DIR / lang).rglob("*.j2"):
        text = _TAG.sub(" ", _JINJA.sub("\n", path.read_text(encoding="utf-8")))
        for line in text.splitlines():
            piece = " ".join(line.replace("•", " ").split()).strip(" .,:;()—-")
            if len(_WORDS.findall(piece)) >= 4:
                found.add(piece)
    return found


@cache
def english_only() -> tuple[str, ...]:
    """Texts of the English catalogue and fixed sentences of the English templates that no
    French text shares (acronyms such as "CEC" and names the same in both left out)."""
    french_labels = set(catalogue("fr").values())
    labels = {
        v
        for v in catalogue("en").values()
        if v not in french_labels and any(w.islower() for w in _WORDS.findall(v))
    }
    french = "\n".join(_fragments("fr")) + "\n" + "\n".join(french_labels)
    sentences = {f for f in _fragments("en") if f not in french}
    return tuple(sorted(labels | sentences))


def english_in(events: list[BotEvent]) -> list[tuple[str, str]]:
    """(English text, where) for each English-only text found in the messages or buttons."""
    found = []
    for event in events:
        shown = [event.text or "", *event.labels]
        for english in english_only():
            pattern = r"(?<!\w)" + re.escape(english) + r"(?!\w)"
            for text in shown:
                if re.search(pattern, text):
                    found.append((english, text[:120]))
    return found


def test_the_check_finds_the_english_welcome_and_not_the_french_one() -> None:
    def shown(lang: str) -> BotEvent:
        buttons = [[(label("chat.start.crs", lang), "crs:start")]]
        return BotEvent("message", USER, 1, text=render("start", lang), buttons=buttons)

    found = english_in([shown("en")])
    assert ("Calculate my CRS score", "Calculate my CRS score") in found
    assert any(english.startswith("I am not IRCC and not a lawyer") for english, _ in found)
    assert english_in([shown("fr")]) == []


@pytest.mark.slow
async def test_a_french_speaker_gets_everything_in_french(
    api: FakeBotAPI, feed: FakeFeedServer, alert_app: InProcessBot
) -> None:
    await wait_until(
        lambda: sql(alert_app.db_url, "SELECT count(*) FROM draws")[0][0] == 438,
        timeout=30,
        what="history import",
    )
    [welcome] = await api.send_and_wait(USER, "/start", **FR)
    assert welcome.labels[:3] == [
        "Calculer mon score CRS",
        "Poser une question",
        "Alertes de rondes",
    ]

    total = await PhoneUser(api, USER, PERSON, language_code="fr").complete()
    assert total == sql(alert_app.db_url, f"SELECT total FROM profiles WHERE chat_id={USER}")[0][0]

    for question in QUESTIONS:
        [answer, *_] = await api.send_and_wait(USER, question, quiet=0.5, timeout=30, **FR)
        # A confident answer carries the helpful / not helpful votes; the abstention does not.
        assert any(c.startswith("fb:") for c in answer.codes), answer.text

    [status] = await api.send_and_wait(USER, "/subscribe", **FR)
    assert "✅ Rondes CEC seulement" in status.labels

    feed.set_rounds([cec_round("438"), *load_snapshot_rounds()])
    await draws_sync(alert_app)
    await wait_until(
        lambda: (
            sql(alert_app.db_url, "SELECT count(*) FROM alert_outbox WHERE status='sent'") == [(1,)]
        ),
        timeout=60,
        what="the alert",
    )
    await api.wait_idle()
    alert = api.last_message(USER)
    assert "519" in (alert.text or "")  # the new round's cut-off

    events = api.events(USER)
    assert len(events) > 20
    assert english_in(events) == []

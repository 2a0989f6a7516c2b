"""The French knowledge base: French questions (written here in a candidate's voice, not copied
from the entries) get the French entry, the French "not sure" and "no answer" replies, French
hand-offs; `ask --lang fr`; and the text analysis that makes it work."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from bot.faq import cli, text_fr
from bot.faq.answer import answer
from bot.faq.index import FaqIndex, get_index
from bot.faq.replies import HELP_CENTRE_URLS, answer_replies, replies_for
from tests.test_faq.conftest import write_entry

FRENCH_DATE = (
    r"Vérifié le (1er|[1-9]|[12][0-9]|3[01]) (janvier|février|mars|avril|mai|juin|juillet|"
    r"août|septembre|octobre|novembre|décembre) 20[0-9]{2}\b"
)


@pytest.fixture(scope="module")
def french() -> FaqIndex:
    return get_index("fr")


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("c'est quoi exactement le statut implicite", "maintained-status-basics"),
        (
            "est-ce que je dois montrer une preuve de fonds si j'applique par la PEC",
            "documents-proof-of-funds-cec-exemption",
        ),
        ("on a combien de jours pour soumettre la demande après l'IPD?", "mechanics-ita-60-days"),
        ("PTPD peut-il être prolongé?", "pgwp-extension-not-possible"),
        (
            "le certificat de police est valide combien de temps",
            "documents-police-certificate-validity",
        ),
        (
            "est-ce que le travail fait pendant mes études compte pour la catégorie de "
            "l'expérience canadienne",
            "cec-student-work",
        ),
        ("le frais relatif au droit de RP, quand est-ce qu'on le paie", "rprf-when-to-pay-refund"),
    ],
)
def test_a_french_question_gets_the_french_entry(
    french: FaqIndex, question: str, entry_id: str
) -> None:
    result = answer(question, lang="fr")
    assert result.intent == "entry" and result.entry is not None
    assert result.entry.id == entry_id
    assert result.entry.path.parts[-3] == "fr"  # knowledge/fr/<topic>/<id>.md
    [reply] = replies_for(result, "fr")
    assert re.search(FRENCH_DATE, reply.text) and "Reviewed" not in reply.text


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        # Both sit next to the French threshold since the 1.0% wrong-answer target: offered
        # at the fifth session's fit (probability 0.938, threshold 0.94), answered at the
        # sixth's fit with heldout20 (0.929 against 0.9225), offered at its last (0.916
        # against 0.93). `maintained-status-work` was right in only 19 of the
        # 28 French tuning rows it came first in (most of the others ask whether work on
        # maintained status counts for CEC), so the confidence holds back on it.
        (
            "mon permis de travail expire vendredi, j'ai fait ma demande de prolongation la "
            "semaine passée, est-ce que je peux continuer à travailler?",
            "maintained-status-work",
        ),
        # Offered at the sixth session's first French fit (0.938 against 0.94), with the
        # part-time and worked-example entries after it; answered at its later fits (0.945, 0.96).
        ("Combien d'heures faut-il pour la PEC? je fais 30h par semaine", "cec-hours-1560"),
    ],
)
def test_a_french_question_near_the_threshold_gets_its_entry_first(
    french: FaqIndex, question: str, entry_id: str
) -> None:
    """Answered, or at worst offered first in "did you mean": never another entry."""
    result = answer(question, lang="fr")
    if result.intent == "suggest":
        assert result.suggestions[0].id == entry_id
    else:
        assert result.intent == "entry" and result.entry is not None
        assert result.entry.id == entry_id


@pytest.mark.parametrize(
    ("question", "right"),
    [
        # "fausse déclaration" also matches the entry on an undeclared family member (margin
        # ~0.02): the fit of 2026-12-05 (204 French rows) offers both rather than answering.
        (
            "on m'a refusé pour fausse déclaration, c'est quoi les conséquences",
            {"refusal-misrepresentation"},
        ),
        # Three BOWP entries since 2026-12-05 (eligibility, timing, a second BOWP). "Before my
        # AOR?" is answered by both the eligibility entry (an AOR is a condition) and the
        # timing one ("the BOWP once the AOR arrives"); the fits of the evening offer both.
        (
            "je peux faire une demande de PTOT avant d'avoir mon AR?",
            {"bowp-eligibility", "bowp-timing"},
        ),
        # Since the dependent-child entry (2026-12-05) the baby question is offered with the
        # entries on reporting changes rather than answered outright.
        (
            "j'ai eu mon bébé après avoir soumis la demande de RP, je fais quoi?",
            {"mechanics-baby-after-eapr"},
        ),
    ],
)
def test_a_close_call_between_french_entries_offers_the_right_one_first(
    french: FaqIndex, question: str, right: set[str]
) -> None:
    result = answer(question, french)
    assert result.intent in ("entry", "suggest")
    first = result.entry if result.intent == "entry" else result.suggestions[0]
    assert first is not None and first.id in right


@pytest.mark.parametrize(
    "question",
    [
        "comment parrainer ma mère pour qu'elle vienne vivre avec moi",
        "je veux renouveler ma carte de RP qui expire",
        "quelle banque choisir en arrivant à Montréal",
        "raconte-moi une blague",
    ],
)
def test_a_french_question_outside_the_knowledge_base_is_declined(
    french: FaqIndex, question: str
) -> None:
    assert not answer(question, french).answered


def test_the_no_answer_reply_is_in_french(french: FaqIndex) -> None:
    [reply] = answer_replies("raconte-moi une blague", "fr")
    assert reply.text.startswith("Je n'ai pas de réponse fiable")
    assert HELP_CENTRE_URLS["fr"] in reply.text
    labels = [b.label for row in reply.buttons for b in row]
    assert "Centre d’aide d’IRCC" in labels and "Statut au Canada" in labels


def test_the_not_sure_reply_is_in_french_and_offers_french_entries(french: FaqIndex) -> None:
    result = answer("naissance apres la demande de RP que faire", french)
    assert result.intent == "suggest"
    assert "mechanics-baby-after-eapr" in [e.id for e in result.suggestions]
    [reply] = replies_for(result, "fr", french)
    assert reply.text.startswith("Je ne suis pas sûr de laquelle")
    labels = [b.label for row in reply.buttons for b in row]
    assert french.by_id["mechanics-baby-after-eapr"].title in labels
    assert labels[-1] == "Parcourir les sujets"


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Quel est mon score ?", "my_score"),
        ("calculer mon pointage SCG", "my_score"),
        ("c'était quand le dernier tirage?", "latest_draw"),
        ("mon score SCG baisse-t-il à 30 ans ?", None),
        # a prediction of the next round, not "what is my score": no match across the "?"
        ("Le prochain tirage francophone sera à combien de points ? J'ai 379.", None),
    ],
)
def test_french_hand_offs(french: FaqIndex, question: str, intent: str | None) -> None:
    result = answer(question, french)
    assert (result.intent if result.intent in ("my_score", "latest_draw") else None) == intent


def test_ask_lang_fr_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "fr", "--json", "PTPD peut-il être prolongé?"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["answered"] is True and record["entry_id"] == "pgwp-extension-not-possible"
    assert "Vérifié le" in record["text"]
    assert all("/fr/" in s or "/fra/" in s or "/francais/" in s for s in record["sources"][:1])


def test_ask_answers_each_question_in_the_language_it_is_written_in(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without --lang, as in the bot: a French question gets the French entry in French, an
    # English one the English entry, from the same stdin.
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("PTPD peut-il être prolongé?\ncan i extend my pgwp\n")
    )
    assert cli.main(["--json"]) == 0
    french, english = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert french["lang"] == "fr" and french["entry_id"] == "pgwp-extension-not-possible"
    assert "Vérifié le" in french["text"]
    assert english["lang"] == "en" and "Reviewed:" in english["text"]


def test_ask_lang_fr_reads_stdin_in_french(french: FaqIndex) -> None:
    out = io.StringIO()
    assert cli.answer_lines(io.StringIO("raconte-moi une blague\n"), out, french) == 1
    assert json.loads(out.getvalue())["text"].startswith("Je n'ai pas de réponse fiable")


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("Entree express", "Entrée express"),  # accents folded
        ("l'EIMT", "étude d'impact sur le marché du travail"),  # elision, abbreviation
        ("PTPD", "permis de travail post-diplôme"),
        ("statut implicite", "statut maintenu"),
        ("SCG", "CRS"),
        ("AR", "accusé de réception"),
        ("NCLC", "CLB"),
        ("PGWP", "PTPD"),
    ],
)
def test_what_french_speakers_type_meets_what_the_entries_say(typed: str, written: str) -> None:
    assert set(text_fr.terms(typed)) & set(text_fr.terms(written))


def test_elisions_and_accents() -> None:
    assert text_fr.words("J'ai reçu l'ITA, qu'est-ce que j'fais?") == [
        "ai", "recu", "ita", "est", "ce", "que", "fais"
    ]  # fmt: skip


def test_french_button_labels_carry_no_html_entities(french: FaqIndex) -> None:
    """Button labels are plain text: an apostrophe escaped as &#39; would show as such."""
    from bot.faq.replies import topics_replies

    [reply] = topics_replies("fr", french)
    labels = [b.label for row in reply.buttons for b in row]
    assert "Catégorie de l’expérience canadienne" in labels
    assert not [label for label in labels if "&" in label]


def test_kb_check_wants_a_french_version_of_every_entry_and_no_more(tmp_path: Path) -> None:
    from bot.faq.check import mirror_problems
    from tests.test_faq.conftest import ENTRIES, write_kb

    english, french = write_kb(tmp_path / "en"), write_kb(tmp_path / "fr", ENTRIES[1:])
    write_entry(french, {**ENTRIES[0], "id": "only-in-french"})
    assert mirror_problems(english, french) == [
        f"fr/{ENTRIES[0]['topic']}/{ENTRIES[0]['id']}.md: no French version",
        f"fr/{ENTRIES[0]['topic']}/only-in-french.md: no English entry with this id",
    ]
    assert mirror_problems(english, write_kb(tmp_path / "fr2")) == []


def test_kb_check_checks_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    from bot.faq import check

    assert check.main([]) == 0
    assert capsys.readouterr().out.strip().endswith(" French entries OK")


def test_french_out_of_scope_probe_is_declined(french: FaqIndex) -> None:
    """Questions on subjects the knowledge base does not cover (never used to tune): at least
    90% declined, the acceptance bar (20 of 20 when written)."""
    probe = Path(__file__).with_name("oos_probe_fr.txt").read_text(encoding="utf-8")
    questions = [q for q in probe.splitlines() if q.strip() and not q.startswith("#")]
    answered = [q for q in questions if answer(q, french).answered]
    assert len(answered) <= 0.1 * len(questions), answered

"""`python -m bot ask` prints answers; `ask --json` writes one JSON record per question, in order."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.faq import cli
from bot.faq.index import FaqIndex

REPO = Path(__file__).parents[2]


def test_json_lines_in_order_with_answered_false_exactly_on_abstention(
    fixture_index: FaqIndex,
) -> None:
    questions = [
        "do i need a police clearance from every country I lived in",
        "tell me a joke",
        "",
        "what's my crs score",
    ]
    out = io.StringIO()
    assert cli.answer_lines(io.StringIO("\n".join(questions) + "\n"), out, fixture_index) == 3
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["question"] for r in records] == [q for q in questions if q]
    police, joke, score = records
    assert police["answered"] is True and police["entry_id"] == "police-certificates"
    assert police["sources"] == [
        "https://www.canada.ca/en/immigration-refugees-citizenship/services/application/medical-police/police-certificates/how.html"
    ]
    assert police["text"].startswith("Which police certificates do I need?\n\n")
    assert "<b>" not in police["text"] and "Reviewed: 2026-10-15" in police["text"]
    assert joke == {
        "question": "tell me a joke",
        "lang": "en",
        "answered": False,
        "intent": "abstain",
        "entry_id": None,
        "suggestions": [],
        "text": joke["text"],
        "sources": [],
    }
    assert "I don't have a reliable answer" in joke["text"]
    assert score["answered"] is True and score["entry_id"] is None


def test_show_prints_text_and_buttons(fixture_index: FaqIndex) -> None:
    from bot.faq.replies import answer_replies

    shown = cli.show(answer_replies("tell me a joke", index=fixture_index))
    assert "[IRCC help centre → https://" in shown
    assert "[Documents]" in shown


def test_ask_without_a_question_is_a_usage_error() -> None:
    with pytest.raises(SystemExit):
        cli.main([])


def test_the_command_runs_against_the_real_knowledge_base() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot.faq", "ask", "--json"],
        input="does implied status let me keep working\nhow do i renew my passport in france\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=True,
    )
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["question"] for r in records] == [
        "does implied status let me keep working",
        "how do i renew my passport in france",
    ]
    for record in records:
        assert record["answered"] is (record["entry_id"] is not None)


def test_suggestions_are_reported_as_not_answered() -> None:
    import io

    from bot.faq.cli import answer_lines
    from bot.faq.index import get_index

    out = io.StringIO()
    answer_lines(io.StringIO("dropped out of uni, does cec care?\n"), out, get_index())
    record = json.loads(out.getvalue())
    assert record["answered"] is (record["entry_id"] is not None)


def test_ask_json_takes_the_question_as_an_argument(capsys: pytest.CaptureFixture[str]) -> None:
    # In process (the worker's index is built once); the two tests around it run the command.
    assert cli.main(["--json", "does implied status let me keep working"]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["question"] == "does implied status let me keep working"
    assert record["answered"] is (record["entry_id"] is not None)


def test_a_did_you_mean_record_carries_the_candidate_entry_ids(
    fixture_index: FaqIndex,
) -> None:
    from bot.faq.answer import Answer

    entries = fixture_index.entries[:3]
    result = Answer(question="q", intent="suggest", suggestions=tuple(entries))
    record = cli.record(result, [])
    assert record["answered"] is False and record["intent"] == "suggest"
    assert record["suggestions"] == [e.id for e in entries]


def test_ask_into_a_closed_pipe_ends_without_a_traceback() -> None:
    questions = "does implied status let me keep working\n" * 400
    done = subprocess.run(
        f"{sys.executable} -m bot ask --json | head -n 1",
        shell=True,
        input=questions,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert len(done.stdout.splitlines()) == 1
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr

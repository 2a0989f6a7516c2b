"""A NOC code named in a question, or a job title whose NOC or TEER is asked: the reply starts
with the unit groups' titles and TEER from the NOC 2021 table, whatever entry (or "did you
mean") follows."""

from __future__ import annotations

import functools
import json
from io import StringIO

import pytest

from bot.faq.answer import answer
from bot.faq.cli import answer_lines, plain_text
from bot.faq.index import FaqIndex, get_index
from bot.faq.occupations import asked_job_title, mentioned_unit_groups
from bot.faq.replies import replies_for


@functools.cache
def _index(lang: str) -> FaqIndex:
    return get_index(lang)


@pytest.mark.parametrize(
    ("question", "codes"),
    [
        ("NOC 41200 is what TEER?", ["41200"]),
        ("what teer is 21231", ["21231"]),
        ("noc code: 41200 or noc 65201?", ["41200", "65201"]),
        ("quel est le FEER du CNP 41200", ["41200"]),
        # an amount or another number beside a code named as one is left alone
        ("I have 13100 saved and my NOC is 21231", ["21231"]),
        ("teer for a salary of 13100 dollars?", []),
        # no word about occupations: a five-digit number is not read as a code
        ("I live at 13100 and work as a cook", []),
        # not a unit group of the table
        ("NOC 99999 teer?", []),
    ],
)
def test_codes_named_in_a_question(question: str, codes: list[str]) -> None:
    assert [g.code for g in mentioned_unit_groups(question)] == codes


def _reply_text(question: str, lang: str) -> str:
    index = _index(lang)
    return plain_text(replies_for(answer(question, index), lang, index))


def test_the_reply_gives_the_code_title_and_teer_first() -> None:
    text = _reply_text("NOC 65201 is what TEER?", "en")
    first = text.split("\n")[0]
    assert first.startswith("NOC 65201 (Food counter attendants")
    assert "TEER 5, not skilled work for CEC or FSW" in first


def test_a_skilled_code_in_french() -> None:
    text = _reply_text("quel est le FEER du CNP 41200 ?", "fr")
    assert text.startswith(
        "CNP 41200 (University professors and lecturers) : FEER 1, travail qualifié"
    )


def test_a_question_without_a_code_gets_no_table_line() -> None:
    assert "NOC 2021 table" not in _reply_text("which jobs count as skilled work for cec", "en")


def test_ask_json_carries_the_table_line() -> None:
    out = StringIO()
    answer_lines(StringIO("is noc 21231 skilled?\n"), out, _index("en"))
    record = json.loads(out.getvalue())
    assert record["text"].startswith("NOC 21231 (Software engineers and designers): TEER 1")


@pytest.mark.parametrize(
    ("question", "title", "codes"),
    [
        ("what TEER is a truck driver", "truck driver", ["73300"]),
        ("which noc for qa tester", "qa tester", ["22222"]),  # not oil and gas well testers
        ("noc code for a cook in canada", "cook", ["63200"]),
        ("what noc is a retail store supervisor", "retail store supervisor", ["62010"]),
        ("teer for registred nurse", "registred nurse", ["31301"]),  # a typo
        ("Code CNP pour infirmière auxiliaire ?", "infirmière auxiliaire", ["32101"]),
        ("quel est le cnp d'une éducatrice en garderie ?", "éducatrice en garderie", ["42202"]),
        ("quel FEER pour un camionneur", "camionneur", ["73300"]),
        # a title no NOC title or job title matches as a whole: nothing, not "... workers"
        ("which noc for a warehouse worker", "", []),
        # no title asked about
        ("which noc do i pick for cec", "", []),
        ("what teer is required for cec", "", []),
        ("my noc is teer 5, dead end for cec?", "", []),
    ],
)
def test_a_job_title_asked_about(question: str, title: str, codes: list[str]) -> None:
    found, groups = asked_job_title(question)
    assert (found, [g.code for g in groups]) == (title, codes)


def test_the_reply_to_a_job_title_says_what_it_looked_up() -> None:
    text = _reply_text("what TEER is a truck driver", "en")
    assert text.startswith("Looked up in the NOC 2021 table: “truck driver”. IRCC goes by your")
    assert "NOC 73300 (Transport truck drivers): TEER 3, skilled work for CEC and FSW" in text


def test_a_job_title_in_french() -> None:
    text = _reply_text("Code CNP pour infirmière auxiliaire ?", "fr").replace("\u00a0", " ")
    assert text.startswith("Recherché dans la CNP 2021 : « infirmière auxiliaire ».")
    assert "CNP 32101 (Licensed practical nurses) : FEER 2, travail qualifié" in text


def test_a_code_named_wins_over_a_title() -> None:
    result = answer("what teer is a cook, noc 63200?", _index("en"))
    assert [g.code for g in result.occupations] == ["63200"]
    assert result.occupation_title == ""


def test_the_title_as_typed_is_escaped() -> None:
    [reply, *_] = replies_for(answer("what teer is a registered nurse<", _index("en")), "en")
    assert "“registered nurse&lt;”" in reply.text

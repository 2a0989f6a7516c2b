"""`kb check` passes on a good knowledge base, catches each kind of problem, and runs on ours."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.faq import check
from bot.faq.entries import KNOWLEDGE_DIR
from tests.test_faq.conftest import ENTRIES, TODAY, write_entry, write_kb

CANADA_EXTEND = ENTRIES[1]["sources"][0]


def _spec(**changes: Any) -> dict[str, Any]:
    spec = copy.deepcopy(ENTRIES[1])  # maintained-status-basics, related by entry 0
    spec.update(changes)
    return spec


def test_a_good_knowledge_base_has_no_problems(kb_root: Path) -> None:
    assert check.check_entries(kb_root, today=TODAY) == []


def test_main_says_how_many_entries_are_ok(
    kb_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check.main(["--root", str(kb_root), "--today", TODAY.isoformat()]) == 0
    assert capsys.readouterr().out.strip() == f"{len(ENTRIES)} entries OK"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"sources": ["https://www.example.com/maintained-status"]}, "no official source"),
        ({"sources": ["http://www.canada.ca/x.html"]}, "not an https URL"),
        ({"sources": []}, "no sources"),
        ({"reviewed": TODAY - timedelta(days=181)}, "more than 180 days ago"),
        ({"reviewed": TODAY + timedelta(days=1)}, "in the future"),
        ({"reviewed": "last week"}, "reviewed must be a date"),
        ({"review_by": TODAY - timedelta(days=1)}, "review_by 2026-11-30 has passed"),
        ({"questions": ["what is maintained status"] * 2}, "questions (at least 5)"),
        ({"questions": "what is maintained status"}, "questions must be a list"),
        ({"tags": []}, "no tags"),
        ({"topic": "draws"}, "differs from the directory"),
        ({"related": ["no-such-entry"]}, "related id 'no-such-entry' does not exist"),
        ({"related": ["maintained-status-basics"]}, "related lists the entry itself"),
        ({"body": "See [this](kb:no-such-entry)."}, "link kb:no-such-entry does not resolve"),
        ({"body": "See [this](ftp://canada.ca/x)."}, "neither https:// nor kb:"),
        ({"body": "word " * 131}, "body has 131 words (at most 130)"),
        ({"body": ""}, "body is empty"),
        ({"colour": "blue"}, "unknown keys: colour"),
        ({"title": ""}, "title must be a non-empty string"),
    ],
)
def test_each_kind_of_problem_is_reported_with_its_file(
    tmp_path: Path, changes: dict[str, Any], expected: str
) -> None:
    root = write_kb(tmp_path, [e for e in ENTRIES if e["id"] != "maintained-status-basics"])
    write_entry(root, _spec(**changes), topic="status")
    problems = check.check_entries(root, today=TODAY)
    assert any(
        p.startswith("status/maintained-status-basics.md: ") and expected in p for p in problems
    ), problems


def test_missing_reviewed_is_reported(tmp_path: Path) -> None:
    spec = _spec()
    del spec["reviewed"]
    write_entry(tmp_path, spec)
    assert any("missing keys: reviewed" in p for p in check.check_entries(tmp_path, today=TODAY))


@pytest.mark.parametrize(
    ("entry_id", "expected"),
    [
        ("Maintained_Status", "is not kebab-case"),
        ("topics", "is reserved"),
        ("a" * 51, "51 characters long (at most 50)"),
    ],
)
def test_bad_ids_are_reported(tmp_path: Path, entry_id: str, expected: str) -> None:
    write_entry(tmp_path, _spec(id=entry_id))
    problems = check.check_entries(tmp_path, today=TODAY)
    assert any(expected in p for p in problems), problems


def test_an_id_that_differs_from_the_file_name_is_reported(tmp_path: Path) -> None:
    path = write_entry(tmp_path, _spec())
    path.rename(path.with_name("something-else.md"))
    problems = check.check_entries(tmp_path, today=TODAY)
    assert problems == [
        "status/something-else.md: id 'maintained-status-basics' differs from the file name"
        " 'something-else'"
    ]


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    write_entry(tmp_path, _spec())
    write_entry(tmp_path, _spec(topic="cec"))
    problems = check.check_entries(tmp_path, today=TODAY)
    assert problems == [
        "status/maintained-status-basics.md: id 'maintained-status-basics' is also used by"
        " cec/maintained-status-basics.md"
    ]


def test_an_unknown_topic_is_reported(tmp_path: Path) -> None:
    write_entry(tmp_path, _spec(topic="weather"))
    problems = check.check_entries(tmp_path, today=TODAY)
    assert any("topic 'weather' is not one of" in p for p in problems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no front matter at all", "no YAML front matter"),
        ("---\nid: [unclosed\n---\nbody\n", "not valid YAML"),
        ("---\n- just a list\n---\nbody\n", "must be a mapping"),
    ],
)
def test_unreadable_files_are_reported(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "status").mkdir()
    (tmp_path / "status" / "broken.md").write_text(text, encoding="utf-8")
    problems = check.check_entries(tmp_path, today=TODAY)
    assert len(problems) == 1
    assert problems[0].startswith("status/broken.md: ")
    assert expected in problems[0]


def test_main_lists_problems_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_entry(tmp_path, _spec(sources=["https://example.com/x"]))
    assert check.main(["--root", str(tmp_path), "--today", TODAY.isoformat()]) == 1
    assert "status/maintained-status-basics.md: no official source" in capsys.readouterr().out


def test_an_empty_folder_fails(tmp_path: Path) -> None:
    assert check.check_entries(tmp_path, today=TODAY) == [
        f"{tmp_path}: no entries (expected <topic>/<id>.md files)"
    ]


@pytest.mark.parametrize(
    ("url", "official"),
    [
        ("https://www.canada.ca/en/immigration-refugees-citizenship.html", True),
        ("https://ircc.canada.ca/english/helpcentre/index-featured-can.asp", True),
        ("https://laws-lois.justice.gc.ca/eng/regulations/SOR-2002-227/", True),
        ("http://www.canada.ca/en.html", False),
        ("https://canada.ca.example.com/", False),
        ("https://notcanada.ca/", False),
    ],
)
def test_official_sources(url: str, official: bool) -> None:
    assert check.is_official(url) is official


def test_the_real_knowledge_base_passes() -> None:
    problems = check.check_entries(KNOWLEDGE_DIR, today=date.today())
    assert problems == []


def test_the_french_knowledge_base_passes_and_mirrors_the_english_one() -> None:
    """knowledge/fr/<topic>/<id>.md: the same rules, and one French entry per English one."""
    french = KNOWLEDGE_DIR / "fr"
    assert check.check_entries(french, today=date.today()) == []
    english_ids = {p.relative_to(KNOWLEDGE_DIR) for p in KNOWLEDGE_DIR.glob("*/*.md")}
    french_ids = {p.relative_to(french) for p in french.glob("*/*.md")}
    assert french_ids == {p for p in english_ids if p.parts[0] != "fr"}


def test_a_year_as_a_tag_is_accepted(tmp_path: Path) -> None:
    write_entry(tmp_path, _spec(tags=[2026, "draws"]))
    assert check.check_entries(tmp_path, today=TODAY) == []


SECONDARY = "https://www.example-law-firm.com/upfront-medical"


def _problems_of(tmp_path: Path, **changes: Any) -> list[str]:
    write_entry(tmp_path, _spec(**changes))
    return check.check_entries(tmp_path, today=TODAY)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("- **[Reconsideration](kb:maintained-status-basics):** ask the office.", "link markup"),
        ("See **the [extend page](https://www.canada.ca/x.html)** now.", "link markup"),
        ("See *[the extend page](https://www.canada.ca/x.html)* now.", "unsupported * / **"),
        ("You keep **maintained status while IRCC decides.", "unbalanced or unsupported"),
        ("You keep status [while IRCC decides.", "stray [ or ]"),
        ("You keep status <b>while</b> IRCC decides.", "HTML tag renders as text"),
        ("Apply with `the web form` first.", "code markup"),
        ("You keep _maintained status_ while IRCC decides.", "underscore emphasis"),
        ("# Maintained status\n\nYou keep status while IRCC decides.", "heading markup"),
    ],
)
def test_markup_that_would_render_raw_fails(tmp_path: Path, body: str, expected: str) -> None:
    problems = _problems_of(tmp_path, body=body)
    assert any(
        p.startswith("status/maintained-status-basics.md: ") and expected in p for p in problems
    ), problems


@pytest.mark.parametrize(
    "body",
    [
        "- **Reconsideration:** see [this](kb:maintained-status-basics).",
        "**Bold** text, a [web link](https://www.canada.ca/x.html?a=1&b=2) and CLB < 7 or 5 > 4.",
        "Keep working.\n\n- first point\n* second point\n\nThe snake_case_name and a/b_c stay.",
    ],
)
def test_markup_the_renderer_understands_passes(tmp_path: Path, body: str) -> None:
    assert _problems_of(tmp_path, body=body) == []


def test_the_raw_link_the_bot_once_showed_is_caught() -> None:
    body = "- **[Reconsideration](kb:reconsideration-request):** an informal request."
    assert check.markup_problems(body) == [
        "link markup inside bold or italics renders raw: '[Reconsideration](kb:reconsideration-req'"
    ]


def test_a_secondary_source_without_a_note_fails(tmp_path: Path) -> None:
    sources = [f"{CANADA_EXTEND}", SECONDARY]
    problems = _problems_of(tmp_path, sources=sources)
    assert problems == [
        f"status/maintained-status-basics.md: source {SECONDARY} is not an official page"
        " and has no note in source_notes"
    ]


def test_a_secondary_source_with_a_note_passes(tmp_path: Path) -> None:
    notes = {SECONDARY: "IRCC's instruction is not published; this firm quotes it (2025-08-21)."}
    problems = _problems_of(tmp_path, sources=[CANADA_EXTEND, SECONDARY], source_notes=notes)
    assert problems == []


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        ({"https://www.other.com/x": "why"}, "source_notes names https://www.other.com/x"),
        ({SECONDARY: ""}, "source_notes must map each source URL to a non-empty note"),
        (["a note"], "source_notes must map each source URL to a non-empty note"),
    ],
)
def test_malformed_source_notes_fail(tmp_path: Path, notes: Any, expected: str) -> None:
    problems = _problems_of(tmp_path, sources=[CANADA_EXTEND, SECONDARY], source_notes=notes)
    assert any(expected in p for p in problems), problems


def test_a_review_date_older_than_180_days_fails_and_180_passes(tmp_path: Path) -> None:
    stale = _problems_of(tmp_path, reviewed=TODAY - timedelta(days=181))
    assert stale == [
        "status/maintained-status-basics.md: reviewed 2026-06-03 is more than 180 days ago"
    ]
    assert _problems_of(tmp_path, reviewed=TODAY - timedelta(days=180)) == []


@pytest.mark.parametrize(
    "url",
    [
        "https://www.gazette.gc.ca/rp-pr/p2/2021/2021-07-21/html/sor-dors174-eng.html",
        "https://www.priv.gc.ca/en/opc-news/news-and-announcements/2022/an_220713/",
    ],
)
def test_other_government_of_canada_publications_are_official(url: str) -> None:
    assert check.is_official(url)

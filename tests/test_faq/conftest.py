"""Fixture knowledge bases written to a temporary folder, independent of `knowledge/`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.faq.entries import load_entries
from bot.faq.index import FaqIndex

TODAY = date(2026, 12, 1)
CANADA = "https://www.canada.ca/en/immigration-refugees-citizenship/services"

ENTRIES: list[dict[str, Any]] = [
    {
        "id": "maintained-status-work",
        "title": "Can I keep working on maintained status?",
        "topic": "status",
        "questions": [
            "my work permit expires friday and i applied to extend, can i keep working?",
            "can I work while my work permit extension is processing",
            "is it legal to keep working after my permit expired if I applied on time",
            "does implied status let me work",
            "my WP expired but I submitted an extension, do I stop working",
        ],
        "tags": ["maintained status", "implied status", "work permit"],
        "sources": [f"{CANADA}/work-canada/permit/temporary/extend.html"],
        "reviewed": date(2026, 11, 24),
        "related": ["maintained-status-basics"],
        "body": (
            "Yes, if you applied for a new work permit **before** the old one expired.\n\n"
            "- same employer and conditions\n"
            "- until IRCC decides\n\n"
            "See [what maintained status is](kb:maintained-status-basics) and "
            "[extend a permit](https://www.canada.ca/extend.html?a=1&b=2)."
        ),
    },
    {
        "id": "maintained-status-basics",
        "title": "What is maintained status?",
        "topic": "status",
        "questions": [
            "what is maintained status",
            "what does implied status mean",
            "what happens to my status when I apply for an extension",
            "am I still legal in canada after my permit expires if I applied",
            "what is the difference between implied and maintained status",
        ],
        "tags": ["maintained status", "implied status"],
        "sources": [f"{CANADA}/work-canada/permit/temporary/extend.html"],
        "reviewed": date(2026, 11, 20),
        "body": "You keep your status while IRCC decides an extension applied for in time.",
    },
    {
        "id": "pgwp-eligibility",
        "title": "Who can get a post-graduation work permit?",
        "topic": "status",
        "questions": [
            "am I eligible for a post-graduation work permit",
            "who qualifies for the post graduation permit after college",
            "can I get one after an 8 month program",
            "does my college program qualify",
            "how long will my permit be after graduating",
        ],
        "tags": ["graduation", "students"],
        "sources": [f"{CANADA}/study-canada/work/after-graduation/eligibility.html"],
        "reviewed": date(2026, 11, 1),
        "body": "Graduates of eligible programs at a designated institution can apply once.",
    },
    {
        "id": "police-certificates",
        "title": "Which police certificates do I need?",
        "topic": "documents",
        "questions": [
            "which countries do I need police certificates from",
            "do I need a police clearance from every country I lived in",
            "how long must I have lived somewhere to need a police certificate",
            "police check for express entry",
            "do my children need police certificates",
        ],
        "tags": ["police certificate", "documents"],
        "sources": [f"{CANADA}/application/medical-police/police-certificates/how.html"],
        "reviewed": date(2026, 10, 15),
        "body": "From each country where you spent 6 months or more in a row since age 18.",
    },
    {
        "id": "cec-work-experience",
        "title": "What work experience counts for the Canadian Experience Class?",
        "topic": "cec",
        "questions": [
            "does my part time job count for cec",
            "how many hours of canadian work do I need for cec",
            "does self employment count for the canadian experience class",
            "does work during my studies count toward cec",
            "which jobs count as skilled work for cec",
        ],
        "tags": ["CEC", "work experience", "TEER"],
        "sources": [
            f"{CANADA}/immigrate-canada/express-entry/who-can-apply/canadian-experience-class.html"
        ],
        "reviewed": date(2026, 11, 2),
        "body": "One year (1,560 hours) of skilled paid work in Canada in the last 3 years.",
    },
    {
        "id": "gcms-notes",
        "title": "How do I get my GCMS notes?",
        "topic": "after-refusal",
        "questions": [
            "how do I see the officer's notes on my refused application",
            "how can I find out why I was refused",
            "how do I request my file from IRCC",
            "how long does it take to get my notes",
            "can my representative ask for my notes",
        ],
        "tags": ["notes", "refusal reasons"],
        "sources": [
            "https://www.canada.ca/en/immigration-refugees-citizenship/corporate/transparency/access-information-privacy.html"
        ],
        "reviewed": date(2026, 11, 5),
        "body": "Ask for them with an access to information request online.",
    },
]


def entry_text(spec: dict[str, Any]) -> str:
    meta = {k: v for k, v in spec.items() if k != "body"}
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    return f"---\n{front}---\n{spec['body']}\n"


def write_entry(root: Path, spec: dict[str, Any], *, topic: str | None = None) -> Path:
    folder = root / (topic or str(spec["topic"]))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{spec['id']}.md"
    path.write_text(entry_text(spec), encoding="utf-8")
    return path


def write_kb(root: Path, specs: list[dict[str, Any]] | None = None) -> Path:
    for spec in ENTRIES if specs is None else specs:
        write_entry(root, spec)
    return root


@pytest.fixture
def kb_root(tmp_path: Path) -> Path:
    return write_kb(tmp_path / "knowledge")


@pytest.fixture
def fixture_index(kb_root: Path) -> FaqIndex:
    # Not the shipped user questions: they are labelled with the real entries' ids, and the
    # fixture's behaviour must not change when they do (test_examples.py tests them).
    return FaqIndex.build(load_entries(kb_root), examples=())

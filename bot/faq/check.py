"""`python -m bot kb check`: validate every knowledge entry and list what is wrong.

Checked per entry: the schema (keys, types, kebab-case id equal to the file stem and at most
50 characters so button codes fit Telegram's 64 bytes, topic equal to its directory and one
of the known topics, at least 5 questions, at least one tag), at least one official source,
only https sources, a `source_notes` note for every source that is not an official page,
`reviewed` present, not in the future and at most 180 days old, `review_by` not passed, the
body's length (hard limit 130 words), its links, and markup that would reach the reader raw
(bold or italics around a link, unbalanced `**`, stray brackets, HTML tags, headings, code).
Across entries: unique ids, `related` ids and `kb:` links that resolve. Without `--root`, both
`knowledge/` and `knowledge/fr/` are checked, and each English entry must have its French
version (same `<topic>/<id>.md`) and the other way round.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from bot.faq.entries import (
    ID_PATTERN,
    KNOWLEDGE_DIR,
    TOPICS,
    Entry,
    EntryError,
    entry_files,
    parse_entry,
)
from bot.faq.markup import links, to_plain, word_count

MAX_AGE = timedelta(days=180)
MAX_WORDS = 130
MAX_ID_LENGTH = 50
MIN_QUESTIONS = 5
RESERVED_IDS = frozenset({"topic", "topics"})  # would clash with the faq:topic(s) codes
OFFICIAL_HOSTS = (
    "canada.ca",
    "ircc.canada.ca",
    "justice.gc.ca",
    "laws-lois.justice.gc.ca",
    "gazette.gc.ca",
    "priv.gc.ca",
)

# Markup the renderer does not understand shows up in the plain text a reader gets. Each
# pattern runs on `to_plain(body)`, i.e. after bold and links were consumed.
_RAW_MARKUP: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\[[^\]\n]*\]\([^)\s]*\)"), "link markup inside bold or italics renders raw"),
    (re.compile(r"\*"), "unbalanced or unsupported * / ** renders raw"),
    (re.compile(r"[\[\]]"), "stray [ or ] renders raw"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>"), "HTML tag renders as text"),
    (re.compile(r"`"), "code markup (`) renders raw"),
    (re.compile(r"(?<![\w/])__?[^_\s][^_\n]*?__?(?![\w/])"), "underscore emphasis renders raw"),
    (re.compile(r"(?m)^#{1,6}\s"), "heading markup (#) renders raw"),
)


def is_official(url: str) -> bool:
    """An https link on a Government of Canada host named in the entry format."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(
        host == h or host.endswith("." + h) for h in OFFICIAL_HOSTS
    )


def markup_problems(body: str) -> list[str]:
    """Markup in `body` that would reach the reader as raw characters, one message per kind."""
    problems: list[str] = []
    plain = to_plain(body, with_urls=False)
    for pattern, message in _RAW_MARKUP:
        found = pattern.search(plain)
        if found is not None:
            problems.append(f"{message}: {found.group(0)[:40]!r}")
            if message.startswith("link markup"):
                plain = pattern.sub(" ", plain)  # report the brackets of a wrapped link once
    return problems


def source_problems(entry: Entry) -> list[str]:
    """Sources that are not official pages need a note in `source_notes` saying why."""
    problems: list[str] = []
    for source in entry.sources:
        if not is_official(source) and source not in entry.source_notes:
            problems.append(
                f"source {source} is not an official page and has no note in source_notes"
            )
    problems.extend(
        f"source_notes names {url}, which is not in sources"
        for url in entry.source_notes
        if url not in entry.sources
    )
    return problems


def _entry_problems(entry: Entry, today: date) -> list[str]:
    problems: list[str] = []
    if not ID_PATTERN.match(entry.id):
        problems.append(f"id {entry.id!r} is not kebab-case")
    if entry.id != entry.path.stem:
        problems.append(f"id {entry.id!r} differs from the file name {entry.path.stem!r}")
    if len(entry.id) > MAX_ID_LENGTH:
        problems.append(f"id is {len(entry.id)} characters long (at most {MAX_ID_LENGTH})")
    if entry.id in RESERVED_IDS:
        problems.append(f"id {entry.id!r} is reserved")
    if entry.topic not in TOPICS:
        problems.append(f"topic {entry.topic!r} is not one of: {', '.join(TOPICS)}")
    if entry.topic != entry.path.parent.name:
        problems.append(
            f"topic {entry.topic!r} differs from the directory {entry.path.parent.name!r}"
        )
    if len(entry.questions) < MIN_QUESTIONS:
        problems.append(f"{len(entry.questions)} questions (at least {MIN_QUESTIONS})")
    if len({q.lower() for q in entry.questions}) != len(entry.questions):
        problems.append("questions repeat")
    if not entry.tags:
        problems.append("no tags")
    if not entry.sources:
        problems.append("no sources")
    elif not any(is_official(s) for s in entry.sources):
        problems.append("no official source (" + ", ".join(OFFICIAL_HOSTS) + ")")
    for source in entry.sources:
        if urlsplit(source).scheme != "https" or not urlsplit(source).hostname:
            problems.append(f"source is not an https URL: {source!r}")
    problems.extend(source_problems(entry))
    if entry.reviewed > today:
        problems.append(f"reviewed {entry.reviewed} is in the future")
    elif today - entry.reviewed > MAX_AGE:
        problems.append(f"reviewed {entry.reviewed} is more than {MAX_AGE.days} days ago")
    if entry.review_by is not None:
        if entry.review_by < today:
            problems.append(f"review_by {entry.review_by} has passed")
        if entry.review_by < entry.reviewed:
            problems.append(f"review_by {entry.review_by} is before reviewed {entry.reviewed}")
    words = word_count(entry.body)
    if words > MAX_WORDS:
        problems.append(f"body has {words} words (at most {MAX_WORDS})")
    for link in links(entry.body):
        if link.entry_id is None and not link.is_web:
            problems.append(f"link target {link.target!r} is neither https:// nor kb:")
    problems.extend(markup_problems(entry.body))
    if entry.id in entry.related:
        problems.append("related lists the entry itself")
    return problems


def check_entries(root: Path, *, today: date) -> list[str]:
    """Every problem of the knowledge folder `root`, each as "<file>: <problem>"."""
    problems: list[str] = []
    entries: list[Entry] = []
    files = entry_files(root)
    if not files:
        return [f"{root}: no entries (expected <topic>/<id>.md files)"]
    for path in files:
        name = path.relative_to(root).as_posix()
        try:
            entry = parse_entry(path)
        except EntryError as exc:
            problems.extend(f"{name}: {p}" for p in exc.problems)
            continue
        entries.append(entry)
        problems.extend(f"{name}: {p}" for p in _entry_problems(entry, today))
    seen: dict[str, Path] = {}
    for entry in entries:
        name = entry.path.relative_to(root).as_posix()
        if entry.id in seen:
            first = seen[entry.id].relative_to(root).as_posix()
            problems.append(f"{name}: id {entry.id!r} is also used by {first}")
        seen.setdefault(entry.id, entry.path)
    for entry in entries:
        name = entry.path.relative_to(root).as_posix()
        problems.extend(
            f"{name}: related id {r!r} does not exist" for r in entry.related if r not in seen
        )
        for link in links(entry.body):
            if link.entry_id is not None and link.entry_id not in seen:
                problems.append(f"{name}: link kb:{link.entry_id} does not resolve")
    return problems


def mirror_problems(english: Path, french: Path) -> list[str]:
    """The French folder holds one entry per English one, at the same `<topic>/<id>.md`."""
    ours = {p.relative_to(english).as_posix() for p in entry_files(english)}
    theirs = {p.relative_to(french).as_posix() for p in entry_files(french)}
    return [f"fr/{name}: no French version" for name in sorted(ours - theirs)] + [
        f"fr/{name}: no English entry with this id" for name in sorted(theirs - ours)
    ]


def main(argv: list[str]) -> int:
    """Check the knowledge folder (by default `knowledge/` and its French `knowledge/fr/`);
    print the problems or "N entries OK"; 0 if none."""
    parser = argparse.ArgumentParser(prog="python -m bot kb check", description=__doc__)
    parser.add_argument("--root", type=Path, default=None, help="one knowledge folder only")
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, help="check as of this date"
    )
    args = parser.parse_args(argv)
    today = args.today or date.today()
    roots = [args.root] if args.root else [KNOWLEDGE_DIR, KNOWLEDGE_DIR / "fr"]
    problems = [p for root in roots for p in check_entries(root, today=today)]
    if args.root is None:
        problems += mirror_problems(*roots)
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    counts = [len(entry_files(root)) for root in roots]
    print(
        f"{counts[0]} entries OK"
        + (f", {counts[1]} French entries OK" if args.root is None else "")
    )
    return 0

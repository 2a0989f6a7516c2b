"""Knowledge entries: Markdown files with YAML front matter under `knowledge/<topic>/<id>.md`.

`parse_entry` turns one file into an `Entry` or raises `EntryError` listing every problem it
found in that file; `load_entries` loads a whole knowledge folder (strictly: a broken file stops
start-up, and `python -m bot kb check` in CI keeps that from happening).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

KNOWLEDGE_DIR = Path(__file__).parents[2] / "knowledge"

# Topic directories, in the order the bot lists them.
TOPICS: tuple[str, ...] = (
    "status",
    "refusals",
    "after-refusal",
    "documents",
    "cec",
    "crs",
    "draws",
    "mechanics",
    "outside-canada",
)

REQUIRED_KEYS = frozenset({"id", "title", "topic", "questions", "tags", "sources", "reviewed"})
OPTIONAL_KEYS = frozenset({"review_by", "related", "source_notes"})
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.DOTALL)


class EntryError(ValueError):
    """A knowledge file that cannot be read as an entry; `problems` says why."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


@dataclass(frozen=True, slots=True)
class Entry:
    """One curated answer."""

    id: str
    title: str
    topic: str
    questions: tuple[str, ...]
    tags: tuple[str, ...]
    sources: tuple[str, ...]
    reviewed: date
    review_by: date | None
    related: tuple[str, ...]
    body: str
    path: Path
    # Why a source that is not an official page is cited: {url: note}. See knowledge/README.md.
    source_notes: dict[str, str] = field(default_factory=dict)


def _string_list(data: dict[str, Any], key: str, problems: list[str]) -> tuple[str, ...]:
    value = data.get(key, [])
    if value is None:
        value = []
    # YAML reads `[2026, draws]` as a number and a string; a number is a fine tag.
    if isinstance(value, list):
        value = [
            str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v for v in value
        ]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{key} must be a list of non-empty strings")
        return ()
    return tuple(v.strip() for v in value)


def _date(data: dict[str, Any], key: str, problems: list[str]) -> date | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.append(f"{key} must be a date (YYYY-MM-DD), got {value!r}")
    return None


def _text(data: dict[str, Any], key: str, problems: list[str]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{key} must be a non-empty string")
        return ""
    return value.strip()


def _source_notes(data: dict[str, Any], problems: list[str]) -> dict[str, str]:
    value = data.get("source_notes")
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        problems.append("source_notes must map each source URL to a non-empty note")
        return {}
    return {k.strip(): v.strip() for k, v in value.items()}


# libyaml's parser when PyYAML was built with it (about 5x faster), else the pure-Python one;
# both are the safe loader (plain data only).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_entry(path: Path) -> Entry:
    """Read one entry file; raise `EntryError` with every structural problem found."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EntryError(path, [f"cannot read file: {exc}"]) from exc
    found = _FRONT_MATTER.match(raw)
    if found is None:
        raise EntryError(path, ["no YAML front matter between '---' lines"])
    try:
        data = yaml.load(found.group(1), Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise EntryError(path, [f"front matter is not valid YAML: {exc}"]) from exc
    if not isinstance(data, dict):
        raise EntryError(path, ["front matter must be a mapping of keys to values"])

    problems: list[str] = []
    missing = sorted(REQUIRED_KEYS - data.keys())
    if missing:
        problems.append("missing keys: " + ", ".join(missing))
    unknown = sorted(str(k) for k in data.keys() - REQUIRED_KEYS - OPTIONAL_KEYS)
    if unknown:
        problems.append("unknown keys: " + ", ".join(unknown))

    entry_id = _text(data, "id", problems)
    title = _text(data, "title", problems)
    topic = _text(data, "topic", problems)
    questions = _string_list(data, "questions", problems)
    tags = _string_list(data, "tags", problems)
    sources = _string_list(data, "sources", problems)
    related = _string_list(data, "related", problems)
    reviewed = _date(data, "reviewed", problems)
    review_by = _date(data, "review_by", problems)
    source_notes = _source_notes(data, problems)
    body = found.group(2).strip()
    if not body:
        problems.append("body is empty")
    if problems or reviewed is None:
        raise EntryError(path, problems or ["reviewed must be a date"])
    return Entry(
        id=entry_id,
        title=title,
        topic=topic,
        questions=questions,
        tags=tags,
        sources=sources,
        reviewed=reviewed,
        review_by=review_by,
        related=related,
        body=body,
        path=path,
        source_notes=source_notes,
    )


def entry_files(root: Path) -> list[Path]:
    """Every entry file under `root`: `<topic>/<id>.md`, sorted (root-level files are docs)."""
    return sorted(p for p in root.glob("*/*.md") if p.is_file())


def load_entries(root: Path = KNOWLEDGE_DIR) -> list[Entry]:
    """Load every entry under `root`, sorted by topic order then id; raise on a broken file."""
    entries = [parse_entry(path) for path in entry_files(root)]
    order = {topic: i for i, topic in enumerate(TOPICS)}
    return sorted(entries, key=lambda e: (order.get(e.topic, len(order)), e.id))

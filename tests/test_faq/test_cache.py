"""Built indexes kept on disk (bot/faq/cache.py): a second start loads what the first built,
ranks the same, and never loads an index built from other files."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.faq import cache
from bot.faq.entries import load_entries
from bot.faq.index import FaqIndex

QUESTION = "can i keep working while my work permit extension is processing"


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    before = cache.directory()
    cache.use_directory(tmp_path / "cache")
    yield tmp_path / "cache"
    cache.use_directory(before)


class Builder:
    """A small real index, counting how often it is built."""

    def __init__(self, pause: float = 0.0) -> None:
        self.calls, self.pause = 0, pause

    def __call__(self) -> FaqIndex:
        self.calls += 1
        time.sleep(self.pause)
        return FaqIndex.build(load_entries()[:12], examples=())


def test_a_second_start_loads_the_first_build_and_ranks_the_same(folder: Path) -> None:
    build = Builder()
    first = cache.load_or_build("en", build)
    again = cache.load_or_build("en", build)
    assert build.calls == 1
    assert again is not first
    assert [p.name.split("-")[1] for p in folder.glob("faq-*.pickle")] == ["en"]
    ranked = [(s.entry.id, round(s.score, 9)) for s in first.rank(QUESTION).ranked]
    assert [(s.entry.id, round(s.score, 9)) for s in again.rank(QUESTION).ranked] == ranked
    assert again.confident(again.rank(QUESTION)) == first.confident(first.rank(QUESTION))


def test_a_changed_entry_gives_a_new_key_and_replaces_the_old_file(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = tmp_path / "kb" / "status" / "some-entry.md"
    entry.parent.mkdir(parents=True)
    entry.write_text("first version", encoding="utf-8")
    monkeypatch.setattr(cache, "entry_files", lambda root: [entry])
    build = Builder()
    cache.load_or_build("en", build)
    old = {p.name for p in folder.glob("faq-en-*.pickle")}
    entry.write_text("second version", encoding="utf-8")
    cache.load_or_build("en", build)
    new = {p.name for p in folder.glob("faq-en-*.pickle")}
    assert build.calls == 2
    assert len(old) == len(new) == 1 and old != new


def test_an_unreadable_file_is_built_again(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    build = Builder()
    cache.load_or_build("en", build)
    (path,) = folder.glob("faq-en-*.pickle")
    path.write_bytes(path.read_bytes()[:1000])  # a write cut short
    with caplog.at_level(logging.WARNING, logger="bot.faq.cache"):
        index = cache.load_or_build("en", build)
    assert build.calls == 2
    assert index.rank(QUESTION).ranked
    assert "unreadable" in caplog.text
    assert cache.load_or_build("en", build) is not index and build.calls == 2  # saved again


def test_a_folder_others_can_write_is_not_used(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder.mkdir()
    os.chmod(folder, 0o777)
    build = Builder()
    with caplog.at_level(logging.WARNING, logger="bot.faq.cache"):
        cache.load_or_build("en", build)
        cache.load_or_build("en", build)
    assert build.calls == 2
    assert not list(folder.iterdir())
    assert "writable by others" in caplog.text


def test_without_a_folder_every_call_builds() -> None:
    before = cache.directory()
    cache.use_directory(None)
    try:
        build = Builder()
        cache.load_or_build("en", build)
        cache.load_or_build("en", build)
        assert build.calls == 2
    finally:
        cache.use_directory(before)


def test_starts_at_the_same_time_build_once(folder: Path) -> None:
    build = Builder(pause=0.3)
    results: list[FaqIndex] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.load_or_build("en", build)))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert build.calls == 1
    assert len(results) == 3

"""Shared fixtures: a clean migrated database per test (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set) and a conversation context on it."""

from __future__ import annotations

import os

# PTB 22 warns on RetryAfter.retry_after unless timedeltas are opted into; the warning would
# be an error under filterwarnings=error. The bot process opts in too (bot/telegram/__init__).
os.environ.setdefault("PTB_TIMEDELTA", "true")

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatContext
from bot.config import Settings
from bot.faq import cache
from bot.store.engine import create_engine, session_factory
from tests.dbutil import MigratedTemplate


@pytest.fixture(scope="session", autouse=True)
def faq_index_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One FAQ index build per language and run, shared by the run's workers (their base
    temporary folders have one parent) and the bot processes they start (bot/faq/cache.py)."""
    folder = tmp_path_factory.getbasetemp().parent / "faq-cache"
    cache.use_directory(folder)
    os.environ["FAQ_CACHE_DIR"] = str(folder)
    yield folder
    cache.use_directory(None)
    os.environ.pop("FAQ_CACHE_DIR", None)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> MigratedTemplate:
    return MigratedTemplate(tmp_path_factory.mktemp("db-template"))


@pytest.fixture
def db_url(migrated_template: MigratedTemplate, tmp_path: Path) -> str:
    """URL of a clean database migrated to head."""
    return migrated_template.fresh(tmp_path)


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(db_url)
    yield eng
    await eng.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return session_factory(engine)


@pytest.fixture
def settings(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    for name in ("TELEGRAM_BOT_TOKEN", "ADMIN_CHAT_IDS", "WEBHOOK_SECRET", "WEBHOOK_URL"):
        monkeypatch.delenv(name, raising=False)
    yield Settings(
        DATABASE_URL=db_url,
        ADMIN_CHAT_IDS="999",
        DRAWS_FEED_URL="http://127.0.0.1:9/feed.json",
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
def ctx(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> ChatContext:
    return ChatContext(settings=settings, sessions=sessions)


#: Fixtures that start `python -m bot` as a process (tests/e2e/harness.py, webhook_harness.py).
PROCESS_FIXTURES = frozenset({"bot_process", "alert_bot", "hook_process", "pair"})
#: Files whose every test starts the bot as a process (signals, faults, webhook, two processes).
PROCESS_FILES = ("/test_faults/", "/e2e/test_scaleout_e2e.py")
#: Fixtures of the Telegram transport: the local Bot API server and the application on it.
TRANSPORT_FIXTURES = frozenset({"api", "bot", "app", "hook"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses a database is a `db` test; one that starts the bot as a process is
    a `process` test; one that goes through the Telegram transport (the local Bot API server)
    is a `transport` test. CI reruns the `db` tests on PostgreSQL except the `process` and
    `transport` ones, unless they are also `postgres` (what only PostgreSQL shows: leases,
    SKIP LOCKED, two processes, a restart reading the state back): the store, pipeline and
    chat-flow tests already drive the same queries without HTTP in between."""
    parallel = bool(os.environ.get("PYTEST_XDIST_WORKER"))
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "db_url" in fixtures:
            item.add_marker(pytest.mark.db)
        if fixtures & PROCESS_FIXTURES or any(f in str(item.fspath) for f in PROCESS_FILES):
            item.add_marker(pytest.mark.process)
        if fixtures & TRANSPORT_FIXTURES:
            item.add_marker(pytest.mark.transport)
        if parallel and item.get_closest_marker("serial"):
            reason = "must run alone, not beside other workers: pytest -m serial (CI does)"
            item.add_marker(pytest.mark.skip(reason=reason))

"""Webhook mode end to end: `python -m bot webhook` receives updates the local Bot API server
POSTs to it, checks the secret token, and serves /healthz."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from bot.crs import parse_profile, score
from bot.store.types import utcnow
from tests.e2e.harness import PROJECT_ROOT
from tests.e2e.webhook_harness import (
    SECRET,
    InProcessWebhook,
    WebhookProcess,
    complete_questionnaire,
)
from tests.fakes.botapi import FakeBotAPI
from tests.test_questionnaire.helpers import profile

USER = 6001
STRANGER = 6666


@pytest.fixture
async def hook(api: FakeBotAPI, db_url: str, tmp_path: Path) -> AsyncIterator[InProcessWebhook]:
    """The webhook server in this event loop: registration, secret check, routes, health."""
    server = InProcessWebhook(api=api, db_url=db_url, workdir=tmp_path)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def hook_process(
    api: FakeBotAPI, db_url: str, tmp_path: Path
) -> AsyncIterator[WebhookProcess]:
    """`python -m bot webhook` as a process: the webhook smoke test and SIGTERM."""
    process = WebhookProcess(api=api, db_url=db_url, workdir=tmp_path)
    await process.start()
    try:
        yield process
    finally:
        await process.stop()


def _sync(db_url: str) -> Any:
    return create_engine(db_url.replace("sqlite+aiosqlite", "sqlite"))


def count_rows(db_url: str, table: str, chat_id: int) -> int:
    engine = _sync(db_url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    text(f"SELECT count(*) FROM {table} WHERE chat_id = :c"), {"c": chat_id}
                ).scalar_one()
            )
    finally:
        engine.dispose()


def start_update(update_id: int, chat_id: int) -> dict[str, Any]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Eve", "language_code": "en"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Eve"},
            "from": user,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def test_webhook_is_registered_with_the_secret_and_allowed_updates(
    api: FakeBotAPI, hook: InProcessWebhook
) -> None:
    [call] = api.calls_of("setWebhook")
    assert call["url"] == hook.local_url
    assert call["secret_token"] == SECRET
    assert set(call["allowed_updates"]) == {"message", "edited_message", "callback_query"}
    assert api.webhook is not None and api.webhook["secret_token"] == SECRET
    assert api.count("getUpdates") == 0, "webhook mode never polls"


async def test_full_questionnaire_over_the_webhook(
    api: FakeBotAPI, hook_process: WebhookProcess
) -> None:
    hook = hook_process
    p = profile(
        age=31,
        marital_status="married",
        spouse_canadian=False,
        spouse_accompanying=True,
        education="masters",
        canadian_education="one_or_two_year",
        first_language={
            "test": "celpip",
            "listening": 9,
            "reading": 8,
            "writing": 9,
            "speaking": 10,
        },
        canadian_work_years=2,
        foreign_work_years=3,
        spouse_education="bachelors",
        spouse_canadian_work_years=1,
        spouse_language={
            "test": "ielts",
            "listening": 7,
            "reading": 6.5,
            "writing": 6,
            "speaking": 7,
        },
    )
    expected = score(parse_profile(p)).total
    shown = await complete_questionnaire(api, USER, p)
    assert shown == expected
    assert count_rows(hook.db_url, "profiles", USER) == 1
    # Every update went to the webhook, each delivered once and answered 2xx.
    await api.wait_no_pending_updates()
    statuses = {d.status for d in api.webhook_deliveries}
    assert statuses == {200}
    ids = [d.update_id for d in api.webhook_deliveries]
    assert len(ids) == len(set(ids)) >= 20


async def test_wrong_or_missing_secret_is_refused_and_changes_nothing(
    api: FakeBotAPI, hook: InProcessWebhook
) -> None:
    update = start_update(900001, STRANGER)
    async with httpx.AsyncClient(timeout=10) as client:
        wrong = await client.post(
            hook.local_url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
        )
        prefix = await client.post(
            hook.local_url,
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET[:-1]},
        )
        missing = await client.post(hook.local_url, json=update)
        assert [wrong.status_code, prefix.status_code, missing.status_code] == [403, 403, 403]
        assert SECRET not in wrong.text + missing.text
        await api.expect_no_event(STRANGER, within=1.0)
        assert count_rows(hook.db_url, "users", STRANGER) == 0
        assert api.count("sendMessage", chat_id=STRANGER) == 0

        # The same request with the right secret is processed: the refusal was the secret.
        right = await client.post(
            hook.local_url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
        assert right.status_code == 200
    welcome = await api.next_event(STRANGER)
    assert "Welcome" in (welcome.text or "")
    assert count_rows(hook.db_url, "users", STRANGER) == 1
    assert "refused a request" in hook.log()
    assert SECRET not in hook.log()


async def test_other_paths_and_bad_bodies(hook: InProcessWebhook) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with httpx.AsyncClient(timeout=10) as client:
        assert (await client.get(hook.local_url)).status_code == 405
        other = hook.local_url.replace("/hook", "/other")
        assert (await client.post(other, json={}, headers=headers)).status_code == 404
        bad = await client.post(hook.local_url, content=b"not json", headers=headers)
        assert bad.status_code == 400
        listed = await client.post(hook.local_url, json=[1, 2], headers=headers)
        assert listed.status_code == 400
    assert "Traceback" not in hook.log()


async def test_healthz_reports_and_turns_503(api: FakeBotAPI, hook: InProcessWebhook) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        ok = await client.get(hook.health_url)
        assert ok.status_code == 200
        body = ok.json()
        assert body["healthy"] is True
        assert body["checks"]["database"]["status"] == "ok"
        assert body["checks"]["migrations"]["status"] == "ok"
        assert set(body["checks"]) == {"database", "migrations", "feed", "outbox"}

        # The last good feed poll was two days ago: the bot is not watching the draws.
        engine = _sync(hook.db_url)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO feed_sync_runs (started_at, finished_at, result, new_rounds) "
                    "VALUES (:t, :t, 'ok', 0)"
                ),
                # stored as SQLAlchemy stores a DateTime (3.12 deprecates sqlite3's adapter)
                {"t": (utcnow() - timedelta(days=2)).replace(tzinfo=None).isoformat(sep=" ")},
            )
        engine.dispose()
        stale = await client.get(hook.health_url)
        assert stale.status_code == 503
        assert stale.json()["checks"]["feed"]["status"] == "fail"
        assert "2 days ago" in stale.json()["checks"]["feed"]["detail"]


async def test_sigterm_stops_cleanly_and_keeps_the_webhook(
    api: FakeBotAPI, hook_process: WebhookProcess
) -> None:
    hook = hook_process
    await api.send_and_wait(USER, "/start")
    assert await hook.stop() == 0
    log = hook.log()
    assert "webhook server stopped" in log
    assert "Traceback" not in log
    assert api.count("deleteWebhook") == 0, "other processes may still serve the webhook"
    assert api.token.split(":")[1] not in log and SECRET not in log


async def _run_webhook_cli(env: dict[str, str], cwd: Path) -> tuple[int, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    base.update(PYTHONPATH=str(PROJECT_ROOT), **env)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "webhook",
        cwd=cwd,
        env=base,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 30)
    return int(proc.returncode or 0), out.decode()


@pytest.mark.process  # the process's exit status and output
@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"WEBHOOK_SECRET": "s3cret-value_1"}, "WEBHOOK_URL"),
        ({"WEBHOOK_URL": "https://bot.example.com/hook"}, "WEBHOOK_SECRET"),
        (
            {"WEBHOOK_URL": "https://bot.example.com/hook", "WEBHOOK_SECRET": "no spaces allowed"},
            "1-256 characters",
        ),
    ],
)
async def test_refuses_to_start_without_url_and_secret(
    api: FakeBotAPI, tmp_path: Path, env: dict[str, str], expected: str
) -> None:
    code, out = await _run_webhook_cli(
        {
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_URL": api.url,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
            **env,
        },
        tmp_path,
    )
    assert code == 2
    assert expected in out
    assert "Traceback" not in out
    for secret in ("s3cret-value_1", "no spaces allowed", api.token):
        assert secret not in out
    assert api.count("setWebhook") == 0

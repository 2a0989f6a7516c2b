"""PostgreSQL restarted while people are answering: the bot reconnects, no answer is lost or
applied twice. Runs only on the local PostgreSQL cluster (TEST_DATABASE_URL on 127.0.0.1),
as root (pg_ctlcluster), and makes sure the cluster is up again afterwards."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.dbutil import postgres_url
from tests.e2e.harness import BotProcess
from tests.fakes.botapi import FakeBotAPI
from tests.test_faults.common import assert_clean_conversation, people, saved_totals


def _cluster() -> tuple[str, str] | None:
    url = postgres_url()
    if url is None or make_url(url).host not in ("127.0.0.1", "localhost"):
        return None
    if shutil.which("pg_ctlcluster") is None or os.geteuid() != 0:
        return None
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    return (versions[-1], "main") if versions else None


CLUSTER = _cluster()
pytestmark = [
    pytest.mark.skipif(
        CLUSTER is None, reason="needs the local PostgreSQL cluster (TEST_DATABASE_URL, root)"
    ),
    # Restarting the server cuts every connection: CI runs this alone, after the rest.
    pytest.mark.serial,
]


def pg_ctl(action: str) -> None:
    assert CLUSTER is not None
    version, name = CLUSTER
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action],
        check=True,
        capture_output=True,
        timeout=60,
    )


def ensure_up() -> None:
    assert CLUSTER is not None
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=False)
    if "online" not in out.stdout:
        pg_ctl("start")


@pytest.fixture
async def bot(api: FakeBotAPI, db_url: str, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(api=api, db_url=db_url, workdir=tmp_path)
    await process.start()
    try:
        yield process
    finally:
        await process.stop()
        ensure_up()


async def test_postgres_restart_mid_conversations(api: FakeBotAPI, bot: BotProcess) -> None:
    users = people(api, 9400, 3)

    async def restart() -> None:
        await api.wait_for_calls("sendMessage", 12)
        try:
            await asyncio.to_thread(pg_ctl, "restart")
        finally:
            await asyncio.to_thread(ensure_up)

    totals, _ = await asyncio.gather(
        asyncio.gather(*(u.complete(quiet=0.2) for u in users)), restart()
    )
    for user in users:
        assert_clean_conversation(api, user)
    assert saved_totals(bot.db_url) == {u.chat_id: t for u, t in zip(users, totals, strict=True)}

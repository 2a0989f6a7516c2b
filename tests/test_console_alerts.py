"""The terminal chat runs the alert jobs: `python -m bot run` without a token, piped input
(subscribe, an admin records a round), and the alert is printed in the conversation."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from bot.chat import ChatContext, Event, build_router
from bot.console import CONSOLE_CHAT_ID, Console
from bot.console_jobs import ConsoleJobs
from bot.pipeline.record import record_manual
from bot.store.models import AlertOutbox, Reminder
from tests.terminal_process import run_terminal_bot


@pytest.mark.slow
def test_piped_terminal_chat_sees_the_alert_of_a_recorded_round(tmp_path: Path) -> None:
    today = datetime.now(UTC).date().isoformat()
    lines = [
        "/subscribe",
        f"/recorddraw cec {today} 3000 519",
        "a",  # [a] Record and alert
        "/alerts",
    ]
    done = run_terminal_bot(
        tmp_path,
        stdin="\n".join(lines) + "\n",
        env={"ADMIN_CHAT_IDS": "1"},  # the terminal's chat id
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "TELEGRAM_BOT_TOKEN is not set" in done.stderr
    # The feed can't be reached: the admin notice is logged as plain text, not Telegram HTML.
    assert "Draw alerts: Feed poll failed (error): network error" in done.stderr
    assert "<b>" not in done.stderr
    out = done.stdout
    assert "✅ Saved. 🔔 You get an alert for every Canadian Experience Class round." in out
    assert "[a] ✅ CEC rounds only" in out
    queued = out.index("1 alert queued")
    alert = out.index("New Express Entry round: Canadian Experience Class", queued)
    assert "CRS cut-off: 519" in out[alert:] and "Invitations: 3,000" in out[alert:]
    # An admin's round has a provisional internal number, never shown.
    assert " m20" not in out and "#m" not in out


async def test_console_jobs_print_reminders_and_leave_other_chats_alone(ctx: ChatContext) -> None:
    out = io.StringIO()
    console = Console(ctx, out)
    await console.handle_line("/start")  # the terminal's user row (chat 1)
    await build_router().handle(Event.from_text(2, "/subscribe"), ctx)  # another chat
    today = ctx.now().date()
    async with ctx.sessions.begin() as session:
        session.add(Reminder(chat_id=CONSOLE_CHAT_ID, kind="profile_expiry_30", due_on=today))
        await record_manual(
            session,
            category="cec",
            draw_date=today,
            invitations=3000,
            cutoff=519,
            tie_break_at=None,
            now=ctx.now(),
        )
    jobs = ConsoleJobs(ctx, console)
    await jobs.reminders()
    assert "Your Express Entry profile expires in 30 days" in out.getvalue()
    # The round alerts chat 2 (subscribed), not the terminal's chat: nothing is printed, and
    # the row fails with the reason instead of passing for sent.
    assert await jobs.deliver() == 0
    assert "New Express Entry round" not in out.getvalue()
    async with ctx.sessions() as session:
        [row] = (await session.exec(select(AlertOutbox))).all()
    assert (row.chat_id, row.status) == (2, "failed")
    assert row.last_error == "the terminal chat sends only to its own chat"

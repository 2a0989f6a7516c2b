"""The feed's notices to the admins, each in the admin's language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from bot.chat import ChatContext
from bot.pipeline.sync import Notice
from bot.store.users import choose_language, touch_user
from bot.telegram.jobs import JobState, notify_admins

NOW = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)


class Recorder:
    """Stands in for the outbound queue: what `notify_admins` was given."""

    def __init__(self) -> None:
        self.sent: list[tuple[tuple[int, ...], str]] = []

    async def notify_admins(self, admin_ids: Sequence[int], text: str) -> None:
        self.sent.append((tuple(admin_ids), text))


async def test_each_admin_reads_the_notice_in_their_language(ctx: ChatContext) -> None:
    settings = ctx.settings.model_copy(update={"admin_chat_ids": (999, 998, 997)})
    ctx = ChatContext(settings=settings, sessions=ctx.sessions)
    async with ctx.sessions.begin() as session:
        await touch_user(session, chat_id=999, language="en", now=NOW)
        await touch_user(session, chat_id=998, language="en", now=NOW)
        await choose_language(session, chat_id=998, language="fr")  # 997 never wrote
    out = Recorder()
    state = JobState(ctx=ctx, outbound=out)  # type: ignore[arg-type]
    notices: list[Any] = [Notice("healthy_again"), Notice("stale", {"last": None})]
    await notify_admins(state, notices)
    sent = dict(out.sent)
    assert sent[(999, 997)].startswith("⚠️ <b>Draw alerts</b>: The feed is healthy again.")
    assert "(last: never)" in sent[(999, 997)]
    assert sent[(998,)].startswith("⚠️ <b>Alertes de rondes</b>")
    assert "Le flux fonctionne de nouveau normalement." in sent[(998,)]
    assert "(dernière\u00a0: jamais)" in sent[(998,)]

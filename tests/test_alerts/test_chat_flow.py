"""The conversation: /draws, /chart, /subscribe, /alerts, /unsubscribe, /recorddraw, /remind."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatContext, Event, build_router
from bot.config import Settings
from bot.draws.importer import import_file
from bot.replies import Reply
from bot.store.models import AlertOutbox, Draw, Reminder, Subscription
from tests.test_draws.db import NOW

pytestmark = pytest.mark.db
Sessions = async_sessionmaker[AsyncSession]
ADMIN = 999


@pytest.fixture
def ctx(sessions: Sessions, settings: Settings) -> ChatContext:
    return ChatContext(settings=settings, sessions=sessions, now=lambda: NOW)


async def say(ctx: ChatContext, chat_id: int, text: str) -> list[Reply]:
    return await build_router().handle(
        Event.from_text(chat_id, text, is_admin=chat_id == ADMIN), ctx
    )


async def press(ctx: ChatContext, chat_id: int, code: str) -> list[Reply]:
    return await build_router().handle(
        Event.press(chat_id, code, message_id=1, is_admin=chat_id == ADMIN), ctx
    )


async def sub_of(ctx: ChatContext, chat_id: int) -> Subscription | None:
    async with ctx.sessions() as s:
        return await s.get(Subscription, chat_id)


async def test_subscribe_then_switch_filters_then_unsubscribe(ctx: ChatContext) -> None:
    [reply] = await say(ctx, 7, "/subscribe")
    assert "Canadian Experience Class" in reply.text
    assert "alerts:all" in reply.codes() and "alerts:cats" in reply.codes()
    sub = await sub_of(ctx, 7)
    assert sub is not None and (sub.mode, sub.active) == ("cec", True)

    [reply] = await press(ctx, 7, "alerts:all")
    assert "every</b> Express Entry round" in reply.text and reply.edit
    assert (await sub_of(ctx, 7)).mode == "all"  # type: ignore[union-attr]

    [picker] = await press(ctx, 7, "alerts:cats")
    assert "alerts:cat:french" in picker.codes()
    [picker] = await press(ctx, 7, "alerts:cat:french")
    [picker] = await press(ctx, 7, "alerts:cat:healthcare")
    assert "✅ French" in [b.label for row in picker.buttons for b in row]
    sub = await sub_of(ctx, 7)
    assert sub is not None and (sub.mode, sub.categories) == (
        "categories",
        ["french", "healthcare"],
    )
    [status] = await say(ctx, 7, "/alerts")
    assert "French-language proficiency, Healthcare and social services" in status.text

    [reply] = await say(ctx, 7, "/unsubscribe")
    assert "no more draw alerts" in reply.text
    assert (await sub_of(ctx, 7)).active is False  # type: ignore[union-attr]
    [status] = await say(ctx, 7, "/alerts")
    assert "alerts are off" in status.text


def labels(reply: Reply) -> list[str]:
    return [b.label for row in reply.buttons for b in row]


async def test_start_button_asks_then_confirms_the_choice_checked(ctx: ChatContext) -> None:
    # [Draw alerts] on /start shows the choices and saves nothing yet.
    [choices] = await press(ctx, 8, "alerts:subscribe")
    assert "Nothing is saved until you choose" in choices.text
    assert await sub_of(ctx, 8) is None
    assert {"alerts:cec", "alerts:all", "alerts:eligible", "alerts:cats"} <= set(choices.codes())
    [saved] = await press(ctx, 8, "alerts:cec")
    assert "✅ Saved." in saved.text and "Canadian Experience Class" in saved.text
    assert "✅ CEC rounds only" in labels(saved)
    sub = await sub_of(ctx, 8)
    assert sub is not None and sub.mode == "cec" and sub.active


async def test_subscribe_then_categories_shows_cec_checked(ctx: ChatContext) -> None:
    [saved] = await say(ctx, 9, "/subscribe")
    assert "✅ Saved." in saved.text and "✅ CEC rounds only" in labels(saved)
    [picker] = await press(ctx, 9, "alerts:cats")
    assert "✅ CEC" in labels(picker) and "Now: Canadian Experience Class." in picker.text
    # Adding French keeps CEC: the saved filter is both, confirmed and checked.
    [picker] = await press(ctx, 9, "alerts:cat:french")
    assert "✅ Saved." in picker.text
    assert {"✅ CEC", "✅ French"} <= set(labels(picker))
    sub = await sub_of(ctx, 9)
    assert sub is not None and (sub.mode, sub.categories) == ("categories", ["cec", "french"])
    [status] = await press(ctx, 9, "alerts:show")
    assert "✅ Choose categories" in labels(status)


async def test_subscribe_with_words(ctx: ChatContext) -> None:
    [saved] = await say(ctx, 10, "/subscribe eligible")
    assert "✅ Rounds I qualify for" in labels(saved)
    assert "Until you work out your score with /crs" in saved.text
    assert (await sub_of(ctx, 10)).mode == "eligible"  # type: ignore[union-attr]
    [saved] = await say(ctx, 10, "/subscribe french healthcare")
    assert "French-language proficiency, Healthcare and social services" in saved.text
    [bad] = await say(ctx, 10, "/subscribe frenchy")
    assert "could not read" in bad.text and "<code>french</code>" in bad.text
    assert (await sub_of(ctx, 10)).categories == ["french", "healthcare"]  # type: ignore[union-attr]
    # The French words, as the French /subscribe usage leads people to type them.
    await say(ctx, 10, "/subscribe Français, santé STIM")
    assert (await sub_of(ctx, 10)).categories == ["french", "healthcare", "stem"]  # type: ignore[union-attr]
    await say(ctx, 10, "/subscribe admissible")
    assert (await sub_of(ctx, 10)).mode == "eligible"  # type: ignore[union-attr]
    await say(ctx, 10, "/subscribe toutes")
    assert (await sub_of(ctx, 10)).mode == "all"  # type: ignore[union-attr]


async def test_draws_lists_the_last_ten_and_filters(ctx: ChatContext) -> None:
    await import_file(ctx.sessions, now=NOW)
    [reply] = await say(ctx, 7, "/draws")
    assert reply.text.count("invitations ·") == 10
    assert "#437" in reply.text and "#427" not in reply.text
    assert "draws:f:cec" in reply.codes()
    [cec] = await press(ctx, 7, "draws:f:cec")
    assert cec.edit and cec.text.count("Canadian Experience Class") == 10
    assert "#436" in cec.text and "1,000 invitations" in cec.text
    [faq] = await press(ctx, 7, "draws:latest")
    assert "#437" in faq.text


async def test_chart_is_a_png(ctx: ChatContext) -> None:
    [empty] = await say(ctx, 7, "/chart")
    assert empty.photo is None and "nothing to chart" in empty.text
    await import_file(ctx.sessions, now=NOW)
    [reply] = await say(ctx, 7, "/chart")
    assert reply.photo is not None and reply.photo.startswith(b"\x89PNG")
    assert "cut-off 523" in reply.text


async def test_recorddraw_is_admin_only_and_alerts_subscribers(ctx: ChatContext) -> None:
    [reply] = await say(ctx, 7, "/recorddraw cec 2026-11-24 3000 519")
    assert "recorddraw" in reply.text.lower() and not reply.codes()  # unknown command
    await say(ctx, 7, "/subscribe")
    [usage] = await say(ctx, ADMIN, "/recorddraw")
    assert "/recorddraw PROGRAM" in usage.text
    [bad] = await say(ctx, ADMIN, "/recorddraw xyz 2026-11-24 3000 519")
    assert "program code" in bad.text
    [confirm] = await say(ctx, ADMIN, "/recorddraw cec 2026-11-24 3,000 519 2026-10-02 08:00:01")
    ok = confirm.codes()[0]
    assert ok.startswith("recorddraw:ok:cec:20261124:3000:519:")
    [stolen] = await press(ctx, 7, ok)
    assert "recorded" not in stolen.text.lower()
    async with ctx.sessions() as s:
        assert (await s.exec(select(Draw))).all() == []
    [done] = await press(ctx, ADMIN, ok)
    assert "1 alert queued" in done.text
    [again] = await press(ctx, ADMIN, ok)
    assert "already recorded" in again.text
    async with ctx.sessions() as s:
        rows = (await s.exec(select(AlertOutbox))).all()
        draw = (await s.exec(select(Draw))).one()
    assert [r.chat_id for r in rows] == [7]
    assert (draw.category, draw.cutoff, draw.source) == ("cec", 519, "admin")
    assert draw.tie_break_at is not None and draw.tie_break_at.isoformat() == (
        "2026-10-02T08:00:01+00:00"
    )


async def test_remind_profile_and_invitation(ctx: ChatContext) -> None:
    [reply] = await say(ctx, 7, "/remind profile 2026-03-15")
    assert "expires on <b>March 15, 2027</b>" in reply.text
    [reply] = await say(ctx, 7, "/remind invited 2026-11-20")
    assert "due by <b>January 19, 2027</b>" in reply.text
    async with ctx.sessions() as s:
        due = sorted((r.kind, r.due_on) for r in (await s.exec(select(Reminder))).all())
        sub = await s.get(Subscription, 7)
    assert due == [
        ("application_due_30", date(2026, 12, 20)),
        ("application_due_7", date(2027, 1, 12)),
        ("profile_expiry_30", date(2027, 2, 13)),
    ]
    assert sub is not None and sub.active is False  # reminders do not subscribe to alerts
    [listing] = await say(ctx, 7, "/remind")
    assert "December 20, 2026" in listing.text
    [cleared] = await press(ctx, 7, "remind:clear")
    assert "cleared" in cleared.text
    [bad] = await say(ctx, 7, "/remind profile 2030-01-01")
    assert "future" in bad.text

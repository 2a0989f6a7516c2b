"""The conversation core offline: the real router against a real database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from bot.chat import ChatContext, Event, build_router
from bot.chat.events import MAX_TEXT
from bot.store.models import (
    AlertOutbox,
    Draw,
    FaqFeedback,
    OccupationAnswer,
    ProfileDates,
    QuestionnaireState,
    Reminder,
    SavedProfile,
    Subscription,
    User,
)
from bot.store.privacy import count_rows

CHAT = 4242
OTHER = 777


async def say(ctx: ChatContext, text: str, chat: int = CHAT) -> list[str]:
    replies = await build_router().handle(Event.from_text(chat, text), ctx)
    return [r.text for r in replies]


async def test_start_offers_the_three_features(ctx: ChatContext) -> None:
    [reply] = await build_router().handle(Event.from_text(CHAT, "/start"), ctx)
    assert "Express Entry assistant" in reply.text
    assert reply.codes()[:3] == ["crs:start", "faq:topics", "alerts:subscribe"]


async def test_help_lists_every_menu_command(ctx: ChatContext) -> None:
    router = build_router()
    [reply] = await router.handle(Event.from_text(CHAT, "/help"), ctx)
    for command in router.menu(lang="en"):
        assert f"/{command.name} — {command.description('en')}" in reply.text


async def test_start_records_the_user_without_personal_data(ctx: ChatContext) -> None:
    await say(ctx, "/start")
    async with ctx.sessions() as session:
        user = (await session.exec(select(User).where(User.chat_id == CHAT))).one()
    assert user.language == "en" and not user.blocked
    assert user.first_seen.tzinfo is not None


async def test_unknown_command_gets_a_helpful_reply(ctx: ChatContext) -> None:
    [text] = await say(ctx, "/frobnicate")
    assert "/frobnicate" in text and "/help" in text


async def test_admin_only_commands_are_unknown_to_others(ctx: ChatContext) -> None:
    router = build_router()

    @router.command("secret", admin=True)
    async def secret(event: Event, c: ChatContext) -> list:  # type: ignore[type-arg]
        from bot.replies import Reply

        return [Reply("admin only")]

    [reply] = await router.handle(Event.from_text(CHAT, "/secret"), ctx)
    assert "don't know the command /secret" in reply.text
    [reply] = await router.handle(Event.from_text(999, "/secret", is_admin=True), ctx)
    assert reply.text == "admin only"
    assert "secret" not in [c.name for c in router.menu()]


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\n\t"],
)
async def test_empty_text(ctx: ChatContext, text: str) -> None:
    [reply] = await say(ctx, text)
    assert "looks empty" in reply


async def test_very_long_text_is_refused_politely(ctx: ChatContext) -> None:
    [reply] = await say(ctx, "a" * 5000)
    assert "5,000 characters" in reply and f"{MAX_TEXT:,}" in reply


@pytest.mark.parametrize("text", ["🇨🇦🙂 hello", "مرحبا كيف حالك", "שלום <b>x</b> & y"])
async def test_emoji_and_right_to_left_text_get_an_answer(ctx: ChatContext, text: str) -> None:
    replies = await say(ctx, text)
    assert replies and all(r.strip() for r in replies)
    assert "<b>x</b>" not in "".join(replies)  # user text is never echoed as markup


@pytest.mark.parametrize("code", ["nonsense", "forget:delete-all-now", "x" * 64, "crs"])
async def test_forged_or_stale_buttons_do_nothing_harmful(ctx: ChatContext, code: str) -> None:
    await say(ctx, "/start")
    replies = await build_router().handle(Event.press(CHAT, code, message_id=5), ctx)
    assert replies
    async with ctx.sessions() as session:
        assert (await session.exec(select(User).where(User.chat_id == CHAT))).first() is not None


async def test_edited_media_and_group_messages(ctx: ChatContext) -> None:
    router = build_router()
    [edited] = await router.handle(Event(CHAT, "edited"), ctx)
    assert "edited a message" in edited.text
    [media] = await router.handle(Event(CHAT, "media"), ctx)
    assert "only read text" in media.text
    [group_cmd] = await router.handle(Event(-100, "group", command="start"), ctx)
    assert "private chats only" in group_cmd.text
    assert await router.handle(Event(-100, "group"), ctx) == []


async def _fill_every_table(ctx: ChatContext, chat: int) -> None:
    await say(ctx, "/start", chat)
    now = datetime.now(UTC)
    async with ctx.sessions.begin() as session:
        draw = (await session.exec(select(Draw).where(Draw.number == "9001"))).first()
        if draw is None:
            draw = Draw(
                number="9001",
                draw_date=date(2026, 8, 18),
                name="Canadian Experience Class",
                category="cec",
            )
            session.add(draw)
            await session.flush()
        session.add(QuestionnaireState(chat_id=chat, state={"answers": {"age": 29}}))
        session.add(SavedProfile(chat_id=chat, profile={"age": 29}, total=480, rules="2025-03-25"))
        session.add(Subscription(chat_id=chat, mode="cec"))
        session.add(AlertOutbox(draw_id=draw.id or 0, chat_id=chat, status="sent", sent_at=now))
        session.add(FaqFeedback(chat_id=chat, entry_id="maintained-status-work", helpful=True))
        session.add(Reminder(chat_id=chat, kind="profile_expiry", due_on=date(2027, 1, 1)))
        session.add(OccupationAnswer(chat_id=chat, step="done", noc="31301", months=12))
        session.add(ProfileDates(chat_id=chat, step="done", birth_date=date(1997, 3, 14)))


async def test_forget_deletes_every_row_of_the_chat_and_nothing_else(ctx: ChatContext) -> None:
    await _fill_every_table(ctx, CHAT)
    await _fill_every_table(ctx, OTHER)
    async with ctx.sessions() as session:
        before = await count_rows(session, chat_id=CHAT)
    assert before == {name: 1 for name in before} and len(before) == 9

    [confirm] = await build_router().handle(Event.from_text(CHAT, "/forget"), ctx)
    assert confirm.codes() == ["forget:confirm", "forget:keep"]
    async with ctx.sessions() as session:
        assert await count_rows(session, chat_id=CHAT) == before  # nothing yet
    [done] = await build_router().handle(Event.press(CHAT, "forget:confirm", message_id=1), ctx)
    assert done.edit and "deleted" in done.text

    async with ctx.sessions() as session:
        after = await count_rows(session, chat_id=CHAT)
        other = await count_rows(session, chat_id=OTHER)
        draws = (await session.exec(select(Draw))).all()
    assert after == {name: 0 for name in before}
    assert other == before  # another person's data is untouched
    assert len(draws) == 1  # public draw history stays


async def test_forget_keep_deletes_nothing(ctx: ChatContext) -> None:
    await _fill_every_table(ctx, CHAT)
    await build_router().handle(Event.from_text(CHAT, "/forget"), ctx)
    [kept] = await build_router().handle(Event.press(CHAT, "forget:keep", message_id=1), ctx)
    assert "Nothing was deleted" in kept.text
    async with ctx.sessions() as session:
        assert set((await count_rows(session, chat_id=CHAT)).values()) == {1}

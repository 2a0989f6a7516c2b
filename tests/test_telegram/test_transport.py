"""The Telegram transport in process: the real application (`build_application`, `on_update`,
`to_event`, `Outbound.reply`) polling the local Bot API server in the test's event loop, with a
router of the test's own so each reply shape can be provoked on purpose.

The error handler's redaction, the flood guard and the command menus are driven the same way
in tests/test_security and tests/e2e/test_basics_e2e.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.replies import Reply
from bot.store.users import choose_language, get_user
from tests.e2e.inprocess import InProcessBot
from tests.fakes.botapi import FakeBotAPI

USER = 4242
ADMIN = 999  # InProcessBot's admin
#: The smallest valid PNG (1 x 1 pixel).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da636460f80f0000010101005a4d6a8d0000000049454e44ae426082"
)

router = Router(name=__name__)


@router.command("echo", in_menu=False)
async def echo(event: Event, ctx: ChatContext) -> list[Reply]:
    return [Reply(f"echo [{event.args}] admin={event.is_admin} lang={event.lang}")]


@router.command("long", in_menu=False)
async def long(event: Event, ctx: ChatContext) -> list[Reply]:
    lines = [f"line {i:04d} " + "x" * 40 for i in range(200)]  # about 10,000 characters
    return [Reply("\n".join(lines))]


@router.command("photo", in_menu=False)
async def photo(event: Event, ctx: ChatContext) -> list[Reply]:
    return [Reply("a chart", photo=PNG)]


@router.command("menu", in_menu=False)
async def menu(event: Event, ctx: ChatContext) -> list[Reply]:
    return [Reply("pick one", buttons=Reply.rows([("Same", "t:same"), ("New", "t:new")]))]


@router.command("boom", in_menu=False)
async def boom(event: Event, ctx: ChatContext) -> list[Reply]:
    raise RuntimeError("a handler failed")


@router.button_prefixes("t")
async def pressed(event: Event, ctx: ChatContext) -> list[Reply]:
    text = "pick one" if event.button == "t:same" else "you picked new"
    return [Reply(text, buttons=Reply.rows([("Same", "t:same"), ("New", "t:new")]), edit=True)]


@router.fallback
async def said(event: Event, ctx: ChatContext) -> list[Reply] | None:
    return [Reply(f"you said {event.text}")]


@pytest.fixture
async def app(api: FakeBotAPI, db_url: str, tmp_path: Path) -> AsyncIterator[InProcessBot]:
    bot = InProcessBot(api=api, db_url=db_url, workdir=tmp_path, router=router, jobs=False)
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()


async def test_a_command_with_the_bots_name_and_arguments_becomes_one_event(
    api: FakeBotAPI, app: InProcessBot
) -> None:
    events = await api.send_and_wait(USER, "/echo@ee_assistant_bot  hello there ")
    assert [e.text for e in events] == ["echo [hello there] admin=False lang=en"]
    events = await api.send_and_wait(999, "/echo", language_code="fr")
    assert [e.text for e in events] == ["echo [] admin=True lang=fr"]


async def test_plain_text_reaches_the_fallback_and_html_parse_mode_is_set(
    api: FakeBotAPI, app: InProcessBot
) -> None:
    events = await api.send_and_wait(USER, "salut")
    assert [(e.kind, e.text, e.parse_mode) for e in events] == [
        ("message", "you said salut", "HTML")
    ]


async def test_groups_get_one_notice_for_commands_and_nothing_else(
    api: FakeBotAPI, app: InProcessBot
) -> None:
    group = -100123
    events = await api.send_and_wait(group, "/echo hi", chat_type="group")
    assert len(events) == 1 and "private" in (events[0].text or "")
    await api.send_text(group, "hello everyone", chat_type="group")
    await api.expect_no_event(group, within=0.5)


async def test_an_edited_message_gets_the_notice(api: FakeBotAPI, app: InProcessBot) -> None:
    message_id = await api.send_text(USER, "first")
    await api.collect(USER)
    await api.send_edited(USER, message_id, "second")
    event = await api.next_event(USER)
    assert "send it again" in (event.text or "")


async def test_a_button_edits_its_own_message_and_an_unchanged_edit_is_quiet(
    api: FakeBotAPI, app: InProcessBot
) -> None:
    (shown,) = await api.send_and_wait(USER, "/menu")
    events = await api.press_and_wait(USER, "t:new")
    assert [(e.kind, e.message_id, e.text) for e in events] == [
        ("edit", shown.message_id, "you picked new")
    ]
    await api.press_and_wait(USER, "t:same")
    # Pressing "Same" again changes nothing: Telegram answers "message is not modified",
    # which the bot ignores (no new message, no apology, no error in the log).
    await api.press(USER, "t:same")
    await api.expect_no_event(USER, within=0.5)
    assert api.count("answerCallbackQuery") == 3  # every press was answered (no spinner left)
    assert "Traceback" not in app.log()


async def test_a_long_reply_is_split_at_line_breaks(api: FakeBotAPI, app: InProcessBot) -> None:
    events = await api.send_and_wait(USER, "/long")
    assert len(events) == 3
    assert all(len(e.text or "") <= 4096 for e in events)
    joined = "\n".join(e.text or "" for e in events)
    assert joined.count("line ") == 200
    assert joined.splitlines()[0].startswith("line 0000") and "line 0199" in joined


async def test_a_photo_reply_is_sent_as_a_photo_with_its_caption(
    api: FakeBotAPI, app: InProcessBot
) -> None:
    (event,) = await api.send_and_wait(USER, "/photo")
    assert event.kind == "photo"
    assert event.photo_bytes == PNG
    assert event.text == "a chart"


async def test_a_user_who_blocked_the_bot_is_marked_blocked(
    api: FakeBotAPI, app: InProcessBot, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await api.send_and_wait(USER, "hello")
    api.block(USER)
    await api.send_text(USER, "are you there")
    await api.wait_idle(0.5)
    async with sessions() as session:
        user = await get_user(session, chat_id=USER)
    assert user is not None and user.blocked
    assert "Traceback" not in app.log()


async def test_the_error_apology_is_in_the_language_the_chat_chose(
    api: FakeBotAPI, app: InProcessBot, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """Telegram says English, the chat chose French with /language: the apology for a failed
    handler (sent without reading the database) is French, like every other reply; so is the
    report to an admin who chose French."""
    async with sessions.begin() as session:
        await choose_language(session, chat_id=USER, language="fr")
        await choose_language(session, chat_id=ADMIN, language="fr")
    assert "lang=fr" in (await api.send_and_wait(USER, "/echo", language_code="en"))[-1].text
    assert "lang=fr" in (await api.send_and_wait(ADMIN, "/echo", language_code="en"))[-1].text
    [apology] = await api.send_and_wait(USER, "/boom", language_code="en")
    assert apology.text.startswith("Désolé, un problème de mon côté")
    # (The admin may also hear that the feed, which this test does not serve, can't be read.)
    reports = [e.text for e in await api.collect(ADMIN, quiet=0.3) if "4242" in e.text]
    assert reports == [
        "⚠️ <b>Erreur</b> pendant le traitement de la conversation 4242\u00a0:\n"
        "<code>RuntimeError: a handler failed</code>"
    ]

"""Abuse through the conversation core: forged, stale and oversized button codes; admin
commands from non-admins; user text always escaped; /forget leaves no row behind."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import inspect
from sqlmodel import SQLModel

from bot.chat import ChatContext, Event, Reply, build_router
from bot.chat.router import Router
from bot.store.models import PERSONAL_TABLES
from bot.store.privacy import count_rows
from bot.store.questionnaire_states import load_state

CHAT = 7771
OTHER = 7772


@pytest.fixture(scope="module")
def router() -> Router:
    return build_router()


async def send(
    router: Router, ctx: ChatContext, text: str, chat: int = CHAT, **kw: bool
) -> list[Reply]:
    return await router.handle(Event.from_text(chat, text, **kw), ctx)


async def press(router: Router, ctx: ChatContext, code: str, chat: int = CHAT) -> list[Reply]:
    return await router.handle(Event.press(chat, code, message_id=1), ctx)


async def state(ctx: ChatContext, chat: int = CHAT) -> dict | None:  # type: ignore[type-arg]
    async with ctx.sessions() as session:
        return await load_state(session, chat_id=chat)


async def test_forged_stale_and_oversized_codes_change_nothing(
    router: Router, ctx: ChatContext
) -> None:
    await send(router, ctx, "/crs")
    await press(router, ctx, "marital_status:single")
    before = await state(ctx)
    assert before is not None and before["current"] == "age"

    attempts = [
        "marital_status:married",  # stale: a button of an earlier question
        "age:99",  # forged: age takes typed text, there is no such button
        "education:royalty",  # forged: not the current question, not an option
        "review:confirm",  # forged: no review screen yet
        "age:" + "9" * 5000,  # oversized: Telegram caps callback data at 64 bytes
        "x" * 70,  # oversized unknown prefix
        "forget:everything",  # unknown code of a known prefix
        "zz:top",  # unknown prefix
        "",  # empty
    ]
    for code in attempts:
        replies = await press(router, ctx, code)
        assert replies, code
        text = " ".join(r.text for r in replies)
        assert "9" * 100 not in text  # the forged payload is never echoed
        assert await state(ctx) == before, code
    async with ctx.sessions() as session:
        assert (await count_rows(session, chat_id=CHAT))["profiles"] == 0


async def test_stale_code_gets_the_current_question_again(router: Router, ctx: ChatContext) -> None:
    await send(router, ctx, "/crs")
    await press(router, ctx, "marital_status:single")
    [reply] = await press(router, ctx, "marital_status:married")
    assert "no longer active" in reply.text
    assert "age:back" in reply.codes()  # the question that is current now


async def test_admin_commands_are_refused_for_non_admins(router: Router, ctx: ChatContext) -> None:
    admin_only = [c.name for c in router.commands.values() if c.admin]
    assert admin_only, "the router has admin commands to protect"
    for name in admin_only:
        [reply] = await send(router, ctx, f"/{name} 439 2026-01-01 500 3000")
        assert "don't know" in reply.text.lower() or "unknown" in reply.text.lower(), name
        [as_admin] = await send(router, ctx, f"/{name}", is_admin=True)
        assert as_admin.text != reply.text, name
    [help_] = await send(router, ctx, "/help")
    assert all(f"/{name}" not in help_.text for name in admin_only)


class _Tags(HTMLParser):
    ALLOWED = frozenset(
        {"b", "i", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler", "em", "strong"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.ALLOWED:
            self.bad.append(tag)
        for name, value in attrs:
            if tag == "a" and name == "href" and value and "evil" in value:
                self.bad.append(f"a href={value}")


HOSTILE = [
    "<b>bold</b> question",
    '<a href="https://evil.example/x">click</a>',
    "fish & chips && <<>>",
    "<i>broken <b>tags</i",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("text", HOSTILE)
async def test_user_text_is_escaped_in_every_reply(
    router: Router, ctx: ChatContext, text: str
) -> None:
    replies = await send(router, ctx, text)  # free text: FAQ answer or abstention
    await send(router, ctx, "/crs")
    await press(router, ctx, "marital_status:single")
    replies += await send(router, ctx, text)  # an invalid answer to "age"
    replies += await send(router, ctx, f"/{text}")  # an unknown "command"
    for reply in replies:
        checker = _Tags()
        checker.feed(reply.text)
        assert checker.bad == [], (text, reply.text)
        assert text not in reply.text or html.escape(text) == text
        # Whatever of the text is shown, is shown escaped.
        shown = re.sub(r"<[^>]+>", "", reply.text)
        assert "<script>" not in html.unescape(shown) or "&lt;script&gt;" in reply.text


async def test_forget_removes_every_row_of_the_chat_and_only_those(
    router: Router, ctx: ChatContext
) -> None:
    for chat in (CHAT, OTHER):
        await send(router, ctx, "/start", chat)
        await send(router, ctx, "/subscribe", chat)
        await send(router, ctx, "/remind profile 2026-12-01", chat)
        [answer] = await send(router, ctx, "does freelance work count towards cec hours", chat)
        up = next((c for c in answer.codes() if c.startswith("fb:") and c.endswith(":up")), None)
        if up:
            await press(router, ctx, up, chat)
        await send(router, ctx, "/crs", chat)
        await press(router, ctx, "marital_status:single", chat)
    async with ctx.sessions() as session:
        before = await count_rows(session, chat_id=CHAT)
    assert before["users"] == 1 and before["questionnaire_states"] == 1
    assert before["subscriptions"] == 1

    [confirm] = await send(router, ctx, "/forget")
    assert "forget:confirm" in confirm.codes()
    await press(router, ctx, "forget:confirm")
    async with ctx.sessions() as session:
        assert set((await count_rows(session, chat_id=CHAT)).values()) == {0}
        assert await count_rows(session, chat_id=OTHER) == before


def test_every_table_with_a_chat_id_is_a_personal_table() -> None:
    with_chat = {t.name for t in SQLModel.metadata.sorted_tables if "chat_id" in t.c}
    assert with_chat == {str(t.__tablename__) for t in PERSONAL_TABLES}


def test_personal_tables_hold_no_name_username_or_message_columns() -> None:
    suspicious = re.compile(r"name|username|text|message|question|phone|email")
    for table in SQLModel.metadata.sorted_tables:
        if table.name in {"draws"}:  # IRCC's round names, not people
            continue
        columns = [c.name for c in inspect(table).columns]
        assert not [c for c in columns if suspicious.search(c) and c != "last_error"], table.name

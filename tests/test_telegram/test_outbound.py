"""The one outbound path (bot/telegram/outbound.py) against the local Bot API server: what a
person receives for each reply shape, and the outcome the caller gets for each Bot API error.
Replies inside a running application are covered by test_transport.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram.ext import ExtBot

from bot.replies import Reply
from bot.telegram.http import AiohttpRequest
from bot.telegram.lanes import TwoLaneLimiter
from bot.telegram.outbound import Outbound
from tests.fakes.botapi import FakeBotAPI

CHAT = 5151


async def make_bot(api: FakeBotAPI, *, limiter: bool) -> ExtBot[None]:
    bot: ExtBot[None] = ExtBot(
        api.token,
        base_url=f"{api.url}/bot",
        base_file_url=f"{api.url}/file/bot",
        request=AiohttpRequest(),
        rate_limiter=TwoLaneLimiter(50, max_retries=1) if limiter else None,
    )
    await bot.initialize()
    return bot


@pytest.fixture(params=[True, False], ids=["two-lanes", "no-limiter"])
async def out(api: FakeBotAPI, request: pytest.FixtureRequest) -> AsyncIterator[Outbound]:
    bot = await make_bot(api, limiter=request.param)
    try:
        yield Outbound(bot)
    finally:
        await bot.shutdown()


async def test_an_alert_arrives_once_with_its_buttons_with_or_without_the_lanes(
    api: FakeBotAPI, out: Outbound
) -> None:
    # BOT_RATE_LIMITER=off used to make every alert fail: PTB refuses rate_limit_args
    # without a limiter.
    alert = Reply("<b>New round</b>", buttons=Reply.rows([("Details", "draws:latest")]))
    outcome = await out.send(CHAT, alert)
    assert outcome.kind == "sent"
    [message] = api.messages(CHAT)
    assert message.text == "<b>New round</b>" and message.codes == ["draws:latest"]


async def test_a_long_reply_is_split_but_a_long_alert_is_one_message(
    api: FakeBotAPI, out: Outbound
) -> None:
    # 120 lines of 50 characters + 119 line breaks = 6,119 characters: over 4,096, so a reply
    # becomes two messages (81 lines = 4,130 > 4,096, so the first part holds 80 lines).
    text = "\n".join(f"{i:03d} " + "x" * 46 for i in range(120))
    assert (await out.reply(CHAT, [Reply(text)])).kind == "sent"
    first, second = api.messages(CHAT)
    assert first.text is not None and first.text.count("\n") == 79
    assert second.text is not None and second.text.startswith("080 ")
    # An alert is one message, cut at 4,096 characters: a retried outbox row never repeats
    # a part the person already has.
    assert (await out.send(CHAT + 1, Reply(text))).kind == "sent"
    [alert] = api.messages(CHAT + 1)
    assert alert.text is not None and len(alert.text) == 4096


async def test_an_edit_replaces_the_message_and_falls_back_to_a_new_one(
    api: FakeBotAPI, out: Outbound
) -> None:
    await out.reply(CHAT, [Reply("pick one", buttons=Reply.rows([("A", "t:a")]))])
    [shown] = api.messages(CHAT)
    edit = Reply("you picked A", buttons=Reply.rows([("B", "t:b")]), edit=True)
    assert (await out.reply(CHAT, [edit], edit_message_id=shown.message_id)).kind == "sent"
    assert [m.text for m in api.messages(CHAT)] == ["you picked A"]
    # The same content again: Telegram says "not modified"; nothing new, counted as sent.
    assert (await out.reply(CHAT, [edit], edit_message_id=shown.message_id)).kind == "sent"
    assert len(api.messages(CHAT)) == 1
    # A message that cannot be edited (unknown id): a new message instead.
    assert (await out.reply(CHAT, [edit], edit_message_id=987_654)).kind == "sent"
    assert [m.text for m in api.messages(CHAT)] == ["you picked A", "you picked A"]


async def test_bot_api_errors_become_outcomes(api: FakeBotAPI, out: Outbound) -> None:
    api.block(CHAT)
    assert (await out.send(CHAT, Reply("alert"))).kind == "blocked"
    assert (await out.reply(CHAT, [Reply("answer")])).kind == "blocked"
    api.chat_not_found(CHAT + 1)
    assert (await out.send(CHAT + 1, Reply("alert"))).kind == "not_found"
    api.fail_next("sendMessage", status=400, description="Bad Request: can't parse entities")
    permanent = await out.send(CHAT + 2, Reply("alert"))
    assert permanent.kind == "permanent" and "parse entities" in (permanent.error or "")
    # 429s past what the lanes absorb (one retry here): the outbox gets the wait back.
    api.fail_next("sendMessage", retry_after=1, times=2, chat_id=CHAT + 3)
    late = await out.send(CHAT + 3, Reply("alert"))
    assert late.kind == "retry_after" and late.retry_after == 1
    api.clear_failures()
    assert api.messages(CHAT + 3) == []


async def test_a_notice_that_cannot_be_delivered_is_reported_not_raised(
    api: FakeBotAPI, out: Outbound
) -> None:
    api.block(999)
    await out.notify_admins((999, 998), "the feed is stale")
    assert [m.text for m in api.messages(998)] == ["the feed is stale"]
    assert api.messages(999) == []

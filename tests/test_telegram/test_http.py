"""The bot's Bot API client (bot/telegram/http.py, aiohttp under PTB) against the local Bot API
server: every call shape the bot uses, and the errors the retry logic relies on."""

from __future__ import annotations

import asyncio
import datetime as dtm
import socket
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.telegram.http import AiohttpRequest, never_sent
from tests.fakes.botapi import TINY_PNG, FakeBotAPI

CHAT = 4242


def keyboard(*codes: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(c, callback_data=c) for c in codes]])


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server


def make_bot(api: FakeBotAPI, **kwargs: float) -> Bot:
    return Bot(
        api.token,
        base_url=f"{api.url}/bot",
        base_file_url=f"{api.url}/file/bot",
        request=AiohttpRequest(**kwargs),  # type: ignore[arg-type]
        get_updates_request=AiohttpRequest(read_timeout=5.0),
    )


async def test_messages_edits_callbacks_and_html_arrive_as_sent(api: FakeBotAPI) -> None:
    async with make_bot(api) as bot:
        message = await bot.send_message(
            CHAT, "<b>Age</b> &amp; «ünïcode» ✓", parse_mode="HTML", reply_markup=keyboard("a:1")
        )
        event = await api.next_event(CHAT)
        assert event.text == "<b>Age</b> &amp; «ünïcode» ✓" and event.codes == ["a:1"]
        await bot.edit_message_text(
            "Edited", chat_id=CHAT, message_id=message.message_id, reply_markup=keyboard("b:2")
        )
        edited = await api.next_event(CHAT)
        assert edited.kind == "edit" and edited.text == "Edited" and edited.codes == ["b:2"]

        query_id = await api.press(CHAT, "b:2", message_id=message.message_id)
        updates = await bot.get_updates(timeout=dtm.timedelta(seconds=1))
        assert len(updates) == 1
        query = updates[0].callback_query
        assert query is not None and query.id == query_id and query.data == "b:2"
        assert await query.answer() is True
        assert (await api.wait_callback_answer(query.id))["callback_query_id"] == query.id


async def test_photo_upload_is_multipart_with_caption_and_buttons(api: FakeBotAPI) -> None:
    async with make_bot(api) as bot:
        await bot.send_photo(
            CHAT, TINY_PNG, caption="<i>chart</i>", parse_mode="HTML", reply_markup=keyboard("x")
        )
        event = await api.next_event(CHAT)
        assert event.kind == "photo" and event.photo_bytes == TINY_PNG
        assert event.text == "<i>chart</i>" and event.codes == ["x"]


async def test_api_errors_keep_ptb_semantics(api: FakeBotAPI) -> None:
    async with make_bot(api) as bot:
        api.fail_next("sendMessage", retry_after=3)
        with pytest.raises(RetryAfter) as info:
            await bot.send_message(CHAT, "x")
        assert info.value.retry_after == dtm.timedelta(seconds=3)
        api.fail_next("sendMessage", status=502)
        with pytest.raises(NetworkError):
            await bot.send_message(CHAT, "x")
        api.block(CHAT)
        with pytest.raises(Forbidden):
            await bot.send_message(CHAT, "x")
        api.unblock(CHAT)
        with pytest.raises(BadRequest):
            await bot.send_message(CHAT, "<b>broken", parse_mode="HTML")
        await bot.send_message(CHAT, "fine")
        assert [e.text for e in api.events(CHAT)] == ["fine"]


async def test_read_timeout_may_have_been_delivered(api: FakeBotAPI) -> None:
    api.set_delay("sendMessage", 1.0)
    async with make_bot(api, read_timeout=0.2) as bot:
        with pytest.raises(TimedOut) as info:
            await bot.send_message(CHAT, "slow")
        assert not never_sent(info.value)  # the server got it: resending could double it
        api.set_delay("sendMessage", 0)
        await bot.send_message(CHAT, "fast")


async def test_waiting_for_a_pooled_connection_times_out_before_sending(api: FakeBotAPI) -> None:
    api.set_delay("sendMessage", 1.0)
    async with make_bot(api, connection_pool_size=1, pool_timeout=0.1, connect_timeout=0.1) as bot:
        first = asyncio.create_task(bot.send_message(CHAT, "holds the only connection"))
        await asyncio.sleep(0.2)
        with pytest.raises(TimedOut) as info:
            await bot.send_message(CHAT, "waits for it")
        assert never_sent(info.value)  # safe to send again
        await first
    assert [e.text for e in api.events(CHAT)] == ["holds the only connection"]


async def test_connection_refused_is_a_network_error_without_the_token() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    token = "123456:SECRET-token-value"
    bot = Bot(token, base_url=f"http://127.0.0.1:{port}/bot", request=AiohttpRequest())
    await bot._request[1].initialize()
    try:
        with pytest.raises(NetworkError) as info:
            await bot.send_message(CHAT, "x")
        assert "SECRET" not in str(info.value) and token not in repr(info.value)
    finally:
        await bot._request[1].shutdown()

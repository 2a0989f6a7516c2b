"""FakeBotAPI driven by a real telegram.Bot."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
)
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.request import HTTPXRequest

from tests.fakes.botapi import TINY_PNG, FakeBotAPI, NoEventError

CHAT = 4242


def kb(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=code) for label, code in row] for row in rows]
    )


async def test_get_me_and_port(api: FakeBotAPI, bot: Bot) -> None:
    assert api.url.startswith("http://127.0.0.1:") and api.port > 0
    me = await bot.get_me()
    assert me.username == "ee_test_bot"
    assert me.id == 123456 and me.is_bot
    assert api.count("getMe") >= 1


async def test_wrong_token_is_invalid_token(api: FakeBotAPI) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=f"{api.url}/bot"):
            pass


async def test_unknown_method_is_404(api: FakeBotAPI) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{api.url}/bot{api.token}/sendDice", json={"chat_id": 1})
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_send_message_with_buttons(api: FakeBotAPI, bot: Bot) -> None:
    await api.send_text(CHAT, "hello")
    message = await bot.send_message(
        CHAT, "<b>Hi</b> there", parse_mode="HTML", reply_markup=kb([("A", "a"), ("B", "b")])
    )
    assert message.chat.id == CHAT and message.from_user is not None
    assert message.from_user.is_bot
    assert isinstance(message.date, dtm.datetime)
    assert message.message_id == 2  # per-chat ids; the user's message was 1
    event = await api.next_event(CHAT)
    assert event.kind == "message" and event.text == "<b>Hi</b> there"
    assert event.parse_mode == "HTML"
    assert event.buttons == [[("A", "a"), ("B", "b")]]
    assert event.codes == ["a", "b"]
    raw_date = api.calls_of("sendMessage")[0]
    assert raw_date["chat_id"] == CHAT  # form-encoded int decoded
    assert isinstance(api.history(CHAT)[1]["date"], int)


async def test_url_buttons_and_reply_keyboard(api: FakeBotAPI, bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("IRCC", url="https://canada.ca")]])
    await bot.send_message(CHAT, "link", reply_markup=markup)
    await bot.send_message(CHAT, "kbd", reply_markup=ReplyKeyboardMarkup([["Yes", "No"]]))
    first, second = await api.next_event(CHAT), await api.next_event(CHAT)
    assert first.buttons == [[("IRCC", "https://canada.ca")]]
    assert second.buttons == [] and second.reply_keyboard == [["Yes", "No"]]


async def test_json_body_is_accepted(api: FakeBotAPI) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{api.url}/bot{api.token}/sendMessage",
            json={"chat_id": 7, "text": "json", "reply_markup": {"inline_keyboard": []}},
        )
    body = response.json()
    assert body["ok"] and body["result"]["text"] == "json"
    assert (await api.next_event(7)).text == "json"


async def test_validation_errors(api: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(CHAT, " ")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(CHAT, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(CHAT, "<b>bold", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(CHAT, "<div>x</div>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(CHAT, "x", reply_markup=kb([("A", "a" * 65)]))
    api.chat_not_found(99)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(99, "x")
    assert api.events(CHAT) == []


async def test_edit_and_not_modified(api: FakeBotAPI, bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "v1", reply_markup=kb([("A", "a")]))
    await bot.edit_message_text("v2", CHAT, sent.message_id, reply_markup=kb([("A", "a")]))
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("v2", CHAT, sent.message_id, reply_markup=kb([("A", "a")]))
    # Without reply_markup Telegram drops the keyboard.
    edited = await bot.edit_message_text("v2", CHAT, sent.message_id)
    assert not isinstance(edited, bool) and edited.reply_markup is None
    await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=kb([("C", "c")]))
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=kb([("C", "c")]))
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("zz", CHAT, 999)
    kinds = [(e.kind, e.text, e.codes) for e in api.events(CHAT)]
    assert kinds == [
        ("message", "v1", ["a"]),
        ("edit", "v2", ["a"]),
        ("edit", "v2", []),
        ("edit", "v2", ["c"]),
    ]
    [state] = api.messages(CHAT)
    assert state.text == "v2" and state.codes == ["c"] and "edit_date" in state.raw


async def test_press_and_answer_callback(api: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(CHAT, "old", reply_markup=kb([("Go", "go")]))
    newer = await bot.send_message(CHAT, "new", reply_markup=kb([("Go", "go"), ("X", "x")]))
    cq_id = await api.press(CHAT, "go")
    updates = await bot.get_updates(timeout=1)
    [update] = updates
    assert update.callback_query is not None
    assert update.callback_query.data == "go"
    assert update.callback_query.message is not None
    assert update.callback_query.message.message_id == newer.message_id  # latest carrying it
    assert update.callback_query.id == cq_id
    await bot.answer_callback_query(cq_id, text="ok")
    answer = await api.wait_callback_answer(cq_id, timeout=1)
    assert answer["text"] == "ok" and answer["data"] == "go" and answer["chat_id"] == CHAT
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(cq_id)
    # Answers are not events.
    assert [e.kind for e in api.events(CHAT)] == ["message", "message"]

    with pytest.raises(AssertionError, match=r"(?i)available: .*'go', 'x'"):
        await api.press(CHAT, "nope")
    # Forged/stale data on a given message is still delivered.
    await api.press(CHAT, "forged", message_id=1)
    [forged] = await bot.get_updates(offset=update.update_id + 1, timeout=1)
    assert forged.callback_query is not None and forged.callback_query.data == "forged"


async def test_delete_message(api: FakeBotAPI, bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "bye")
    assert await bot.delete_message(CHAT, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(CHAT, sent.message_id)
    assert [e.kind for e in api.events(CHAT)] == ["message", "delete"]
    assert api.messages(CHAT) == []


async def test_set_my_commands(api: FakeBotAPI, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("crs", "CRS score")])
    assert [c["command"] for c in api.commands[("default", "")]] == ["start", "crs"]
    commands = await bot.get_my_commands()
    assert [c.command for c in commands] == ["start", "crs"]
    await bot.set_my_commands([BotCommand("start", "Démarrer")], language_code="fr")
    assert api.commands[("default", "fr")][0]["description"] == "Démarrer"


async def test_send_photo_multipart(api: FakeBotAPI, bot: Bot) -> None:
    png = TINY_PNG
    message = await bot.send_photo(
        CHAT, png, caption="<i>chart</i>", parse_mode="HTML", reply_markup=kb([("More", "more")])
    )
    assert message.photo and message.photo[-1].width == 1
    event = await api.next_event(CHAT)
    assert event.kind == "photo"
    assert event.photo_bytes is not None and event.photo_bytes.startswith(b"\x89PNG\r\n\x1a\n")
    assert event.text == "<i>chart</i>" and event.codes == ["more"]
    # The uploaded file can be fetched back through getFile + the file URL.
    file = await bot.get_file(message.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == png
    # Edit the caption of a photo.
    await bot.edit_message_caption(CHAT, message.message_id, caption="new")
    assert (await api.next_event(CHAT)).text == "new"
    with pytest.raises(BadRequest, match=r"(?i)no text in the message"):
        await bot.edit_message_text("t", CHAT, message.message_id)


async def test_fail_next_retry_after(api: FakeBotAPI, bot: Bot) -> None:
    api.fail_next("sendMessage", retry_after=3)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(CHAT, "x")
    assert info.value.retry_after == dtm.timedelta(seconds=3)
    assert api.events(CHAT) == [] and api.messages(CHAT) == []
    await bot.send_message(CHAT, "x")  # only the next call failed
    assert api.count("sendMessage") == 2
    assert api.errors[0][:2] == ("sendMessage", 429)


async def test_fail_next_statuses(api: FakeBotAPI, bot: Bot) -> None:
    api.fail_next("sendMessage", status=500, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_message(CHAT, "x")
    api.fail_next("sendMessage", status=403)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(CHAT, "x")
    api.fail_next("sendMessage", status=400, description="Bad Request: chat not found")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(CHAT, "x")
    api.fail_next("*", status=502, chat_id=1)
    await bot.send_message(CHAT, "ok")  # other chat: unaffected
    with pytest.raises(NetworkError):
        await bot.send_message(1, "x")
    assert [e.text for e in api.events(CHAT)] == ["ok"]


async def test_block(api: FakeBotAPI, bot: Bot) -> None:
    api.block(CHAT)
    with pytest.raises(Forbidden, match=r"(?i)Forbidden: bot was blocked by the user"):
        await bot.send_message(CHAT, "x")
    with pytest.raises(Forbidden):
        await bot.send_photo(CHAT, TINY_PNG)
    api.unblock(CHAT)
    await bot.send_message(CHAT, "x")
    assert len(api.events(CHAT)) == 1


async def test_rate_limit(api: FakeBotAPI, bot: Bot) -> None:
    api.set_rate_limit(global_per_second=3, per_chat_per_second=1)
    await bot.send_message(1, "a")
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(1, "b")  # per-chat limit
    assert info.value.retry_after == dtm.timedelta(seconds=1)
    await bot.send_message(2, "a")
    await bot.send_message(3, "a")
    with pytest.raises(RetryAfter):
        await bot.send_message(4, "a")  # global limit
    assert sorted(api.chats_with_output()) == [1, 2, 3]
    api.set_rate_limit(None, None)
    await bot.send_message(4, "a")


async def test_slow_response_times_out(api: FakeBotAPI) -> None:
    api.set_delay("sendMessage", 1.0)
    request = HTTPXRequest(read_timeout=0.2)
    async with Bot(api.token, base_url=f"{api.url}/bot", request=request) as slow_bot:
        with pytest.raises(TimedOut):
            await slow_bot.send_message(CHAT, "slow")
        api.set_delay("sendMessage", 0)
        await slow_bot.send_message(CHAT, "fast")


async def test_get_updates_long_poll_and_offsets(api: FakeBotAPI, bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(timeout=dtm.timedelta(milliseconds=300)) == ()
    assert loop.time() - started >= 0.25

    async def later() -> None:
        await asyncio.sleep(0.1)
        await api.send_text(CHAT, "/start payload")

    task = asyncio.create_task(later())
    started = loop.time()
    [update] = await bot.get_updates(timeout=3)
    await task
    assert loop.time() - started < 1.5  # woke up on arrival, not at the timeout
    assert update.message is not None and update.message.text == "/start payload"
    assert update.message.entities[0].type == "bot_command"
    assert update.message.entities[0].length == len("/start")
    assert update.message.from_user is not None
    assert update.message.from_user.language_code == "en"

    await api.send_text(CHAT, "two")
    await api.send_text(CHAT, "three")
    batch = await bot.get_updates(offset=update.update_id + 1, limit=1)
    assert [u.message.text for u in batch if u.message] == ["two"]
    batch = await bot.get_updates(offset=batch[0].update_id + 1)
    assert [u.message.text for u in batch if u.message] == ["three"]
    assert [u.update_id for u in batch] == [update.update_id + 2]
    await bot.get_updates(offset=batch[0].update_id + 1)
    assert api.pending_updates == 0


async def test_unconfirmed_updates_are_redelivered_after_lease(api: FakeBotAPI, bot: Bot) -> None:
    api.redeliver_after = 0.2
    await api.send_text(CHAT, "hi")
    first = await bot.get_updates()
    assert await bot.get_updates() == ()  # leased to the first caller
    await asyncio.sleep(0.25)
    again = await bot.get_updates()
    assert [u.update_id for u in again] == [u.update_id for u in first]


async def test_two_pollers_get_distinct_updates(api: FakeBotAPI, bot: Bot) -> None:
    async def poll() -> list[int]:
        return [u.update_id for u in await bot.get_updates(timeout=2, limit=1)]

    first, second = asyncio.create_task(poll()), asyncio.create_task(poll())
    await asyncio.sleep(0.1)
    await api.send_text(1, "a")
    await api.send_text(2, "b")
    got = await first + await second
    assert sorted(got) == [1, 2]


async def test_user_side_message_kinds(api: FakeBotAPI, bot: Bot) -> None:
    await api.send_sticker(CHAT)
    await api.send_photo_from_user(CHAT, caption="pic")
    await api.send_voice(CHAT)
    mid = await api.send_text(CHAT, "typo")
    await api.send_edited(CHAT, mid, "fixed")
    await api.send_text(-100, "/help@ee_test_bot", chat_type="supergroup", user_id=77)
    api.raw_update({"my_chat_member": _my_chat_member(CHAT)})
    updates = await bot.get_updates(allowed_updates=[])
    assert updates[0].message is not None and updates[0].message.sticker is not None
    assert updates[1].message is not None and updates[1].message.photo
    assert updates[1].message.caption == "pic"
    assert updates[2].message is not None and updates[2].message.voice is not None
    assert updates[4].edited_message is not None
    assert updates[4].edited_message.text == "fixed"
    group = updates[5].message
    assert group is not None and group.chat.type == "supergroup" and group.chat.id == -100
    assert group.from_user is not None and group.from_user.id == 77
    assert updates[6].my_chat_member is not None
    assert [u.update_id for u in updates] == list(range(1, 8))


def _my_chat_member(chat_id: int) -> dict[str, object]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Test"}
    bot = {"id": 123456, "is_bot": True, "first_name": "EE Test Bot"}
    return {
        "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
        "from": user,
        "date": 1,
        "old_chat_member": {"status": "member", "user": bot},
        "new_chat_member": {"status": "kicked", "user": bot, "until_date": 0},
    }


async def test_waiting_helpers(api: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(NoEventError):
        await api.next_event(CHAT, timeout=0.05)
    await bot.send_message(CHAT, "one")
    await bot.send_message(CHAT, "two")
    await bot.send_message(CHAT, "three")
    event = await api.wait_for(CHAT, lambda e: e.text == "two", timeout=1)
    assert event.text == "two"
    assert (await api.next_event(CHAT)).text == "three"
    await api.expect_no_event(CHAT, within=0.05)
    await api.wait_idle(0.05)
    assert len(api.events(CHAT)) == 3
    with pytest.raises(NoEventError, match=r"(?i)skipped"):
        await api.wait_for(CHAT, lambda e: False, timeout=0.05)


async def test_webhook_conflict_and_delete(api: FakeBotAPI, bot: Bot) -> None:
    assert await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="s3cret")
    info = await bot.get_webhook_info()
    assert info.url == "http://127.0.0.1:9/hook"
    with pytest.raises(Conflict):
        await bot.get_updates()
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == ()


async def test_raw_json_shapes(api: FakeBotAPI) -> None:
    async with httpx.AsyncClient() as client:
        base = f"{api.url}/bot{api.token}"
        api.fail_next("sendMessage", retry_after=5)
        response = await client.post(f"{base}/sendMessage", data={"chat_id": "1", "text": "x"})
        assert response.status_code == 429
        assert response.json() == {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 5",
            "parameters": {"retry_after": 5},
        }
        response = await client.post(f"{api.url}/botWRONG/getMe")
        assert response.status_code == 401
        assert response.json()["description"] == "Unauthorized"
        # Method names are case-insensitive, GET with a query string works.
        response = await client.get(f"{base}/getme")
        assert response.json()["result"]["username"] == "ee_test_bot"
        response = await client.post(
            f"{base}/sendMessage",
            data={
                "chat_id": "1",
                "text": "123",
                "reply_markup": json.dumps({"inline_keyboard": []}),
            },
        )
        assert response.json()["result"]["text"] == "123"  # text stays a string


async def test_abandoned_long_poll_does_not_steal_updates(api: FakeBotAPI, bot: Bot) -> None:
    # A poller that gives up (client timeout, cancelled task) must not swallow the next update.
    async with httpx.AsyncClient(timeout=0.1) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.post(f"{api.url}/bot{api.token}/getUpdates", json={"timeout": 5})
    await asyncio.sleep(0.05)
    await api.send_text(CHAT, "for the live poller")
    [update] = await bot.get_updates(timeout=1)
    assert update.message is not None and update.message.text == "for the live poller"
    assert api.delivered_updates == 1

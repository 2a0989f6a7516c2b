"""Input limits for commands, commands for other bots in groups, and an update PTB cannot
parse (polling and webhook): skipped and logged once, the bot keeps answering."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.e2e.inprocess import InProcessBot
from tests.e2e.webhook_harness import SECRET, InProcessWebhook
from tests.fakes.botapi import FakeBotAPI

GROUP = -100777
#: A message without its required "chat" and "date": PTB's Message.de_json fails on it.
BROKEN = {"message": {"message_id": 1, "text": "hi"}}


async def test_a_long_unknown_command_is_not_echoed_in_full(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    name = "a" * 4000
    [reply] = await api.send_and_wait(7201, "/" + name)
    text = reply.text or ""
    assert "/" + "a" * 32 + "…" in text  # Telegram's command names stop at 32 characters
    assert "a" * 33 not in text and len(text) < 200


async def test_long_command_arguments_get_the_too_long_answer(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    [reply] = await api.send_and_wait(7202, "/start " + "x" * 3000)
    # 3,000 characters of arguments against the 2,000 read.
    assert "3,000 characters long" in (reply.text or "")
    assert "2,000" in (reply.text or "")


async def test_group_commands_for_another_bot_are_ignored(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    await api.send_text(GROUP, "/help@some_other_bot", chat_type="group", title="G")
    await api.expect_no_event(GROUP, within=0.8)
    await api.send_text(GROUP, "/help@EE_Test_Bot", chat_type="group", title="G")
    [ours] = await api.collect(GROUP)
    assert "private chats only" in (ours.text or "")
    await api.send_text(GROUP, "/help", chat_type="group", title="G")
    [everyones] = await api.collect(GROUP)
    assert "private chats only" in (everyones.text or "")


async def test_an_unparseable_update_is_skipped_once_while_polling(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    await api.send_and_wait(7203, "/start")
    polls = api.count("getUpdates")
    bad_id = api.raw_update(BROKEN)
    # The update after it is answered: polling is not wedged on the bad one.
    reply = await api.send_and_wait(7204, "/help")
    assert reply and "/start" in (reply[-1].text or "")
    await api.wait_idle(0.5)
    assert api.count("getUpdates") - polls < 10  # no hot loop
    assert bot.log().count(f"skipped update {bad_id}: it cannot be parsed") == 1


async def test_an_unparseable_update_is_skipped_by_the_webhook(
    api: FakeBotAPI, db_url: str, tmp_path: Path
) -> None:
    hook = InProcessWebhook(api=api, db_url=db_url, workdir=tmp_path)
    await hook.start()
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            answer = await client.post(
                hook.local_url,
                json={"update_id": 99001, **BROKEN},
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            )
        # 200: an error answer would make Telegram deliver it again and again.
        assert answer.status_code == 200
        reply = await api.send_and_wait(7205, "/help")
        assert reply
    finally:
        await hook.stop()
    assert hook.log().count("skipped update 99001: it cannot be parsed") == 1

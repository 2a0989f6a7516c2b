"""At LOG_LEVEL=DEBUG the log says which API calls and updates happened, never people's names,
usernames or what they wrote (PTB's own DEBUG lines quote whole calls and updates)."""

from __future__ import annotations

from tests.e2e.inprocess import InProcessBot
from tests.fakes.botapi import FakeBotAPI

USER = 8401


async def test_debug_log_has_no_names_usernames_or_message_text(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    who = {"first_name": "Zebediah", "username": "zeb_private_handle"}
    await api.send_text(USER, "/start", **who)
    await api.wait_for(USER, lambda e: e.kind == "message")
    await api.send_text(USER, "is my quokka-shaped passport renewal urgent", **who)
    await api.wait_for(USER, lambda e: e.kind == "message")
    await api.wait_idle(0.3)
    log = bot.log()
    assert f"Bot API sendMessage, chat {USER}" in log  # DEBUG lines were written
    assert "Processing update id" in log
    for private in ("Zebediah", "zeb_private_handle", "quokka-shaped"):
        assert private not in log

"""Updates lose what the bot never reads before PTB parses them (bot/telegram/slim.py): a
pressed button's message keeps its id and chat, not its text and keyboard."""

from __future__ import annotations

import json

from telegram import Update

from bot.telegram.adapters import to_event
from bot.telegram.slim import slim_batch

PRESS = {
    "update_id": 7,
    "callback_query": {
        "id": "q1",
        "from": {"id": 42, "is_bot": False, "first_name": "A", "language_code": "fr"},
        "chat_instance": "c",
        "data": "q:age:30",
        "message": {
            "message_id": 99,
            "date": 1764930000,
            "chat": {"id": 42, "type": "private"},
            "from": {"id": 1, "is_bot": True, "first_name": "Bot"},
            "text": "Quel âge avez-vous ?",
            "entities": [{"type": "bold", "offset": 0, "length": 4}],
            "reply_markup": {
                "inline_keyboard": [
                    [{"text": str(n), "callback_data": f"q:age:{n}"}] for n in range(18, 48)
                ]
            },
        },
    },
}


def test_a_pressed_button_keeps_what_the_bot_reads_and_loses_the_rest() -> None:
    text = {
        "update_id": 8,
        "message": {
            "message_id": 5,
            "date": 1,
            "text": "hello",
            "chat": {"id": 42, "type": "private"},
        },
    }
    body = json.dumps({"ok": True, "result": [PRESS, text]}).encode()
    slimmed = json.loads(slim_batch(body))["result"]
    message = slimmed[0]["callback_query"]["message"]
    assert set(message) == {"message_id", "date", "chat", "from"}
    assert slimmed[1] == text  # a typed message is left as sent
    event = to_event(Update.de_json(slimmed[0], None), admin_ids=())
    assert event is not None
    assert (event.chat_id, event.message_id, event.lang) == (42, 99, "fr")


def test_a_batch_without_a_press_is_passed_on_untouched() -> None:
    body = b'{"ok":true,"result":[{"update_id":1,"message":{"text":"hi"}}]}'
    assert slim_batch(body) is body  # not even parsed
    quoted = b'{"ok":true,"result":[{"update_id":1,"message":{"text":"callback_query"}}]}'
    assert json.loads(slim_batch(quoted)) == json.loads(quoted)
    assert slim_batch(b"not json callback_query") == b"not json callback_query"

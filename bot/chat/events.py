"""What a user did, as the conversation core sees it (transport-neutral)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EventKind = Literal["command", "text", "button", "media", "edited", "group"]

#: Longest free text the bot reads; Telegram itself caps a message at 4,096 characters.
MAX_TEXT = 2000
#: Telegram's limit on a command name (BotCommand: 1-32 characters).
MAX_COMMAND = 32


@dataclass(frozen=True, slots=True)
class Event:
    """One user action.

    - `command`: name without the slash and bot suffix ("start"), with `args` after it.
    - `text`: free text.
    - `button`: the callback code of the pressed button; `message_id` is that message.
    - `media`: a sticker, photo, voice note, file...; `edited`: an edited message;
      `group`: anything from a group chat (the bot works in private chats).
    """

    chat_id: int
    kind: EventKind
    lang: str = "en"
    command: str | None = None
    args: str = ""
    text: str | None = None
    button: str | None = None
    message_id: int | None = None
    is_admin: bool = False

    @classmethod
    def from_text(
        cls, chat_id: int, text: str, *, lang: str = "en", is_admin: bool = False
    ) -> Event:
        """Parse typed text the way Telegram does: "/cmd@bot args" is a command."""
        stripped = text.strip()
        if stripped.startswith("/") and len(stripped) > 1:
            head, _, args = stripped[1:].partition(" ")
            name = head.split("@", 1)[0].lower()
            if name and name.replace("_", "").isalnum() and name.isascii():
                return cls(
                    chat_id, "command", lang, command=name, args=args.strip(), is_admin=is_admin
                )
        return cls(chat_id, "text", lang, text=text, is_admin=is_admin)

    @classmethod
    def press(
        cls,
        chat_id: int,
        code: str,
        *,
        message_id: int | None = None,
        lang: str = "en",
        is_admin: bool = False,
    ) -> Event:
        return cls(chat_id, "button", lang, button=code, message_id=message_id, is_admin=is_admin)

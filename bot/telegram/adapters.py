"""Map PTB `Update`s to `Event`s (the way back, `Reply`s to Bot API calls, is
`bot.telegram.outbound`)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.chat.events import Event


def addressed_elsewhere(text: str, bot_username: str | None) -> bool:
    """ "/cmd@other_bot" in a group is for another bot ("/cmd" alone is for every bot)."""
    head = text[1:].split(maxsplit=1)[0] if text.startswith("/") and len(text) > 1 else ""
    _, at, target = head.partition("@")
    return bool(at) and (bot_username is None or target.lower() != bot_username.lower())


def to_event(
    update: Update, admin_ids: tuple[int, ...], bot_username: str | None = None
) -> Event | None:
    """The event for an update, or None for updates the bot ignores (channel posts, commands
    in a group addressed to another bot...)."""
    chat = update.effective_chat
    if chat is None:
        return None
    user = update.effective_user
    lang = (user.language_code if user else None) or "en"
    is_admin = chat.id in admin_ids
    if update.callback_query is not None:
        query = update.callback_query
        message_id = query.message.message_id if query.message else None
        if chat.type != ChatType.PRIVATE:
            return Event(chat.id, "group", lang)
        return Event.press(
            chat.id, query.data or "", message_id=message_id, lang=lang, is_admin=is_admin
        )
    if update.edited_message is not None:
        return Event(chat.id, "edited", lang) if chat.type == ChatType.PRIVATE else None
    message = update.message
    if message is None:
        return None
    if chat.type != ChatType.PRIVATE:
        text = (message.text or "").strip()
        if addressed_elsewhere(text, bot_username):
            return None
        is_command = text.startswith("/") and len(text) > 1
        return Event(chat.id, "group", lang, command=text[1:].split()[0] if is_command else None)
    if message.text is not None:
        return Event.from_text(chat.id, message.text, lang=lang, is_admin=is_admin)
    return Event(chat.id, "media", lang)

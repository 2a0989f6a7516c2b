"""Map PTB `Update`s to `Event`s, and `Reply`s to Bot API calls."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import partial

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatType, MessageLimit
from telegram.error import BadRequest

from bot.chat.events import Event
from bot.replies import Reply
from bot.telegram.resilience import Ambiguous, send_with_retry

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


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


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    rows = [
        [
            InlineKeyboardButton(b.label, url=b.code)
            if b.is_url
            else InlineKeyboardButton(b.label, callback_data=b.code)
            for b in row
        ]
        for row in reply.buttons
    ]
    return InlineKeyboardMarkup(rows)


def split_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Split at line breaks so no part exceeds Telegram's limit (tags never span lines)."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts


async def send_replies(
    bot: Bot, chat_id: int, replies: list[Reply], *, edit_message_id: int | None
) -> list[Message | bool]:
    """Send each reply in order; `edit` replies replace the pressed message when possible."""
    sent: list[Message | bool] = []
    for reply in replies:
        markup = keyboard(reply)
        if reply.photo is not None:
            caption = reply.text[: MessageLimit.CAPTION_LENGTH]
            await _sent(
                sent,
                partial(
                    bot.send_photo, chat_id, photo=reply.photo, caption=caption, reply_markup=markup
                ),
                what=f"sendPhoto to chat {chat_id}",
            )
            continue
        if (
            reply.edit
            and edit_message_id is not None
            and len(reply.text) <= MessageLimit.MAX_TEXT_LENGTH
        ):
            try:
                await _sent(
                    sent,
                    partial(
                        bot.edit_message_text,
                        reply.text,
                        chat_id=chat_id,
                        message_id=edit_message_id,
                        reply_markup=markup,
                        link_preview_options=NO_PREVIEW,
                    ),
                    what=f"editMessageText in chat {chat_id}",
                )
                continue
            except BadRequest as exc:
                if "not modified" in exc.message.lower():
                    sent.append(True)
                    continue
                log.info("edit failed (%s); sending a new message instead", exc.message)
        parts = split_text(reply.text)
        for i, part in enumerate(parts):
            part_markup = markup if i == len(parts) - 1 else None
            await _sent(
                sent,
                partial(
                    bot.send_message,
                    chat_id,
                    part,
                    reply_markup=part_markup,
                    link_preview_options=NO_PREVIEW,
                ),
                what=f"sendMessage to chat {chat_id}",
            )
    return sent


async def _sent(
    sent: list[Message | bool], call: Callable[[], Awaitable[Message | bool]], *, what: str
) -> None:
    """Make one Bot API call, retrying transient failures (`bot.telegram.resilience`)."""
    result = await send_with_retry(call, what=what)
    sent.append(True if isinstance(result, Ambiguous) else result)

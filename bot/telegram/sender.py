"""The PTB implementation of `bot.alerts.delivery.Sender`.

It sends through the Application's bot, which the composition root builds with
`AIORateLimiter` (about 30 messages/s overall, 1/s per chat; it also retries a few 429s
itself). Telegram errors become outcomes; nothing is raised for them.
"""

from __future__ import annotations

import warnings
from datetime import timedelta

from telegram import Bot
from telegram.constants import MessageLimit
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.alerts.delivery import SendOutcome
from bot.replies import Reply
from bot.telegram.adapters import NO_PREVIEW, keyboard

#: BadRequest messages that mean the chat is gone for good.
GONE = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated")


def retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB 22 deprecates the int form of retry_after
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def outcome_of(exc: TelegramError) -> SendOutcome:
    """Map a Bot API error to a delivery outcome (order matters: BadRequest and TimedOut
    are NetworkErrors in PTB)."""
    text = f"{type(exc).__name__}: {exc.message}"
    if isinstance(exc, RetryAfter):
        return SendOutcome("retry_after", retry_after=retry_seconds(exc), error=text)
    if isinstance(exc, Forbidden):
        return SendOutcome("blocked", error=text)
    if isinstance(exc, BadRequest):
        if any(marker in exc.message.lower() for marker in GONE):
            return SendOutcome("not_found", error=text)
        return SendOutcome("permanent", error=text)
    if isinstance(exc, TimedOut | NetworkError):
        return SendOutcome("transient", error=text)
    if isinstance(exc, ChatMigrated):
        return SendOutcome("permanent", error=text)
    return SendOutcome("permanent", error=text)


class TelegramSender:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: int, reply: Reply) -> SendOutcome:
        try:
            if reply.photo is not None:
                await self.bot.send_photo(
                    chat_id,
                    photo=reply.photo,
                    caption=reply.text[: MessageLimit.CAPTION_LENGTH],
                    reply_markup=keyboard(reply),
                )
            else:
                await self.bot.send_message(
                    chat_id,
                    reply.text[: MessageLimit.MAX_TEXT_LENGTH],
                    reply_markup=keyboard(reply),
                    link_preview_options=NO_PREVIEW,
                )
        except TelegramError as exc:
            return outcome_of(exc)
        return SendOutcome.sent()

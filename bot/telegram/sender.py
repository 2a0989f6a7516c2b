"""The PTB implementation of `bot.alerts.delivery.Sender`.

It sends through the Application's bot in the bulk lane of `bot.telegram.lanes` (smoothly at
ALERTS_PER_SECOND; a 429 pauses the lane and is retried a few times). Telegram errors become
outcomes; nothing is raised for them.
"""

from __future__ import annotations

from typing import Any

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
from telegram.ext import ExtBot

from bot.alerts.delivery import SendOutcome
from bot.replies import Reply
from bot.telegram.adapters import NO_PREVIEW, keyboard
from bot.telegram.lanes import BULK
from bot.telegram.resilience import retry_after_seconds

#: BadRequest messages that mean the chat is gone for good.
GONE = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated")


def outcome_of(exc: TelegramError) -> SendOutcome:
    """Map a Bot API error to a delivery outcome (order matters: BadRequest and TimedOut
    are NetworkErrors in PTB)."""
    text = f"{type(exc).__name__}: {exc.message}"
    if isinstance(exc, RetryAfter):
        return SendOutcome("retry_after", retry_after=retry_after_seconds(exc), error=text)
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
    def __init__(self, bot: ExtBot[Any]) -> None:
        self.bot = bot

    async def send(self, chat_id: int, reply: Reply) -> SendOutcome:
        try:
            if reply.photo is not None:
                await self.bot.send_photo(
                    chat_id,
                    photo=reply.photo,
                    caption=reply.text[: MessageLimit.CAPTION_LENGTH],
                    reply_markup=keyboard(reply),
                    rate_limit_args=BULK,
                )
            else:
                await self.bot.send_message(
                    chat_id,
                    reply.text[: MessageLimit.MAX_TEXT_LENGTH],
                    reply_markup=keyboard(reply),
                    link_preview_options=NO_PREVIEW,
                    rate_limit_args=BULK,
                )
        except TelegramError as exc:
            return outcome_of(exc)
        return SendOutcome.sent()

"""The one way the bot sends: a `Reply` (or several) to a chat, errors mapped to outcomes.

Every message leaves through `Outbound`: the replies to an update (`reply`), alerts and
reminders (`send`, the `bot.alerts.delivery.Sender` of the delivery loop), admin notices,
the flood notice and the error apology (`notice`). One `Reply` becomes:

- a photo (`sendPhoto`, the text as caption, cut to Telegram's caption limit);
- an edit of the pressed message when `edit` is set and there is a message to edit
  (`editMessageText`); "message is not modified" counts as sent, any other refusal falls back
  to a new message;
- otherwise one or more `sendMessage`s, long texts split at line breaks; the buttons go under
  the last part.

Lanes (`bot.telegram.lanes`): alerts and reminders go through the bulk lane, everything else
is interactive. Retries: interactive replies and the flood notice ride out a briefly unwell
Bot API (`bot.telegram.resilience.send_with_retry`); a bulk send is tried once (the limiter
absorbs 429s) and its outcome goes back to the outbox, which retries later. A bulk `Reply` is
one message (a long text is cut, never split): a retried row then never repeats a part.

Bot API errors become a `SendOutcome` (`outcome_of`); nothing here raises a `TelegramError`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import MessageLimit, ParseMode
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import ExtBot

from bot.alerts.delivery import SendOutcome
from bot.replies import Reply
from bot.telegram.direct import call
from bot.telegram.lanes import BULK
from bot.telegram.resilience import retry_after_seconds, send_with_retry

log = logging.getLogger(__name__)

NO_PREVIEW = {"is_disabled": True}
HTML = ParseMode.HTML.value
#: BadRequest messages that mean the chat is gone for good.
GONE = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated")
SENT = SendOutcome.sent()


def outcome_of(exc: TelegramError) -> SendOutcome:
    """Map a Bot API error to an outcome (order matters: BadRequest and TimedOut are
    NetworkErrors in PTB)."""
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
    return SendOutcome("permanent", error=text)  # ChatMigrated, InvalidToken, ...


def keyboard(reply: Reply) -> dict[str, Any] | None:
    """The inline keyboard as the Bot API's JSON (`InlineKeyboardMarkup`)."""
    if not reply.buttons:
        return None
    return {
        "inline_keyboard": [
            [
                {"text": b.label, "url": b.code}
                if b.is_url
                else {"text": b.label, "callback_data": b.code}
                for b in row
            ]
            for row in reply.buttons
        ]
    }


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


class Outbound:
    """Sends `Reply`s through one PTB bot (see the module docstring)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def answer_callback(self, query_id: str) -> None:
        """Stop the spinner on a pressed button (raises `TelegramError`)."""
        await call(self.bot, "answerCallbackQuery", {"callback_query_id": query_id})

    async def reply(
        self, chat_id: int, replies: Sequence[Reply], *, edit_message_id: int | None = None
    ) -> SendOutcome:
        """The replies to one update, in order; stops at the first that fails."""
        for reply in replies:
            outcome = await self._one(chat_id, reply, edit_message_id=edit_message_id, retry=True)
            if outcome.kind != "sent":
                return outcome
        return SENT

    async def send(self, chat_id: int, reply: Reply) -> SendOutcome:
        """One alert or reminder through the bulk lane (`bot.alerts.delivery.Sender`)."""
        return await self._one(chat_id, reply, edit_message_id=None, retry=False, bulk=True)

    async def notice(self, chat_id: int, text: str, *, retry: bool = False) -> SendOutcome:
        """A one-line notice (admin report, flood notice, apology); failures are logged."""
        outcome = await self._one(chat_id, Reply(text), edit_message_id=None, retry=retry)
        if outcome.kind != "sent":
            log.warning("could not send a notice to chat %s: %s", chat_id, outcome.error)
        return outcome

    async def notify_admins(self, admin_ids: Sequence[int], text: str) -> None:
        for chat_id in admin_ids:
            await self.notice(chat_id, text)

    async def _one(
        self,
        chat_id: int,
        reply: Reply,
        *,
        edit_message_id: int | None,
        retry: bool,
        bulk: bool = False,
    ) -> SendOutcome:
        bot = self.bot
        lane = BULK if bulk else None
        markup = keyboard(reply)
        try:
            photo = reply.photo
            if photo is not None:
                caption = reply.text[: MessageLimit.CAPTION_LENGTH]
                photo_markup = InlineKeyboardMarkup.de_json(markup, bot) if markup else None
                # PTB refuses `rate_limit_args` from a bot without a limiter (BOT_RATE_LIMITER=off).
                limited = isinstance(bot, ExtBot) and bot.rate_limiter is not None
                extra: dict[str, Any] = {"rate_limit_args": lane} if lane and limited else {}
                return await _call(
                    lambda: bot.send_photo(
                        chat_id, photo=photo, caption=caption, reply_markup=photo_markup, **extra
                    ),
                    retry=retry,
                    what=f"sendPhoto to chat {chat_id}",
                )
            # Text goes out as plain JSON (bot.telegram.direct): PTB's objects for each
            # argument and for the returned message cost ~a tenth of the CPU per update.
            base: dict[str, Any] = {
                "chat_id": chat_id,
                "parse_mode": HTML,
                "link_preview_options": NO_PREVIEW,
            }
            if (
                reply.edit
                and edit_message_id is not None
                and len(reply.text) <= MessageLimit.MAX_TEXT_LENGTH
            ):
                edit = {**base, "message_id": edit_message_id, "text": reply.text}
                if markup:
                    edit["reply_markup"] = markup
                try:
                    return await _call(
                        lambda: call(bot, "editMessageText", edit, lane=lane),
                        retry=retry,
                        what=f"editMessageText in chat {chat_id}",
                    )
                except BadRequest as exc:
                    if "not modified" in exc.message.lower():
                        return SENT
                    log.info("edit failed (%s); sending a new message instead", exc.message)
            # Bulk: one message per row, so a retried row never repeats a part.
            parts = [reply.text[: MessageLimit.MAX_TEXT_LENGTH]] if bulk else split_text(reply.text)
            last = len(parts) - 1
            for i, part in enumerate(parts):
                params = {**base, "text": part}
                if markup and i == last:
                    params["reply_markup"] = markup
                await _call(
                    lambda params=params: call(bot, "sendMessage", params, lane=lane),  # type: ignore[misc]
                    retry=retry,
                    what=f"sendMessage to chat {chat_id}",
                )
        except TelegramError as exc:
            return outcome_of(exc)
        return SENT


async def _call(call: Callable[[], Awaitable[Any]], *, retry: bool, what: str) -> SendOutcome:
    """Make one Bot API call, retried on transient failures when `retry` is set (a read
    timeout counts as sent: `bot.telegram.resilience`)."""
    if retry:
        await send_with_retry(call, what=what)
    else:
        await call()
    return SENT

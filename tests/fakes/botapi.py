"""A local fake of the Telegram Bot API for tests.

`FakeBotAPI` is an aiohttp server on 127.0.0.1 (random port) that speaks the Bot API methods
the bot uses, over JSON, form-urlencoded and multipart bodies, with Telegram-shaped answers
and errors. A user-side API lets a test act as a Telegram user (send text, press buttons) and
await what the bot does in the chat.

    async with FakeBotAPI() as api:
        app = (
            ApplicationBuilder()
            .token(api.token)
            .base_url(f"{api.url}/bot")
            .base_file_url(f"{api.url}/file/bot")
            .build()
        )
        ...  # start polling
        events = await api.send_and_wait(42, "/start")
        await api.press(42, "menu:crs")
        event = await api.next_event(42)

Behaviour worth knowing:

- Message ids are per chat (shared by the user's and the bot's messages), update ids grow
  from 1, dates are integer seconds.
- Bot message text is stored as sent (HTML/Markdown markup is *not* stripped); with
  parse_mode="HTML" the markup is validated (unknown or unbalanced tags give Telegram's
  "can't parse entities" error).
- editMessageText without reply_markup removes the inline keyboard (as Telegram does), and an
  edit that changes neither text nor markup answers "message is not modified".
- getUpdates: updates stay queued until an offset confirms them. Each update is handed to one
  poller at a time (so two processes polling at once get distinct updates); a delivered but
  unconfirmed update is leased for `redeliver_after` seconds and handed out again only when
  the lease expires. An update is never handed to a poller whose connection has gone away.
- While a webhook is set, getUpdates answers 409 and updates are POSTed to the webhook
  target(s) (round robin by update id), in order per chat, with up to `webhook_max_attempts` tries.
- Failed calls (injected errors, 403 blocked, 429 rate limit, validation errors) never record
  a message as sent; every call, failed or not, is in `api.calls`.
"""

# The test-facing API takes `timeout=` arguments on purpose (its documented interface).

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import struct
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Literal, Self

import aiohttp
from aiohttp import web

__all__ = [
    "BotEvent",
    "FakeBotAPI",
    "NoEventError",
    "UploadedFile",
    "WebhookDelivery",
]

JSON = dict[str, Any]
EventKind = Literal["message", "edit", "photo", "delete"]

# 1x1 transparent PNG, handy for tests that need an image.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

_METHODS = (
    "getMe",
    "getUpdates",
    "sendMessage",
    "sendPhoto",
    "editMessageText",
    "editMessageCaption",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "deleteMessage",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "sendChatAction",
    "getFile",
    "getChat",
    "logOut",
    "close",
    "setMyDescription",
    "setMyShortDescription",
    "setChatMenuButton",
)
_CANONICAL = {m.lower(): m for m in _METHODS}

# Methods that address a chat: subject to block() and "chat not found".
_CHAT_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
        "deleteMessage",
        "sendChatAction",
    }
)
# Methods that count against set_rate_limit().
_RATE_LIMITED = frozenset(
    {"sendMessage", "sendPhoto", "editMessageText", "editMessageCaption", "editMessageReplyMarkup"}
)
# Form fields that are plain strings (everything else is JSON-decoded when it parses).
_STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "url",
        "secret_token",
        "language_code",
        "ip_address",
        "action",
        "file_id",
        "inline_message_id",
        "photo",
        "description",
        "short_description",
        "business_connection_id",
        "message_effect_id",
    }
)

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: injected failure",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}

_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)

_HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "blockquote",
    }
)


class NoEventError(AssertionError):
    """Raised when the bot produced no (matching) output in time."""


class _ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    name: str
    filename: str | None
    content_type: str | None
    data: bytes

    def __repr__(self) -> str:
        return f"UploadedFile({self.name!r}, {self.filename!r}, {len(self.data)} bytes)"


@dataclass
class BotEvent:
    """One thing the bot did in a chat (or the current state of a bot message).

    `buttons` holds inline buttons as (label, callback_data or url); `text` is the text or the
    caption as sent; `reply_markup` is the raw markup the bot sent (reply keyboards included).
    """

    kind: EventKind
    chat_id: int
    message_id: int
    text: str | None = None
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)
    parse_mode: str | None = None
    photo_bytes: bytes | None = None
    reply_markup: JSON | None = None
    method: str = ""
    raw: JSON = field(default_factory=dict)

    @property
    def codes(self) -> list[str]:
        """Every button's callback_data / url, row by row."""
        return [code for row in self.buttons for _, code in row]

    @property
    def labels(self) -> list[str]:
        return [label for row in self.buttons for label, _ in row]

    @property
    def reply_keyboard(self) -> list[list[str]] | None:
        """Labels of a reply keyboard (ReplyKeyboardMarkup), if the bot sent one."""
        if not self.reply_markup or "keyboard" not in self.reply_markup:
            return None
        return [
            [b if isinstance(b, str) else str(b.get("text", "")) for b in row]
            for row in self.reply_markup["keyboard"]
        ]


@dataclass
class WebhookDelivery:
    """One POST of an update to a webhook target."""

    url: str
    update_id: int
    attempt: int
    status: int | None
    error: str | None = None


@dataclass
class _Stored:
    message: JSON
    from_bot: bool
    parse_mode: str | None = None
    photo_bytes: bytes | None = None
    reply_markup: JSON | None = None
    deleted: bool = False


@dataclass
class _FailRule:
    method: str
    status: int
    description: str
    retry_after: int | None
    times: int
    chat_id: int | None


class _Signal:
    """Edge-triggered wake-up that can be fired from synchronous code."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, seconds: float | None) -> None:
        event = self._event
        if seconds is not None and seconds <= 0:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), seconds)


class _Window:
    """Sliding-window rate limit: at most `limit` hits per `window` seconds."""

    def __init__(self, per_second: float) -> None:
        self.limit = max(1, math.floor(per_second))
        self.window = self.limit / per_second
        self.hits: deque[float] = deque()

    def retry_after(self, now: float) -> int | None:
        while self.hits and self.hits[0] <= now - self.window:
            self.hits.popleft()
        if len(self.hits) < self.limit:
            return None
        return max(1, math.ceil(self.hits[0] + self.window - now))

    def add(self, now: float) -> None:
        self.hits.append(now)


class _HTMLChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.error: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.error:
            return
        if tag not in _HTML_TAGS:
            self.error = f'Unsupported start tag "{tag}"'
        else:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.error:
            return
        if not self.stack or self.stack[-1] != tag:
            self.error = f'Unexpected end tag "{tag}"'
        else:
            self.stack.pop()


def _check_html(text: str) -> None:
    checker = _HTMLChecker()
    checker.feed(text)
    checker.close()
    if checker.error is None and checker.stack:
        checker.error = f'Can\'t find end tag corresponding to start tag "{checker.stack[-1]}"'
    if checker.error:
        raise _ApiError(400, f"Bad Request: can't parse entities: {checker.error}")


def _png_size(data: bytes) -> tuple[int, int]:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return 512, 512


def _inline_buttons(markup: JSON | None) -> list[list[tuple[str, str]]]:
    if not markup or "inline_keyboard" not in markup:
        return []
    rows: list[list[tuple[str, str]]] = []
    for row in markup["inline_keyboard"]:
        out: list[tuple[str, str]] = []
        for button in row:
            code = button.get("callback_data")
            if code is None:
                code = button.get("url", "")
            out.append((str(button.get("text", "")), str(code)))
        rows.append(out)
    return rows


def _update_chat_id(update: JSON) -> int | None:
    for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
        if key in update:
            return int(update[key]["chat"]["id"])
    if "callback_query" in update:
        cq = update["callback_query"]
        if "message" in cq:
            return int(cq["message"]["chat"]["id"])
        return int(cq["from"]["id"])
    for value in update.values():
        if isinstance(value, dict) and isinstance(value.get("from"), dict):
            return int(value["from"]["id"])
    return None


def _update_type(update: JSON) -> str:
    return next((k for k in update if k != "update_id"), "")


def _as_int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _ApiError(400, f"Bad Request: invalid {name} specified") from None


class FakeBotAPI:
    """Fake Telegram Bot API server. See the module docstring."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "ee_test_bot",
        *,
        bot_first_name: str = "EE Test Bot",
        strict_chats: bool = False,
        redeliver_after: float | None = 5.0,
        webhook_max_attempts: int = 5,
        webhook_retry_delay: float = 0.05,
        validate_html: bool = True,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_user: JSON = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.strict_chats = strict_chats
        self.redeliver_after = redeliver_after
        self.webhook_max_attempts = webhook_max_attempts
        self.webhook_retry_delay = webhook_retry_delay
        self.validate_html = validate_html

        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._session: aiohttp.ClientSession | None = None
        self._closing = asyncio.Event()

        # Call log.
        self.calls: list[tuple[str, JSON]] = []
        self.errors: list[tuple[str, int, str]] = []
        self._counts: Counter[str] = Counter()
        self._last_activity = time.monotonic()
        self._activity = _Signal()

        # Chats, users and messages.
        self._chats: dict[int, JSON] = {}
        self._users: dict[int, JSON] = {}
        self._messages: dict[int, dict[int, _Stored]] = {}
        self._next_mid: dict[int, int] = {}
        self._files: dict[str, bytes] = {}
        self._file_seq = itertools.count(1)
        self.commands: dict[tuple[str, str], list[JSON]] = {}

        # Bot output.
        self._events: dict[int, list[BotEvent]] = {}
        self._cursor: dict[int, int] = {}
        self._event_signals: dict[int, _Signal] = {}
        self._all_events: list[BotEvent] = []

        # Callback queries.
        self._cq_seq = itertools.count(1)
        self._open_callbacks: dict[str, JSON] = {}
        self.callback_answers: list[JSON] = []
        self._answer_signal = _Signal()

        # Updates.
        self._next_update_id = 1
        self._updates: OrderedDict[int, JSON] = OrderedDict()
        self._leases: dict[int, float] = {}
        self._updates_signal = _Signal()
        self._allowed_updates: list[str] | None = None
        self.delivered_updates = 0

        # Webhook.
        self.webhook: JSON | None = None
        self.webhook_targets: list[str] = []
        self.webhook_deliveries: list[WebhookDelivery] = []
        self._webhook_worker: asyncio.Task[None] | None = None
        self._webhook_tasks: set[asyncio.Task[None]] = set()
        self._chat_locks: dict[int | None, asyncio.Lock] = {}
        self._webhook_sem = asyncio.Semaphore(40)
        self._last_webhook_error: tuple[int, str] | None = None

        # Failure injection.
        self._failures: list[_FailRule] = []
        self._blocked: set[int] = set()
        self._not_found: set[int] = set()
        self._delays: dict[str, float] = {}
        self._rate_global: _Window | None = None
        self._rate_chat_per_second: float | None = None
        self._rate_chats: dict[int, _Window] = {}
        self.last_rate_check = 0.0  # when _check_rate last let a send through

        self._handlers: dict[str, Callable[[JSON, web.Request], Awaitable[Any]]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "deleteMessage": self._delete_message,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendChatAction": self._true,
            "getFile": self._get_file,
            "getChat": self._get_chat,
            "logOut": self._true,
            "close": self._true,
            "setMyDescription": self._true,
            "setMyShortDescription": self._true,
            "setChatMenuButton": self._true,
        }

    # ------------------------------------------------------------------ lifecycle

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._port

    @property
    def url(self) -> str:
        """Server root, e.g. http://127.0.0.1:PORT (use f"{url}/bot" as PTB's base_url)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.*}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None)
        assert sockets
        self._port = int(sockets[0].getsockname()[1])
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))

    async def stop(self) -> None:
        self._closing.set()
        self._updates_signal.notify()
        await self._stop_webhook_delivery()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ failure injection

    def fail_next(
        self,
        method: str,
        *,
        status: int | None = None,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """Make the next `times` calls of `method` ("*" = any method) fail.

        status defaults to 429 when retry_after is given, else 500. With `chat_id`, only calls
        addressed to that chat count.
        """
        if status is None:
            status = 429 if retry_after is not None else 500
        if status == 429 and retry_after is None:
            retry_after = 1
        if description is None:
            if status == 429:
                description = f"Too Many Requests: retry after {retry_after}"
            else:
                description = _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        name = method if method == "*" else _CANONICAL.get(method.lower(), method)
        self._failures.append(_FailRule(name, status, description, retry_after, times, chat_id))

    def clear_failures(self) -> None:
        self._failures.clear()

    def block(self, chat_id: int) -> None:
        """Every call addressed to this chat answers 403 "bot was blocked by the user"."""
        self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def chat_not_found(self, chat_id: int) -> None:
        """Every call addressed to this chat answers 400 "chat not found"."""
        self._not_found.add(chat_id)

    def set_rate_limit(
        self, global_per_second: float | None = 30, per_chat_per_second: float | None = 1
    ) -> None:
        """Answer 429 (with retry_after) to sends beyond these rates (sliding window).

        Pass None to switch a limit off; set_rate_limit(None, None) switches both off.
        """
        self._rate_global = _Window(global_per_second) if global_per_second else None
        self._rate_chat_per_second = per_chat_per_second or None
        self._rate_chats.clear()

    def set_delay(self, method: str, seconds: float) -> None:
        """Delay answers of `method` ("*" = any) by `seconds` (0 removes the delay)."""
        name = method if method == "*" else _CANONICAL.get(method.lower(), method)
        if seconds > 0:
            self._delays[name] = seconds
        else:
            self._delays.pop(name, None)

    # ------------------------------------------------------------------ inspection

    def count(self, method: str | None = None, *, chat_id: int | None = None) -> int:
        """Number of calls of `method` (all calls if None), failed ones included."""
        if chat_id is None:
            if method is None:
                return len(self.calls)
            return self._counts[_CANONICAL.get(method.lower(), method)]
        name = None if method is None else _CANONICAL.get(method.lower(), method)
        return sum(
            1 for m, p in self.calls if (name is None or m == name) and p.get("chat_id") == chat_id
        )

    def calls_of(self, method: str) -> list[JSON]:
        name = _CANONICAL.get(method.lower(), method)
        return [p for m, p in self.calls if m == name]

    def messages(self, chat_id: int) -> list[BotEvent]:
        """Current state (after edits) of the bot's undeleted messages in the chat."""
        out: list[BotEvent] = []
        for stored in self._messages.get(chat_id, {}).values():
            if stored.from_bot and not stored.deleted:
                kind: EventKind = "photo" if "photo" in stored.message else "message"
                out.append(self._event_from(kind, chat_id, stored, "state"))
        return out

    def last_message(self, chat_id: int) -> BotEvent:
        msgs = self.messages(chat_id)
        if not msgs:
            raise NoEventError(f"the bot has no messages in chat {chat_id}")
        return msgs[-1]

    def history(self, chat_id: int) -> list[JSON]:
        """Current state of every undeleted message in the chat, the user's and the bot's."""
        return [s.message for s in self._messages.get(chat_id, {}).values() if not s.deleted]

    def events(self, chat_id: int) -> list[BotEvent]:
        """All bot output in the chat, in order (consumed or not)."""
        return list(self._events.get(chat_id, []))

    @property
    def all_events(self) -> list[BotEvent]:
        return list(self._all_events)

    def chats_with_output(self) -> set[int]:
        return {chat for chat, events in self._events.items() if events}

    @property
    def pending_updates(self) -> int:
        return len(self._updates)

    # ------------------------------------------------------------------ waiting

    def _signal(self, chat_id: int) -> _Signal:
        signal = self._event_signals.get(chat_id)
        if signal is None:
            signal = self._event_signals[chat_id] = _Signal()
        return signal

    async def next_event(self, chat_id: int, timeout: float = 10.0) -> BotEvent:
        """The next bot output in the chat not yet consumed by next_event/wait_for."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            events = self._events.get(chat_id, [])
            cursor = self._cursor.get(chat_id, 0)
            if cursor < len(events):
                self._cursor[chat_id] = cursor + 1
                return events[cursor]
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise NoEventError(
                    f"no bot output in chat {chat_id} within {timeout:.1f}s "
                    f"({len(events)} event(s) already consumed)"
                )
            await self._signal(chat_id).wait(remaining)

    async def wait_for(
        self,
        chat_id: int,
        predicate: Callable[[BotEvent], bool],
        timeout: float = 10.0,
    ) -> BotEvent:
        """Consume events until one matches `predicate` (non-matching ones are skipped)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        skipped: list[BotEvent] = []
        while True:
            remaining = deadline - loop.time()
            try:
                event = await self.next_event(chat_id, max(remaining, 0.0))
            except NoEventError:
                summary = ", ".join(f"{e.kind}:{(e.text or '')[:40]!r}" for e in skipped)
                raise NoEventError(
                    f"no matching bot output in chat {chat_id} within {timeout:.1f}s; "
                    f"skipped: [{summary}]"
                ) from None
            if predicate(event):
                return event
            skipped.append(event)

    async def drain(self, chat_id: int) -> list[BotEvent]:
        """Consume and return the events already produced, without waiting."""
        events = self._events.get(chat_id, [])
        cursor = self._cursor.get(chat_id, 0)
        self._cursor[chat_id] = len(events)
        return events[cursor:]

    async def expect_no_event(self, chat_id: int, within: float = 0.3) -> None:
        try:
            event = await self.next_event(chat_id, within)
        except NoEventError:
            return
        raise AssertionError(f"unexpected bot output in chat {chat_id}: {event}")

    async def collect(
        self, chat_id: int, *, quiet: float = 0.3, timeout: float = 10.0
    ) -> list[BotEvent]:
        """Wait for the first output, then gather outputs until `quiet` seconds pass with none."""
        events = [await self.next_event(chat_id, timeout)]
        while True:
            try:
                events.append(await self.next_event(chat_id, quiet))
            except NoEventError:
                return events

    async def send_and_wait(
        self, chat_id: int, text: str, *, quiet: float = 0.3, timeout: float = 10.0, **kwargs: Any
    ) -> list[BotEvent]:
        """send_text, then collect the bot's outputs until it has been quiet for `quiet` s.

        Outputs produced before the call and not yet consumed are discarded (drained) first.
        """
        await self.drain(chat_id)
        await self.send_text(chat_id, text, **kwargs)
        return await self.collect(chat_id, quiet=quiet, timeout=timeout)

    async def press_and_wait(
        self, chat_id: int, code: str, *, quiet: float = 0.3, timeout: float = 10.0, **kwargs: Any
    ) -> list[BotEvent]:
        """press (``kwargs``: its options, such as ``language_code``), then collect."""
        await self.drain(chat_id)
        await self.press(chat_id, code, **kwargs)
        return await self.collect(chat_id, quiet=quiet, timeout=timeout)

    async def wait_idle(self, seconds: float = 0.3, timeout: float = 30.0) -> None:
        """Wait until no Bot API call (getUpdates aside) arrived for `seconds`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            quiet_for = time.monotonic() - self._last_activity
            if quiet_for >= seconds:
                return
            if loop.time() >= deadline:
                raise NoEventError(f"the bot did not go idle within {timeout:.1f}s")
            await asyncio.sleep(seconds - quiet_for)

    async def wait_callback_answer(self, callback_query_id: str, timeout: float = 10.0) -> JSON:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            for answer in self.callback_answers:
                if answer["callback_query_id"] == callback_query_id:
                    return answer
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise NoEventError(f"callback query {callback_query_id} was not answered")
            await self._answer_signal.wait(remaining)

    async def wait_no_pending_updates(self, timeout: float = 10.0) -> None:
        """Wait until every queued update has been confirmed (polling) or delivered (webhook)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._updates:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise NoEventError(f"{len(self._updates)} update(s) still pending")
            await self._activity.wait(min(remaining, 0.05))

    async def wait_for_calls(self, method: str, n: int, timeout: float = 10.0) -> None:
        """Wait until `method` has been called at least `n` times."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.count(method) < n:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise NoEventError(f"{method} called {self.count(method)} times, wanted {n}")
            await self._activity.wait(remaining)

    # ------------------------------------------------------------------ user side

    def _ensure_user(
        self, user_id: int, first_name: str, language_code: str | None, username: str | None
    ) -> JSON:
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self._users[user_id] = user
        return user

    def _ensure_chat(self, chat_id: int, chat_type: str, user: JSON, title: str | None) -> JSON:
        if chat_type == "private":
            chat: JSON = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            if "username" in user:
                chat["username"] = user["username"]
        else:
            chat = {"id": chat_id, "type": chat_type, "title": title or f"Test {chat_type}"}
        self._chats[chat_id] = chat
        return chat

    def _new_message_id(self, chat_id: int) -> int:
        mid = self._next_mid.get(chat_id, 0) + 1
        self._next_mid[chat_id] = mid
        return mid

    def _user_message(
        self,
        chat_id: int,
        content: JSON,
        *,
        first_name: str,
        language_code: str | None,
        chat_type: str,
        user_id: int | None,
        username: str | None,
        title: str | None,
    ) -> JSON:
        if user_id is None:
            user_id = chat_id if chat_type == "private" else 1_000_001
        if chat_type == "private" and chat_id != user_id:
            raise ValueError("a private chat id must equal the user id")
        user = self._ensure_user(user_id, first_name, language_code, username)
        chat = self._ensure_chat(chat_id, chat_type, user, title)
        message: JSON = {
            "message_id": self._new_message_id(chat_id),
            "from": user,
            "chat": chat,
            "date": int(time.time()),
            **content,
        }
        self._messages.setdefault(chat_id, {})[message["message_id"]] = _Stored(
            message=message, from_bot=False
        )
        self.raw_update({"message": message})
        return message

    async def send_text(
        self,
        chat_id: int,
        text: str,
        *,
        first_name: str = "Test",
        language_code: str | None = "en",
        chat_type: str = "private",
        user_id: int | None = None,
        username: str | None = None,
        title: str | None = None,
    ) -> int:
        """The user sends `text`; a leading /command gets a bot_command entity. -> message_id"""
        content: JSON = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0] if text.strip() else text
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        message = self._user_message(
            chat_id,
            content,
            first_name=first_name,
            language_code=language_code,
            chat_type=chat_type,
            user_id=user_id,
            username=username,
            title=title,
        )
        return int(message["message_id"])

    async def send_edited(self, chat_id: int, message_id: int, new_text: str) -> None:
        """The user edits one of their messages (an edited_message update)."""
        stored = self._messages.get(chat_id, {}).get(message_id)
        if stored is None or stored.from_bot:
            raise AssertionError(f"no user message {message_id} in chat {chat_id}")
        message = dict(stored.message)
        message["text"] = new_text
        message["edit_date"] = int(time.time())
        message.pop("entities", None)
        if new_text.startswith("/"):
            length = len(new_text.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        stored.message = message
        self.raw_update({"edited_message": message})

    def _file_ids(self, kind: str) -> tuple[str, str]:
        n = next(self._file_seq)
        return f"{kind}-file-{n}", f"{kind}-uniq-{n}"

    async def send_sticker(
        self, chat_id: int, *, emoji: str = "👍", first_name: str = "Test", **kw: Any
    ) -> int:
        file_id, unique = self._file_ids("sticker")
        sticker = {
            "file_id": file_id,
            "file_unique_id": unique,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return await self._send_content(chat_id, {"sticker": sticker}, first_name, **kw)

    async def send_photo_from_user(
        self, chat_id: int, *, caption: str | None = None, first_name: str = "Test", **kw: Any
    ) -> int:
        file_id, unique = self._file_ids("photo")
        self._files[file_id] = TINY_PNG
        content: JSON = {
            "photo": [{"file_id": file_id, "file_unique_id": unique, "width": 1, "height": 1}]
        }
        if caption is not None:
            content["caption"] = caption
        return await self._send_content(chat_id, content, first_name, **kw)

    async def send_voice(
        self, chat_id: int, *, duration: int = 3, first_name: str = "Test", **kw: Any
    ) -> int:
        file_id, unique = self._file_ids("voice")
        voice = {
            "file_id": file_id,
            "file_unique_id": unique,
            "duration": duration,
            "mime_type": "audio/ogg",
        }
        return await self._send_content(chat_id, {"voice": voice}, first_name, **kw)

    async def _send_content(
        self,
        chat_id: int,
        content: JSON,
        first_name: str,
        *,
        language_code: str | None = "en",
        chat_type: str = "private",
        user_id: int | None = None,
        username: str | None = None,
        title: str | None = None,
    ) -> int:
        message = self._user_message(
            chat_id,
            content,
            first_name=first_name,
            language_code=language_code,
            chat_type=chat_type,
            user_id=user_id,
            username=username,
            title=title,
        )
        return int(message["message_id"])

    def buttons_in_chat(self, chat_id: int) -> list[tuple[int, list[str]]]:
        """(message_id, callback codes) of every undeleted bot message with inline buttons."""
        out = []
        for mid, stored in self._messages.get(chat_id, {}).items():
            if stored.from_bot and not stored.deleted:
                codes = [
                    b["callback_data"]
                    for row in (stored.message.get("reply_markup") or {}).get("inline_keyboard", [])
                    for b in row
                    if "callback_data" in b
                ]
                if codes:
                    out.append((mid, codes))
        return out

    async def press(
        self,
        chat_id: int,
        code: str,
        *,
        message_id: int | None = None,
        first_name: str = "Test",
        language_code: str | None = "en",
        user_id: int | None = None,
    ) -> str:
        """The user presses the inline button with callback_data == `code`.

        Without `message_id`, the latest bot message in the chat carrying that code is used
        (AssertionError listing the available codes if there is none). With `message_id`, the
        press is sent for that message even if the code is not on it (stale/forged data).
        Returns the callback query id.
        """
        chat_messages = self._messages.get(chat_id, {})
        if message_id is None:
            for mid, codes in reversed(self.buttons_in_chat(chat_id)):
                if code in codes:
                    message_id = mid
                    break
            else:
                available = self.buttons_in_chat(chat_id)
                listing = "; ".join(f"msg {mid}: {codes}" for mid, codes in available)
                raise AssertionError(
                    f"no button with callback_data {code!r} in chat {chat_id}; "
                    f"available: {listing or 'none'}"
                )
        stored = chat_messages.get(message_id)
        if stored is not None:
            message = stored.message
        else:
            chat = self._chats.get(chat_id) or {"id": chat_id, "type": "private", "first_name": "?"}
            message = {"message_id": message_id, "date": 0, "chat": chat}  # inaccessible
        if user_id is None:
            user_id = chat_id if chat_id > 0 else 1_000_001
        user = self._users.get(user_id) or self._ensure_user(
            user_id, first_name, language_code, None
        )
        cq_id = f"{next(self._cq_seq)}{user_id}"
        callback_query = {
            "id": cq_id,
            "from": user,
            "chat_instance": f"ci{chat_id}",
            "message": message,
            "data": code,
        }
        self._open_callbacks[cq_id] = callback_query
        self.raw_update({"callback_query": callback_query})
        return cq_id

    def raw_update(self, update: JSON) -> int:
        """Enqueue any update (update_id is assigned unless present). -> update_id"""
        update = dict(update)
        update_id = int(update.get("update_id") or self._next_update_id)
        self._next_update_id = max(self._next_update_id, update_id + 1)
        update["update_id"] = update_id
        self._updates[update_id] = update
        self._updates_signal.notify()
        return update_id

    # ------------------------------------------------------------------ HTTP plumbing

    def _touch(self) -> None:
        self._last_activity = time.monotonic()
        self._activity.notify()

    @staticmethod
    def _decode_form_value(name: str, value: str) -> Any:
        if name in _STRING_FIELDS:
            return value
        if name == "chat_id":
            try:
                return int(value)
            except ValueError:
                return value
        try:
            return json.loads(value)
        except ValueError:
            return value

    async def _parse_params(self, request: web.Request) -> JSON:
        params: JSON = {}
        for key, value in request.query.items():
            params[key] = self._decode_form_value(key, value)
        if request.method not in ("POST", "PUT") or not request.can_read_body:
            return params
        ctype = request.content_type
        if ctype == "application/json":
            body = await request.read()
            if body:
                data = json.loads(body)
                if not isinstance(data, dict):
                    raise _ApiError(400, "Bad Request: JSON object expected")
                params.update(data)
        elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, item in form.items():
                if isinstance(item, web.FileField):
                    params[key] = UploadedFile(
                        name=key,
                        filename=item.filename,
                        content_type=item.content_type,
                        data=item.file.read(),
                    )
                else:
                    params[key] = self._decode_form_value(key, str(item))
        else:
            await request.read()
        return params

    def _error(
        self, method: str, status: int, description: str, params: JSON | None
    ) -> web.Response:
        self.errors.append((method, status, description))
        body: JSON = {"ok": False, "error_code": status, "description": description}
        if params:
            body["parameters"] = params
        return web.json_response(body, status=status)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        raw_method = request.match_info["method"]
        method = _CANONICAL.get(raw_method.lower(), raw_method)
        if request.match_info["token"] != self.token:
            return self._error(method, 401, "Unauthorized", None)
        try:
            params = await self._parse_params(request)
        except (_ApiError, ValueError) as exc:
            return self._error(method, 400, f"Bad Request: {exc}", None)
        self.calls.append((method, params))
        self._counts[method] += 1
        if method != "getUpdates":
            self._touch()
        delay = self._delays.get(method, self._delays.get("*", 0.0))
        if delay:
            await self._sleep(delay)
        handler = self._handlers.get(method)
        if handler is None:
            return self._error(method, 404, "Not Found", None)
        try:
            self._check_injected(method, params)
            result = await handler(params, request)
        except _ApiError as exc:
            return self._error(method, exc.status, exc.description, exc.parameters)
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        path = request.match_info["path"]
        file_id = path.rsplit("/", 1)[-1].split(".", 1)[0]
        data = self._files.get(file_id)
        if data is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        return web.Response(body=data, content_type="application/octet-stream")

    def _check_injected(self, method: str, params: JSON) -> None:
        chat_id = params.get("chat_id")
        for rule in self._failures:
            if rule.method not in (method, "*"):
                continue
            if rule.chat_id is not None and rule.chat_id != chat_id:
                continue
            rule.times -= 1
            if rule.times <= 0:
                self._failures.remove(rule)
            parameters = {"retry_after": rule.retry_after} if rule.retry_after else None
            raise _ApiError(rule.status, rule.description, parameters)
        if method in _CHAT_METHODS:
            if not isinstance(chat_id, int) or chat_id == 0 or chat_id in self._not_found:
                raise _ApiError(400, "Bad Request: chat not found")
            if self.strict_chats and chat_id not in self._chats:
                raise _ApiError(400, "Bad Request: chat not found")
            if chat_id in self._blocked:
                raise _ApiError(403, "Forbidden: bot was blocked by the user")
        if method in _RATE_LIMITED:
            self._check_rate(chat_id)

    def _check_rate(self, chat_id: Any) -> None:
        now = time.monotonic()
        windows: list[_Window] = []
        if self._rate_global is not None:
            windows.append(self._rate_global)
        if self._rate_chat_per_second is not None and isinstance(chat_id, int):
            window = self._rate_chats.get(chat_id)
            if window is None:
                window = self._rate_chats[chat_id] = _Window(self._rate_chat_per_second)
            windows.append(window)
        waits = [w for w in (win.retry_after(now) for win in windows) if w is not None]
        if waits:
            retry = max(waits)
            raise _ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})
        for window in windows:
            window.add(now)
        self.last_rate_check = now  # the moment the limits counted this send

    # ------------------------------------------------------------------ output recording

    def _event_from(self, kind: EventKind, chat_id: int, stored: _Stored, method: str) -> BotEvent:
        message = stored.message
        text = message.get("text")
        if text is None:
            text = message.get("caption")
        return BotEvent(
            kind=kind,
            chat_id=chat_id,
            message_id=int(message["message_id"]),
            text=text,
            buttons=_inline_buttons(message.get("reply_markup")),
            parse_mode=stored.parse_mode,
            photo_bytes=stored.photo_bytes,
            reply_markup=stored.reply_markup,
            method=method,
            raw=message,
        )

    def _record(self, event: BotEvent) -> None:
        self._events.setdefault(event.chat_id, []).append(event)
        self._all_events.append(event)
        self._signal(event.chat_id).notify()

    # ------------------------------------------------------------------ validation helpers

    def _check_text(self, text: Any, parse_mode: Any, *, caption: bool = False) -> str:
        if not isinstance(text, str) or not text.strip():
            if caption:
                return "" if text is None else str(text)
            raise _ApiError(400, "Bad Request: message text is empty")
        limit = 1024 if caption else 4096
        if len(text) > limit:
            what = "message caption is too long" if caption else "message is too long"
            raise _ApiError(400, f"Bad Request: {what}")
        if self.validate_html and isinstance(parse_mode, str) and parse_mode.upper() == "HTML":
            _check_html(text)
        return text

    @staticmethod
    def _check_markup(markup: Any) -> JSON | None:
        if markup is None:
            return None
        if isinstance(markup, str):
            try:
                markup = json.loads(markup)
            except ValueError:
                raise _ApiError(
                    400, "Bad Request: can't parse reply keyboard markup JSON object"
                ) from None
        if not isinstance(markup, dict):
            raise _ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if not button.get("text"):
                    raise _ApiError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup

    def _bot_chat(self, chat_id: int) -> JSON:
        chat = self._chats.get(chat_id)
        if chat is None:
            if chat_id > 0:
                chat = {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}
            else:
                chat = {"id": chat_id, "type": "group", "title": f"Group {chat_id}"}
            self._chats[chat_id] = chat
        return chat

    def _store_bot_message(
        self,
        chat_id: int,
        content: JSON,
        markup: JSON | None,
        parse_mode: str | None,
        photo_bytes: bytes | None = None,
    ) -> _Stored:
        message: JSON = {
            "message_id": self._new_message_id(chat_id),
            "from": self.bot_user,
            "chat": self._bot_chat(chat_id),
            "date": int(time.time()),
            **content,
        }
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
        stored = _Stored(
            message=message,
            from_bot=True,
            parse_mode=parse_mode,
            photo_bytes=photo_bytes,
            reply_markup=markup,
        )
        self._messages.setdefault(chat_id, {})[message["message_id"]] = stored
        return stored

    def _find_message(self, params: JSON, what: str) -> tuple[int, _Stored]:
        if "inline_message_id" in params:
            raise _ApiError(400, "Bad Request: inline messages are not supported by the fake")
        chat_id = params["chat_id"]
        message_id = _as_int(params.get("message_id"), "message_id")
        stored = self._messages.get(chat_id, {}).get(message_id)
        if stored is None or stored.deleted:
            raise _ApiError(400, f"Bad Request: message to {what} not found")
        return chat_id, stored

    # ------------------------------------------------------------------ methods

    async def _true(self, params: JSON, request: web.Request) -> bool:
        return True

    async def _get_me(self, params: JSON, request: web.Request) -> JSON:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_chat(self, params: JSON, request: web.Request) -> JSON:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int) or chat_id not in self._chats:
            raise _ApiError(400, "Bad Request: chat not found")
        return {**self._chats[chat_id], "accent_color_id": 0, "max_reaction_count": 11}

    async def _send_message(self, params: JSON, request: web.Request) -> JSON:
        chat_id = params["chat_id"]
        parse_mode = params.get("parse_mode")
        text = self._check_text(params.get("text"), parse_mode)
        markup = self._check_markup(params.get("reply_markup"))
        content: JSON = {"text": text}
        if params.get("entities"):
            content["entities"] = params["entities"]
        stored = self._store_bot_message(chat_id, content, markup, parse_mode)
        self._record(self._event_from("message", chat_id, stored, "sendMessage"))
        return stored.message

    async def _send_photo(self, params: JSON, request: web.Request) -> JSON:
        chat_id = params["chat_id"]
        parse_mode = params.get("parse_mode")
        caption = self._check_text(params.get("caption"), parse_mode, caption=True)
        markup = self._check_markup(params.get("reply_markup"))
        photo = params.get("photo")
        if isinstance(photo, str) and photo.startswith("attach://"):
            photo = params.get(photo.removeprefix("attach://"))
        data: bytes | None
        if isinstance(photo, UploadedFile):
            data = photo.data
            if not data:
                raise _ApiError(400, "Bad Request: file must be non-empty")
            file_id, unique = self._file_ids("photo")
            self._files[file_id] = data
        elif isinstance(photo, str) and photo:
            data = self._files.get(photo)
            file_id, unique = photo, f"uniq-{photo}"
        else:
            raise _ApiError(400, "Bad Request: there is no photo in the request")
        width, height = _png_size(data or b"")
        content: JSON = {
            "photo": [
                {
                    "file_id": file_id,
                    "file_unique_id": unique,
                    "width": width,
                    "height": height,
                    "file_size": len(data or b""),
                }
            ]
        }
        if caption:
            content["caption"] = caption
        stored = self._store_bot_message(chat_id, content, markup, parse_mode, data)
        self._record(self._event_from("photo", chat_id, stored, "sendPhoto"))
        return stored.message

    def _apply_edit(
        self, chat_id: int, stored: _Stored, changes: JSON, markup: JSON | None, method: str
    ) -> JSON:
        message = stored.message
        old_markup = message.get("reply_markup")
        new_markup = (
            {"inline_keyboard": markup["inline_keyboard"]}
            if markup and "inline_keyboard" in markup
            else None
        )
        unchanged = all(message.get(k) == v for k, v in changes.items())
        if unchanged and old_markup == new_markup:
            raise _ApiError(400, _NOT_MODIFIED)
        message = {**message, **changes, "edit_date": int(time.time())}
        message.pop("reply_markup", None)
        if new_markup is not None:
            message["reply_markup"] = new_markup
        stored.message = message
        stored.reply_markup = markup
        self._record(self._event_from("edit", chat_id, stored, method))
        return message

    async def _edit_message_text(self, params: JSON, request: web.Request) -> JSON:
        chat_id, stored = self._find_message(params, "edit")
        if "text" not in stored.message:
            raise _ApiError(400, "Bad Request: there is no text in the message to edit")
        parse_mode = params.get("parse_mode")
        text = self._check_text(params.get("text"), parse_mode)
        markup = self._check_markup(params.get("reply_markup"))
        old_parse_mode, stored.parse_mode = stored.parse_mode, parse_mode
        try:
            return self._apply_edit(chat_id, stored, {"text": text}, markup, "editMessageText")
        except _ApiError:
            stored.parse_mode = old_parse_mode
            raise

    async def _edit_message_caption(self, params: JSON, request: web.Request) -> JSON:
        chat_id, stored = self._find_message(params, "edit")
        if "text" in stored.message:
            raise _ApiError(400, "Bad Request: there is no caption in the message to edit")
        parse_mode = params.get("parse_mode")
        caption = self._check_text(params.get("caption"), parse_mode, caption=True)
        markup = self._check_markup(params.get("reply_markup"))
        return self._apply_edit(chat_id, stored, {"caption": caption}, markup, "editMessageCaption")

    async def _edit_message_reply_markup(self, params: JSON, request: web.Request) -> JSON:
        chat_id, stored = self._find_message(params, "edit")
        markup = self._check_markup(params.get("reply_markup"))
        return self._apply_edit(chat_id, stored, {}, markup, "editMessageReplyMarkup")

    async def _delete_message(self, params: JSON, request: web.Request) -> bool:
        chat_id, stored = self._find_message(params, "delete")
        stored.deleted = True
        self._record(self._event_from("delete", chat_id, stored, "deleteMessage"))
        return True

    async def _answer_callback_query(self, params: JSON, request: web.Request) -> bool:
        cq_id = str(params.get("callback_query_id", ""))
        callback = self._open_callbacks.pop(cq_id, None)
        if callback is None:
            raise _ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        answer = {
            "callback_query_id": cq_id,
            "text": params.get("text"),
            "show_alert": bool(params.get("show_alert", False)),
            "url": params.get("url"),
            "cache_time": params.get("cache_time"),
            "data": callback.get("data"),
            "chat_id": int(callback["message"]["chat"]["id"]),
        }
        self.callback_answers.append(answer)
        self._answer_signal.notify()
        return True

    @staticmethod
    def _scope_key(params: JSON) -> tuple[str, str]:
        scope = params.get("scope") or {}
        scope_type = scope.get("type", "default") if isinstance(scope, dict) else "default"
        return scope_type, str(params.get("language_code") or "")

    async def _set_my_commands(self, params: JSON, request: web.Request) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _ApiError(400, "Bad Request: commands must be an array")
        for command in commands:
            name = str(command.get("command", ""))
            if (
                not name
                or len(name) > 32
                or not all(c.islower() or c.isdigit() or c == "_" for c in name)
            ):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not command.get("description"):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._scope_key(params)] = list(commands)
        return True

    async def _get_my_commands(self, params: JSON, request: web.Request) -> list[JSON]:
        return self.commands.get(self._scope_key(params), [])

    async def _delete_my_commands(self, params: JSON, request: web.Request) -> bool:
        self.commands.pop(self._scope_key(params), None)
        return True

    async def _get_file(self, params: JSON, request: web.Request) -> JSON:
        file_id = str(params.get("file_id", ""))
        data = self._files.get(file_id)
        if data is None:
            raise _ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": f"uniq-{file_id}",
            "file_size": len(data),
            "file_path": f"files/{file_id}.bin",
        }

    # ------------------------------------------------------------------ getUpdates

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            keep = list(self._updates)[offset:]
            for update_id in list(self._updates):
                if update_id not in keep:
                    self._drop_update(update_id)
            return
        while self._updates:
            first = next(iter(self._updates))
            if first >= offset:
                break
            self._drop_update(first)

    def _drop_update(self, update_id: int) -> None:
        self._updates.pop(update_id, None)
        self._leases.pop(update_id, None)

    def _allowed(self, update: JSON, allowed: list[str] | None) -> bool:
        kind = _update_type(update)
        if not allowed:
            return kind not in ("chat_member", "message_reaction", "message_reaction_count")
        return kind in allowed

    def _take_updates(self, limit: int, lease: float) -> tuple[list[JSON], float | None]:
        """Up to `limit` deliverable updates, leased; and the next lease expiry (if any)."""
        now = time.monotonic()
        taken: list[JSON] = []
        next_expiry: float | None = None
        for update_id, update in self._updates.items():
            leased_until = self._leases.get(update_id)
            if leased_until is not None and leased_until > now:
                next_expiry = (
                    leased_until if next_expiry is None else min(next_expiry, leased_until)
                )
                continue
            if not self._allowed(update, self._allowed_updates):
                continue
            taken.append(update)
            if len(taken) >= limit:
                break
        for update in taken:
            self._leases[update["update_id"]] = now + lease
        return taken, next_expiry

    async def _get_updates(self, params: JSON, request: web.Request) -> list[JSON]:
        if self.webhook is not None:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = _as_int(params.get("offset", 0), "offset")
        limit = min(max(_as_int(params.get("limit", 100), "limit"), 1), 100)
        timeout = max(float(params.get("timeout", 0) or 0), 0.0)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(a) for a in allowed] or None
        if offset:
            self._confirm(offset)
        lease = self.redeliver_after if self.redeliver_after is not None else math.inf
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if request.transport is None or self._closing.is_set():
                return []
            taken, next_expiry = self._take_updates(limit, lease)
            if taken:
                self.delivered_updates += len(taken)
                return taken
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            if next_expiry is not None:
                remaining = min(remaining, max(next_expiry - time.monotonic(), 0.001))
            await self._updates_signal.wait(remaining)

    # ------------------------------------------------------------------ webhook

    def add_webhook_target(self, url: str) -> None:
        """Add a webhook URL; updates are POSTed round robin over all targets."""
        self.webhook_targets.append(url)

    async def _set_webhook(self, params: JSON, request: web.Request) -> bool:
        url = str(params.get("url") or "")
        if params.get("drop_pending_updates"):
            for update_id in list(self._updates):
                self._drop_update(update_id)
        if not url:
            await self._remove_webhook()
            return True
        secret = params.get("secret_token")
        if secret is not None and not (
            1 <= len(str(secret)) <= 256 and all(c.isalnum() or c in "_-" for c in str(secret))
        ):
            raise _ApiError(400, "Bad Request: secret token contains unallowed characters")
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(a) for a in allowed] or None
        max_connections = int(params.get("max_connections") or 40)
        self.webhook = {
            "url": url,
            "secret_token": None if secret is None else str(secret),
            "max_connections": max_connections,
        }
        if url not in self.webhook_targets:
            self.webhook_targets = [url]
        self._webhook_sem = asyncio.Semaphore(max_connections)
        if self._webhook_worker is None or self._webhook_worker.done():
            # Previously leased (long-polled but unconfirmed) updates go to the webhook.
            self._leases.clear()
            self._webhook_worker = asyncio.create_task(self._webhook_loop())
        self._updates_signal.notify()
        return True

    async def _delete_webhook(self, params: JSON, request: web.Request) -> bool:
        if params.get("drop_pending_updates"):
            for update_id in list(self._updates):
                self._drop_update(update_id)
        await self._remove_webhook()
        return True

    async def _remove_webhook(self) -> None:
        self.webhook = None
        self.webhook_targets = []
        await self._stop_webhook_delivery()
        self._updates_signal.notify()

    async def _stop_webhook_delivery(self) -> None:
        tasks = list(self._webhook_tasks)
        if self._webhook_worker is not None:
            tasks.append(self._webhook_worker)
            self._webhook_worker = None
        current = asyncio.current_task()
        tasks = [t for t in tasks if t is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._webhook_tasks.clear()
        # Updates in flight that were not delivered become available to getUpdates again.
        self._leases.clear()

    async def _get_webhook_info(self, params: JSON, request: web.Request) -> JSON:
        info: JSON = {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook:
            info["max_connections"] = self.webhook["max_connections"]
            if self._allowed_updates:
                info["allowed_updates"] = self._allowed_updates
        if self._last_webhook_error:
            info["last_error_date"], info["last_error_message"] = self._last_webhook_error
        return info

    async def _webhook_loop(self) -> None:
        while self.webhook is not None and not self._closing.is_set():
            taken, _ = self._take_updates(100, math.inf)
            if not taken:
                await self._updates_signal.wait(None)
                continue
            for update in taken:
                chat_id = _update_chat_id(update)
                lock = self._chat_locks.get(chat_id)
                if lock is None:
                    lock = self._chat_locks[chat_id] = asyncio.Lock()
                task = asyncio.create_task(self._deliver(update, lock))
                self._webhook_tasks.add(task)
                task.add_done_callback(self._webhook_tasks.discard)

    def _target(self, update_id: int, attempt: int) -> str:
        """Round robin by update: consecutive updates go to different targets whatever order
        their deliveries start in (a shared counter gave a chat's two taps the same target
        whenever every chat's first tap was sent before any second one), and a retry moves on
        to the next target."""
        targets = self.webhook_targets
        return targets[(update_id + attempt - 1) % len(targets)]

    async def _deliver(self, update: JSON, lock: asyncio.Lock) -> None:
        assert self._session is not None
        update_id = int(update["update_id"])
        async with lock:
            for attempt in range(1, self.webhook_max_attempts + 1):
                if self.webhook is None or not self.webhook_targets:
                    return
                url = self._target(update_id, attempt)
                headers = {"Content-Type": "application/json"}
                if self.webhook.get("secret_token"):
                    headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
                status: int | None = None
                error: str | None = None
                async with self._webhook_sem:
                    try:
                        async with self._session.post(
                            url, data=json.dumps(update), headers=headers
                        ) as response:
                            status = response.status
                            await response.read()
                    except (aiohttp.ClientError, TimeoutError) as exc:
                        error = f"{type(exc).__name__}: {exc}"
                self.webhook_deliveries.append(
                    WebhookDelivery(url, update_id, attempt, status, error)
                )
                if status is not None and 200 <= status < 300:
                    self._drop_update(update_id)
                    self._touch()
                    return
                self._last_webhook_error = (
                    int(time.time()),
                    error or f"Wrong response from the webhook: {status}",
                )
                await self._sleep(self.webhook_retry_delay * 2 ** (attempt - 1))
            self._drop_update(update_id)

    # ------------------------------------------------------------------ misc

    def user_messages(self, chat_id: int) -> Iterable[JSON]:
        return (s.message for s in self._messages.get(chat_id, {}).values() if not s.from_bot)

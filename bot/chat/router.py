"""Route an `Event` to the feature that owns it and collect its `Reply` objects.

Each feature module owns ``router = Router(name=__name__)`` and registers, at module level,
its commands (``@router.command``), its button codes (``@router.button(Codec)``: the router
parses the code with the feature's codec and hands the handler the record; a code the codec
refuses gets the "that button is no longer active" reply), free-text handlers and cancel
hooks. ``bot.chat.app.build_router`` includes them into one root: ``include()`` refuses a
command or a button prefix that another router already took, so nothing is overwritten by
the order of registration. The root's command list feeds both `/help` and the Bot API menu;
a command's description is ``command.<name>`` in the locale's catalogue (``labels.toml``).
"""

from __future__ import annotations

import dataclasses
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, Self, TypeVar

from sqlalchemy.exc import DBAPIError

from bot.callback import MAX_CODE_BYTES, SEP, BadCode
from bot.catalogue import label
from bot.chat.context import ChatContext
from bot.chat.events import MAX_COMMAND, MAX_TEXT, Event
from bot.render import pick_lang, render
from bot.replies import Reply
from bot.store.errors import is_unwritable_db_error
from bot.store.users import touch_seen

log = logging.getLogger(__name__)

#: Chats whose language the router remembers (`Router.language_of`): ~100 bytes each.
REMEMBERED_CHATS = 100_000

MAX_BUTTON_CODE = MAX_CODE_BYTES

Handler = Callable[[Event, ChatContext], Awaitable[list[Reply]]]
#: A text handler returns None when the text is not for it.
TextHandler = Callable[[Event, ChatContext], Awaitable[list[Reply] | None]]
#: A cancel hook returns True when it cancelled something in progress.
CancelHook = Callable[[Event, ChatContext], Awaitable[bool]]


C = TypeVar("C")
C_co = TypeVar("C_co", covariant=True)


class Codec(Protocol[C_co]):
    """A feature's button codes (a ``bot.callback.CallbackData`` class, or one like it): the
    prefixes it owns and ``parse``, which returns a record or raises ``BadCode``."""

    @property
    def prefixes(self) -> tuple[str, ...]: ...

    def parse(self, code: str) -> C_co: ...


ButtonHandler = Callable[[Event, ChatContext, C], Awaitable[list[Reply]]]


class RouteConflict(ValueError):
    """A command or button prefix registered twice."""


@dataclass(frozen=True)
class Command:
    name: str
    handler: Handler
    admin: bool = False
    in_menu: bool = True
    #: The languages whose menu and /help list it (every language when empty).
    langs: tuple[str, ...] = ()

    def description(self, lang: str | None) -> str:
        return label(f"command.{self.name}", lang)


class Router:
    def __init__(self, name: str = "root") -> None:
        self.name = name
        self.commands: dict[str, Command] = {}
        self.buttons: dict[str, Handler] = {}
        #: Which router registered each command ("/name") and button prefix ("prefix:").
        self.owners: dict[str, str] = {}
        self.text_handlers: list[TextHandler] = []
        self.cancel_hooks: list[CancelHook] = []
        #: Answers free text nobody else claimed (the FAQ), whatever the inclusion order.
        self.fallback_text: TextHandler | None = None
        #: The language each recent chat was last answered in, for what the transport says
        #: without reading the database (the flood notice, the error apology); bounded.
        self._languages: OrderedDict[int, str] = OrderedDict()

    # -- registration -------------------------------------------------------------------
    def _claim(self, key: str, owner: str) -> None:
        if key in self.owners:
            raise RouteConflict(f"{key} of {owner} is already taken by {self.owners[key]}")
        self.owners[key] = owner

    def command(
        self,
        name: str,
        *,
        admin: bool = False,
        in_menu: bool = True,
        langs: tuple[str, ...] = (),
    ) -> Callable[[Handler], Handler]:
        """Register ``/name``; its description is ``command.<name>`` in the catalogue."""

        def register(handler: Handler) -> Handler:
            self._claim(f"/{name}", self.name)
            self.commands[name] = Command(name, handler, admin, in_menu, langs)
            return handler

        return register

    def button(self, codec: Codec[C]) -> Callable[[ButtonHandler[C]], ButtonHandler[C]]:
        """Own every code of `codec` (its ``prefixes``); the handler gets the record that
        ``codec.parse`` returns, and a code it refuses gets the "no longer active" reply."""
        parse, prefixes = codec.parse, codec.prefixes

        def register(handler: ButtonHandler[C]) -> ButtonHandler[C]:
            async def on_press(event: Event, ctx: ChatContext) -> list[Reply]:
                try:
                    data = parse(event.button or "")
                except BadCode as exc:
                    log.info("refused button code from chat %s: %s", event.chat_id, exc)
                    return [Reply(render("stale_button", event.lang))]
                return await handler(event, ctx, data)

            self.button_prefixes(*prefixes)(on_press)
            return handler

        return register

    def button_prefixes(self, *prefixes: str) -> Callable[[Handler], Handler]:
        """Own every code `<prefix>:...` (or exactly `<prefix>`) of codes parsed elsewhere."""

        def register(handler: Handler) -> Handler:
            for prefix in prefixes:
                self._claim(f"{prefix}{SEP}", self.name)
                self.buttons[prefix] = handler
            return handler

        return register

    def text(self, handler: TextHandler) -> TextHandler:
        self.text_handlers.append(handler)
        return handler

    def fallback(self, handler: TextHandler) -> TextHandler:
        if self.fallback_text is not None:
            raise RouteConflict(f"{self.name} already has a free-text fallback")
        self.fallback_text = handler
        return handler

    def on_cancel(self, hook: CancelHook) -> CancelHook:
        self.cancel_hooks.append(hook)
        return hook

    def include(self, *routers: Router) -> Self:
        """Add the routers' commands, buttons and text handlers, in this order.

        Raises `RouteConflict`, before changing anything, when one of them registers a
        command or a button prefix already taken, or a second free-text fallback.
        """
        for child in routers:
            taken = [key for key in child.owners if key in self.owners]
            if taken:
                owners = ", ".join(f"{k} ({self.owners[k]})" for k in taken)
                raise RouteConflict(f"{child.name} registers what is already taken: {owners}")
            if child.fallback_text is not None and self.fallback_text is not None:
                raise RouteConflict(f"{child.name}: a second free-text fallback")
            self.owners.update(child.owners)
            self.commands.update(child.commands)
            self.buttons.update(child.buttons)
            self.text_handlers += child.text_handlers
            self.cancel_hooks += child.cancel_hooks
            self.fallback_text = self.fallback_text or child.fallback_text
        return self

    def menu(self, *, admin: bool = False, lang: str | None = None) -> list[Command]:
        """Commands for /help and the Bot API menu, in inclusion and registration order (of
        ``lang``'s menu when given: /language in English, /langue in French)."""
        shown = pick_lang(lang) if lang is not None else None
        return [
            c
            for c in self.commands.values()
            if c.in_menu
            and (admin or not c.admin)
            and (shown is None or not c.langs or shown in c.langs)
        ]

    # -- languages ----------------------------------------------------------------------
    def remember_language(self, chat_id: int, lang: str) -> None:
        self._languages[chat_id] = lang
        self._languages.move_to_end(chat_id)
        if len(self._languages) > REMEMBERED_CHATS:
            self._languages.popitem(last=False)

    def language_of(self, chat_id: int, telegram_code: str | None) -> str:
        """The language the chat was last answered in, else the one its Telegram code gives."""
        return self._languages.get(chat_id) or pick_lang(telegram_code)

    # -- dispatch -----------------------------------------------------------------------
    async def handle(self, event: Event, ctx: ChatContext) -> list[Reply]:
        ctx = dataclasses.replace(ctx, router=self)
        lang = event.lang
        if event.kind == "group":
            # The bot works in private chats only; in groups it answers commands once.
            return [Reply(render("group_chat", lang))] if event.command else []
        chosen = None
        try:
            chosen = await touch_seen(
                ctx.engine, chat_id=event.chat_id, language=lang, now=ctx.now()
            )
        except DBAPIError as exc:
            # A database that cannot be written still answers what needs no write (/help,
            # /privacy, the FAQ); a handler that must write fails on its own write.
            if not is_unwritable_db_error(exc):
                raise
            log.warning("database not writable: chat %s not recorded as seen", event.chat_id)
            if ctx.on_write_failure is not None:
                ctx.on_write_failure(exc)
        # The language chosen with /language wins over Telegram's code (stored above as is).
        event = dataclasses.replace(event, lang=pick_lang(chosen or lang))
        lang = event.lang
        self.remember_language(event.chat_id, lang)
        if event.kind == "edited":
            return [Reply(render("edited_message", lang))]
        if event.kind == "media":
            return [Reply(render("media_message", lang))]
        if event.kind == "command":
            return await self._command(event, ctx)
        if event.kind == "button":
            return await self._button(event, ctx)
        return await self._text(event, ctx)

    async def _command(self, event: Event, ctx: ChatContext) -> list[Reply]:
        name = event.command or ""
        command = self.commands.get(name)
        if command is None or (command.admin and not event.is_admin):
            # Never echo more than a command name can be (a 4,000-character "/aaaa..." once was).
            shown = name if len(name) <= MAX_COMMAND else name[:MAX_COMMAND] + "…"
            return [Reply(render("unknown_command", event.lang, command=shown))]
        if len(event.args) > MAX_TEXT:
            return [
                Reply(render("text_too_long", event.lang, limit=MAX_TEXT, length=len(event.args)))
            ]
        return await command.handler(event, ctx)

    async def _button(self, event: Event, ctx: ChatContext) -> list[Reply]:
        code = event.button or ""
        handler = self.buttons.get(code.partition(SEP)[0])
        # Telegram caps callback data at 64 bytes; anything longer did not come from our buttons.
        if handler is None or len(code.encode()) > MAX_BUTTON_CODE:
            log.info("unknown button code from chat %s", event.chat_id)
            return [Reply(render("stale_button", event.lang))]
        return await handler(event, ctx)

    async def _text(self, event: Event, ctx: ChatContext) -> list[Reply]:
        text = (event.text or "").strip()
        if not text:
            return [Reply(render("empty_text", event.lang))]
        if len(text) > MAX_TEXT:
            return [Reply(render("text_too_long", event.lang, limit=MAX_TEXT, length=len(text)))]
        handlers = [*self.text_handlers, *([self.fallback_text] if self.fallback_text else [])]
        for handler in handlers:
            replies = await handler(event, ctx)
            if replies is not None:
                return replies
        return [Reply(render("fallback_text", event.lang, text=text))]

    async def cancel(self, event: Event, ctx: ChatContext) -> bool:
        cancelled = False
        for hook in self.cancel_hooks:
            cancelled = await hook(event, ctx) or cancelled
        return cancelled

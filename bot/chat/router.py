"""Route an `Event` to the feature that owns it and collect its `Reply` objects.

Features register commands, button-code prefixes and free-text handlers on a `Router`;
one command list feeds both `/help` and the Telegram command menu.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.chat.context import ChatContext
from bot.chat.events import MAX_TEXT, Event
from bot.render import render
from bot.replies import Reply
from bot.store.users import touch_user

log = logging.getLogger(__name__)

MAX_BUTTON_CODE = 64

Handler = Callable[[Event, ChatContext], Awaitable[list[Reply]]]
#: A text handler returns None when the text is not for it.
TextHandler = Callable[[Event, ChatContext], Awaitable[list[Reply] | None]]
#: A cancel hook returns True when it cancelled something in progress.
CancelHook = Callable[[Event, ChatContext], Awaitable[bool]]


@dataclass(frozen=True)
class Command:
    name: str
    description: str
    handler: Handler
    admin: bool = False
    in_menu: bool = True


class Router:
    def __init__(self) -> None:
        self.commands: dict[str, Command] = {}
        self.buttons: dict[str, Handler] = {}
        self.text_handlers: list[TextHandler] = []
        self.cancel_hooks: list[CancelHook] = []
        #: Answers free text nobody else claimed (the FAQ), whatever the registration order.
        self.fallback_text: TextHandler | None = None

    # -- registration -------------------------------------------------------------------
    def command(
        self, name: str, description: str, *, admin: bool = False, in_menu: bool = True
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.commands[name] = Command(name, description, handler, admin, in_menu)
            return handler

        return register

    def button(self, prefix: str) -> Callable[[Handler], Handler]:
        """Own every button code `<prefix>:...` (or exactly `<prefix>`)."""

        def register(handler: Handler) -> Handler:
            self.buttons[prefix] = handler
            return handler

        return register

    def text(self, handler: TextHandler) -> TextHandler:
        self.text_handlers.append(handler)
        return handler

    def on_cancel(self, hook: CancelHook) -> CancelHook:
        self.cancel_hooks.append(hook)
        return hook

    def menu(self, *, admin: bool = False) -> list[Command]:
        """Commands for /help and the Bot API menu, in registration order."""
        return [c for c in self.commands.values() if c.in_menu and (admin or not c.admin)]

    # -- dispatch -----------------------------------------------------------------------
    async def handle(self, event: Event, ctx: ChatContext) -> list[Reply]:
        lang = event.lang
        if event.kind == "group":
            # The bot works in private chats only; in groups it answers commands once.
            return [Reply(render("group_chat", lang))] if event.command else []
        if event.kind == "edited":
            return [Reply(render("edited_message", lang))]
        async with ctx.sessions.begin() as session:
            await touch_user(session, chat_id=event.chat_id, language=lang, now=ctx.now())
        if event.kind == "media":
            return [Reply(render("media_message", lang))]
        if event.kind == "command":
            return await self._command(event, ctx)
        if event.kind == "button":
            return await self._button(event, ctx)
        return await self._text(event, ctx)

    async def _command(self, event: Event, ctx: ChatContext) -> list[Reply]:
        command = self.commands.get(event.command or "")
        if command is None or (command.admin and not event.is_admin):
            return [Reply(render("unknown_command", event.lang, command=event.command or ""))]
        return await command.handler(event, ctx)

    async def _button(self, event: Event, ctx: ChatContext) -> list[Reply]:
        code = event.button or ""
        prefix = code.split(":", 1)[0]
        handler = self.buttons.get(prefix)
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

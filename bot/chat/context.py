"""What a handler may use: settings, the database, the clock, and the root router."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.store.types import utcnow

if TYPE_CHECKING:
    from bot.chat.router import Router


@dataclass
class ChatContext:
    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    now: Callable[[], datetime] = field(default=utcnow)
    #: The router handling this event (set by ``Router.handle``): /help lists its commands,
    #: /cancel runs its cancel hooks.
    router: Router | None = None
    #: Told when the database refused a write the conversation could do without (recording
    #: that the chat was seen): the transport reports it to the admins once per incident.
    on_write_failure: Callable[[BaseException], None] | None = None
    #: Told when a chat chose its language (chat id, language, whether it is an admin): the
    #: transport sets that chat's command menu in the language chosen.
    on_language_chosen: Callable[[int, str, bool], None] | None = None

    @property
    def engine(self) -> AsyncEngine:
        """The engine behind `sessions`, for the update path's plain statements (a Core
        connection: `async with ctx.engine.begin() as conn`)."""
        engine: AsyncEngine = self.sessions.kw["bind"]
        return engine

    def root(self) -> Router:
        if self.router is None:
            raise RuntimeError("ChatContext.root() outside Router.handle")
        return self.router

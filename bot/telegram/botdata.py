"""Typed `application.bot_data` (PTB `ContextTypes`): handlers and jobs read
`context.bot_data.services` and `context.bot_data.jobs`, typed, without casts.

PTB creates `bot_data` itself from a class it calls without arguments, so `BotData` starts
empty: `build_application` sets `services` before the application runs, and the jobs'
`post_init` sets `jobs`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram import Bot
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from bot.chat import ChatContext, Router
from bot.config import Settings
from bot.logsetup import RedactSecrets, secret_values
from bot.store.engine import create_engine, session_factory
from bot.telegram.flood import FloodGuard
from bot.telegram.liveness import Incident, TokenWatch, WatchedRequest
from bot.telegram.outbound import Outbound

if TYPE_CHECKING:
    from bot.telegram.jobs import JobState


class BotServices:
    """What the handlers share: settings, router, database, redactor, flood guard, and the
    way out (`outbound`, made on first use: the bot exists only once the application does)."""

    def __init__(self, settings: Settings, router: Router) -> None:
        self.settings = settings
        self.router = router
        self.engine = create_engine(settings.database_url)
        self.ctx = ChatContext(settings=settings, sessions=session_factory(self.engine))
        self.redactor = RedactSecrets(
            secret_values(settings.telegram_bot_token, settings.webhook_secret)
        )
        self.flood: FloodGuard | None = FloodGuard() if settings.tuning.flood_guard else None
        #: Trips when Telegram rejects the token (bot/telegram/liveness.py).
        self.token_watch = TokenWatch()
        #: 409 Conflict: another process polls with this token; told to the admins once.
        self.conflict = Incident(quiet=300.0)
        #: The database refuses writes; told to the admins once per incident.
        self.storage = Incident(quiet=600.0)
        #: The Bot API clients (general, getUpdates), closed by hand if getMe fails.
        self.requests: tuple[WatchedRequest, ...] = ()
        self._outbound: Outbound | None = None

    def outbound(self, bot: Bot) -> Outbound:
        if self._outbound is None or self._outbound.bot is not bot:
            self._outbound = Outbound(bot)
        return self._outbound


class BotData:
    """`application.bot_data`."""

    def __init__(self) -> None:
        self._services: BotServices | None = None
        self.jobs: JobState | None = None  # None until the jobs are scheduled

    @property
    def services(self) -> BotServices:
        if self._services is None:
            raise RuntimeError("bot_data.services is set by build_application")
        return self._services

    @services.setter
    def services(self, value: BotServices) -> None:
        self._services = value


Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
App = Application[ExtBot[None], Context, dict[Any, Any], dict[Any, Any], BotData, JobQueue[Context]]
CONTEXT_TYPES: ContextTypes[Context, dict[Any, Any], dict[Any, Any], BotData] = ContextTypes(
    bot_data=BotData
)

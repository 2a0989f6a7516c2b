"""The composition root: build the PTB `Application`, register the handlers, run it.

Handler order (group 0 is the only group):
1. `on_update` (a `TypeHandler` for every `Update`): maps the update to an `Event`,
   answers callback queries, runs the conversation core and sends its replies through
   `bot.telegram.outbound` (the one way out for every message the bot sends).
Errors go to `on_error`: log (token redacted), tell the admins, apologise to the user.
"""

from __future__ import annotations

import html
import importlib.util
import logging
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationBuilder, Defaults, TypeHandler

from bot.chat import Router, build_router, faq
from bot.config import Settings
from bot.render import render
from bot.store.users import mark_blocked
from bot.telegram.adapters import to_event
from bot.telegram.botdata import CONTEXT_TYPES, App, BotServices, Context
from bot.telegram.flood import Verdict
from bot.telegram.http import AiohttpRequest
from bot.telegram.lanes import TwoLaneLimiter
from bot.telegram.processor import PerChatUpdateProcessor
from bot.telegram.resilience import handle_with_db_retry

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]


class UndeliveredReply(Exception):
    """A reply could not be delivered (after retries); `on_error` apologises and reports."""


async def on_update(update: object, context: Context) -> None:
    if not isinstance(update, Update):
        return
    svc = context.bot_data.services
    out = svc.outbound(context.bot)
    chat = update.effective_chat
    if svc.flood is not None and chat is not None:
        verdict = svc.flood.check(chat.id)
        if verdict is not Verdict.ALLOW:
            log.info("flood guard: skipping an update from chat %s", chat.id)
            if verdict is Verdict.NOTICE and chat.type == ChatType.PRIVATE:
                lang = update.effective_user.language_code if update.effective_user else None
                await out.notice(chat.id, render("flood", lang), retry=True)
            return
    if update.callback_query is not None:
        try:
            await update.callback_query.answer()
        except TelegramError as exc:  # too old, or the API is unwell: still handle the press
            log.debug("could not answer callback query: %s", exc.message)
    event = to_event(update, svc.settings.admin_chat_ids)
    if event is None:
        return
    replies = await handle_with_db_retry(
        lambda: svc.router.handle(event, svc.ctx), chat_id=event.chat_id
    )
    outcome = await out.reply(event.chat_id, replies, edit_message_id=event.message_id)
    if outcome.kind == "blocked":
        log.info("chat %s blocked the bot; marking it", event.chat_id)
        async with svc.ctx.sessions.begin() as session:
            await mark_blocked(session, chat_id=event.chat_id)
    elif outcome.kind != "sent":
        raise UndeliveredReply(f"{outcome.kind}: {outcome.error}")


async def on_error(update: object, context: Context) -> None:
    svc = context.bot_data.services
    out = svc.outbound(context.bot)
    error = context.error
    log.error("error while handling an update", exc_info=error)
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is not None and chat.type == ChatType.PRIVATE:
        lang = (
            update.effective_user.language_code
            if isinstance(update, Update) and update.effective_user
            else None
        )
        await out.notice(chat.id, render("error", lang))
    detail = svc.redactor.clean(f"{type(error).__name__}: {error}")[:500]
    report = render("admin_error", None, detail=detail, chat_id=chat.id if chat else None)
    await out.notify_admins(svc.settings.admin_chat_ids, report)


async def post_init(application: App) -> None:
    svc = application.bot_data.services
    # Start-up does not wait for the FAQ index (a second or two): a worker thread builds it
    # while the bot already answers; the first question waits for it (bot.chat.faq.ready).
    if svc.settings.tuning.faq_warmup:
        faq.warm_up_in_background()
    await application.bot.set_my_commands(
        [BotCommand(c.name, c.description) for c in svc.router.menu()],
        scope=BotCommandScopeDefault(),
    )
    admin_menu = [BotCommand(c.name, c.description) for c in svc.router.menu(admin=True)]
    for admin in svc.settings.admin_chat_ids:
        try:
            await application.bot.set_my_commands(admin_menu, scope=BotCommandScopeChat(admin))
        except TelegramError as exc:
            log.warning("could not set the admin menu for %s: %s", admin, exc.message)
    if importlib.util.find_spec("bot.telegram.jobs") is not None:
        jobs = importlib.import_module("bot.telegram.jobs")
        jobs.schedule_jobs(application, svc.ctx)


async def post_shutdown(application: App) -> None:
    await application.bot_data.services.engine.dispose()


def build_application(settings: Settings, *, router: Router | None = None) -> App:
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    api = settings.telegram_api_url
    read_timeout = settings.tuning.read_timeout
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .context_types(CONTEXT_TYPES)  # typed bot_data (bot/telegram/botdata.py)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .concurrent_updates(PerChatUpdateProcessor(256))
        # aiohttp, not PTB's default httpx: a sixth of the CPU per call (bot/telegram/http.py).
        .request(AiohttpRequest(connection_pool_size=32, read_timeout=read_timeout))
        .get_updates_request(AiohttpRequest(connection_pool_size=2, read_timeout=read_timeout))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if settings.tuning.rate_limiter:
        # Replies are not metered; alerts and reminders go out smoothly at
        # ALERTS_PER_SECOND (bot/telegram/lanes.py).
        builder.rate_limiter(TwoLaneLimiter(settings.alerts_per_second))
    application: App = builder.build()
    application.bot_data.services = BotServices(settings, router or build_router())
    application.add_handler(TypeHandler(Update, on_update))
    application.add_error_handler(on_error)
    return application


def run_polling(settings: Settings) -> None:
    application = build_application(settings)
    log.info("bot starting (polling) against %s", html.escape(settings.telegram_api_url))
    application.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)

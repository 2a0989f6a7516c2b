"""The composition root: build the PTB `Application`, register the handlers, run it.

Handler order (group 0 is the only group):
1. `on_update` (a `TypeHandler` for every `Update`): maps the update to an `Event`,
   answers callback queries, runs the conversation core and sends its replies through
   `bot.telegram.outbound` (the one way out for every message the bot sends).
Errors go to `on_error`: log (token redacted), tell the admins, apologise to the user.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterable
from typing import Any

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import Conflict, InvalidToken, TelegramError
from telegram.ext import ApplicationBuilder, Defaults, TypeHandler

from bot.catalogue import languages
from bot.chat import Router, build_router, faq
from bot.config import Settings
from bot.render import DEFAULT_LANG, render
from bot.store.errors import is_unwritable_db_error, unwritable_reason
from bot.store.users import mark_blocked
from bot.telegram.adapters import to_event
from bot.telegram.botdata import CONTEXT_TYPES, App, BotServices, Context
from bot.telegram.flood import Verdict
from bot.telegram.lanes import TwoLaneLimiter
from bot.telegram.liveness import TokenWatch, WatchedRequest
from bot.telegram.processor import PerChatUpdateProcessor
from bot.telegram.resilience import handle_with_db_retry
from bot.telegram.updates_guard import UpdatesRequest

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
                code = update.effective_user.language_code if update.effective_user else None
                lang = svc.router.language_of(chat.id, code)
                await out.notice(chat.id, render("flood", lang), retry=True)
            return
    if update.callback_query is not None:
        try:
            await out.answer_callback(update.callback_query.id)
        except TelegramError as exc:  # too old, or the API is unwell: still handle the press
            log.debug("could not answer callback query: %s", exc.message)
    event = to_event(update, svc.settings.admin_chat_ids, context.bot.username)
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
    if isinstance(error, InvalidToken):
        return  # the token watch ends the process (bot/telegram/liveness.py)
    if isinstance(error, Conflict):
        await _report_conflict(context)
        return
    unwritable = error is not None and is_unwritable_db_error(error)
    if unwritable and error is not None:
        log.warning("database not writable: %s", _first_line(error))
    else:
        log.error("error while handling an update", exc_info=error)
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is not None and chat.type == ChatType.PRIVATE:
        code = (
            update.effective_user.language_code
            if isinstance(update, Update) and update.effective_user
            else None
        )
        await out.notice(chat.id, render("error", svc.router.language_of(chat.id, code)))
    if unwritable:
        assert error is not None
        await report_unwritable(context.bot, svc, _first_line(error))
        return
    detail = svc.redactor.clean(f"{type(error).__name__}: {error}")[:500]
    await tell_admins(
        context.bot, svc, "admin_error", detail=detail, chat_id=chat.id if chat else None
    )


async def _report_conflict(context: Context) -> None:
    """409 Conflict: another getUpdates with this token. PTB retries (up to every 30 s), so
    the admins hear of it once per incident, not on every retry."""
    svc = context.bot_data.services
    if not svc.conflict.start():
        return
    log.warning("409 Conflict: another process is polling with this token")
    await tell_admins(context.bot, svc, "admin_conflict")


def _first_line(error: BaseException) -> str:
    orig = getattr(error, "orig", None)
    return str(orig if orig is not None else error).splitlines()[0][:200]


async def report_unwritable(bot: Any, svc: BotServices, detail: str) -> None:
    """The database refuses writes: the admins hear of it once per incident (an incident ends
    after 10 minutes without a failed write), not once per update."""
    if not svc.storage.start():
        return
    log.error("database not writable: %s (told to the admins once per incident)", detail)
    await tell_admins(bot, svc, "admin_storage", detail=detail)


async def tell_admins(bot: Any, svc: BotServices, template: str, **values: Any) -> None:
    """`template` to every admin, each in the language they were last answered in (English
    for one not seen since the start): these notices come when the database may be failing,
    so it is not read."""
    by_lang: dict[str, list[int]] = {}
    for admin in svc.settings.admin_chat_ids:
        by_lang.setdefault(svc.router.language_of(admin, None), []).append(admin)
    out = svc.outbound(bot)
    for lang, chats in by_lang.items():
        await out.notify_admins(chats, render(template, lang, **values))


def _menu(router: Router, lang: str, *, admin: bool = False) -> list[BotCommand]:
    return [BotCommand(c.name, c.description(lang)) for c in router.menu(admin=admin, lang=lang)]


async def set_menus(bot: Bot, router: Router, admins: Iterable[int]) -> None:
    """The command menu in each language: English by default, French for clients set to
    French (``language_code``); each admin's chat gets the same with the admin commands."""
    for lang in languages():
        code = None if lang == DEFAULT_LANG else lang
        await bot.set_my_commands(
            _menu(router, lang), scope=BotCommandScopeDefault(), language_code=code
        )
        for admin in admins:
            try:
                await bot.set_my_commands(
                    _menu(router, lang, admin=True),
                    scope=BotCommandScopeChat(admin),
                    language_code=code,
                )
            except TelegramError as exc:
                log.warning("could not set the admin menu for %s: %s", admin, exc.message)


async def set_chat_menu(bot: Bot, router: Router, chat_id: int, lang: str, admin: bool) -> None:
    """The menu of one chat in the language it chose (Telegram shows a chat's own menu
    before the one of the app's language)."""
    try:
        await bot.set_my_commands(
            _menu(router, lang, admin=admin), scope=BotCommandScopeChat(chat_id)
        )
    except TelegramError as exc:
        log.warning("could not set the menu of chat %s: %s", chat_id, exc.message)


async def post_init(application: App) -> None:
    svc = application.bot_data.services

    def write_failed(exc: BaseException) -> None:
        application.create_task(report_unwritable(application.bot, svc, _first_line(exc)))

    svc.ctx.on_write_failure = write_failed

    def language_chosen(chat_id: int, lang: str, admin: bool) -> None:
        svc.router.remember_language(chat_id, lang)
        application.create_task(set_chat_menu(application.bot, svc.router, chat_id, lang, admin))

    svc.ctx.on_language_chosen = language_chosen
    reason = await unwritable_reason(svc.engine)
    if reason is not None:
        log.error(
            "start-up: the database is not writable (%s); answers that need no write work", reason
        )
        await report_unwritable(application.bot, svc, reason)
    else:
        log.info("start-up: the database is writable")
    # Start-up does not wait for the FAQ index (a second or two): a worker thread builds it
    # while the bot already answers; the first question waits for it (bot.chat.faq.ready).
    if svc.settings.tuning.faq_warmup:
        faq.warm_up_in_background()
    await set_menus(application.bot, svc.router, svc.settings.admin_chat_ids)
    if importlib.util.find_spec("bot.telegram.jobs") is not None:
        jobs = importlib.import_module("bot.telegram.jobs")
        jobs.schedule_jobs(application, svc.ctx)


async def post_shutdown(application: App) -> None:
    await application.bot_data.services.engine.dispose()


def build_application(settings: Settings, *, router: Router | None = None) -> App:
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    api = settings.telegram_api_url
    watch = TokenWatch()
    read_timeout = settings.tuning.read_timeout
    requests = (
        WatchedRequest(watch, connection_pool_size=32, read_timeout=read_timeout),
        UpdatesRequest(watch, connection_pool_size=2, read_timeout=read_timeout),
    )
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .context_types(CONTEXT_TYPES)  # typed bot_data (bot/telegram/botdata.py)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .concurrent_updates(PerChatUpdateProcessor(256))
        # aiohttp, not PTB's default httpx: a sixth of the CPU per call (bot/telegram/http.py).
        .request(requests[0])
        .get_updates_request(requests[1])
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if settings.tuning.rate_limiter:
        # Replies are not metered; alerts and reminders go out smoothly at
        # ALERTS_PER_SECOND (bot/telegram/lanes.py).
        builder.rate_limiter(TwoLaneLimiter(settings.alerts_per_second))
    application: App = builder.build()
    application.bot_data.services = BotServices(settings, router or build_router())
    application.bot_data.services.token_watch = watch
    application.bot_data.services.requests = requests
    application.add_handler(TypeHandler(Update, on_update))
    application.add_error_handler(on_error)
    return application

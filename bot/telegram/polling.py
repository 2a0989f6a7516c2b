"""Polling mode (`python -m bot run`): PTB's start-up and shutdown order, run here so that a
token Telegram rejects ends the process cleanly.

PTB's `Application.run_polling` cannot shut down once the polling task died of
`InvalidToken` (a token revoked while running): stopping the updater re-raises it and the
rest of the shutdown (jobs, database, HTTP sessions) is skipped. Here the order is the same
(initialize, post_init, start polling, start processing; then the reverse) with that case
handled: `run_polling` returns `EXIT_TOKEN_REJECTED` after a clean shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import signal

from telegram.error import InvalidToken, TelegramError

from bot.config import Settings
from bot.telegram.app import ALLOWED_UPDATES, build_application
from bot.telegram.botdata import App
from bot.telegram.liveness import EXIT_TOKEN_REJECTED

log = logging.getLogger(__name__)


async def start_polling(application: App, *, poll_interval: float = 0.0) -> None:
    """Start the updater as `run_polling` does: polling errors (409 Conflict among them) go to
    the application's error handler."""
    assert application.updater is not None

    def polling_error(exc: TelegramError) -> None:
        application.create_task(application.process_error(error=exc, update=None))

    await application.updater.start_polling(
        poll_interval=poll_interval,
        allowed_updates=ALLOWED_UPDATES,
        drop_pending_updates=False,
        error_callback=polling_error,
    )


async def _poll(application: App, stop: asyncio.Event) -> None:
    updater = application.updater
    assert updater is not None
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        if stop.is_set():  # rejected during post_init
            return
        await start_polling(application)
        await application.start()
        await stop.wait()
    finally:
        if updater.running:
            with contextlib.suppress(InvalidToken):  # the polling task died of it
                await updater.stop()
        if application.running:
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)


def run_polling(settings: Settings) -> int:
    """Poll until SIGTERM/SIGINT (0) or until Telegram rejects the token, at start or while
    running (EXIT_TOKEN_REJECTED)."""
    application = build_application(settings)
    services = application.bot_data.services
    log.info("bot starting (polling) against %s", html.escape(settings.telegram_api_url))

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        services.token_watch.on_rejected = stop.set
        try:
            await _poll(application, stop)
        except InvalidToken:  # at start (getMe): the HTTP sessions were opened first
            services.token_watch.rejected = True
            for request in services.requests:
                await request.shutdown()
            await services.engine.dispose()

    asyncio.run(main())
    return EXIT_TOKEN_REJECTED if services.token_watch.rejected else 0

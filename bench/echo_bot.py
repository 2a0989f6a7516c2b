"""The baseline for bench/load.py: the smallest PTB bot that answers every update.

Same PTB version, base URL and concurrency (256 updates at once) as the real bot, no database, no templates, no rate limiter: text is echoed back, a button press is
answered and echoed. Run by bench/load.py as `python bench/echo_bot.py` with
TELEGRAM_BOT_TOKEN and TELEGRAM_API_URL in the environment.

HTTP client: ECHO_CLIENT=ptb (default) is PTB's own (httpx), i.e. the minimal PTB bot the
load benchmark's acceptance compares against; ECHO_CLIENT=aiohttp uses the bot's client
(bot/telegram/http.py), a stricter reference that shows what the bot's own work costs.
"""

from __future__ import annotations

import html
import logging
import os

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, TypeHandler

from bot.telegram.http import AiohttpRequest


async def echo(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    if update.callback_query is not None:
        await update.callback_query.answer()
        await context.bot.send_message(chat_id, html.escape(update.callback_query.data or ""))
    elif update.message is not None and update.message.text is not None:
        await context.bot.send_message(chat_id, html.escape(update.message.text))


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    api = os.environ["TELEGRAM_API_URL"].rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .concurrent_updates(256)
    )
    if os.environ.get("ECHO_CLIENT", "ptb") == "aiohttp":
        builder.request(AiohttpRequest(connection_pool_size=32, read_timeout=20))
        builder.get_updates_request(AiohttpRequest(connection_pool_size=2, read_timeout=20))
    else:
        builder.connect_timeout(10).read_timeout(20).write_timeout(20)
    application = builder.build()
    application.add_handler(TypeHandler(Update, echo))
    application.run_polling(allowed_updates=["message", "callback_query"])


if __name__ == "__main__":
    main()

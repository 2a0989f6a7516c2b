"""Command line: `python -m bot <command>`.

run [--lang fr]     the bot on Telegram (long polling); the terminal chat without a token
webhook             the bot on Telegram behind a webhook (WEBHOOK_URL, WEBHOOK_SECRET, PORT)
health [--json]     database, migrations, feed poll and outbox checks; exit 1 when unhealthy
chat [--lang fr]    the conversation in this terminal (in French with --lang fr)
db upgrade|downgrade|current [REV]
crs FILE|-|--batch  score CRS profiles (JSON); --plan: eligibility, categories, rounds, moves
ask "question" | ask --json
kb check            validate the knowledge base
draws import FILE | sync | list [--json] [--program P]
"""

from __future__ import annotations

import asyncio
import importlib
import sys

from bot.config import get_settings

#: Subcommands served by a feature package's own `main(argv) -> int`.
DELEGATED = {
    "crs": "bot.standing.cli",
    "ask": "bot.faq.cli",
    "draws": "bot.pipeline.cli",
    "health": "bot.health",
}


def _usage() -> int:
    sys.stderr.write(__doc__ or "")
    return 2


def _prepare_database(*, always: bool = False) -> None:
    """Bring the database up to date: always for SQLite (a newcomer needs no extra step)."""
    from bot.store import migrate

    settings = get_settings()
    if always or settings.is_sqlite:
        migrate.upgrade(settings.database_url)


def _hold_database_lock() -> bool:
    """One bot process per SQLite file (bot/store/process_lock.py); False, with the reason
    on stderr, when another process holds it."""
    from bot.store.process_lock import AlreadyRunningError, hold_database_lock

    try:
        hold_database_lock(get_settings().database_url)
    except AlreadyRunningError as exc:
        sys.stderr.write(f"{exc}\n")
        return False
    return True


def _said(code: int) -> int:
    """The one-line reason for an exit the operator must act on."""
    from bot.telegram.liveness import EXIT_TOKEN_REJECTED, TOKEN_REJECTED

    if code == EXIT_TOKEN_REJECTED:
        sys.stderr.write(f"{TOKEN_REJECTED}\n")
    return code


def _db(args: list[str]) -> int:
    from bot.store import migrate

    url = get_settings().database_url
    if not args or args[0] not in {"upgrade", "downgrade", "current"}:
        return _usage()
    if args[0] == "upgrade":
        migrate.upgrade(url, args[1] if len(args) > 1 else "head")
    elif args[0] == "downgrade":
        migrate.downgrade(url, args[1] if len(args) > 1 else "-1")
    else:
        print(migrate.current_revision(url) or "(empty database)")
    return 0


def _chat(args: list[str] | None = None) -> int:
    from bot.console import chat_loop
    from bot.logsetup import configure_logging, secret_values
    from bot.render import DEFAULT_LANG, SUPPORTED_LANGS

    lang = DEFAULT_LANG
    rest = list(args or [])
    if rest[:1] == ["--lang"] and len(rest) == 2:
        lang = rest.pop()
        rest.clear()
    elif rest[:1] and rest[0].startswith("--lang="):
        lang = rest.pop(0).split("=", 1)[1]
    if rest or lang not in SUPPORTED_LANGS:
        sys.stderr.write(f"usage: python -m bot chat [--lang {'|'.join(SUPPORTED_LANGS)}]\n")
        return 2

    settings = get_settings()
    # The terminal is the conversation: only warnings and errors go to the log there.
    level = settings.log_level if settings.log_level in {"ERROR", "CRITICAL"} else "WARNING"
    configure_logging(level, secret_values(settings.telegram_bot_token, settings.webhook_secret))
    # The terminal runs the bot's jobs too (feed poll, alert delivery), so it is a bot process:
    # beside a bot on the same SQLite file it would fail that bot's alerts.
    if not _hold_database_lock():
        return 3
    _prepare_database()
    return asyncio.run(chat_loop(settings, lang=lang))


def _run(args: list[str]) -> int:
    from bot.logsetup import configure_logging, secret_values

    settings = get_settings()
    if args and settings.telegram_bot_token is not None:
        # On Telegram each user's language comes from their app or /language, not the command.
        sys.stderr.write(
            "usage: python -m bot run (--lang is for the terminal chat, without a token)\n"
        )
        return 2
    configure_logging(
        settings.log_level, secret_values(settings.telegram_bot_token, settings.webhook_secret)
    )
    if settings.telegram_bot_token is None:
        sys.stderr.write(
            "TELEGRAM_BOT_TOKEN is not set, so the bot runs here in the terminal.\n"
            "To run it on Telegram, create a bot with @BotFather (/newbot) and set "
            "TELEGRAM_BOT_TOKEN in the environment or in .env.\n\n"
        )
        return _chat(args)
    if not _hold_database_lock():
        return 3
    _prepare_database()
    from bot.telegram.polling import run_polling

    return _said(run_polling(settings))


def _webhook() -> int:
    from bot.logsetup import configure_logging, secret_values

    settings = get_settings()
    configure_logging(
        settings.log_level, secret_values(settings.telegram_bot_token, settings.webhook_secret)
    )
    if settings.telegram_bot_token is None:
        sys.stderr.write("TELEGRAM_BOT_TOKEN is not set: webhook mode needs a bot token.\n")
        return 2
    from bot.telegram.webhook import WebhookConfig, WebhookConfigError, run_webhook

    try:
        config = WebhookConfig.from_settings(settings)
    except WebhookConfigError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    if not _hold_database_lock():
        return 3
    _prepare_database()
    return _said(run_webhook(settings, config))


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        return _usage() if not args else (print(__doc__) or 0)
    command, rest = args[0], args[1:]
    if command in {"run", "webhook", "chat", "ask"}:  # the commands that answer questions
        from bot.faq import cache

        cache.use_directory(get_settings().faq_cache_dir)
    if command == "run":
        return _run(rest)
    if command == "webhook":
        return _webhook()
    if command == "chat":
        return _chat(rest)
    if command == "db":
        return _db(rest)
    if command == "kb" and rest[:1] == ["check"]:
        return int(importlib.import_module("bot.faq.check").main(rest[1:]))
    if command in DELEGATED:
        return int(importlib.import_module(DELEGATED[command]).main(rest))
    return _usage()


if __name__ == "__main__":
    sys.exit(main())

"""The Telegram transport (python-telegram-bot)."""

from bot.config import export_library_switches

# Before any PTB duration is read: timedelta durations instead of deprecated integer seconds.
export_library_switches()

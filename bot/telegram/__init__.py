"""The Telegram transport (python-telegram-bot)."""

import os

# Opt in to PTB 22's timedelta durations (RetryAfter.retry_after is a timedelta) before PTB
# is imported, instead of the deprecated integer seconds.
os.environ.setdefault("PTB_TIMEDELTA", "true")

"""Logging: one format, secrets redacted from every record, no token-bearing URLs."""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from collections.abc import Iterable
from types import TracebackType

from pydantic import SecretStr

REDACTED = "[REDACTED]"


class RedactSecrets(logging.Filter):
    """Replace each secret in the fully formatted message (args and exception included)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)
        # Case-insensitive: PTB capitalises error messages ("Bad Request: ..." -> "Bad ..."),
        # which lower-cases a token quoted in them.
        self._pattern = (
            re.compile("|".join(re.escape(s) for s in self.secrets), re.IGNORECASE)
            if self.secrets
            else None
        )

    def clean(self, text: str) -> str:
        return self._pattern.sub(REDACTED, text) if self._pattern is not None else text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = self.clean(message)
        record.args = None
        if record.exc_text:
            record.exc_text = self.clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self.clean(record.stack_info)
        return True


def secret_values(*secrets: SecretStr | None) -> list[str]:
    values: list[str] = []
    for secret in secrets:
        if secret is not None:
            value = secret.get_secret_value()
            values.append(value)
            # PTB puts the token in URLs; the numeric bot id alone is not secret.
            if ":" in value:
                values.append(value.split(":", 1)[1])
    return values


#: Libraries whose records below WARNING are dropped: httpx logs every request URL at INFO
#: (Bot API URLs contain the token); bm25s logs each index build and sets its own logger to
#: DEBUG when it is imported, which now happens after start-up (so a level set here would be
#: overridden): the handler's filter holds whatever the library does.
NOISY = ("httpx", "httpcore", "apscheduler", "telegram.ext.Updater", "bm25s")


class QuietLibraries(logging.Filter):
    def __init__(self, names: Iterable[str] = NOISY, level: int = logging.WARNING) -> None:
        super().__init__()
        self.names = tuple(names)
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= self.level:
            return True
        return not any(record.name == n or record.name.startswith(n + ".") for n in self.names)


class NoPersonalData(logging.Filter):
    """PTB's DEBUG lines carry whole API calls and updates: people's names, usernames and
    message text. At any level the log keeps what they are about (the endpoint and the
    parameter names, the update id), never the content."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.DEBUG or not isinstance(record.args, tuple):
            return True
        msg, args = record.msg, record.args
        if msg.startswith("Calling Bot API endpoint") and len(args) == 2:
            params = args[1]
            keys = sorted(params) if isinstance(params, dict) else []
            record.args = (args[0], f"fields {', '.join(keys)}")
        elif msg.startswith("Call to Bot API endpoint") and len(args) == 2:
            record.args = (args[0], type(args[1]).__name__)
        elif msg.startswith(("Processing update", "Dropping pending update")) and args:
            record.args = (f"id {getattr(args[0], 'update_id', '?')}",)
        return True


class NoTokenTracebacks(logging.Filter):
    """PTB logs a rejected token with a traceback at each layer; the process says it in one
    line when it exits (bot/telegram/liveness.py), so the record keeps its message only."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and type(record.exc_info[1]).__name__ == "InvalidToken":
            record.exc_info = None
            record.exc_text = None
        return True


def install_excepthooks(redactor: RedactSecrets) -> None:
    """Uncaught exceptions (main thread and other threads) are printed redacted: Python's
    default hook writes straight to stderr, past the logging filter, and some exception
    messages quote the token (PTB's InvalidToken). asyncio's unhandled-task errors go through
    the `asyncio` logger, hence through the filter already."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        sys.stderr.write(redactor.clean("".join(traceback.format_exception(kind, value, tb))))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    secrets = list(secrets)
    install_excepthooks(RedactSecrets(secrets))
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(QuietLibraries(level=max(logging.WARNING, logging.getLevelName(level))))
    handler.addFilter(NoTokenTracebacks())
    handler.addFilter(NoPersonalData())
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))

"""Logging: one format, secrets redacted from every record, no token-bearing URLs."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

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


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(QuietLibraries(level=max(logging.WARNING, logging.getLevelName(level))))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))

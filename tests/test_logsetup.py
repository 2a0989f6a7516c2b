"""The process's logging: library chatter stays out of the terminal and the logs even when a
library, imported after start-up, sets its own logger to DEBUG (bm25s does)."""

from __future__ import annotations

import io
import logging
import sys
import threading

import pytest
from pydantic import SecretStr

from bot.logsetup import configure_logging, secret_values


@pytest.fixture
def restore_root() -> object:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield root
    root.handlers[:] = handlers
    root.setLevel(level)


def test_a_library_that_sets_its_own_level_after_start_up_stays_quiet(
    restore_root: logging.Logger,
) -> None:
    configure_logging("INFO", secrets=["123:SECRET"])
    out = io.StringIO()
    handler = restore_root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(out)
    logging.getLogger("bm25s").setLevel(logging.DEBUG)  # what `import bm25s` does
    logging.getLogger("bm25s").debug("Building index from tokens")
    logging.getLogger("bm25s").warning("a real problem")
    logging.getLogger("bot.faq").info("index built")
    logging.getLogger("bot.telegram").info("calling /bot123:SECRET/getMe")
    text = out.getvalue()
    assert "Building index" not in text
    assert "a real problem" in text and "index built" in text
    assert "SECRET" not in text and "[REDACTED]" in text


def test_uncaught_exception_is_printed_with_the_token_redacted(
    capsys: pytest.CaptureFixture[str], restore_root: logging.Logger
) -> None:
    """Python's default excepthook writes to stderr past the log filter; PTB's InvalidToken
    message quotes the token."""
    token = "123456:AAH-uncaught-token-value"
    saved = (sys.excepthook, threading.excepthook)
    try:
        configure_logging("INFO", secret_values(SecretStr(token)))
        try:
            raise RuntimeError(f"The token `{token}` was rejected by the server.")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        err = capsys.readouterr().err
    finally:
        sys.excepthook, threading.excepthook = saved
    assert "RuntimeError: The token `[REDACTED]` was rejected" in err
    assert "uncaught-token-value" not in err

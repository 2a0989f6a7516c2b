"""The process's logging: library chatter stays out of the terminal and the logs even when a
library, imported after start-up, sets its own logger to DEBUG (bm25s does)."""

from __future__ import annotations

import io
import logging

import pytest

from bot.logsetup import configure_logging


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

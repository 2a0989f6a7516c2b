"""The FAQ index warm-up (bot/chat/faq.py): at exit the process waits for the language being
built and does not start the next one, so the interpreter is never torn down under it."""

from __future__ import annotations

import threading
import time

import pytest

from bot.chat import faq


def test_exit_waits_for_the_language_being_built_and_skips_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[str] = []
    started = threading.Event()

    def slow_build(lang: str) -> None:
        started.set()
        time.sleep(0.3)
        built.append(lang)

    registered: list[tuple[object, ...]] = []
    monkeypatch.setattr(faq, "get_index", slow_build)
    monkeypatch.setattr(faq.atexit, "register", lambda *args: registered.append(args))
    thread = faq.warm_up_in_background()
    assert started.wait(5)
    finish, *args = registered[0]
    assert callable(finish)
    finish(*args)  # what atexit runs when the process ends
    assert not thread.is_alive()
    assert built == ["en"]  # English finished; French never started

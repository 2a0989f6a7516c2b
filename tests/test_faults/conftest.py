"""Fault tests: the real bot process against the local Bot API server, broken on purpose."""

from tests.e2e.conftest import api, bot_process, feed

__all__ = ["api", "bot_process", "feed"]

"""Fault tests: the real bot process against the local Bot API server, broken on purpose."""

from tests.e2e.conftest import api

__all__ = ["api"]

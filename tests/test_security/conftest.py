"""The e2e fixtures (local Bot API server, the real application in process) for the security
tests."""

from tests.e2e.conftest import api, bot

__all__ = ["api", "bot"]

"""The local Bot API server fixture for the in-process transport tests."""

from tests.e2e.conftest import api

__all__ = ["api"]

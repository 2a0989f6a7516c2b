from tests.test_draws.db import database_url, sessions, settings

__all__ = ["database_url", "sessions", "settings"]

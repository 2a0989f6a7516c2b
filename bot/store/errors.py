"""Which database errors are worth trying again (the same transaction, a moment later)."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError


def is_transient_db_error(exc: BaseException) -> bool:
    """A broken or busy connection (PostgreSQL restarting, a dropped connection, SQLite's write
    lock held by another process): the transaction was rolled back and can run again."""
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)

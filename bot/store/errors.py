"""Which database errors are worth trying again (the same transaction, a moment later)."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

#: What SQLite and PostgreSQL say when the database cannot be written at all (a read-only file
#: or database, a full disk): trying again a moment later does not help.
_UNWRITABLE = (
    "readonly database",
    "read-only",
    "disk is full",
    "disk full",
    "no space left",
    "could not extend file",
    "disk i/o error",
)


def is_unwritable_db_error(exc: BaseException) -> bool:
    """The database refuses writes (read-only, disk full); reads may still work."""
    if not isinstance(exc, DBAPIError):
        return False
    text = str(exc.orig if exc.orig is not None else exc).lower()
    return any(marker in text for marker in _UNWRITABLE)


def is_transient_db_error(exc: BaseException) -> bool:
    """A broken or busy connection (PostgreSQL restarting, a dropped connection, SQLite's write
    lock held by another process): the transaction was rolled back and can run again. Not a
    database that cannot be written (`is_unwritable_db_error`): that is reported at once."""
    if is_unwritable_db_error(exc):
        return False
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


async def unwritable_reason(engine: AsyncEngine) -> str | None:
    """None when the database takes a write; else why not (start-up check). The write changes
    nothing: SQLite rewrites its header's user_version with its own value; PostgreSQL only
    reports whether its transactions are read-only (a standby, or a read-only database)."""
    try:
        async with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                version = (await conn.exec_driver_sql("PRAGMA user_version")).scalar_one()
                await conn.exec_driver_sql(f"PRAGMA user_version = {int(version):d}")
            else:
                mode = (await conn.exec_driver_sql("SHOW transaction_read_only")).scalar_one()
                if str(mode).lower() == "on":
                    return "transactions are read-only (a standby or a read-only database)"
    except DBAPIError as exc:
        if is_unwritable_db_error(exc):
            return str(exc.orig if exc.orig is not None else exc).splitlines()[0][:200]
        raise
    return None

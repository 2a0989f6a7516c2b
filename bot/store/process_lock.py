"""One bot process per SQLite file: an exclusive `flock` on `<db>.lock`, held for the life of
the process (the kernel releases it when the process ends, however it ends).

SQLite is the single-process default: a second process on the same file would free the alert
claims the first is still sending (duplicate alerts). Several processes share the work on
PostgreSQL, which needs no lock here.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from sqlalchemy.engine import make_url

#: Open lock files of this process; kept referenced so their locks live as long as it does.
_HELD: list[IO[str]] = []


class AlreadyRunningError(RuntimeError):
    """Another process holds the lock on this SQLite file."""


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL; None for PostgreSQL and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).resolve()


def hold_database_lock(url: str) -> Path | None:
    """Take the lock for this process's lifetime; returns the lock file (None: no lock needed).

    Raises AlreadyRunningError, naming the other process, when it is taken."""
    path = sqlite_path(url)
    if path is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    handle = lock_path.open("a+")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise AlreadyRunningError(
            f"another bot process (pid {holder}) is already running on {path}; "
            "one process per SQLite file (use PostgreSQL to run several)"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    _HELD.append(handle)
    return lock_path

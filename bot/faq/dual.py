"""The re-ranker's trained weights in their dual form, shipped so that start-up need not train.

A linear SVM with the squared hinge loss (what `rerank.py` trains) has one optimum, and at it the
weights of each class are a weighted sum of its training rows:

    w_c = sum_i a_ic y_ic x_i,    b_c = sum_i a_ic y_ic,
    a_ic = 2 C s_i max(0, 1 - y_ic (w_c . x_i + b_c))

(y_ic = +1 for the class's own rows, -1 for the others; s_i the row's sample weight; the
intercept is liblinear's extra feature of value 1). Only rows inside a class's margin have
a_ic > 0: about 400 of ~13,000 rows per class, ~115,000 numbers for ~290 classes, against ~20
million weights. `bench/faq_reranker.py` trains once and writes them (`reranker_<lang>.npz`);
an index build that finds a file for exactly its training rows (same texts, labels, weights and
settings: `training_key`) rebuilds the weights with one sparse product instead of training for
several seconds. Either way the model in use is the one rebuilt from the dual weights, so a
shipped file and a fresh training give the same model. A file for other rows is ignored and the
re-ranker trains as before.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

log = logging.getLogger(__name__)

HERE = Path(__file__).parent


@dataclass(frozen=True, slots=True)
class Dual:
    """Dual weights of every class: `values[k]` is a * y of row `rows[k]` for class `cols[k]`."""

    key: str
    classes: tuple[str, ...]
    rows: npt.NDArray[np.int32]
    cols: npt.NDArray[np.int32]
    values: npt.NDArray[np.float32]

    def matrix(self, n_rows: int) -> sp.csc_matrix:
        return sp.csc_matrix(
            (self.values, (self.rows, self.cols)), shape=(n_rows, len(self.classes))
        )


def dual_file(lang: str) -> Path:
    return HERE / f"reranker_{lang}.npz"


def training_key(
    texts: Sequence[tuple[str, str]], labels: Sequence[str], weights: Sequence[float], settings: str
) -> str:
    """sha256 of the training rows (word text, character text, label, weight) and settings."""
    digest = hashlib.sha256(settings.encode())
    for (word_text, char_text), label, weight in zip(texts, labels, weights, strict=True):
        digest.update(f"\x1e{word_text}\x1f{char_text}\x1f{label}\x1f{weight!r}".encode())
    return digest.hexdigest()


def from_primal(
    key: str,
    features: sp.csr_matrix,
    labels: Sequence[str],
    weights: npt.NDArray[np.float64],
    classes: Sequence[str],
    coef: npt.NDArray[np.float32],
    intercept: npt.NDArray[np.float32],
    c: float,
) -> Dual:
    """The dual weights of a trained model (class rows `coef`, `intercept`), from the optimum's
    conditions above."""
    decision = np.asarray(features @ coef.T, dtype=np.float64) + intercept
    position = {label: k for k, label in enumerate(classes)}
    own = np.zeros(decision.shape, dtype=bool)
    own[np.arange(len(labels)), [position[label] for label in labels]] = True
    sign = np.where(own, 1.0, -1.0)
    alpha = 2.0 * c * weights[:, None] * np.maximum(0.0, 1.0 - sign * decision)
    rows, cols = np.nonzero(alpha)
    return Dual(
        key,
        tuple(classes),
        rows.astype(np.int32),
        cols.astype(np.int32),
        (alpha[rows, cols] * sign[rows, cols]).astype(np.float32),
    )


def to_primal(dual: Dual, features: sp.csr_matrix) -> tuple[sp.csr_matrix, npt.NDArray[np.float32]]:
    """(weights as a sparse features x classes matrix, intercepts) rebuilt from the dual weights.

    Sparse: about 7% of the ~26 million weights are non-zero (a word or n-gram weighs only for
    the classes whose margin rows contain it), so the dense matrix cost ~100 MB and, on this
    2-CPU machine, ~0.3 s of the index build to allocate and fill (docs/benchmarks.md)."""
    a = dual.matrix(features.shape[0])
    coef_t = sp.csr_matrix(features.T.tocsr() @ a, dtype=np.float32)
    intercept = np.asarray(a.sum(axis=0), dtype=np.float32).ravel()
    return coef_t, intercept


def dense_part(dual: Dual, rows: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """The weights (columns x classes) of dense feature columns `rows` (one per training row),
    rebuilt the same way: a dense matrix, since every class weighs every column."""
    a = dual.matrix(rows.shape[0])
    return np.ascontiguousarray(np.asarray((a.T @ rows).T, dtype=np.float32))


def save(dual: Dual, path: Path) -> None:
    with path.open("wb") as f:
        np.savez_compressed(
            f,
            key=np.asarray(dual.key),
            classes=np.asarray(dual.classes),
            rows=dual.rows,
            cols=dual.cols,
            values=dual.values,
        )


def load(path: Path) -> Dual | None:
    """The dual weights in `path`, or None when there is no such file or it can't be read."""
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            return Dual(
                str(data["key"]),
                tuple(str(c) for c in data["classes"]),
                data["rows"].astype(np.int32),
                data["cols"].astype(np.int32),
                data["values"].astype(np.float32),
            )
    except (OSError, ValueError, KeyError) as error:
        log.warning("faq: shipped re-ranker %s not readable (%s); training instead", path, error)
        return None

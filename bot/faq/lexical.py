"""The lexical indexes behind `index.py`: BM25 (bm25s) over one field, and character n-gram
TF-IDF (`tfidf.py`) over short texts. Imported only when an index is built (heavy imports)."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import bm25s
import numpy as np
import numpy.typing as npt

from bot.faq.languages import TextAnalysis
from bot.faq.text import content_words, expand, words
from bot.faq.tfidf import CharTfidf


class QueryVector:
    """A fitted `TfidfVectorizer`'s transform of one text, without scikit-learn's per-call input
    validation (most of a query's time): the same analyzer, vocabulary, IDF, sublinear TF and
    L2 norm, returned as (feature indices, values)."""

    def __init__(self, vectorizer: Any) -> None:
        self.analyze = vectorizer.build_analyzer()
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.sublinear = bool(vectorizer.sublinear_tf)

    def __call__(self, text: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        counts = Counter(
            k for k in (self.vocabulary.get(t) for t in self.analyze(text)) if k is not None
        )
        index = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        if self.sublinear:
            tf = np.log(tf) + 1.0
        values = tf * self.idf[index]
        norm = float(np.sqrt(values @ values))
        return index, (values / norm if norm > 0 else values)


class FieldIndex:
    """One BM25 index over one field; `groups` maps each document to its item position."""

    def __init__(self, docs: list[list[str]], groups: list[int], n_items: int, k1: float, b: float):
        self.retriever = bm25s.BM25(k1=k1, b=b)
        self.vocab: dict[str, int] = {}
        if any(docs):  # a field with no terms at all (every title all stop words) scores 0
            self.retriever.index(docs, show_progress=False)
            self.vocab = dict(self.retriever.vocab_dict)
        self.groups = np.asarray(groups, dtype=np.int64)
        self.n_items = n_items
        self.per_item = len(docs) == n_items and groups == list(range(n_items))
        n_docs = len(docs)
        df = Counter(t for doc in docs for t in set(doc))
        self.idf = {t: math.log(1 + (n_docs - n + 0.5) / (n + 0.5)) for t, n in df.items()}
        self.max_idf = math.log(1 + (n_docs + 0.5) / 0.5)

    def scores(self, query: list[str]) -> npt.NDArray[np.float64]:
        known = [t for t in query if t in self.vocab]
        if not known:
            return np.zeros(self.n_items)
        raw = np.asarray(self.retriever.get_scores(known), dtype=np.float64)
        if self.per_item:
            return raw
        best = np.zeros(self.n_items)
        np.maximum.at(best, self.groups, raw)
        return best


class CharIndex:
    """Character 3-5-gram TF-IDF over short texts; an item scores its best cosine."""

    def __init__(self, texts: list[str], groups: list[int], n_items: int) -> None:
        order = sorted(range(len(texts)), key=lambda k: groups[k])  # each item's texts together
        self.vectorizer = CharTfidf((3, 5))  # scikit-learn's char_wb TF-IDF (`tfidf.py`)
        matrix = self.vectorizer.fit_transform([texts[k] for k in order])
        self.matrix_t = matrix.T.tocsr()  # features x texts: a query row times this is fast
        self.query_vector = QueryVector(self.vectorizer)
        sorted_groups = np.asarray([groups[k] for k in order], dtype=np.int64)
        self.items, self.starts = np.unique(sorted_groups, return_index=True)
        self.n_items = n_items

    def scores(self, text: str) -> npt.NDArray[np.float64]:
        best = np.zeros(self.n_items)
        if not text:
            return best
        index, values = self.query_vector(text)
        if not len(index):
            return best
        cosines = np.asarray(self.matrix_t[index].T @ values).ravel()
        best[self.items] = np.maximum.reduceat(cosines, self.starts)
        return best


def char_text(ws: list[str], text: TextAnalysis | None = None) -> str:
    """What the character index sees: content words with abbreviations expanded (in the
    language of `text`, English by default)."""
    if text is not None:
        return " ".join(text.content_words(text.words(text.expand(" ".join(ws)))))
    return " ".join(content_words(words(expand(" ".join(ws)))))

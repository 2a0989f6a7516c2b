"""TF-IDF over the index's training texts, counted with numpy instead of scikit-learn's Python
loop over every n-gram: the same matrix, vocabulary and IDF as scikit-learn's

    TfidfVectorizer(token_pattern=r"\\S+", ngram_range=(1, 2), sublinear_tf=True, dtype=float32)
    TfidfVectorizer(analyzer="char_wb", ngram_range=(lo, hi), sublinear_tf=True, dtype=float32)

(`tests/test_faq/test_tfidf.py` compares them on the shipped training texts) in less than half
the time, which is most of the index build (docs/benchmarks.md). Word bigrams are pairs of word
numbers, and only the distinct ones (~60,000 of ~17,800 texts) become strings, to sort the
vocabulary as scikit-learn does; character n-grams are cut once per distinct word, by
scikit-learn's own analyzer. The IDF and normalisation are scikit-learn's (`TfidfTransformer`),
and a query is analysed by scikit-learn's analyzer (`build_analyzer`, what `QueryVector` reads).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer


def word_reference() -> TfidfVectorizer:
    """The scikit-learn vectorizer `WordTfidf` reproduces."""
    return TfidfVectorizer(
        token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32
    )


def char_reference(ngram_range: tuple[int, int]) -> TfidfVectorizer:
    """The scikit-learn vectorizer `CharTfidf(ngram_range)` reproduces."""
    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=ngram_range, sublinear_tf=True, dtype=np.float32
    )


class _Tfidf(ABC):
    """What `QueryVector` reads of a fitted vectorizer: analyzer, vocabulary, IDF."""

    sublinear_tf = True

    def __init__(self) -> None:
        self.vocabulary_: dict[str, int] = {}
        self.idf_: npt.NDArray[np.float32] = np.zeros(0, dtype=np.float32)

    @abstractmethod
    def reference(self) -> TfidfVectorizer:
        """The scikit-learn vectorizer this one reproduces (its analyzer reads queries)."""

    def build_analyzer(self) -> Callable[[str], list[str]]:
        analyze: Callable[[str], list[str]] = self.reference().build_analyzer()
        return analyze

    def _fit(
        self,
        n_texts: int,
        doc: npt.NDArray[np.int64],
        feature: npt.NDArray[np.int64],
        names: list[str],
    ) -> sp.csr_matrix:
        """The TF-IDF matrix of occurrences (text `doc[k]` has n-gram `feature[k]`, named
        `names[feature[k]]`), its columns in the order of the sorted names."""
        if not names:
            raise ValueError("empty vocabulary; the texts have no terms")
        order = sorted(range(len(names)), key=names.__getitem__)  # scikit-learn's column order
        column = np.empty(len(names), dtype=np.int64)
        column[order] = np.arange(len(names), dtype=np.int64)
        n_features = len(names)
        cells, counts = np.unique(doc * n_features + column[feature], return_counts=True)
        counted = sp.csr_matrix(
            (counts.astype(np.float32), (cells // n_features, cells % n_features)),
            shape=(n_texts, n_features),
            dtype=np.float32,
        )
        self.vocabulary_ = {names[k]: rank for rank, k in enumerate(order)}
        tfidf = TfidfTransformer(sublinear_tf=True)
        tfidf.fit(counted)
        self.idf_ = tfidf.idf_
        matrix: sp.csr_matrix = tfidf.transform(counted, copy=False)
        return matrix


class WordTfidf(_Tfidf):
    """Word 1-2-grams of texts of space-separated terms (`word_reference`)."""

    def reference(self) -> TfidfVectorizer:
        return word_reference()

    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        number: dict[str, int] = {}
        assign = number.setdefault
        tokens: list[int] = []
        lengths = np.zeros(len(texts), dtype=np.int64)
        for k, text in enumerate(texts):
            # `\S+` on the lower-cased text: str.split() splits on the same whitespace
            ids = [assign(token, len(number)) for token in text.lower().split()]
            tokens.extend(ids)
            lengths[k] = len(ids)
        n_words = len(number)
        token = np.asarray(tokens, dtype=np.int64)
        doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        same = doc[:-1] == doc[1:]  # neighbours in one text form a bigram
        pairs, pair_number = np.unique(
            token[:-1][same] * n_words + token[1:][same], return_inverse=True
        )
        words = list(number)  # in number order
        bigrams = [f"{words[p // n_words]} {words[p % n_words]}" for p in pairs.tolist()]
        return self._fit(
            len(texts),
            np.concatenate([doc, doc[:-1][same]]),
            np.concatenate([token, n_words + pair_number.ravel()]),
            words + bigrams,
        )


class CharTfidf(_Tfidf):
    """Character n-grams inside word boundaries (`char_reference`)."""

    def __init__(self, ngram_range: tuple[int, int]) -> None:
        super().__init__()
        self.ngram_range = ngram_range

    def reference(self) -> TfidfVectorizer:
        return char_reference(self.ngram_range)

    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        # "char_wb" cuts each word (split on whitespace, lower-cased) on its own, so a word's
        # n-grams are the analyzer's n-grams of that word alone: cut once per distinct word.
        analyze = self.build_analyzer()
        number: dict[str, int] = {}
        assign = number.setdefault
        grams_of: dict[str, list[int]] = {}
        features: list[int] = []
        lengths = np.zeros(len(texts), dtype=np.int64)
        for k, text in enumerate(texts):
            start = len(features)
            for word in text.lower().split():
                grams = grams_of.get(word)
                if grams is None:
                    grams = grams_of[word] = [assign(g, len(number)) for g in analyze(word)]
                features.extend(grams)
            lengths[k] = len(features) - start
        return self._fit(
            len(texts),
            np.repeat(np.arange(len(texts), dtype=np.int64), lengths),
            np.asarray(features, dtype=np.int64),
            list(number),
        )

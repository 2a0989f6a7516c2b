"""The numpy TF-IDF (`bot/faq/tfidf.py`) gives scikit-learn's matrix, vocabulary and IDF, on the
texts the shipped index trains on and on awkward text."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from bot.faq.examples import load_examples
from bot.faq.index import get_index
from bot.faq.languages import LANGS
from bot.faq.lexical import char_text
from bot.faq.rerank import _char_text, _word_text, example_rows, training_examples
from bot.faq.tfidf import CharTfidf, WordTfidf, char_reference, word_reference

AWKWARD = [
    "É été  Œuvre\tx\u00a0y\u2003z",
    "A",
    "",
    "ab c ab c ab",
    "straße STRASSE ǅ",
    "  lead and trail  ",
]


def assert_same(mine: WordTfidf | CharTfidf, reference: object, texts: list[str]) -> None:
    ours = mine.fit_transform(texts)
    theirs = reference.fit_transform(texts)  # type: ignore[attr-defined]
    assert mine.vocabulary_ == reference.vocabulary_  # type: ignore[attr-defined]
    np.testing.assert_array_equal(mine.idf_, reference.idf_)  # type: ignore[attr-defined]
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    assert sp.csr_matrix(ours != theirs).nnz == 0


@pytest.mark.parametrize("lang", LANGS)
def test_the_training_texts_give_scikit_learns_tfidf(lang: str) -> None:
    index = get_index(lang)
    assert index.reranker is not None
    text = index.text
    config = index.reranker.config
    xs = training_examples(index.entries, index.out_of_scope, config, text).words
    examples = example_rows(load_examples(lang), index.entries, config, text).words
    words = [_word_text(x, text) for x in [*xs, *examples]]
    chars = [_char_text(x, text) for x in xs]
    titles = [char_text(text.words(e.title), text) for e in index.entries]
    assert_same(WordTfidf(), word_reference(), words + AWKWARD)
    assert_same(CharTfidf((4, 5)), char_reference((4, 5)), chars + AWKWARD)
    assert_same(CharTfidf((3, 5)), char_reference((3, 5)), titles + AWKWARD)


def test_a_query_is_analysed_as_scikit_learn_does() -> None:
    assert WordTfidf().build_analyzer()("Work permit EXPIRED") == [
        "work",
        "permit",
        "expired",
        "work permit",
        "permit expired",
    ]
    assert CharTfidf((4, 5)).build_analyzer()("PGWP") == [" pgw", "pgwp", "gwp ", " pgwp", "pgwp "]


def test_no_terms_at_all_is_an_error_as_in_scikit_learn() -> None:
    with pytest.raises(ValueError):
        WordTfidf().fit_transform(["", "   "])
    with pytest.raises(ValueError):
        word_reference().fit_transform(["", "   "])

"""A question's signals (`ranking.Signals`) from a built index (`index.py`): BM25 per field
and character n-grams fused, WordLlama's cosines, the multilingual sentence model's cosines and
the classifier's vote, which reads the sentence vector too.

For a post and its question sentences (`both`), the sentence model's part, the slowest (its
encoder and a product with every shipped text's vector), runs on its own thread while this one
does the lexical part: the model's products let go of the GIL. The figures are those of one
text after the other (`of`; `tests/test_faq/test_sentences.py`).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from bot.faq import sentences
from bot.faq.ranking import Signals

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from bot.faq.index import FaqIndex

    _Vector = npt.NDArray[np.float32]  # a unit sentence vector
    _Scores = npt.NDArray[np.float64]  # one figure per entry, then per out-of-scope subject
    _Lexical = tuple[list[str], _Scores, _Scores]  # corrected words, fused, WordLlama


def of(index: FaqIndex, text: str) -> Signals | None:
    """Every signal for `text`, or None when it has no content word."""
    part = lexical(index, text)
    if part is None:
        return None
    return complete(index, part, *sentence_part(index, text))


def bm25(index: FaqIndex, query: list[str], typed: set[str]) -> _Scores:
    """The fields' BM25 scores, weighted, over the most the question could score."""
    import numpy as np

    p = index.params
    total = np.zeros(len(index.entries) + len(index.out_of_scope))
    ceiling = 0.0
    for name, fi in index._fields.items():
        weight = p.weights.get(name, 0.0)
        if weight == 0.0:
            continue
        total += weight * fi.scores(query)
        for t in query:
            idf = fi.idf.get(t)
            if idf is not None:
                ceiling += weight * idf
            elif t in typed:
                ceiling += weight * p.unknown_weight * fi.max_idf
    return total / ceiling if ceiling > 0 else total


def lexical(index: FaqIndex, text: str) -> _Lexical | None:
    """The signals that do without the sentence model: the corrected words, BM25 and
    characters fused, and WordLlama's cosines. None when `text` has no content word."""
    import numpy as np

    p, t = index.params, index.text
    corrected = index.speller.correct_all(t.content_words(t.words(text)))
    query = list(dict.fromkeys(t.terms_of_words(corrected)))
    if not query:
        return None
    fused = (1.0 - p.char_weight) * bm25(index, query, set(t.typed_terms(corrected)))
    fused += p.char_weight * index._chars.scores(index._to_chars(corrected, t))
    semantic = np.zeros_like(fused)
    if index.embedder is not None:
        cosines = index._semantic.scores(index.embedder.embed([text])[0], p.semantic_pool)
        semantic = np.clip((cosines - p.semantic_floor) / (1 - p.semantic_floor), 0, 1)
    return corrected, fused, semantic


def sentence_part(index: FaqIndex, text: str) -> tuple[_Vector | None, _Scores | None]:
    """`text`'s sentence vector and every item's soft-maximum cosine with it (None, None
    without the sentence model)."""
    if index._sentences is None:
        return None, None
    vector = sentences.get_encoder().query([text])[0]
    return vector, index._sentences.scores(vector, index.params.semantic_pool)


def complete(
    index: FaqIndex, part: _Lexical, vector: _Vector | None, sentence: _Scores | None
) -> Signals:
    """The classifier's vote (it reads the sentence vector too) added to the rest."""
    corrected, fused, semantic = part
    probs, oos_prob = None, 0.0
    if index.reranker is not None:
        probs, oos_prob = index.reranker.probabilities(corrected, index.params.temperature, vector)
    return Signals(corrected, fused, probs, oos_prob, semantic, sentence)


def both(
    index: FaqIndex, question: str, asked: str | None
) -> tuple[Signals | None, Signals | None]:
    """The signals of the whole post and of its question sentences (`asked`, None if
    empty or unused). The sentence model's part, the slowest, runs on its own thread
    (`sentences.in_background`: its products let go of the GIL) while this one does the
    lexical part; the figures are the same as one after the other (`of`)."""
    texts = [question, asked] if asked else [question]
    parts = None
    if index._sentences is not None:
        parts = sentences.in_background(partial(sentence_part, index), texts)
    whole = lexical(index, question)
    focused = lexical(index, asked) if whole is not None and asked else None
    done = parts.result() if parts is not None else [(None, None)] * len(texts)
    return (
        complete(index, whole, *done[0]) if whole is not None else None,
        complete(index, focused, *done[-1]) if focused is not None else None,
    )

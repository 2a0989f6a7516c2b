"""The learned re-ranker: a linear classifier from a question to an entry (or "out of scope").

Trained offline by `bench/faq_reranker.py` and shipped as dual weights (`dual.py`,
`reranker_<lang>.npz`), from which an index build rebuilds it in about a second; trained at
build time (several seconds) only when those weights are for other rows. Never trained on a
held-out question. The labelled examples are the knowledge base itself and the labelled user
questions of spent evaluation sets:

- every entry's title, each of its `questions`, and its tags (one example) -> the entry's id;
- each paragraph of its body, at a lower sample weight (`body_weight`) -> the entry's id, so
  words the questions never use but the answer does still point at it;
- every out-of-scope subject's title and phrases (`out_of_scope.py`) -> one "out of scope"
  class;
- each shipped user question (`examples.py`) -> its entry, or "out of scope" (word features
  only, unless `example_chars`).

Features: word uni- and bigram TF-IDF over the analysed terms (stemmed, abbreviation-expanded,
synonym groups: the same analysis as BM25) plus character 4-5-gram TF-IDF over the content
words, plus the text's multilingual sentence vector (`sentences.py`, scaled by
`sentence_weight`; zero for the tags line), so that a question phrased with other words than its
entry's still finds it. Model: a linear support vector machine (scikit-learn `LinearSVC`,
one-vs-rest); its decision values are turned into probabilities with a softmax at a temperature
tuned on the tuning questions (`python bench/faq_eval.py --tune`). Hyper-parameters (C, n-gram
ranges, body weight) were chosen by cross-validation over the tuning questions, the sentence
weight on spent held-out rows the classifier had not learnt from; see docs/faq.md.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.svm import LinearSVC

from bot.faq import dual, example_terms
from bot.faq.dual import Dual
from bot.faq.entries import Entry
from bot.faq.examples import Example
from bot.faq.languages import TextAnalysis, language
from bot.faq.lexical import QueryVector
from bot.faq.markup import to_plain
from bot.faq.text import content_words, expand, words
from bot.faq.tfidf import CharTfidf, WordTfidf

log = logging.getLogger(__name__)

OUT_OF_SCOPE_LABEL = "~out-of-scope"


class Subject(Protocol):
    """What the re-ranker needs of an out-of-scope subject."""

    @property
    def title(self) -> str: ...

    @property
    def phrases(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class RerankConfig:
    """Training choices (picked by cross-validation on the tuning questions)."""

    c: float = 1.0  # LinearSVC regularisation
    body_weight: float = 0.0  # sample weight of a body paragraph (round 5: 0, was 0.3)
    min_paragraph_words: int = 4
    char_ngrams: tuple[int, int] = (4, 5)  # was (2, 5): same CV, 39% fewer non-zeros to fit
    # LinearSVC stopping tolerance. The weights rebuilt from the dual ones (`dual.py`) are only
    # as exact as the optimum: twin entries' decisions differed by 5e-4 at 1e-4, 3e-5 at 1e-6
    # (enough to break their tie), 2e-7 at 1e-8. On the whole knowledge base 1e-8 trains in
    # about the same time as 1e-4 (~8 s, offline).
    tol: float = 1e-8
    loss: str = "squared_hinge"  # LinearSVC loss
    # The one-vs-rest problems can be shared among threads (faster), but the threads share
    # liblinear's random state, so the result varies from run to run (twin entries' decisions
    # by ~4e-5, enough to break their tie). Training is offline now (`dual.py`): one thread,
    # the same model and the same shipped file every time.
    threads: int = 1
    example_chars: bool = False  # whether user questions also train the character n-grams
    example_weight: float = 1.0  # sample weight of a labelled user question (`examples.py`)
    # Scale of the sentence vector among the features (0: none). 1.0 against 0, the classifier
    # alone on the spent sets heldout45-52 left out of its examples: top-1 French 88.1% -> 89.8%
    # (1,147 rows), English 92.4% -> 94.0% (1,389); 0.5 and 2.0 did less (docs/faq.md).
    sentence_weight: float = 1.0


def _word_text(ws: list[str], text: TextAnalysis | None = None) -> str:
    return example_terms.word_text(ws, text or language("en").text)


def _char_text(ws: list[str], text: TextAnalysis | None = None) -> str:
    if text is not None:
        return " ".join(text.content_words(text.words(text.expand(" ".join(ws)))))
    return " ".join(content_words(words(expand(" ".join(ws)))))


@dataclass(frozen=True, slots=True)
class Examples:
    """Training rows: the words of each, its label, its sample weight, and the text whose
    sentence vector it gets (None: a zero vector)."""

    words: list[list[str]]
    labels: list[str]
    weights: list[float]
    texts: list[str | None]
    # Each row's word text where it was shipped (`example_terms.py`; its `words` are then not
    # split), else None: analysed from `words`.
    word_texts: list[str | None]


def training_examples(
    entries: Sequence[Entry],
    subjects: Sequence[Subject],
    config: RerankConfig,
    analysis: TextAnalysis | None = None,
) -> Examples:
    """The knowledge base's training rows."""
    words = (analysis or language("en").text).words
    out = Examples([], [], [], [], [])

    def add(text: str, label: str, weight: float = 1.0, sentence: bool = True) -> None:
        ws = words(text)
        if ws:
            out.words.append(ws)
            out.labels.append(label)
            out.weights.append(weight)
            out.texts.append(text if sentence else None)

    for e in entries:
        for text in (e.title, *e.questions):
            add(text, e.id)
        if e.tags:  # a list of keywords, not a sentence
            add(" ".join(e.tags), e.id, sentence=False)
        if config.body_weight > 0:
            for paragraph in to_plain(e.body, with_urls=False).split("\n"):
                if len(words(paragraph)) >= config.min_paragraph_words:
                    add(paragraph, e.id, config.body_weight)
    for subject in subjects:
        for text in (subject.title, *subject.phrases):
            add(text, OUT_OF_SCOPE_LABEL)
    return out


def example_rows(
    examples: Sequence[Example],
    entries: Sequence[Entry],
    config: RerankConfig,
    analysis: TextAnalysis | None = None,
    shipped: Sequence[str | None] | None = None,
) -> Examples:
    """The rows of the labelled user questions whose entry exists (`examples.py`), with the
    word text of each where `shipped` has it (aligned with `examples`)."""
    words = (analysis or language("en").text).words
    known = {e.id for e in entries}
    out = Examples([], [], [], [], [])
    for k, example in enumerate(examples):
        label = OUT_OF_SCOPE_LABEL if example.label is None else example.label
        if label != OUT_OF_SCOPE_LABEL and label not in known:
            continue
        word_text = shipped[k] if shipped is not None else None
        ws = [] if word_text is not None else words(example.text)
        if word_text is not None or ws:
            out.words.append(ws)
            out.labels.append(label)
            out.weights.append(config.example_weight)
            out.texts.append(example.text)
            out.word_texts.append(word_text)
    return out


REST = "~~rest"  # every class of the other threads' share


def fit_one_vs_rest(
    features: sp.csr_matrix,
    labels: list[str],
    weights: npt.NDArray[np.float64],
    config: RerankConfig,
) -> tuple[list[str], npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """(classes, one coefficient row per class, intercepts) of a one-vs-rest linear SVM.

    Each class's problem (it against all the others) is the same whatever the other labels
    are, so the classes are dealt among `config.threads` models, each of which sees the other
    models' classes as one "rest" label: the same coefficients as one model, in a fraction of
    the time (liblinear releases the GIL)."""
    distinct = sorted(set(labels))
    shares = [set(distinct[k :: config.threads]) for k in range(config.threads)]
    if config.threads < 2 or min(len(share) for share in shares) < 2:
        shares = [set(distinct)]

    def fit(share: set[str]) -> dict[str, tuple[npt.NDArray[np.float32], float]]:
        y = [label if label in share else REST for label in labels]
        model = LinearSVC(C=config.c, loss=config.loss, tol=config.tol, random_state=0)
        model.fit(features, y, sample_weight=weights)
        coef = np.asarray(model.coef_, dtype=np.float32)
        intercept = np.asarray(model.intercept_, dtype=np.float32)
        if len(model.classes_) == 2:  # one row: the second class against the first
            coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
        return {
            str(c): (coef[k], float(intercept[k]))
            for k, c in enumerate(model.classes_)
            if c != REST
        }

    rows: dict[str, tuple[npt.NDArray[np.float32], float]] = {}
    if len(shares) == 1:
        rows = fit(shares[0])
    else:
        with ThreadPoolExecutor(max_workers=len(shares)) as pool:
            for part in pool.map(fit, shares):
                rows.update(part)
    return (
        distinct,
        np.vstack([rows[c][0] for c in distinct]),
        np.asarray([rows[c][1] for c in distinct], dtype=np.float32),
    )


class Reranker:
    """Question -> probability of each entry and of "out of scope"."""

    def __init__(
        self,
        entries: Sequence[Entry],
        subjects: Sequence[Subject],
        config: RerankConfig | None = None,
        text: TextAnalysis | None = None,
        examples: Sequence[Example] = (),
        shipped: Dual | None = None,
        lang: str = "en",
    ) -> None:
        self.config = config or RerankConfig()
        self.text = text
        kb = training_examples(entries, subjects, self.config, text)
        chars_of_examples = self.config.example_chars
        # The examples' word texts as shipped (`example_terms.py`), when they are all they need
        # and this classifier analyses with the language's own analysis (English without one).
        analysis = language(lang).text
        shipped_terms = (
            example_terms.lookup([e.text for e in examples], lang)
            if examples and not chars_of_examples and (text or language("en").text) is analysis
            else None
        )
        ex = example_rows(examples, entries, self.config, text, shipped_terms)
        texts = [(_word_text(x, text), _char_text(x, text)) for x in kb.words] + [
            (
                _word_text(x, text) if w is None else w,
                _char_text(x, text) if chars_of_examples else "",
            )
            for x, w in zip(ex.words, ex.word_texts, strict=True)
        ]
        all_labels = [*kb.labels, *ex.labels]
        all_weights = [*kb.weights, *ex.weights]
        # scikit-learn's TfidfVectorizer of word 1-2-grams and of character n-grams (`tfidf.py`)
        self.words = WordTfidf()
        self.chars = CharTfidf(self.config.char_ngrams)
        features = sp.hstack(
            [
                self.words.fit_transform([w for w, _ in texts]),
                self.chars.fit_transform([c for _, c in texts]),
            ]
        ).tocsr()
        dense = self._sentence_rows([*kb.texts, *ex.texts], lang)
        key = dual.training_key(texts, all_labels, all_weights, repr(self.config))
        # Trained from scratch only when no shipped dual weights fit these rows (`dual.py`).
        self.trained = shipped is None or shipped.key != key
        if shipped is None or shipped.key != key:
            if shipped is not None:
                log.info(
                    "faq: shipped re-ranker is for other rows; training (bench/faq_reranker.py)"
                )
            sample_weights = np.asarray(all_weights)
            both = features if dense is None else sp.hstack([features, dense]).tocsr()
            classes, coef, intercept = fit_one_vs_rest(
                both, all_labels, sample_weights, self.config
            )
            shipped = dual.from_primal(
                key, both, all_labels, sample_weights, classes, coef, intercept, self.config.c
            )
        self.dual = shipped
        self.coef_t, self.intercept = dual.to_primal(shipped, features)  # features x classes
        # The sentence vector's weights (512 x classes), dense: every class uses every dimension.
        self.sentence_coef = None if dense is None else dual.dense_part(shipped, dense)
        position = {label: k for k, label in enumerate(shipped.classes)}
        # Columns of the decision values in entry order, then the out-of-scope class (if any).
        self.entry_columns = np.asarray([position[e.id] for e in entries], dtype=np.int64)
        self.oos_column = position.get(OUT_OF_SCOPE_LABEL)
        self._word_vector = QueryVector(self.words)
        self._char_vector = QueryVector(self.chars)
        self._n_words = len(self.words.vocabulary_)

    def _sentence_rows(
        self, texts: Sequence[str | None], lang: str
    ) -> npt.NDArray[np.float32] | None:
        """The training rows' sentence vectors x `sentence_weight` (None when it is 0)."""
        if self.config.sentence_weight <= 0:
            return None
        from bot.faq import sentences

        which = [k for k, t in enumerate(texts) if t is not None]
        rows = np.zeros((len(texts), sentences.DIM), dtype=np.float32)
        rows[which] = sentences.vectors([t for t in texts if t is not None], lang)
        return rows * np.float32(self.config.sentence_weight)

    def decision(
        self, ws: list[str], vector: npt.NDArray[np.float32] | None = None
    ) -> npt.NDArray[np.float64]:
        """Raw decision value of every class (model order) for a question's words and its
        sentence vector (`sentences.Encoder.query`; without it, that part counts as zero)."""
        w_index, w_values = self._word_vector(_word_text(ws, self.text))
        c_index, c_values = self._char_vector(_char_text(ws, self.text))
        index = np.concatenate([w_index, c_index + self._n_words])
        values = self.coef_t[index].T @ np.concatenate([w_values, c_values])
        values = np.asarray(values, dtype=np.float64) + self.intercept
        if self.sentence_coef is not None and vector is not None:
            values += (vector * self.config.sentence_weight) @ self.sentence_coef
        return values

    def probabilities(
        self, ws: list[str], temperature: float, vector: npt.NDArray[np.float32] | None = None
    ) -> tuple[npt.NDArray[np.float64], float]:
        """Softmax(temperature x decision values): per entry (entry order) and out of scope."""
        z = self.decision(ws, vector) * temperature
        z -= np.max(z)
        p = np.exp(z)
        p /= p.sum()
        oos = float(p[self.oos_column]) if self.oos_column is not None else 0.0
        return p[self.entry_columns], oos


def can_train(entries: Sequence[Entry], subjects: Sequence[Subject]) -> bool:
    """A classifier needs at least two classes."""
    return len(entries) + (1 if subjects else 0) >= 2

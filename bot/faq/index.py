"""The lexical index: BM25 (bm25s) per field, combined with field weights, plus a confidence rule.

Fields of an entry: its title, its questions (all together, and each one on its own so the
closest single phrasing counts), its tags and its body. Each field has its own BM25 index;
an entry's score is the weighted sum of its field scores, divided by the most the question
could score (the weighted IDF of its terms, with typed words the entries never use counted
at a fixed weight), so a question with words the knowledge base knows nothing about scores
low, while an abbreviation's expansion the entries happen not to use costs nothing.

The confidence rule answers only when the best entry's score clears `min_score` AND beats
the runner-up entry by `min_margin`; otherwise the caller abstains. Thresholds and weights
were tuned on the "tune" half of the evaluation questions only (see `evaluate.py`).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import bm25s
import numpy as np
import numpy.typing as npt

from bot.faq.entries import KNOWLEDGE_DIR, Entry, load_entries
from bot.faq.markup import to_plain
from bot.faq.spelling import Speller
from bot.faq.text import content_words, expand, terms_of_words, typed_terms, words

FIELDS = ("title", "questions", "question", "tags", "body")


@dataclass(frozen=True, slots=True)
class Params:
    """Field weights, BM25 constants and the confidence thresholds."""

    # Tuned on the "tune" split only: `python -m bot.faq.evaluate --tune`.
    weights: dict[str, float] = field(
        default_factory=lambda: {
            "title": 0.5,
            "questions": 2.0,
            "question": 2.0,
            "tags": 0.5,
            "body": 1.0,
        }
    )
    k1: float = 1.2
    b: float = 0.6
    unknown_weight: float = 0.5  # share of a max-IDF term that an unknown word costs
    min_score: float = 0.18
    min_margin: float = 0.05


DEFAULT_PARAMS = Params()


@dataclass(frozen=True, slots=True)
class Scored:
    entry: Entry
    score: float


@dataclass(frozen=True, slots=True)
class Ranking:
    """How a question scored: entries best first (score > 0 only) and the confidence verdict."""

    terms: tuple[str, ...]
    ranked: tuple[Scored, ...]
    confident: bool

    @property
    def top(self) -> Scored | None:
        return self.ranked[0] if self.ranked else None

    @property
    def runner_up(self) -> Scored | None:
        return self.ranked[1] if len(self.ranked) > 1 else None

    @property
    def top_score(self) -> float:
        return self.ranked[0].score if self.ranked else 0.0

    @property
    def margin(self) -> float:
        top = self.ranked[0].score if self.ranked else 0.0
        second = self.ranked[1].score if len(self.ranked) > 1 else 0.0
        return top - second


@dataclass(frozen=True, slots=True)
class Match:
    """A confident answer: the entry, its score, and the runner-up it beat."""

    entry: Entry
    score: float
    runner_up: Entry | None
    runner_up_score: float


class _FieldIndex:
    """One BM25 index over one field; `groups` maps each document to its entry position."""

    def __init__(self, docs: list[list[str]], groups: list[int], n_entries: int, p: Params):
        self.retriever = bm25s.BM25(k1=p.k1, b=p.b)
        self.vocab: dict[str, int] = {}
        if any(docs):  # a field with no terms at all (every title all stop words) scores 0
            self.retriever.index(docs, show_progress=False)
            self.vocab = dict(self.retriever.vocab_dict)
        self.groups = np.asarray(groups, dtype=np.int64)
        self.n_entries = n_entries
        self.per_entry = len(docs) == n_entries
        n_docs = len(docs)
        df = Counter(t for doc in docs for t in set(doc))
        self.idf = {t: math.log(1 + (n_docs - n + 0.5) / (n + 0.5)) for t, n in df.items()}
        self.max_idf = math.log(1 + (n_docs + 0.5) / 0.5)

    def scores(self, query: list[str]) -> npt.NDArray[np.float64]:
        known = [t for t in query if t in self.vocab]
        if not known:
            return np.zeros(self.n_entries)
        raw = np.asarray(self.retriever.get_scores(known), dtype=np.float64)
        if self.per_entry:
            return raw
        best = np.zeros(self.n_entries)
        np.maximum.at(best, self.groups, raw)
        return best


class FaqIndex:
    """Search over a fixed list of entries. Build once (`build`), query many times."""

    def __init__(self, entries: Sequence[Entry], params: Params, build_seconds: float = 0.0):
        self.entries = tuple(entries)
        self.params = params
        self.by_id = {e.id: e for e in self.entries}
        self.build_seconds = build_seconds
        n = len(self.entries)
        texts: dict[str, list[tuple[int, str]]] = {f: [] for f in FIELDS}
        for i, e in enumerate(self.entries):
            texts["title"].append((i, e.title))
            texts["questions"].append((i, "\n".join(e.questions)))
            texts["question"].extend((i, q) for q in e.questions)
            texts["tags"].append((i, " ; ".join(e.tags)))
            texts["body"].append((i, to_plain(e.body, with_urls=False)))
        surface: list[str] = []
        self._fields: dict[str, _FieldIndex] = {}
        for name in FIELDS:
            docs = []
            for _, text in texts[name]:
                ws = words(text)
                surface.extend(ws)
                surface.extend(words(expand(" ".join(ws))))
                docs.append(terms_of_words(ws))
            groups = [i for i, _ in texts[name]]
            self._fields[name] = _FieldIndex(docs, groups, n, params)
        self.speller = Speller(surface)

    @classmethod
    def build(cls, entries: Sequence[Entry], params: Params = DEFAULT_PARAMS) -> FaqIndex:
        started = time.perf_counter()
        index = cls(entries, params)
        index.build_seconds = time.perf_counter() - started
        return index

    def query_terms(self, question: str) -> tuple[list[str], set[str]]:
        """The distinct index terms of a question (typo-corrected, expanded) and, of those,
        the ones the user typed (only those count against the question when unknown)."""
        corrected = self.speller.correct_all(content_words(words(question)))
        return list(dict.fromkeys(terms_of_words(corrected))), set(typed_terms(corrected))

    def rank(self, question: str, *, limit: int = 5) -> Ranking:
        """Score every entry for `question`; best first, with the confidence verdict."""
        p = self.params
        query, typed = self.query_terms(question)
        if not query or not self.entries:
            return Ranking(tuple(query), (), False)
        total = np.zeros(len(self.entries))
        ceiling = 0.0
        for name, fi in self._fields.items():
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
        normalised = total / ceiling if ceiling > 0 else total
        order = np.argsort(-normalised, kind="stable")[:limit]
        ranked = tuple(
            Scored(self.entries[i], float(normalised[i])) for i in order if normalised[i] > 0
        )
        margin = ranked[0].score - (ranked[1].score if len(ranked) > 1 else 0.0) if ranked else 0.0
        confident = bool(ranked) and ranked[0].score >= p.min_score and margin >= p.min_margin
        return Ranking(tuple(query), ranked, confident)

    def search(self, question: str) -> Match | None:
        """The confident best entry for `question`, or None (abstain)."""
        ranking = self.rank(question)
        top = ranking.top
        if not ranking.confident or top is None:
            return None
        second = ranking.runner_up
        return Match(
            entry=top.entry,
            score=top.score,
            runner_up=second.entry if second else None,
            runner_up_score=second.score if second else 0.0,
        )


@cache
def get_index() -> FaqIndex:
    """The index over `knowledge/`, built once per process (start-up cost: `build_seconds`)."""
    return FaqIndex.build(load_entries(KNOWLEDGE_DIR))

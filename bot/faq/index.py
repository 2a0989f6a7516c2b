"""The hybrid index: BM25 (bm25s) per field and character n-gram TF-IDF (scikit-learn), fused,
plus out-of-scope subjects and a confidence rule.

Lexical part. Fields of an entry: its title, its questions (all together, and each one on its
own so the closest single phrasing counts), its tags and its body. Each field has its own BM25
index over stemmed, abbreviation-expanded terms; an entry's BM25 score is the weighted sum of
its field scores divided by the most the question could score (the weighted IDF of its terms,
with typed words the entries never use counted at a fixed weight), so a question with words
the knowledge base knows nothing about scores low.

Character part. Each entry's title and each of its questions is a TF-IDF vector of character
3-5-grams (word-bounded); an entry's character score is the best cosine between the question
and any of them. It catches typos, word forms and phrasings that share pieces of words.

Fused score = (1 - char_weight) * BM25 + char_weight * character score, both in [0, 1].

Learned re-ranker (`rerank.py`, trained at build time on the entries' titles, questions, tags
and body paragraphs, plus an "out of scope" class from the subjects below): the lexical top
`candidates` entries get (1 - rerank_weight) * fused + rerank_weight * classifier probability;
the others keep (1 - rerank_weight) * fused. The out-of-scope score is mixed the same way
(best subject's fused score and the out-of-scope class's probability).

Out-of-scope subjects (`out_of_scope.py`: parent sponsorship, citizenship, taxes, draw
predictions, ...) are indexed alongside the entries as pseudo-entries; they never answer, but a
question that matches one of them about as well as its best entry is not answered.

The confidence rule (`FaqIndex.confident`) answers with the best entry only when
1. its fused score clears `min_score`, and
2. it beats the runner-up entry by `min_margin` -- or, when the runner-up is a sibling (same
   topic, or linked by `related`), by the smaller `sibling_min_margin` provided its score
   clears the higher `sibling_min_score` (two close entries on one subject both score well;
   the better one is then usually right, and a near tie between unrelated entries is not), and
3. it beats the best out-of-scope subject by `oos_margin`, and
4. (`oos_veto`) the classifier's out-of-scope class does not beat every entry, and
5. the calibrated probability that the best entry is right (`confidence.py`, a logistic model
   over ranking features) reaches `answer_threshold`.
Otherwise, when the calibrated probability that a right entry is among the best three reaches
`suggest_threshold`, the caller offers those three ("not sure which of these you mean"); else
it abstains. Everything was tuned on the tuning questions only
(`python -m bot.faq.evaluate --tune`).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

import bm25s
import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.faq import confidence
from bot.faq.entries import KNOWLEDGE_DIR, Entry, load_entries
from bot.faq.markup import to_plain
from bot.faq.out_of_scope import OUT_OF_SCOPE
from bot.faq.rerank import Reranker, can_train
from bot.faq.spelling import Speller
from bot.faq.text import content_words, expand, terms_of_words, typed_terms, words

# Margins below this are a tie (the classifier's solver is not exactly symmetric, so two
# identical entries differ by ~1e-5), and a tie never answers.
TIE = 1e-4

FIELDS = ("title", "questions", "question", "tags", "body")


@dataclass(frozen=True, slots=True)
class Params:
    """Field weights, BM25 constants, the fusion weight and the confidence thresholds."""

    # Tuned on the tuning questions only: `python -m bot.faq.evaluate --tune`.
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
    char_weight: float = 0.2  # share of the character n-gram cosine in the fused score
    min_score: float = 0.2
    min_margin: float = 0.001
    sibling_min_score: float = 0.2
    sibling_min_margin: float = 0.0  # but never a true tie
    oos_margin: float = -1.0  # off: the calibrated confidence weighs the out-of-scope gap
    # The learned re-ranker (`rerank.py`): its probabilities are mixed into the fused lexical
    # score of the lexical top `candidates` entries: (1 - w) * lexical + w * probability.
    rerank_weight: float = 0.4
    temperature: float = 5.0  # softmax temperature on the classifier's decision values
    candidates: int = 10
    oos_veto: bool = True  # abstain when the classifier's "out of scope" class beats every entry
    # Calibrated confidence (`confidence.py`): answer only when the rule above holds *and* the
    # probability that the best entry is right reaches `answer_threshold`; otherwise offer the
    # best entries as suggestions when the probability that one of them is right reaches
    # `suggest_threshold` (and the best entry clears `suggest_min_score`); else abstain.
    answer_threshold: float = confidence.ANSWER_THRESHOLD
    suggest_threshold: float = confidence.SUGGEST_THRESHOLD
    suggest_min_score: float = 0.1


DEFAULT_PARAMS = Params()


@dataclass(frozen=True, slots=True)
class Scored:
    entry: Entry
    score: float


@dataclass(frozen=True, slots=True)
class OutOfScope:
    """A subject the knowledge base deliberately does not cover."""

    id: str
    title: str
    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ranking:
    """How a question scored: entries best first (score > 0 only), the best out-of-scope
    subject and its score, whether the top two entries are siblings, and the verdict."""

    terms: tuple[str, ...]
    ranked: tuple[Scored, ...]
    confident: bool
    out_of_scope: OutOfScope | None = None
    out_of_scope_score: float = 0.0
    siblings: bool = False
    out_of_scope_wins: bool = False  # the re-ranker's out-of-scope class beat every entry
    classifier_prob: float = 0.0  # the classifier's probability of the best entry
    classifier_agrees: bool = False  # the classifier's favourite is the best entry
    lexical_agrees: bool = False  # the lexical favourite is the best entry
    lexical_top: float = 0.0  # the best lexical (fused) score
    answer_probability: float = 0.0  # `confidence.ANSWER`: the best entry is right
    suggest_probability: float = 0.0  # `confidence.SUGGEST`: a right one is among the best 3
    suggest: bool = False  # not confident, but the best entries are worth offering

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

    @property
    def suggestions(self) -> tuple[Scored, ...]:
        """The entries offered in the middle band (best first)."""
        return self.ranked[: confidence.SUGGESTIONS]

    def features(self) -> tuple[float, ...]:
        """The features of `confidence.FEATURES`, in that order."""
        top = self.top_score
        third = self.ranked[2].score if len(self.ranked) > 2 else 0.0
        return (
            top,
            self.margin,
            top - self.out_of_scope_score,
            float(self.out_of_scope_wins),
            float(self.siblings),
            self.classifier_prob,
            float(self.classifier_agrees),
            float(self.lexical_agrees),
            self.lexical_top,
            top - third,
        )


@dataclass(frozen=True, slots=True)
class Match:
    """A confident answer: the entry, its score, and the runner-up it beat."""

    entry: Entry
    score: float
    runner_up: Entry | None
    runner_up_score: float


def load_out_of_scope() -> list[OutOfScope]:
    """The out-of-scope subjects of `out_of_scope.py`."""
    return [OutOfScope(i, title, phrases) for i, title, phrases in OUT_OF_SCOPE]


def are_siblings(a: Entry, b: Entry) -> bool:
    """Entries on one subject: the same topic, or one lists the other in `related`."""
    return a.topic == b.topic or b.id in a.related or a.id in b.related


class _FieldIndex:
    """One BM25 index over one field; `groups` maps each document to its item position."""

    def __init__(self, docs: list[list[str]], groups: list[int], n_items: int, p: Params):
        self.retriever = bm25s.BM25(k1=p.k1, b=p.b)
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


class _CharIndex:
    """Character 3-5-gram TF-IDF over short texts; an item scores its best cosine."""

    def __init__(self, texts: list[str], groups: list[int], n_items: int) -> None:
        order = sorted(range(len(texts)), key=lambda k: groups[k])  # each item's texts together
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
        )
        matrix = self.vectorizer.fit_transform([texts[k] for k in order])
        self.matrix_t = matrix.T.tocsr()  # features x texts: a query row times this is fast
        sorted_groups = np.asarray([groups[k] for k in order], dtype=np.int64)
        self.items, self.starts = np.unique(sorted_groups, return_index=True)
        self.n_items = n_items

    def scores(self, text: str) -> npt.NDArray[np.float64]:
        best = np.zeros(self.n_items)
        if not text:
            return best
        cosines = (self.vectorizer.transform([text]) @ self.matrix_t).toarray().ravel()
        best[self.items] = np.maximum.reduceat(cosines, self.starts)
        return best


def _char_text(ws: list[str]) -> str:
    """What the character index sees: content words with abbreviations expanded."""
    return " ".join(content_words(words(expand(" ".join(ws)))))


class FaqIndex:
    """Search over a fixed list of entries. Build once (`build`), query many times."""

    def __init__(
        self,
        entries: Sequence[Entry],
        params: Params,
        build_seconds: float = 0.0,
        out_of_scope: Sequence[OutOfScope] = (),
    ):
        self.entries = tuple(entries)
        self.out_of_scope = tuple(out_of_scope)
        self.params = params
        self.by_id = {e.id: e for e in self.entries}
        self.build_seconds = build_seconds
        n = len(self.entries) + len(self.out_of_scope)
        texts: dict[str, list[tuple[int, str]]] = {f: [] for f in FIELDS}
        for i, e in enumerate(self.entries):
            texts["title"].append((i, e.title))
            texts["questions"].append((i, "\n".join(e.questions)))
            texts["question"].extend((i, q) for q in e.questions)
            texts["tags"].append((i, " ; ".join(e.tags)))
            texts["body"].append((i, to_plain(e.body, with_urls=False)))
        for j, subject in enumerate(self.out_of_scope, len(self.entries)):
            texts["title"].append((j, subject.title))
            texts["questions"].append((j, "\n".join(subject.phrases)))
            texts["question"].extend((j, q) for q in subject.phrases)
            texts["tags"].append((j, ""))
            texts["body"].append((j, ""))
        surface: list[str] = []
        self._fields: dict[str, _FieldIndex] = {}
        for name in FIELDS:
            docs = []
            for _, text in texts[name]:
                ws = words(text)
                if name != "body" or text:
                    surface.extend(ws)
                    surface.extend(words(expand(" ".join(ws))))
                docs.append(terms_of_words(ws))
            groups = [i for i, _ in texts[name]]
            self._fields[name] = _FieldIndex(docs, groups, n, params)
        short = texts["title"] + texts["question"]
        self._chars = _CharIndex(
            [_char_text(words(text)) for _, text in short], [i for i, _ in short], n
        )
        self.speller = Speller(surface)
        self.reranker = (
            Reranker(self.entries, self.out_of_scope)
            if params.rerank_weight > 0 and can_train(self.entries, self.out_of_scope)
            else None
        )

    @classmethod
    def build(
        cls,
        entries: Sequence[Entry],
        params: Params = DEFAULT_PARAMS,
        out_of_scope: Sequence[OutOfScope] | None = None,
    ) -> FaqIndex:
        """Index `entries` (and the out-of-scope subjects: by default `out_of_scope.py`)."""
        started = time.perf_counter()
        subjects = load_out_of_scope() if out_of_scope is None else out_of_scope
        index = cls(entries, params, out_of_scope=subjects)
        index.build_seconds = time.perf_counter() - started
        return index

    def query_terms(self, question: str) -> tuple[list[str], set[str]]:
        """The distinct index terms of a question (typo-corrected, expanded) and, of those,
        the ones the user typed (only those count against the question when unknown)."""
        corrected = self.speller.correct_all(content_words(words(question)))
        return list(dict.fromkeys(terms_of_words(corrected))), set(typed_terms(corrected))

    def _bm25(self, query: list[str], typed: set[str]) -> npt.NDArray[np.float64]:
        p = self.params
        total = np.zeros(len(self.entries) + len(self.out_of_scope))
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
        return total / ceiling if ceiling > 0 else total

    def rank(self, question: str, *, limit: int = 5) -> Ranking:
        """Score every entry for `question`; best first, with the confidence verdict."""
        p = self.params
        corrected = self.speller.correct_all(content_words(words(question)))
        query = list(dict.fromkeys(terms_of_words(corrected)))
        typed = set(typed_terms(corrected))
        if not query or not self.entries:
            return Ranking(tuple(query), (), False)
        fused = (1.0 - p.char_weight) * self._bm25(query, typed) + p.char_weight * (
            self._chars.scores(_char_text(corrected))
        )
        n = len(self.entries)
        scores, oos_scores = fused[:n], fused[n:]
        subject, subject_score = None, 0.0
        if len(oos_scores):
            k = int(np.argmax(oos_scores))
            subject, subject_score = self.out_of_scope[k], float(oos_scores[k])
        oos_wins = False
        lexical_best = int(np.argmax(scores))
        lexical_top = float(scores[lexical_best])
        probs: npt.NDArray[np.float64] | None = None
        if self.reranker is not None and p.rerank_weight > 0:
            w = p.rerank_weight
            probs, oos_prob = self.reranker.probabilities(corrected, p.temperature)
            oos_wins = bool(oos_prob > probs.max())
            # Only the lexical candidates get the classifier's vote: an entry sharing nothing
            # with the question is not pulled up by the classifier alone.
            candidates = np.argsort(-scores, kind="stable")[: p.candidates]
            mixed = (1.0 - w) * scores
            mixed[candidates] += w * probs[candidates]
            scores = mixed
            subject_score = (1.0 - w) * subject_score + w * oos_prob
        order = np.argsort(-scores, kind="stable")[: max(limit, confidence.SUGGESTIONS)]
        ranked = tuple(Scored(self.entries[i], float(scores[i])) for i in order if scores[i] > 0)
        siblings = len(ranked) > 1 and are_siblings(ranked[0].entry, ranked[1].entry)
        best = int(order[0])
        ranking = Ranking(
            tuple(query),
            ranked,
            False,
            subject,
            subject_score,
            siblings,
            oos_wins,
            classifier_prob=float(probs[best]) if probs is not None else 0.0,
            classifier_agrees=probs is not None and int(np.argmax(probs)) == best,
            lexical_agrees=lexical_best == best,
            lexical_top=lexical_top,
        )
        features = ranking.features()
        ranking = replace(
            ranking,
            answer_probability=confidence.ANSWER.probability(features),
            suggest_probability=confidence.SUGGEST.probability(features),
        )
        confident = self.confident(ranking)
        return replace(ranking, confident=confident, suggest=self.suggests(ranking, confident))

    def suggests(self, ranking: Ranking, confident: bool, params: Params | None = None) -> bool:
        """The middle band: not confident, but the best entries are plausible enough to offer."""
        p = params or self.params
        return (
            not confident
            and ranking.top is not None
            and ranking.top_score >= p.suggest_min_score
            and ranking.suggest_probability >= p.suggest_threshold
        )

    def confident(self, ranking: Ranking, params: Params | None = None) -> bool:
        """The confidence rule (see the module docstring) applied to a ranking."""
        p = params or self.params
        top = ranking.top
        if top is None or top.score < p.min_score:
            return False
        if ranking.answer_probability < p.answer_threshold:
            return False
        if top.score < ranking.out_of_scope_score + p.oos_margin:
            return False
        if p.oos_veto and ranking.out_of_scope_wins:
            return False
        if ranking.margin >= p.min_margin:
            return True
        return (
            ranking.siblings
            and top.score >= p.sibling_min_score
            and ranking.margin >= p.sibling_min_margin
            and ranking.margin > TIE  # a tie is never confident
        )

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

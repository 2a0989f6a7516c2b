"""What the index works with and returns: its parameters, a scored entry, the ranking of a
question with its confidence features, a confident match, and the out-of-scope subjects.
(Split from `index.py`, which builds and queries the index.)"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from bot.faq import confidence
from bot.faq.entries import Entry
from bot.faq.languages import language

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# Margins below this are a tie (the classifier's solver is not exactly symmetric, so two
# identical entries differ by ~1e-5), and a tie never answers.
TIE = 1e-4

FIELDS = ("title", "questions", "question", "tags", "body")


@dataclass(frozen=True, slots=True)
class Params:
    """Field weights, BM25 constants, the fusion weight and the confidence thresholds."""

    # Tuned on the tuning questions only: `python bench/faq_eval.py --tune`.
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
    # Embeddings (`semantic.py`): share of the rescaled cosine score, and the cosine that maps to 0.
    semantic_weight: float = 0.3
    semantic_floor: float = 0.3
    semantic_pool: float = 0.05  # soft maximum of an entry's cosines (`GroupMax`); 0: the max
    # Attention to the question sentences of a longer post (`focus.py`).
    focus_weight: float = 0.5
    # Whether the labelled user questions (`examples.py`) also count as texts of their entry
    # for the embeddings (out-of-scope ones as the first subject's); the classifier learns from
    # them either way. (Adding them to BM25 too helped a little but cost 0.5 s of build time.)
    example_texts: bool = True
    # The multilingual sentence model (`sentences.py`): a fourth signal for `learned.py`.
    sentences: bool = True
    # The learned ranker and confidence (`learned.py`, English) replace the mix and rule below.
    learned: bool = True
    oos_veto: bool = True  # abstain when the classifier's "out of scope" class beats every entry
    # Calibrated confidence (`confidence.py`): answer only when the rule above holds *and* the
    # probability that the best entry is right reaches `answer_threshold`; otherwise offer the
    # best entries as suggestions when the probability that one of them is right reaches
    # `suggest_threshold` (and the best entry clears `suggest_min_score`); else abstain.
    answer_threshold: float = confidence.ANSWER_THRESHOLD
    suggest_threshold: float = confidence.SUGGEST_THRESHOLD
    suggest_min_score: float = 0.1


DEFAULT_PARAMS = Params()


def params_for(lang: str) -> Params:
    """`DEFAULT_PARAMS` with `lang`'s changes and confidence thresholds (`confidence.load_fit`)."""
    fit = confidence.load_fit(lang)
    params = replace(
        DEFAULT_PARAMS,
        answer_threshold=fit.answer_threshold,
        suggest_threshold=fit.suggest_threshold,
    )
    if lang == "fr":
        # Tuned on the French tuning rows (`bench/faq_eval.py --lang fr`, docs/faq.md): the
        # English-trained embeddings count less, and so do a long post's question sentences.
        params = replace(params, semantic_weight=0.15, focus_weight=0.3)
    return params


@dataclass(frozen=True, slots=True)
class Signals:
    """Every entry's (then every subject's) scores for one text."""

    words: list[str]  # typo-corrected content words
    fused: npt.NDArray[np.float64]  # lexical: BM25 + characters
    probs: npt.NDArray[np.float64] | None  # classifier, per entry
    oos_prob: float  # classifier, out of scope
    semantic: npt.NDArray[np.float64]  # rescaled soft-maximum cosine (`semantic_pool`)
    # The multilingual sentence model's soft-maximum cosine (`sentences.py`), if built.
    sentence: npt.NDArray[np.float64] | None = None

    def blend(self, other: Signals, w: float) -> Signals:
        """(1 - w) x self + w x other."""
        probs = self.probs
        if probs is not None and other.probs is not None:
            probs = (1 - w) * probs + w * other.probs
        sentence = self.sentence
        if sentence is not None and other.sentence is not None:
            sentence = (1 - w) * sentence + w * other.sentence
        return Signals(
            self.words,
            (1 - w) * self.fused + w * other.fused,
            probs,
            (1 - w) * self.oos_prob + w * other.oos_prob,
            (1 - w) * self.semantic + w * other.semantic,
            sentence,
        )


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
    semantic_top: float = 0.0  # the best entry's (rescaled) embedding similarity
    semantic_agrees: bool = False  # the embedding favourite is the best entry
    length: float = 0.0  # content words / LONG_POST_WORDS, at most 1 (real posts are long)
    focus_agrees: bool = True  # the question sentences alone favour the best entry too

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
            self.semantic_top,
            float(self.semantic_agrees),
            self.length,
            float(self.focus_agrees),
        )


@dataclass(frozen=True, slots=True)
class Match:
    """A confident answer: the entry, its score, and the runner-up it beat."""

    entry: Entry
    score: float
    runner_up: Entry | None
    runner_up_score: float


def load_out_of_scope(lang: str = "en") -> list[OutOfScope]:
    """The out-of-scope subjects of `lang` (`out_of_scope.py`, `out_of_scope_fr.py`)."""
    return [OutOfScope(i, title, phrases) for i, title, phrases in language(lang).out_of_scope]


def are_siblings(a: Entry, b: Entry) -> bool:
    """Entries on one subject: the same topic, or one lists the other in `related`."""
    return a.topic == b.topic or b.id in a.related or a.id in b.related

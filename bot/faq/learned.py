"""The learned ranker and its confidence, fitted on real forum posts (English).

The index computes, for the whole post and for its question sentences (`focus.py`; the whole
post again when there are none), four signals per entry: lexical (BM25 + characters), semantic
(WordLlama cosine), the re-ranker's probability and the multilingual sentence model's cosine
(`sentences.py`). Real posts wrap the question in personal context, and which signal to trust
depends on the post, so instead of a fixed mix:

- `candidate_features`: per entry and signal, the value, its distance to the best entry's value
  and its reciprocal rank, and the question sentences' share of each (28 features). The
  candidates are the top `CANDIDATES` entries of any of the eight signals.
- The ranker is a logistic model over those features (`RANKER`): its decision value orders
  the candidates, its sigmoid is the entry's score.
- `query_features`: the best decision value, its margins over the 2nd and 3rd, the best
  probability, the out-of-scope class's probability (whole post and focus), how far the best
  out-of-scope subject is ahead of the best entry (semantic, lexical, semantic on the focus,
  sentence model), the best lexical and semantic entry scores, whether the post has a focus;
  then the best entry's own 28 candidate features, the post's length (log of its content
  words, and whether it has more than 12: a real post with context, not a one-line question),
  for each of the eight signals whether it puts the same entry first (agreement), and how
  often the best entry was right when ranked first on the tuning rows (`EntryPrior`, out of
  fold, smoothed toward the overall rate; an entry never ranked first there gets the overall
  rate), and the same for the pair of the best two entries (smoothed toward one half). Two
  logistic models on them give the probability that the best entry is right (`answer`) and
  that a right one is among the best three (`suggest`).

Everything is fitted by `bench/faq_learn.py` (outside the product package) and read from
`learned_fit.json`; apart from the entry prior (counts by entry id; an id it doesn't know gets
the overall rate) the fit is independent of entry ids (only signal values), so it applies to
any knowledge folder. French has its own (`learned_fit_fr.json`); a language without a fit file
keeps the rule of `confidence.py`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from bot.faq.entries import Entry
from bot.faq.ranking import TIE, Ranking, Scored, Signals

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

CANDIDATES = 10  # per signal
FIT_FILE = Path(__file__).with_name("learned_fit.json")
SIGNALS = ("lexical", "semantic", "classifier", "sentence")
CANDIDATE_FEATURES = tuple(
    f"{part}_{signal}_{kind}"
    for part in ("whole", "focus")
    for signal in SIGNALS
    for kind in ("value", "gap", "rr")
) + tuple(f"focus_share_{signal}" for signal in SIGNALS)
QUERY_FEATURES = (
    "best",
    "margin2",
    "margin3",
    "best_prob",
    "oos_prob",
    "focus_oos_prob",
    "oos_semantic_lead",
    "oos_lexical_lead",
    "focus_oos_semantic_lead",
    "oos_sentence_lead",
    "lexical_top",
    "semantic_top",
    "has_focus",
    *(f"top_{name}" for name in CANDIDATE_FEATURES),
    "log_words",
    "long_post",
    *(f"agree_{part}_{signal}" for part in ("whole", "focus") for signal in SIGNALS),
    "top_prior",
    "top_pair_prior",
)
PAIR = " > "  # joins a pair's ids in the fit file (ids are kebab-case)
LONG_POST = 12  # content words: more is a post with personal context around the question


@dataclass(frozen=True, slots=True)
class Linear:
    weights: tuple[float, ...]
    bias: float

    def value(self, x: Sequence[float]) -> float:
        return self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True))

    def probability(self, x: Sequence[float]) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.value(x)))))


@dataclass(frozen=True, slots=True)
class EntryPrior:
    """How often each entry was right when the ranker put it first on the tuning rows (out of
    fold), smoothed toward the overall rate: `(right + strength x overall) / (first + strength)`.
    Some entries are rarely confused with another, others sit in families of near twins. The
    same per (first, second) pair, smoothed toward one half (`pair_strength`): a pair that
    was often a right first place over the same runner-up is a distinction the ranker makes."""

    counts: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # id -> (first, right)
    overall: float = 0.5
    strength: float = 5.0
    pairs: Mapping[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    pair_strength: float = 2.0

    def value(self, entry_id: str) -> float:
        first, right = self.counts.get(entry_id, (0, 0))
        return (right + self.strength * self.overall) / (first + self.strength)

    def pair_value(self, first_id: str, second_id: str) -> float:
        first, right = self.pairs.get((first_id, second_id), (0, 0))
        return (right + self.pair_strength * 0.5) / (first + self.pair_strength)


@dataclass(frozen=True, slots=True)
class LearnedFit:
    ranker: Linear
    answer: Linear
    suggest: Linear
    answer_threshold: float
    suggest_threshold: float
    prior: EntryPrior = field(default_factory=EntryPrior)


def _signals_of(s: Signals, n: int) -> list[npt.NDArray[np.float64]]:
    import numpy as np

    probs = s.probs if s.probs is not None else np.zeros(n)
    sentence = s.sentence[:n] if s.sentence is not None else np.zeros(n)
    return [s.fused[:n], s.semantic[:n], probs, sentence]


def candidate_features(
    whole: Signals, focused: Signals | None, n: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp]]:
    """Every entry's features (n x 28) and the candidates (entry positions) to rank: each
    signal of the whole post and of its question sentences."""
    import numpy as np

    columns: list[npt.NDArray[np.float64]] = []
    candidates: set[int] = set()
    for signal in _signals_of(whole, n) + _signals_of(focused or whole, n):
        order = np.argsort(-signal, kind="stable")
        # An entry's rank: how many entries beat it by more than a tie (twins share a rank).
        rank = n - np.searchsorted(np.sort(signal), signal + TIE, side="right")
        columns += [signal, signal - np.max(signal), np.asarray(1.0 / (1.0 + rank), np.float64)]
        candidates.update(int(i) for i in order[:CANDIDATES])
    # How much of the post its question sentences are: a short "what should I do?" says little.
    share = len(focused.words) / max(1, len(whole.words)) if focused is not None else 0.0
    columns += [share * signal for signal in _signals_of(focused or whole, n)]
    return np.stack(columns, 1), np.asarray(sorted(candidates), dtype=np.intp)


def decisions(
    fit: LearnedFit, x: npt.NDArray[np.float64], candidates: npt.NDArray[np.intp]
) -> npt.NDArray[np.float64]:
    """The ranker's decision value per entry (-30 outside the candidates)."""
    import numpy as np

    z = np.full(len(x), -30.0)
    z[candidates] = x[candidates] @ np.asarray(fit.ranker.weights) + fit.ranker.bias
    return z


def query_features(
    z: npt.NDArray[np.float64],
    x: npt.NDArray[np.float64],
    whole: Signals,
    focused: Signals | None,
    n: int,
    prior: float,
    pair_prior: float,
) -> tuple[float, ...]:
    """The features of `QUERY_FEATURES` for decision values `z` (candidate features `x`), in
    that order; `prior` and `pair_prior` are the best entry's and the best pair's
    `EntryPrior` values."""
    import numpy as np

    top = np.sort(z)[::-1]
    best = int(np.argmax(z))
    f = focused or whole
    agree = [float(int(np.argmax(s)) == best) for s in _signals_of(whole, n) + _signals_of(f, n)]

    def lead(values: npt.NDArray[np.float64]) -> float:
        return float(np.max(values[n:]) - np.max(values[:n])) if len(values) > n else 0.0

    return (
        float(top[0]),
        float(top[0] - top[1]),
        float(top[0] - top[2]),
        1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, float(top[0]))))),
        whole.oos_prob,
        f.oos_prob,
        lead(whole.semantic),
        lead(whole.fused),
        lead(f.semantic),
        lead(whole.sentence) if whole.sentence is not None else 0.0,
        float(np.max(whole.fused[:n])),
        float(np.max(whole.semantic[:n])),
        float(focused is not None),
        *(float(v) for v in x[best]),
        math.log1p(len(whole.words)),
        float(len(whole.words) > LONG_POST),
        *agree,
        prior,
        pair_prior,
    )


def _linear(data: dict[str, object]) -> Linear:
    weights = data["weights"]
    assert isinstance(weights, list)
    return Linear(tuple(float(w) for w in weights), float(str(data["bias"])))


def _prior(data: object) -> EntryPrior:
    assert isinstance(data, dict)

    def ratio(value: object) -> tuple[int, int]:  # "first/right"
        first, right = str(value).split("/")
        return int(first), int(right)

    counts = {str(k): ratio(v) for k, v in data["counts"].items()}
    pairs: dict[tuple[str, str], tuple[int, int]] = {}
    for key, v in data["pairs"].items():
        first, second = str(key).split(PAIR)
        pairs[first, second] = ratio(v)
    return EntryPrior(
        counts, float(data["overall"]), float(data["strength"]), pairs, float(data["pair_strength"])
    )


def fit_file(lang: str) -> Path:
    """Where the fit of `lang` lives (`learned_fit.json`, `learned_fit_fr.json`)."""
    return FIT_FILE if lang == "en" else FIT_FILE.with_name(f"learned_fit_{lang}.json")


@cache
def load(lang: str = "en", path: Path | None = None) -> LearnedFit | None:
    """The fit of `lang`, or None when there is none (that language keeps `confidence.py`)."""
    path = path or fit_file(lang)
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if (
        tuple(data["candidate_features"]) != CANDIDATE_FEATURES
        or tuple(data["query_features"]) != QUERY_FEATURES
        or data["candidates"] != CANDIDATES
    ):
        raise ValueError(f"{path.name} was fitted on other features: refit it (docs/faq.md)")
    return LearnedFit(
        _linear(data["ranker"]),
        _linear(data["answer"]),
        _linear(data["suggest"]),
        float(data["answer_threshold"]),
        float(data["suggest_threshold"]),
        _prior(data["prior"]),
    )


def rerank(
    fit: LearnedFit,
    ranking: Ranking,
    whole: Signals,
    focused: Signals | None,
    entries: Sequence[Entry],
    limit: int,
) -> Ranking:
    """`ranking` with its entries, scores and verdict replaced by the learned ones (the
    out-of-scope subject and the other diagnostics stay)."""
    import numpy as np

    n = len(entries)
    x, candidates = candidate_features(whole, focused, n)
    z = decisions(fit, x, candidates)
    order = np.argsort(-z, kind="stable")[: max(limit, 3)]
    scores = 1.0 / (1.0 + np.exp(-z))
    first, second = entries[int(order[0])].id, entries[int(order[1])].id
    q = query_features(
        z, x, whole, focused, n, fit.prior.value(first), fit.prior.pair_value(first, second)
    )
    answer_p, suggest_p = fit.answer.probability(q), fit.suggest.probability(q)
    # Two entries scoring the same (a tie: `TIE`) never answer.
    confident = answer_p >= fit.answer_threshold and scores[order[0]] - scores[order[1]] > TIE
    return replace(
        ranking,
        ranked=tuple(Scored(entries[i], float(scores[i])) for i in order),
        confident=confident,
        answer_probability=answer_p,
        suggest_probability=suggest_p,
        suggest=not confident and suggest_p >= fit.suggest_threshold,
    )

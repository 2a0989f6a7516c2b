"""How sure the bot is of a ranking: calibrated probabilities from a handful of ranking features.

Two logistic models over the same features of a ranking (`features`):

- `ANSWER`: the probability that the best entry is the right one (fitted on the tuning rows:
  in-scope rows whose best entry is accepted are positives; everything else, including every
  out-of-scope row, is negative);
- `SUGGEST`: the probability that a right entry is among the best `SUGGESTIONS` entries (the
  middle band: "I'm not sure which of these you mean").

The coefficients and the two thresholds live in `confidence_fit.json` beside this file. They
are written by the tuning tool (`python bench/faq_eval.py --tune --write`, outside the product
package), which fits them on the tuning rows and chooses the thresholds by cross-validation
(see docs/faq.md). Nothing under `bot/` writes that file; this module only reads it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SUGGESTIONS = 3  # entries offered in the middle band

FEATURES = (
    "top",  # best entry's mixed score
    "margin",  # over the runner-up
    "oos_gap",  # best entry's score minus the best out-of-scope subject's score
    "oos_wins",  # the classifier's out-of-scope class beats every entry (0/1)
    "siblings",  # the top two entries are siblings (0/1)
    "classifier_prob",  # the classifier's probability of the best entry
    "classifier_agrees",  # the classifier's own favourite is the best entry (0/1)
    "lexical_agrees",  # the lexical (BM25 + characters) favourite is the best entry (0/1)
    "lexical_top",  # the best lexical score
    "third_gap",  # best score minus the third's
    "semantic_top",  # the best entry's embedding similarity (rescaled, `index.py`)
    "semantic_agrees",  # the embedding favourite is the best entry (0/1)
    "length",  # content words of the question / 60, at most 1 (real posts are long)
    "focus_agrees",  # the question sentences alone favour the best entry too (0/1)
)


@dataclass(frozen=True, slots=True)
class Calibrator:
    """A logistic model: sigmoid(bias + weights . features)."""

    weights: tuple[float, ...]
    bias: float

    def probability(self, x: Sequence[float]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


FIT_FILE = Path(__file__).with_name("confidence_fit.json")


def _load(path: Path = FIT_FILE) -> tuple[Calibrator, Calibrator, float, float]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path.name} was fitted on other features: refit it (docs/faq.md)")
    answer = Calibrator(tuple(data["answer"]["weights"]), data["answer"]["bias"])
    suggest = Calibrator(tuple(data["suggest"]["weights"]), data["suggest"]["bias"])
    return answer, suggest, float(data["answer_threshold"]), float(data["suggest_threshold"])


# Fitted on all tuning rows (+ the out-of-scope probe); the thresholds by cross-validation.
ANSWER, SUGGEST, ANSWER_THRESHOLD, SUGGEST_THRESHOLD = _load()


@dataclass(frozen=True, slots=True)
class Fit:
    """One language's calibrators and thresholds (English: the constants above)."""

    answer: Calibrator
    suggest: Calibrator
    answer_threshold: float
    suggest_threshold: float


def fit_file(lang: str) -> Path:
    """`confidence_fit.json` (English) or `confidence_fit_<lang>.json`."""
    return FIT_FILE if lang == "en" else FIT_FILE.with_name(f"confidence_fit_{lang}.json")


@cache
def load_fit(lang: str = "en") -> Fit:
    """The fit of `lang` (French: `confidence_fit_fr.json`, fitted on French tuning rows)."""
    if lang == "en":
        return Fit(ANSWER, SUGGEST, ANSWER_THRESHOLD, SUGGEST_THRESHOLD)
    return Fit(*_load(fit_file(lang)))

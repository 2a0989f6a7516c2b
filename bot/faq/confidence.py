"""How sure the bot is of a ranking: calibrated probabilities from a handful of ranking features.

Two logistic models over the same features of a ranking (`features`):

- `ANSWER`: the probability that the best entry is the right one (fitted on the tuning rows:
  in-scope rows whose best entry is accepted are positives; everything else, including every
  out-of-scope row, is negative);
- `SUGGEST`: the probability that a right entry is among the best `SUGGESTIONS` entries (the
  middle band: "I'm not sure which of these you mean").

The coefficients and the two thresholds are printed by `python -m bot.faq.evaluate --tune`,
which chooses them by cross-validation over the tuning rows (see docs/faq.md); copy them here
after a change to the knowledge base, the vocabulary or the ranking.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

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
)


@dataclass(frozen=True, slots=True)
class Calibrator:
    """A logistic model: sigmoid(bias + weights . features)."""

    weights: tuple[float, ...]
    bias: float

    def probability(self, x: Sequence[float]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


# Fitted on all tuning rows (+ the out-of-scope probe); the thresholds by cross-validation.
# --- fitted by `python -m bot.faq.evaluate --tune --write` ---
ANSWER = Calibrator(
    weights=(-1.9142, 3.9133, 10.8472, -0.0713, -0.0021, -2.432, 0.8079, 0.6829, 0.1668, -0.2986),
    bias=-1.6552,
)
SUGGEST = Calibrator(
    weights=(0.4233, -10.3524, 14.9586, -0.4546, 0.781, 1.0569, 1.1147, 0.5265, 1.7062, -3.7153),
    bias=-1.5124,
)
ANSWER_THRESHOLD = 0.54
SUGGEST_THRESHOLD = 0.2
# --- end of fitted block ---

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
    weights=(1.8488, 8.428, 13.7629, 0.3383, 0.1261, -2.0218, 0.4886, 0.8012, 1.1614, -12.3903),
    bias=-2.1537,
)
SUGGEST = Calibrator(
    weights=(1.7745, -10.7354, 17.9737, 0.3905, 0.5558, 3.0319, 0.8381, 0.8864, 1.4169, -9.0662),
    bias=-2.5018,
)
ANSWER_THRESHOLD = 0.5
SUGGEST_THRESHOLD = 0.65
# --- end of fitted block ---

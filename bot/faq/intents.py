"""Questions the knowledge base should not answer itself but hand to another feature.

- "What's my score?" -> the CRS questionnaire (button `crs:start`); in the chat, a saved score's
  result screen when there is one (`bot/chat/faq.py`).
- "When was the latest draw?" -> the draws feature: the chat shows the latest rounds at once
  (`bot/chat/faq.py`); elsewhere (a side question in the questionnaire, `python -m bot ask`) the
  reply is the button `draws:latest`.

Patterns are deliberately narrow: "will my CRS score drop at 30?" is a knowledge question,
"what is my CRS score?" is not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from bot.faq.text import words

Intent = Literal["my_score", "latest_draw"]
_SENTENCE_END = re.compile(r"[.?!;\n]+")


def detector(
    split: Callable[[str], list[str]],
    my_score: list[str],
    latest_draw: list[str],
    explain: re.Pattern[str],
) -> Callable[[str], Intent | None]:
    """A language's `detect`: its word splitter, its patterns for "my score" and "the latest
    round", and the words that make a question about rounds a knowledge question."""
    score_res = [re.compile(p) for p in my_score]
    draw_res = [re.compile(p) for p in latest_draw]

    def detect(question: str) -> Intent | None:
        normalised = " ".join(split(question))
        sentences = [" ".join(split(s)) for s in _SENTENCE_END.split(question)]

        def found(pattern: re.Pattern[str]) -> bool:
            # On the whole question, as written (a pattern ending in `$` wants the question to
            # end there), and within one sentence: "... sera à combien de points ? J'ai 379"
            # is not "combien de points ai".
            return bool(pattern.search(normalised)) and any(pattern.search(s) for s in sentences)

        if any(found(p) for p in score_res):
            return "my_score"
        if any(found(p) for p in draw_res) and not explain.search(normalised):
            return "latest_draw"
        return None

    return detect


_SCORE = r"(?:crs\s+)?(?:score|points?|crs)"
_MY_SCORE = [
    rf"\b(?:what|whats|how\s+much|how\s+high)\s+(?:is|s|would\s+be|will\s+be)?\s*my\s+{_SCORE}\s*$",
    rf"\b(?:what|whats)\s+(?:is\s+|would\s+be\s+)?my\s+{_SCORE}\s+(?:be|now|today|currently)\b",
    rf"\bwhat\s+(?:would|will)\s+my\s+{_SCORE}\s+be\b",
    rf"\b(?:calculate|compute|check|estimate|find|work\s+out|figure\s+out|get)\s+my\s+{_SCORE}\b",
    rf"\b(?:calculate|compute|estimate)\s+(?:a\s+|the\s+)?{_SCORE}\s*(?:for\s+me)?\s*$",
    r"\bhow\s+many\s+(?:crs\s+)?points\s+(?:do|would|will|can)\s+i\s+(?:have|get|score)\s*$",
    r"\b(?:crs|score)\s+calculator\b",
    r"^\s*(?:my\s+)?(?:crs\s+)?score\s*$",
    r"^\s*(?:my\s+)?crs\s*$",
]
_DRAW = r"(?:draws?|rounds?(?:\s+of\s+invitations?)?|cut\s*offs?|cutoffs?|ita\s+rounds?)"
_LATEST = r"(?:latest|last|recent|most\s+recent|newest|current|todays|this\s+weeks|new)"
_LATEST_DRAW = [
    rf"\b{_LATEST}\s+(?:express\s+entry\s+|ee\s+|cec\s+|crs\s+)?{_DRAW}\b",
    rf"\b{_DRAW}\s+(?:today|this\s+week|yesterday)\b",
    rf"\bwhen\s+(?:was|is)\s+the\s+(?:next|last|latest)\s+{_DRAW}\b",
    rf"\b(?:was|is)\s+there\s+a\s+{_DRAW}\s+(?:today|this\s+week|yesterday)\b",
    rf"\bwhat\s+(?:was|is)\s+the\s+{_LATEST}?\s*(?:crs\s+)?(?:cut\s*off|cutoff)\b",
    rf"^\s*{_LATEST}?\s*{_DRAW}\s*$",
]
# Questions about what a cut-off or a round *means* (or why someone at the cut-off was not
# invited) are knowledge questions even when they mention the last draw.
_EXPLAIN = re.compile(
    r"\b(?:mean|means|meaning|represent|represents|tie|tiebreak|tie\s+break"
    r"|didnt\s+get\s+(?:an\s+)?(?:ita|invited|invitation)|not\s+invited|wasnt\s+invited)\b"
)
#: The feature a question belongs to, or None for a knowledge question.
detect = detector(words, _MY_SCORE, _LATEST_DRAW, _EXPLAIN)

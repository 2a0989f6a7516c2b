"""Answer a free-text question: an entry, a hand-off to another feature, or abstention."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.faq.entries import Entry
from bot.faq.index import FaqIndex, get_index
from bot.faq.intents import detect

AnswerIntent = Literal["entry", "abstain", "my_score", "latest_draw"]


@dataclass(frozen=True, slots=True)
class Answer:
    """What the bot makes of a question.

    `answered` is True for a confident entry and for the hand-offs ("my_score",
    "latest_draw"); False only when the bot abstains. `score`/`runner_up` describe the
    best entry and the one after it even when abstaining (for logs and tuning).
    """

    question: str
    intent: AnswerIntent
    entry: Entry | None = None
    score: float = 0.0
    runner_up: Entry | None = None
    runner_up_score: float = 0.0

    @property
    def answered(self) -> bool:
        return self.intent != "abstain"


def answer(question: str, index: FaqIndex | None = None) -> Answer:
    """Decide how to answer `question` (the process-wide index unless one is given)."""
    intent = detect(question)
    if intent is not None:
        return Answer(question=question, intent=intent)
    ranking = (index or get_index()).rank(question)
    top, second = ranking.top, ranking.runner_up
    return Answer(
        question=question,
        intent="entry" if ranking.confident else "abstain",
        entry=top.entry if top and ranking.confident else None,
        score=top.score if top else 0.0,
        runner_up=second.entry if second else None,
        runner_up_score=second.score if second else 0.0,
    )

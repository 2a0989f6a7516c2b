"""Answer a free-text question: an entry, a hand-off to another feature, or abstention."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.faq.entries import Entry
from bot.faq.index import FaqIndex, get_index
from bot.faq.languages import language
from bot.faq.occupations import asked_job_title, mentioned_unit_groups
from bot.standing.noc import UnitGroup

AnswerIntent = Literal["entry", "suggest", "abstain", "my_score", "latest_draw"]


@dataclass(frozen=True, slots=True)
class Answer:
    """What the bot makes of a question.

    `answered` is True for a confident entry and for the hand-offs ("my_score",
    "latest_draw"); False when the bot abstains, including the middle band ("suggest": not
    sure which entry is meant, so `suggestions` are offered instead of an answer).
    `score`/`runner_up` describe the best entry and the one after it even when abstaining
    (for logs and tuning).
    """

    question: str
    intent: AnswerIntent
    entry: Entry | None = None
    score: float = 0.0
    runner_up: Entry | None = None
    runner_up_score: float = 0.0
    suggestions: tuple[Entry, ...] = ()
    confidence: float = 0.0  # calibrated probability that the best entry is right
    lang: str = "en"  # the language of the entries searched (and so of the reply)
    occupations: tuple[UnitGroup, ...] = ()  # NOC unit groups the question names by code
    occupation_title: str = ""  # or the job title whose unit groups those are, as typed

    @property
    def answered(self) -> bool:
        return self.intent not in ("abstain", "suggest")


def answer(question: str, index: FaqIndex | None = None, *, lang: str | None = None) -> Answer:
    """Decide how to answer `question` in `lang` ("en" or "fr": that language's entries,
    hand-offs and confidence rule), with the process-wide index of that language unless an
    index is given (then its language). The caller picks the language: the user's, or
    `bot.faq.language.detect(question)` when it recognises one."""
    idx = index or get_index(lang)
    hand_off = language(idx.lang).hand_off(question)
    if hand_off is not None:
        return Answer(question=question, intent=hand_off, lang=idx.lang)
    ranking = idx.rank(question)
    top, second = ranking.top, ranking.runner_up
    title, groups = _occupations(question)
    intent: AnswerIntent = (
        "entry" if ranking.confident else "suggest" if ranking.suggest else "abstain"
    )
    return Answer(
        question=question,
        intent=intent,
        entry=top.entry if top and ranking.confident else None,
        score=top.score if top else 0.0,
        runner_up=second.entry if second else None,
        runner_up_score=second.score if second else 0.0,
        suggestions=tuple(s.entry for s in ranking.suggestions) if ranking.suggest else (),
        confidence=ranking.answer_probability,
        lang=idx.lang,
        occupations=groups,
        occupation_title=title,
    )


def _occupations(question: str) -> tuple[str, tuple[UnitGroup, ...]]:
    """NOC unit groups the question names by code or, failing that, by a job title (then
    with that title)."""
    groups = mentioned_unit_groups(question)
    return ("", groups) if groups else asked_job_title(question)

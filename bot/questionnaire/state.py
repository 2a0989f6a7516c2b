"""The questionnaire's state: one chat's answers and position, serialisable to JSON, and where
the answers lead next (the next question to ask, to re-ask, or none: the review).

``Step`` is what the engine returns for one input: the new state, the replies, an explicit
``outcome`` and, on confirmation, the validated profile JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from bot.questionnaire.questions import BY_ID, ORDER, Answers, applicable, valid_answer
from bot.replies import Reply

Mode = Literal["new", "asking", "editing", "review", "paused", "done"]
MODES: tuple[str, ...] = ("new", "asking", "editing", "review", "paused", "done")
#: Modes in which the questionnaire is under way (``/crs`` offers resume or restart).
IN_PROGRESS: frozenset[str] = frozenset({"asking", "editing", "review", "paused"})
STATE_VERSION = 1

#: What the engine did with one input:
#: - ``accepted``: the input was taken (an answer stored, a move made); the state may change;
#: - ``shown``: a screen was shown for it (the resume offer, the current question), nothing
#:   else changed;
#: - ``rejected``: the input was not accepted (text that is not an answer, a button from an
#:   older message); the state is unchanged and the replies say why.
Outcome = Literal["accepted", "shown", "rejected"]


@dataclass
class QState:
    """One chat's questionnaire, serialisable to JSON (``to_json`` / ``from_json``)."""

    mode: str = "new"
    answers: dict[str, Any] = field(default_factory=dict)
    current: str | None = None
    #: Question ids answered on the way here, for Back (asking mode).
    history: list[str] = field(default_factory=list)
    #: Editing one answer from the review: the questions still to re-ask, and Back's stack.
    forced: list[str] = field(default_factory=list)
    edit_history: list[str] = field(default_factory=list)
    paused_from: str | None = None

    @property
    def in_progress(self) -> bool:
        return self.mode in IN_PROGRESS

    @property
    def takes_text(self) -> bool:
        """Whether typed text is an answer (a question is waiting for one)."""
        return self.mode in ("asking", "editing") and self.current in BY_ID

    def to_json(self) -> dict[str, Any]:
        return {
            "v": STATE_VERSION,
            "mode": self.mode,
            "answers": dict(self.answers),
            "current": self.current,
            "history": list(self.history),
            "forced": list(self.forced),
            "edit_history": list(self.edit_history),
            "paused_from": self.paused_from,
        }

    @classmethod
    def from_json(cls, data: object) -> QState:
        """Tolerant: anything unreadable becomes a fresh state rather than an error."""
        if not isinstance(data, dict):
            return cls()

        def ids(value: object) -> list[str]:
            if not isinstance(value, list):
                return []
            return [v for v in value if isinstance(v, str) and v in BY_ID]

        mode = data.get("mode")
        answers = data.get("answers")
        current = data.get("current")
        paused_from = data.get("paused_from")
        state = cls(
            mode=mode if isinstance(mode, str) and mode in MODES else "new",
            answers={k: v for k, v in answers.items() if k in BY_ID}
            if isinstance(answers, dict)
            else {},
            current=current if isinstance(current, str) and current in BY_ID else None,
            history=ids(data.get("history")),
            forced=ids(data.get("forced")),
            edit_history=ids(data.get("edit_history")),
            paused_from=paused_from if paused_from in ("asking", "editing", "review") else None,
        )
        if state.mode in ("asking", "editing") and state.current is None:
            state.current = next_missing(state.answers)
            if state.current is None:
                state.mode = "review"
        if state.mode == "paused" and state.paused_from is None:
            state.paused_from = "asking"
        return state

    def copy(self) -> QState:
        return replace(
            self,
            answers=dict(self.answers),
            history=list(self.history),
            forced=list(self.forced),
            edit_history=list(self.edit_history),
        )


@dataclass(frozen=True)
class Step:
    state: QState
    replies: list[Reply]
    #: The validated profile JSON when the user has just confirmed the review screen.
    profile: dict[str, Any] | None = None
    outcome: Outcome = "accepted"

    @property
    def rejected(self) -> bool:
        return self.outcome == "rejected"


# -- where the answers lead ---------------------------------------------------------------


def prune(st: QState) -> None:
    """Forget answers to questions the other answers no longer call for."""
    asked = {q.id for q in applicable(st.answers)}
    for qid in list(st.answers):
        if qid not in asked:
            del st.answers[qid]
    st.forced = [q for q in st.forced if q in asked]


def next_asking(st: QState, after: str) -> str | None:
    index = ORDER[after]
    for question in applicable(st.answers):
        if ORDER[question.id] > index:
            return question.id
    return next_missing(st.answers)


def next_editing(st: QState) -> str | None:
    for question in applicable(st.answers):
        if question.id in st.forced or not valid_answer(question, st.answers):
            return question.id
    return None


def next_missing(answers: Answers) -> str | None:
    for question in applicable(answers):
        if not valid_answer(question, answers):
            return question.id
    return None

"""The questionnaire's button codes (a public interface: messages already sent carry them).

- ``<question id>:<option code>``, ``<question id>:back``, ``<question id>:cancel`` under a
  question (``AnswerButton``);
- ``review:confirm``, ``review:edit:<group>``, ``review:back``, ``review:cancel`` under the
  review (``ReviewButton``);
- ``crs:start``, ``crs:resume``, ``crs:restart``, ``crs:edit`` (``CrsButton``).

Whether a code fits the chat's state (the question it names is the one waiting) is the
engine's decision; the codecs only refuse codes that no screen ever showed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal, Self

from bot.callback import MAX_CODE_BYTES, SEP, BadCode, CallbackData
from bot.questionnaire.questions import BY_ID, GROUPS, QUESTIONS


@dataclass(frozen=True)
class CrsButton(CallbackData, prefix="crs"):
    action: Literal["start", "resume", "restart", "edit"]


@dataclass(frozen=True)
class ReviewButton(CallbackData, prefix="review"):
    action: Literal["confirm", "edit", "back", "cancel"]
    group: str = ""

    def check(self) -> None:
        if self.group not in (GROUPS if self.action == "edit" else ("",)):
            raise ValueError("review:edit takes a question group, the others nothing")


@dataclass(frozen=True)
class AnswerButton:
    """``<question id>:<choice>``: an option's code, ``back`` or ``cancel``."""

    prefixes: ClassVar[tuple[str, ...]] = tuple(dict.fromkeys(q.id for q in QUESTIONS))

    question: str
    choice: str

    def __post_init__(self) -> None:
        if self.question not in BY_ID or not self.choice or SEP in self.choice:
            raise ValueError("not a question's button")

    def pack(self) -> str:
        code = f"{self.question}{SEP}{self.choice}"
        if len(code.encode()) > MAX_CODE_BYTES:
            raise ValueError(f"button code over {MAX_CODE_BYTES} bytes: {code!r}")
        return code

    @classmethod
    def parse(cls, code: str) -> Self:
        question, sep, choice = code.partition(SEP)
        if not sep or len(code.encode()) > MAX_CODE_BYTES:
            raise BadCode("not <question>:<choice>")
        try:
            return cls(question, choice)
        except ValueError as exc:
            raise BadCode(str(exc)) from exc


QuestionnaireButton = CrsButton | ReviewButton | AnswerButton


class QuestionnaireCodes:
    """Every code the questionnaire's screens show, for the router: one parse for all three."""

    prefixes: ClassVar[tuple[str, ...]] = (
        *CrsButton.prefixes,
        *ReviewButton.prefixes,
        *AnswerButton.prefixes,
    )

    @staticmethod
    def parse(code: str) -> QuestionnaireButton:
        head = code.partition(SEP)[0]
        if head == CrsButton.prefix:
            return CrsButton.parse(code)
        if head == ReviewButton.prefix:
            return ReviewButton.parse(code)
        return AnswerButton.parse(code)

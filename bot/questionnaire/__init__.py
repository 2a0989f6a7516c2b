"""The CRS questionnaire: questions as data and a pure engine ``(state, input) -> (state,
replies)``. No Telegram, no database: ``bot.chat.questionnaire`` loads and saves the state."""

from bot.questionnaire.engine import (
    IN_PROGRESS,
    QState,
    Step,
    begin,
    cancel,
    current_screen,
    open_questionnaire,
    review_from_answers,
    step,
)
from bot.questionnaire.profile import answers_from_profile, build_profile
from bot.questionnaire.questions import BY_ID, GROUPS, QUESTIONS, Question, applicable

__all__ = [
    "BY_ID",
    "GROUPS",
    "IN_PROGRESS",
    "QUESTIONS",
    "QState",
    "Question",
    "Step",
    "answers_from_profile",
    "applicable",
    "begin",
    "build_profile",
    "cancel",
    "current_screen",
    "open_questionnaire",
    "review_from_answers",
    "step",
]

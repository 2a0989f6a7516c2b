"""Typed answers: turn what a user typed at a question into the values to store, or say which
question's help to show. Pure; no state, no rendering beyond reading option labels.

- a choice: an option's code or label ("Master's degree"), yes / no words, or a number for
  questions whose options are numbers ("3" years; "7+" is capped at the top option);
- a number: a whole number, optionally with "years", "yo", "y/o"... after it, "I am" / "I'm" /
  "age" before it and a "?" or "!" at the end ("I'm 29", "29 years old", "29?");
- test scores: one ability's score, or the remaining abilities' scores in order
  ("7.5 6.5 7 7", "7.5/6.5/7/7", "7.5, 6.5, 7, 7").
"""

from __future__ import annotations

import re
from typing import Any

from bot.catalogue import label
from bot.crs import TESTS
from bot.crs.language import ABILITIES
from bot.questionnaire.questions import BY_ID, Answers, Option, Question

_SPLIT = re.compile(r"[\s/;|]+|,\s+")
#: A number with the words people put around it: "I'm 29", "29 years old", "age 29", "29?",
#: "29 y/o", and in French "j'ai 29 ans", "29 ans". Anything more ("im 29 but i turn 30 next
#: month...") is not an answer.
_WHOLE = re.compile(
    r"(?:(?:i\s*am|i['’]?m|my\s+age\s+is|age|aged|j['’]\s*ai|âge)\s*)?"
    r"(\d{1,3})"
    r"\s*(?:years?\s+old|years?|yrs?\s+old|yrs?|y\.?o\.?|y/o|y|ans|an)?"
    r"\s*(?:now|maintenant)?[\s.!?]*",
    re.IGNORECASE,
)
_YES = frozenset({"yes", "y", "oui", "да", "true"})
_NO = frozenset({"no", "n", "non", "нет", "false"})


def whole(typed: str) -> int | None:
    """A whole number of at most three digits, alone or with a few words around it, or None."""
    found = _WHOLE.fullmatch(typed.strip())
    if found is None or not found.group(1).isascii():
        return None
    return int(found.group(1))


def match_option(question: Question, answers: Answers, typed: str, lang: str) -> Option | None:
    wanted = typed.strip().lower().rstrip(".!")
    options = question.options(answers)
    for option in options:
        shown = label(option.label, lang).lower()
        if wanted in (option.code.lower(), shown, shown.split(" (")[0]):
            return option
    if wanted in _YES | _NO:
        return next((o for o in options if o.value is (wanted in _YES)), None)
    number = whole(wanted.rstrip("+"))
    if number is not None and all(isinstance(o.value, int) for o in options) and options:
        top = max(o.value for o in options)
        return next((o for o in options if o.value == min(number, top)), None)
    return None


def _scores(question: Question, answers: Answers, typed: str) -> dict[str, Any] | Question:
    spec = TESTS[answers[f"{question.language}.test"]]
    tokens = [t for t in _SPLIT.split(typed) if t]
    if len(tokens) == 1 and tokens[0].count(",") > 1:
        tokens = [t for t in tokens[0].split(",") if t]
    remaining = ABILITIES[ABILITIES.index(question.ability) :]
    if not tokens or len(tokens) > len(remaining):
        return question
    values: dict[str, Any] = {}
    for ability, token in zip(remaining, tokens, strict=False):
        try:
            value = spec.validate(ability, token)
        except ValueError:
            return BY_ID[f"{question.language}.{ability}"]
        values[f"{question.language}.{ability}"] = value
    return values


def parse_answer(
    question: Question, answers: Answers, typed: str, lang: str
) -> dict[str, Any] | Question:
    """The values `typed` answers (question id -> value, in asking order), or, when it is not
    an answer, the question whose "what an answer looks like" help to show."""
    typed = typed.strip()
    if question.kind == "choice":
        option = match_option(question, answers, typed, lang)
        return question if option is None else {question.id: option.value}
    if question.kind == "number":
        value = whole(typed)
        if value is None or not question.low <= value <= question.high:
            return question
        return {question.id: value}
    return _scores(question, answers, typed)

"""Fuzz: random text, random and forged button codes, in random order, against the engine."""

from __future__ import annotations

import json
import random
import string

import pytest

from bot.crs import TESTS, parse_profile
from bot.questionnaire import BY_ID, QUESTIONS, QState, applicable, begin, step
from bot.replies import Reply

#: Property/regression guards over code the unit tests already cover: run without coverage
#: tracing, which doubles their CPU (pytest-cov's no_cover marker; the behaviour is checked
#: all the same).
pytestmark = pytest.mark.no_cover

INPUTS = 12_000
FORGED = ["crs:start", "crs:resume", "crs:restart", "crs:edit", "crs:", "crs:x" * 5]
FORGED += ["review:confirm", "review:back", "review:cancel", "review:edit:age", "review:edit:"]
FORGED += ["review:edit:nope", "review:edit:first_language.listening", ":", "::", "age", "x:y"]
WORDS = [
    "yes",
    "no",
    "Married",
    "5+",
    "3+",
    "none",
    "IELTS General",
    "8 7 6.5 7",
    "9.5",
    "6,5",
    "1e3",
    "nan",
    "inf",
    "-0",
    "0",
    "12",
    "699",
    "20 20 20 20 20",
    "١٢",
    "２９",
    "<b>hi</b>",
    "&amp;",
    "back",
    "/crs",
    "",
    "   ",
    "7,7,7,7",
    "8/7/6.5/7",
]


def random_text(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        return rng.choice(WORDS)
    if kind < 0.6:
        return " ".join(
            str(rng.choice([rng.randint(-5, 800), round(rng.uniform(0, 12), 1)]))
            for _ in range(rng.randint(1, 5))
        )
    alphabet = string.printable + "éßжñ中🙂\u200b\x00"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))


def random_code(rng: random.Random, state: QState) -> str:
    kind = rng.random()
    question = rng.choice(QUESTIONS)
    if kind < 0.35:
        options = question.options(state.answers)
        code = rng.choice(options).code if options else "1"
        return f"{question.id}:{code}"
    if kind < 0.5:
        return f"{question.id}:{rng.choice(['back', 'cancel', 'x', '', '99', 'yes'])}"
    if kind < 0.75:
        return rng.choice(FORGED)
    return "".join(rng.choice(string.printable) for _ in range(rng.randint(1, 20)))


def good_input(rng: random.Random, state: QState) -> tuple[str | None, str | None]:
    """An answer that fits the current screen, so the walk also reaches deep states."""
    if state.mode == "review":
        return None, rng.choice(["review:confirm"] * 3 + ["review:edit:age", "review:back"])
    if state.mode in ("paused", "new", "done"):
        return None, rng.choice(["crs:resume", "crs:restart", "crs:edit", "crs:start"])
    question = BY_ID[state.current or "age"]
    if question.kind == "choice":
        return None, f"{question.id}:{rng.choice(question.options(state.answers)).code}"
    if question.kind == "number":
        return str(rng.randint(16, 60)), None
    test = state.answers[f"{question.language}.test"]
    spec_range = TESTS[test][question.ability]
    steps = int((spec_range.max - spec_range.min) / spec_range.step)
    value = spec_range.min + rng.randint(0, steps) * spec_range.step
    return (str(int(value)) if float(value).is_integer() else str(value)), None


def check(state: QState, replies: list[Reply]) -> None:
    assert replies, "every input gets an answer"
    for reply in replies:
        assert reply.text.strip()
    assert state.mode in ("new", "asking", "editing", "review", "paused", "done")
    if state.mode in ("asking", "editing"):
        assert state.current in {q.id for q in applicable(state.answers)}
    json.dumps(state.to_json())


def test_fuzz_random_inputs_never_raise_and_are_always_answered() -> None:
    rng = random.Random(20250325)
    state = begin().state
    confirmed = 0
    modes: set[str] = set()
    for _ in range(INPUTS):
        roll = rng.random()
        if roll < 0.45:
            text, button = good_input(rng, state)
        elif roll < 0.75:
            text, button = random_text(rng), None
        else:
            text, button = None, random_code(rng, state)
        result = (
            step(state, text=text, button=button) if button is None else step(state, button=button)
        )
        check(result.state, result.replies)
        if result.profile is not None:
            parse_profile(result.profile)
            confirmed += 1
        state = QState.from_json(json.loads(json.dumps(result.state.to_json())))
        modes.add(state.mode)
    # The walk went all the way through many times, not just around the first question.
    assert confirmed >= 20
    assert modes == {"asking", "editing", "review", "paused", "done"}

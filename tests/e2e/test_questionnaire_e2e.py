"""The CRS questionnaire over HTTP: the real bot process, a person on a phone."""

from __future__ import annotations

import asyncio
import random

import pytest

from tests.e2e.harness import BotProcess
from tests.e2e.inprocess import InProcessBot
from tests.e2e.questionnaire_driver import (
    PhoneUser,
    current_screen,
    expected_total,
    question_of,
    total_in,
)
from tests.fakes.botapi import FakeBotAPI
from tests.test_questionnaire.helpers import expected_questions as all_questions
from tests.test_questionnaire.helpers import profile


def expected_questions(p: dict) -> list[str]:  # type: ignore[type-arg]
    """IRCC's questions for `p`, as asked when a test's four scores come in one message."""
    return [q for q in all_questions(p) if not q.endswith((".reading", ".writing", ".speaking"))]


MARRIED = profile(
    marital_status="married",
    spouse_canadian=False,
    spouse_accompanying=True,
    age=33,
    education="masters",
    canadian_education="one_or_two_year",
    first_language={"test": "celpip", "listening": 10, "reading": 9, "writing": 8, "speaking": 9},
    second_language={
        "test": "tef",
        "listening": 450,
        "reading": 440,
        "writing": 430,
        "speaking": 460,
    },
    canadian_work_years=2,
    foreign_work_years=3,
    sibling_in_canada=True,
    spouse_education="bachelors",
    spouse_canadian_work_years=1,
    spouse_language={"test": "ielts", "listening": 7, "reading": 6, "writing": 6, "speaking": 6.5},
)


async def test_full_questionnaire_by_buttons_and_typed_scores(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    user = PhoneUser(api, 7001, MARRIED)
    total = await user.complete()
    assert total == expected_total(MARRIED)
    assert user.asked == expected_questions(MARRIED)  # IRCC's branch, nothing outside it
    [saved] = await api.send_and_wait(7001, "/myscore")
    assert total_in([saved]) == total
    assert {"improve:all", "alerts:subscribe", "crs:edit"} <= set(
        saved.codes
    ) or "/ 1,200" in saved.text


@pytest.mark.postgres  # a new process reads the conversation back from the database
async def test_restart_in_the_middle_resumes_at_the_same_question(
    api: FakeBotAPI, bot_process: BotProcess
) -> None:
    bot = bot_process  # a real restart: a new process reads the state from the database
    p = profile(age=27, education="two_year")
    user = PhoneUser(api, 7002, p)
    events = await api.send_and_wait(7002, "/crs")
    for _ in range(5):
        events = await user.step(events)
    before = question_of(current_screen(events))
    assert before is not None

    await bot.stop()
    await bot.start()

    # the next answer goes to the same question, as if nothing happened
    events = await user.step(events)
    assert user.asked[-1] == before
    assert await user.finish(events) == expected_total(p)
    assert user.asked == expected_questions(p)


async def test_back_and_review_change(api: FakeBotAPI, bot: InProcessBot) -> None:
    p = profile(age=31)
    user = PhoneUser(api, 7003, p)
    events = await api.send_and_wait(7003, "/crs")
    events = await user.step(events)  # marital status -> age
    assert question_of(current_screen(events)) == "age"
    events = await user.act("press", "age:back")
    assert question_of(current_screen(events)) == "marital_status"
    for _ in range(30):
        screen = current_screen(events)
        if "review:confirm" in screen.codes:
            break
        events = await user.step(events)
    review = current_screen(events)
    assert "review:edit:age" in review.codes
    events = await user.act("press", "review:edit:age")
    assert question_of(current_screen(events)) == "age"
    events = await user.act("type", "44")
    review = current_screen(events)
    assert "review:confirm" in review.codes  # straight back to the review
    result = await user.act("press", "review:confirm")
    assert total_in(result) == expected_total({**p, "age": 44})


async def test_stale_button_is_refused_without_changing_anything(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    p = profile(education="doctoral")
    user = PhoneUser(api, 7004, p)
    events = await api.send_and_wait(7004, "/crs")
    first = current_screen(events)
    assert question_of(first) == "marital_status"
    events = await user.step(events)  # answered: now at age
    # press an answer on the old marital-status message
    await api.drain(7004)
    await api.press(7004, "marital_status:married", message_id=first.message_id)
    replies = await api.collect(7004)
    assert any("no longer active" in (e.text or "") for e in replies)
    assert question_of(current_screen(replies)) == "age"
    total = await user.finish(replies)
    assert total == expected_total(p)  # still single: the stale press changed nothing


@pytest.mark.no_cover  # fifty runs of paths the other tests here cover: no tracing
async def test_fifty_users_at_once_all_get_their_own_score(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    rng = random.Random(2026)
    statuses = ["single", "married", "common_law", "divorced", "widowed"]
    tests = [
        {"test": "ielts", "listening": 8, "reading": 7, "writing": 6.5, "speaking": 7},
        {"test": "celpip", "listening": 9, "reading": 9, "writing": 8, "speaking": 10},
        {"test": "pte_core", "listening": 82, "reading": 78, "writing": 88, "speaking": 84},
        {"test": "tef", "listening": 503, "reading": 462, "writing": 472, "speaking": 518},
    ]
    users = []
    for i in range(50):
        status = rng.choice(statuses)
        p = profile(
            age=rng.randint(20, 46),
            marital_status=status,
            spouse_canadian=status in ("married", "common_law") and rng.random() < 0.3,
            spouse_accompanying=rng.random() < 0.7,
            education=rng.choice(["secondary", "one_year", "bachelors", "masters", "doctoral"]),
            first_language=rng.choice(tests),
            canadian_work_years=rng.randint(0, 5),
            foreign_work_years=rng.randint(0, 3),
            provincial_nomination=rng.random() < 0.1,
        )
        if p["education"] == "secondary":
            p["canadian_education"] = "none"
        users.append(PhoneUser(api, 8000 + i, p))
    totals = await asyncio.gather(*(u.complete(quiet=0.2) for u in users))
    for user, total in zip(users, totals, strict=True):
        assert total == expected_total(user.profile), user.chat_id
        assert user.asked == expected_questions(user.profile), (
            user.chat_id
        )  # nothing lost or reordered

"""The questionnaire through the conversation core, against a real database (SQLite, or
PostgreSQL with TEST_DATABASE_URL): /crs, buttons, typed answers, restart, result, /myscore."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import select

from bot.chat import ChatContext, Event, Reply, build_router
from bot.chat.router import Router
from bot.crs import moves, parse_profile, score
from bot.store.engine import create_engine, session_factory
from bot.store.models import Draw, QuestionnaireState, SavedProfile
from tests.test_questionnaire.helpers import ABILITIES, code_for, profile, question_of

CHAT = 4242


def plain(replies: list[Reply]) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", "\n".join(r.text for r in replies)))


class User:
    def __init__(self, router: Router, ctx: ChatContext, chat_id: int = CHAT) -> None:
        self.router, self.ctx, self.chat_id = router, ctx, chat_id
        self.replies: list[Reply] = []

    async def send(self, text: str) -> list[Reply]:
        self.replies = await self.router.handle(Event.from_text(self.chat_id, text), self.ctx)
        return self.replies

    async def press(self, code: str) -> list[Reply]:
        event = Event.press(self.chat_id, code, message_id=1)
        self.replies = await self.router.handle(event, self.ctx)
        return self.replies

    @property
    def current(self) -> str | None:
        return question_of(self.replies[-1]) if self.replies else None

    async def answer_all(self, p: dict[str, Any], stop_at: str | None = None) -> None:
        for _ in range(40):
            qid = self.current
            if qid is None or qid == stop_at:
                return
            if qid.endswith(".listening"):
                language = qid.split(".")[0]
                await self.send(" ".join(str(p[language][a]) for a in ABILITIES))
            elif qid == "age":
                await self.send(str(p["age"]))
            elif "." in qid:
                value = p[qid.split(".")[0]]
                await self.press(f"{qid}:{value['test'] if value else 'none'}")
            else:
                await self.press(f"{qid}:{code_for(p[qid])}")


async def add_draws(ctx: ChatContext, cutoffs: list[int], *, start: int = 300) -> None:
    async with ctx.sessions.begin() as session:
        for i, cutoff in enumerate(cutoffs):
            session.add(
                Draw(
                    number=str(start + i),
                    draw_date=date(2025, 1, 1 + i),
                    name="Canadian Experience Class",
                    category="cec",
                    invitations=1000 + i,
                    cutoff=cutoff,
                    tie_break_at=datetime(2024, 12, 1 + i, 10, 20, 30, tzinfo=UTC),
                    tie_break_raw=f"December {1 + i}, 2024 at 10:20:30 UTC",
                )
            )
        # Not CEC: must not count.
        session.add(
            Draw(
                number="999",
                draw_date=date(2025, 2, 1),
                name="Provincial Nominee Program",
                category="pnp",
                invitations=500,
                cutoff=100,
            )
        )


async def test_full_questionnaire_shows_and_saves_the_exact_score(ctx: ChatContext) -> None:
    p = profile(
        marital_status="married",
        spouse_accompanying=True,
        spouse_education="masters",
        spouse_language={
            "test": "celpip",
            "listening": 9,
            "reading": 9,
            "writing": 9,
            "speaking": 9,
        },
    )
    total = score(parse_profile(p)).total
    user = User(build_router(), ctx)
    await user.send("/crs")
    assert user.current == "marital_status"
    await user.answer_all(p)
    assert "review:confirm" in user.replies[-1].codes()
    await user.press("review:confirm")
    text = plain(user.replies)
    assert f"{total:,} / 1,200" in text
    assert "2025-03-25" in text
    assert "No rounds are recorded yet, so I can't compare your score with a cut-off" in text
    for item in moves(parse_profile(p))[:3]:
        assert f"+{item.points} (→ {total + item.points:,})" in text
    assert user.replies[-1].codes() == [
        "improve:all",
        "occ:ask",
        "dates:ask",
        "alerts:subscribe",
        "crs:edit",
    ]
    async with ctx.sessions() as session:
        saved = (await session.exec(select(SavedProfile).where(SavedProfile.chat_id == CHAT))).one()
    assert saved.total == total and saved.rules == "2025-03-25"
    assert score(parse_profile(saved.profile)).total == total

    await user.send("/myscore")
    assert f"{total:,} / 1,200" in plain(user.replies)

    await user.press("improve:all")
    full = plain(user.replies)
    for item in moves(parse_profile(p)):
        assert f": +{item.points} (→ {total + item.points:,})" in full

    await user.send("/forget")
    await user.press("forget:confirm")
    await user.send("/myscore")
    assert "no saved CRS score" in plain(user.replies)


async def test_restart_of_the_bot_mid_questionnaire_loses_nothing(
    ctx: ChatContext, db_url: str
) -> None:
    p = profile()
    user = User(build_router(), ctx)
    await user.send("/crs")
    await user.answer_all(p, stop_at="first_language.listening")
    assert user.current == "first_language.listening"

    # A new process: a new engine, sessions and router on the same database.
    engine = create_engine(db_url)
    try:
        ctx2 = ChatContext(settings=ctx.settings, sessions=session_factory(engine))
        again = User(build_router(), ctx2)
        await again.send("8 7 6.5 7")  # the next message simply continues
        assert "CLB" in plain(again.replies)
        assert again.current == "second_language.test"
        await again.answer_all(p)
        await again.press("review:confirm")
        assert f"{score(parse_profile(p)).total:,} / 1,200" in plain(again.replies)
    finally:
        await engine.dispose()


async def test_crs_in_progress_offers_resume_and_restart(ctx: ChatContext) -> None:
    user = User(build_router(), ctx)
    await user.press("crs:start")  # the /start menu's button: no longer "coming soon"
    assert user.current == "marital_status"
    await user.press("marital_status:single")
    await user.send("/crs")
    assert user.replies[-1].codes() == ["crs:resume", "crs:restart"]
    await user.press("crs:resume")
    assert user.current == "age"
    await user.send("/crs")
    await user.press("crs:restart")
    assert user.current == "marital_status"


async def test_cancel_command_keeps_answers_and_frees_free_text(ctx: ChatContext) -> None:
    user = User(build_router(), ctx)
    await user.send("/crs")
    await user.press("marital_status:widowed")
    await user.send("/cancel")
    assert "Your answers so far are kept" in plain(user.replies)
    async with ctx.sessions() as session:
        row = (await session.exec(select(QuestionnaireState))).one()
    assert row.state["mode"] == "paused"
    assert row.state["answers"] == {"marital_status": "widowed"}
    # Typed text is no longer taken as an answer.
    await user.send("29")
    assert user.current is None
    async with ctx.sessions() as session:
        row = (await session.exec(select(QuestionnaireState))).one()
    assert "age" not in row.state["answers"]


async def test_stale_button_changes_nothing(ctx: ChatContext) -> None:
    user = User(build_router(), ctx)
    await user.send("/crs")
    await user.press("marital_status:single")
    await user.send("30")
    async with ctx.sessions() as session:
        before = (await session.exec(select(QuestionnaireState))).one().state
    await user.press("marital_status:married")
    assert "no longer active" in plain(user.replies)
    assert user.current == "education"
    async with ctx.sessions() as session:
        after = (await session.exec(select(QuestionnaireState))).one().state
    assert after == before


async def test_result_compares_with_the_cec_rounds_of_the_last_12_months(
    ctx: ChatContext,
) -> None:
    # Today is 2025-06-01: the 12 CEC rounds of 2025-01-01..12 are within the last 12 months
    # (from 2024-06-01); one of 2024-05-31 is not, nor is a PNP round (no nomination).
    ctx = dataclasses.replace(ctx, now=lambda: datetime(2025, 6, 1, 12, tzinfo=UTC))
    p = profile()
    total = score(parse_profile(p)).total
    cutoffs = [
        total - 50,
        total - 40,
        total + 5,
        total - 1,
        total,
        total + 30,
        total - 10,
        total + 1,
        total - 20,
        total + 2,
        total - 3,
        total,
    ]
    await add_draws(ctx, cutoffs)
    async with ctx.sessions.begin() as session:
        session.add(
            Draw(
                number="299",
                draw_date=date(2024, 5, 31),
                name="Canadian Experience Class",
                category="cec",
                cutoff=total - 100,
            )
        )
    # By hand: the cut-offs total-50, -40, -1, -10, -20 and -3 are below the total (invited:
    # 6); +5, +30, +1 and +2 are above it; two equal it (the tie-break decides).
    user = User(build_router(), ctx)
    await user.send("/crs")
    await user.answer_all(p)
    await user.press("review:confirm")
    text = plain(user.replies)
    assert (
        "You'd have been invited in 6 of the 12 Canadian Experience Class rounds in the last "
        "12 months; in 2 of them you were at the cut-off, where the tie-break decides." in text
    )
    assert (
        f"Latest: Round 311, January 12, 2025 (Canadian Experience Class): cut-off {total}, "
        "you're at the cut-off: the tie-break decides (profiles submitted by December 12, 2024 "
        "at 10:20:30 UTC were invited)." in text
    )
    assert "(rounds recorded up to February 1, 2025)" in text  # the PNP round is the newest
    assert "round 999" not in text.lower() and "round 299" not in text.lower()
    assert "I haven't reached IRCC's rounds feed yet" in text  # no poll has succeeded


async def test_edit_answers_after_the_result_and_after_losing_the_state(
    ctx: ChatContext,
) -> None:
    p = profile()
    user = User(build_router(), ctx)
    await user.send("/crs")
    await user.answer_all(p)
    await user.press("review:confirm")
    await user.press("crs:edit")
    assert "review:confirm" in user.replies[-1].codes()
    await user.press("review:edit:age")
    await user.send("44")
    await user.press("review:confirm")
    new_total = score(parse_profile(profile(age=44))).total
    assert f"{new_total:,} / 1,200" in plain(user.replies)

    # The state row is gone (e.g. an operator cleaned it): "Edit answers" rebuilds the review
    # from the saved profile.
    async with ctx.sessions.begin() as session:
        row = (await session.exec(select(QuestionnaireState))).one()
        await session.delete(row)
    await user.press("crs:edit")
    assert "review:confirm" in user.replies[-1].codes()
    assert "Age: 44" in plain(user.replies)


async def test_text_outside_a_questionnaire_is_not_claimed(ctx: ChatContext) -> None:
    router = build_router()
    (handler,) = [h for h in router.text_handlers if h.__module__ == "bot.chat.questionnaire"]
    assert router.text_handlers.index(handler) == 0  # before the FAQ's catch-all
    event = Event.from_text(CHAT, "how long is a work permit valid?")
    assert await handler(event, ctx) is None


SIDE_QUESTION = "my work permit expires friday and i applied to extend, can i keep working?"


async def test_a_question_typed_mid_questionnaire_is_answered_and_the_question_asked_again(
    ctx: ChatContext,
) -> None:
    user = User(build_router(), ctx)
    await user.send("/crs")
    await user.press("marital_status:single")
    assert user.current == "age"
    await user.send(SIDE_QUESTION)
    text = plain(user.replies)
    assert "Source:" in text and "Reviewed:" in text  # the FAQ's sourced answer
    assert "Please type a whole number" not in text
    assert "questionnaire is still open" in text
    assert user.current == "age"  # asked again, last
    async with ctx.sessions() as session:
        row = (await session.exec(select(QuestionnaireState))).one()
    assert row.state["answers"] == {"marital_status": "single"}  # nothing taken as an answer
    await user.send("29")
    assert user.current == "education"


async def test_answers_and_unclear_text_still_go_to_the_questionnaire(ctx: ChatContext) -> None:
    user = User(build_router(), ctx)
    await user.send("/crs")
    await user.press("marital_status:single")
    # Not a question: the usual "type a number" help, no FAQ answer.
    for text in ("abc", "twenty nine", "what is the weather like in toronto today?"):
        await user.send(text)
        shown = plain(user.replies)
        assert "Please type a whole number" in shown and "Source:" not in shown, text
        assert user.current == "age"
    # Digits are always an answer attempt, even in a sentence.
    await user.send("i am 29 years old, is that ok?")
    assert "Source:" not in plain(user.replies)


AGE_QUESTION = "im 29 but i turn 30 next month, will i lose points?"


async def test_a_question_with_numbers_typed_at_the_age_prompt_is_answered(
    ctx: ChatContext,
) -> None:
    """Issue 13: the age prompt answers it as a button prompt does, then asks for the age."""
    user = User(build_router(), ctx)
    await user.send("/crs")
    await user.press("marital_status:single")
    await user.send(AGE_QUESTION)
    text = plain(user.replies)
    assert "Please type a whole number" not in text
    assert "Source:" in text and "questionnaire is still open" in text
    assert "age" in text.lower() and "30" in text  # the FAQ's entry on age points
    assert user.current == "age"
    async with ctx.sessions() as session:
        row = (await session.exec(select(QuestionnaireState))).one()
    assert row.state["answers"] == {"marital_status": "single"}
    # A number meant as the answer is still taken, bare or in a short sentence.
    await user.send("I'm 29")
    assert user.current == "education"
    assert "Age: 29" in plain(user.replies)


async def test_an_age_with_a_question_mark_is_an_answer_not_a_question(
    ctx: ChatContext,
) -> None:
    user = User(build_router(), ctx)
    await user.send("/crs")
    await user.press("marital_status:single")
    await user.send("29?")
    text = plain(user.replies)
    assert "Source:" not in text and "Please type a whole number" not in text
    assert "Age: 29" in text and user.current == "education"


async def test_the_same_question_at_a_button_prompt_gets_the_same_answer(
    ctx: ChatContext,
) -> None:
    user = User(build_router(), ctx)
    await user.send("/crs")
    await user.press("marital_status:single")
    await user.send("29")
    assert user.current == "education"
    await user.send(AGE_QUESTION)
    at_buttons = plain(user.replies)
    assert "Source:" in at_buttons and user.current == "education"


async def test_the_sibling_question_in_the_chat_leaves_a_partner_who_stays_out(
    ctx: ChatContext,
) -> None:
    user = User(build_router(), ctx)
    await user.send("/crs")
    await user.answer_all(
        profile(marital_status="married", spouse_accompanying=False), stop_at="sibling_in_canada"
    )
    asked = plain(user.replies[-1:])
    assert "Do you have a brother or sister living in Canada" in asked
    assert "IRCC counts them only when your partner is coming to Canada" in asked

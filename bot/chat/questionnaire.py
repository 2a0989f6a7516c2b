"""/crs, /myscore, the questionnaire's buttons and typed answers: glue between the
conversation core and the questionnaire engine.

Every input of a chat runs as: lock the chat (in process, and the state row on PostgreSQL),
load the engine state, apply the pure engine, save the state, all in one transaction: one
plain statement reads (and on PostgreSQL locks) the state, one saves it. On
"confirm" the profile is scored, saved for /myscore and alerts, and the result is shown.

A question typed while the questionnaire waits for an answer ("can I keep working while my
extension is processed?", or "im 29 but i turn 30 next month, will i lose points?" at the
age prompt) is not lost to "please type a whole number": when the engine's outcome is
"rejected", the text looks like a question (a "?" or four words or more) and the FAQ answers
it confidently, the FAQ's answer is shown, then the waiting question again. Text the engine
accepts ("29", "I'm 29") is always an answer.

Button codes: the questionnaire's own (``bot.questionnaire.codes``) and ``improve:all``.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.alerts.reminders import set_drop_reminders
from bot.callback import CallbackData
from bot.chat import faq
from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.chat.standing import load_standing, saved_result
from bot.crs import parse_profile, score
from bot.faq.answer import answer as faq_answer
from bot.faq.replies import replies_for
from bot.questionnaire import (
    QState,
    Step,
    answers_from_profile,
    cancel,
    current_screen,
    open_questionnaire,
    review_from_answers,
    step,
)
from bot.questionnaire.codes import CrsButton, QuestionnaireButton, QuestionnaireCodes
from bot.questionnaire.result import result_reply
from bot.render import render
from bot.replies import Reply
from bot.standing.stored import load_known_dates
from bot.store import questionnaire_states as states
from bot.store.profiles import load_profile, save_profile

router = Router(name=__name__)


@dataclass(frozen=True)
class ImproveButton(CallbackData, prefix="improve"):
    """Under a result: every improvement, not only the top ones."""

    action: Literal["all"]


_locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()


def _chat_lock(chat_id: int) -> asyncio.Lock:
    lock = _locks.get(chat_id)
    if lock is None:
        lock = asyncio.Lock()
        _locks[chat_id] = lock
    return lock


async def _run(event: Event, ctx: ChatContext, apply: Callable[[QState], Step]) -> list[Reply]:
    """Load the chat's state, apply the engine, save, and finish a confirmed questionnaire.

    One transaction on a Core connection with one plain statement to lock and read the state
    and one to save it (`bot.store.questionnaire_states`); a session joins the same
    transaction only for the rare steps that need the ORM (saved answers, the result)."""
    lock = _chat_lock(event.chat_id)
    async with lock, ctx.engine.begin() as conn:
        state = QState.from_json(await states.lock(conn, chat_id=event.chat_id))
        if state.mode == "new" and not state.answers and _wants_saved_answers(event):
            async with _joined(conn) as session:
                saved = await load_profile(session, chat_id=event.chat_id)
            if saved is not None:
                state = review_from_answers(answers_from_profile(saved.profile)).state
        result = apply(state)
        if result.outcome == "accepted":
            state_json = result.state.to_json()
            await states.save(conn, chat_id=event.chat_id, state=state_json, now=ctx.now())
        replies = list(result.replies)
        if result.profile is not None:
            async with _joined(conn) as session:
                replies.append(await _finish(session, event, ctx, result.profile))
        return replies


@asynccontextmanager
async def _joined(conn: AsyncConnection) -> AsyncIterator[AsyncSession]:
    """A session inside `conn`'s transaction: what it adds is flushed into that transaction,
    which it neither commits nor rolls back (the caller's `begin()` does)."""
    session = AsyncSession(bind=conn, expire_on_commit=False)
    try:
        yield session
        await session.flush()
    finally:
        await session.close()


def _may_be_a_question(text: str) -> bool:
    return "?" in text or len(text.split()) >= 4


def _answer_or_side_question(state: QState, text: str, lang: str) -> Step:
    """The engine's step for `text`, unless it rejects it and the FAQ answers it confidently."""
    result = step(state, text=text, lang=lang)
    if not result.rejected or not _may_be_a_question(text):
        return result
    side = faq_answer(text, lang=lang)
    if side.intent != "entry":
        return result
    note = Reply(render("questionnaire/side_question", lang))
    return Step(result.state, [*replies_for(side, lang), note, *current_screen(result.state, lang)])


def _wants_saved_answers(event: Event) -> bool:
    """ "Edit answers" under a saved result whose questionnaire state is gone."""
    return event.kind == "button" and event.button == CrsButton("edit").pack()


async def _finish(session: Any, event: Event, ctx: ChatContext, data: dict[str, Any]) -> Reply:
    profile = parse_profile(data)
    breakdown = score(profile)
    await save_profile(
        session,
        chat_id=event.chat_id,
        profile=data,
        total=breakdown.total,
        rules=breakdown.rules,
        now=ctx.now(),
    )
    dates = await load_known_dates(session, chat_id=event.chat_id)
    # The drops before which /dates reminds depend on the profile: plan them again.
    await set_drop_reminders(
        session, chat_id=event.chat_id, profile=profile, dates=dates, now=ctx.now()
    )
    standing = await load_standing(
        session, ctx, chat_id=event.chat_id, profile=profile, breakdown=breakdown, dates=dates
    )
    return result_reply(standing, event.lang)


async def _saved_reply(event: Event, ctx: ChatContext, *, full_list: bool) -> list[Reply]:
    replies = await saved_result(event, ctx, full_list=full_list)
    return replies or [Reply(render("questionnaire/no_profile", event.lang))]


@router.command("crs")
async def crs(event: Event, ctx: ChatContext) -> list[Reply]:
    return await _run(event, ctx, lambda st: open_questionnaire(st, event.lang))


@router.command("myscore")
async def myscore(event: Event, ctx: ChatContext) -> list[Reply]:
    return await _saved_reply(event, ctx, full_list=False)


@router.button(QuestionnaireCodes)
async def on_button(event: Event, ctx: ChatContext, pressed: QuestionnaireButton) -> list[Reply]:
    code = pressed.pack()
    return await _run(event, ctx, lambda st: step(st, button=code, lang=event.lang))


@router.button(ImproveButton)
async def improve(event: Event, ctx: ChatContext, pressed: ImproveButton) -> list[Reply]:
    return await _saved_reply(event, ctx, full_list=True)


@router.text
async def answer(event: Event, ctx: ChatContext) -> list[Reply] | None:
    """Typed text while a question waits for an answer; anything else is not claimed."""
    async with ctx.engine.connect() as conn:
        state = QState.from_json(await states.read(conn, chat_id=event.chat_id))
    if not state.takes_text:
        return None  # not for the questionnaire: other features may answer it
    text = event.text or ""
    if _may_be_a_question(text) and step(state, text=text, lang=event.lang).rejected:
        await faq.ready(
            event.lang
        )  # the FAQ will be asked: wait (off the loop) if it is still building
    return await _run(event, ctx, lambda st: _answer_or_side_question(st, text, event.lang))


@router.on_cancel
async def on_cancel(event: Event, ctx: ChatContext) -> bool:
    cancelled = False

    def apply(state: QState) -> Step:
        nonlocal cancelled
        paused, cancelled = cancel(state)
        return Step(paused, [], outcome="accepted" if cancelled else "shown")

    await _run(event, ctx, apply)
    return cancelled

"""/dates: the optional dates behind "your score over time".

Five questions, one at a time, each with a Skip button (and Keep when a date is saved): date
of birth, the month Canadian skilled work started, the date of the first official language's
test, the ECA's date, and when the Express Entry profile was submitted (the time too, if
known, for the tie-break). Each answer is saved when given (``bot.store.profile_dates``);
at the end the chat sees "what changes when" (``bot.standing.dated``), the reminders 30 days
before each drop are planned (``bot.alerts.reminders``, their one home), and a submission
date plans the profile-expiry reminder. /cancel stops the questions and keeps the answers
given; /forget deletes them.

Button codes (``DatesButton``): ``dates:ask`` (the result screen's button: start the step),
``dates:skip:<question>``, ``dates:keep:<question>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.alerts import reminders
from bot.callback import CallbackData
from bot.catalogue import label
from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.render import render
from bot.replies import Reply
from bot.standing.dated import outlook
from bot.standing.datetext import FIELDS, DateProblem, Field, read
from bot.standing.stored import to_dates
from bot.store.models import ProfileDates
from bot.store.occupations import delete_occupation, load_occupation
from bot.store.profile_dates import dates_step, load_dates, save_dates

router = Router(name=__name__)

#: The columns each question sets.
COLUMNS: dict[Field, tuple[str, ...]] = {
    "birth": ("birth_date",),
    "work": ("canadian_work_since",),
    "language": ("language_test_date",),
    "eca": ("eca_date",),
    "submitted": ("submitted_on", "submitted_at"),
}
DONE = "done"


@dataclass(frozen=True)
class DatesButton(CallbackData, prefix="dates"):
    action: Literal["ask", "skip", "keep"]
    #: skip / keep: the question it answers (a press for another one is stale).
    step: str = ""

    def check(self) -> None:
        if (self.action == "ask") != (self.step == ""):
            raise ValueError("ask takes no question; skip and keep take one")
        if self.step and self.step not in FIELDS:
            raise ValueError(f"{self.step!r} is not a question of /dates")


def _as_field(step: str) -> Field | None:
    for name in FIELDS:
        if name == step:
            return name
    return None


def _current(row: ProfileDates | None, step: Field) -> date | datetime | None:
    """The saved answer to a question (the submission's moment when its time is known)."""
    if row is None:
        return None
    values = [getattr(row, column) for column in COLUMNS[step]]
    return next((v for v in reversed(values) if v is not None), None)


def _ask(
    step: Field,
    row: ProfileDates | None,
    lang: str,
    *,
    noted: tuple[Field, Any] | None = None,
    problem: DateProblem | None = None,
    text: str = "",
) -> Reply:
    current = _current(row, step)
    buttons = (
        [(label("chat.dates.keep", lang), DatesButton("keep", step).pack())] if current else []
    )
    buttons.append((label("chat.dates.skip", lang), DatesButton("skip", step).pack()))
    body = render(
        "standing/dates_ask",
        lang,
        step=step,
        number=FIELDS.index(step) + 1,
        count=len(FIELDS),
        current=current,
        noted=noted,
        problem=problem.code if problem else None,
        params=problem.params if problem else {},
        text=text,
    )
    return Reply(body, buttons=Reply.rows(buttons))


async def _plan(session: AsyncSession, chat_id: int, now: datetime) -> dict[str, Any]:
    """Plan the reminders from the saved dates; what the summary shows."""
    row = await load_dates(session, chat_id=chat_id)
    dates = to_dates(row)
    profile = await reminders.saved_profile(session, chat_id=chat_id)
    planned = await reminders.set_drop_reminders(
        session, chat_id=chat_id, profile=profile, dates=dates, now=now
    )
    expiry = expiry_planned = None
    if dates is not None and dates.submitted_on is not None:
        created = dates.submitted_on
        expiry_planned = await reminders.set_profile_created(
            session, chat_id=chat_id, created=created, now=now
        )
        expiry = reminders.profile_expiry(created)
    view = None
    if profile is not None and dates is not None and dates.timeline_dates:
        view = outlook(profile, dates, today=now.date())
    return {
        "answers": [(step, _current(row, step)) for step in FIELDS],
        "has_profile": profile is not None,
        "outlook": view,
        "planned": planned,
        "expiry": expiry,
        "expiry_planned": expiry_planned,
    }


async def _advance(
    event: Event, ctx: ChatContext, step: Field, values: dict[str, Any], noted: Any
) -> list[Reply]:
    """Save the answer to ``step`` and ask the next question, or finish."""
    index = FIELDS.index(step)
    following = FIELDS[index + 1] if index + 1 < len(FIELDS) else None
    now = ctx.now()
    async with ctx.sessions.begin() as session:
        await save_dates(session, chat_id=event.chat_id, step=following or DONE, now=now, **values)
        if following is not None:
            row = await load_dates(session, chat_id=event.chat_id)
            return [_ask(following, row, event.lang, noted=(step, noted))]
        summary = await _plan(session, event.chat_id, now)
    text = render("standing/dates_result", event.lang, noted=(step, noted), **summary)
    return [Reply(text)]


async def _start(event: Event, ctx: ChatContext) -> list[Reply]:
    async with ctx.sessions.begin() as session:
        # One typed-text step at a time: an unfinished /occupation title question would
        # otherwise take the dates typed here for job titles.
        occupation = await load_occupation(session, chat_id=event.chat_id)
        if occupation is not None and occupation.step == "title":
            await delete_occupation(session, chat_id=event.chat_id)
        await save_dates(session, chat_id=event.chat_id, step=FIELDS[0], now=ctx.now())
        row = await load_dates(session, chat_id=event.chat_id)
    return [_ask(FIELDS[0], row, event.lang)]


def _may_be_a_question(text: str) -> bool:
    return "?" in text or len(text.split()) >= 6


@router.command("dates")
async def dates_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
    return await _start(event, ctx)


@router.text
async def typed_date(event: Event, ctx: ChatContext) -> list[Reply] | None:
    """Typed text while a /dates question waits; anything else is not claimed."""
    async with ctx.engine.connect() as conn:
        waiting = await dates_step(conn, chat_id=event.chat_id)
    if waiting is None or _as_field(waiting) is None:
        return None
    async with ctx.sessions() as session:
        row = await load_dates(session, chat_id=event.chat_id)
    step = _as_field(row.step) if row is not None else None
    if row is None or step is None:
        return None
    text = (event.text or "").strip()
    try:
        day, moment = read(step, text, today=ctx.now().date())
    except DateProblem as problem:
        if problem.code == "format" and _may_be_a_question(text):
            return None  # a question, not a date: let the FAQ answer it
        return [_ask(step, row, event.lang, problem=problem, text=text)]
    columns = COLUMNS[step]
    values: dict[str, Any] = {columns[0]: day}
    if len(columns) > 1:
        values[columns[1]] = moment
    return await _advance(event, ctx, step, values, moment or day)


@router.button(DatesButton)
async def on_button(event: Event, ctx: ChatContext, pressed: DatesButton) -> list[Reply]:
    if pressed.action == "ask":
        return await _start(event, ctx)
    async with ctx.sessions() as session:
        row = await load_dates(session, chat_id=event.chat_id)
    step = _as_field(pressed.step)
    if row is None or step is None or row.step != step:
        return [Reply(render("standing/dates_stale", event.lang))]
    if pressed.action == "keep":
        return await _advance(event, ctx, step, {}, _current(row, step))
    return await _advance(event, ctx, step, dict.fromkeys(COLUMNS[step]), None)


@router.on_cancel
async def on_cancel(event: Event, ctx: ChatContext) -> bool:
    """Stop the questions; the answers given so far are kept (and their reminders planned)."""
    async with ctx.sessions.begin() as session:
        row = await load_dates(session, chat_id=event.chat_id)
        if row is None or _as_field(row.step) is None:
            return False
        await save_dates(session, chat_id=event.chat_id, step=DONE, now=ctx.now())
        await _plan(session, event.chat_id, ctx.now())
        return True

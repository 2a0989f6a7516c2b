"""/remind: profile-expiry and application-deadline reminders (planned in
``bot.alerts.reminders``, their one home).

Button codes (``RemindButton``): ``remind:clear``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.alerts import reminders
from bot.callback import CallbackData
from bot.catalogue import label
from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.render import render
from bot.replies import Reply
from bot.store.models import Reminder

router = Router(name=__name__)


@dataclass(frozen=True)
class RemindButton(CallbackData, prefix="remind"):
    action: Literal["clear"]


CLEAR = RemindButton("clear").pack()


async def _set(event: Event, ctx: ChatContext, kind: str, day: date) -> list[Reply]:
    async with ctx.sessions.begin() as session:
        if kind == "profile":
            planned = await reminders.set_profile_created(
                session, chat_id=event.chat_id, created=day, now=ctx.now()
            )
        else:
            planned = await reminders.set_invited(
                session, chat_id=event.chat_id, invited=day, now=ctx.now()
            )
    text = render(
        "alerts/remind_set",
        event.lang,
        kind=kind,
        day=day,
        expiry=reminders.profile_expiry(day),
        deadline=reminders.application_deadline(day),
        planned=planned,
    )
    return [Reply(text, buttons=Reply.rows([(label("chat.remind.clear", event.lang), CLEAR)]))]


@router.command("remind")
async def remind_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
    words = event.args.lower().split()
    problem = None
    if len(words) == 2 and words[0] in {"profile", "invited", "invitation", "ita"}:
        try:
            day = date.fromisoformat(words[1])
        except ValueError:
            problem = "date"
        else:
            if day > ctx.now().date():
                problem = "future"
            else:
                return await _set(
                    event, ctx, "profile" if words[0] == "profile" else "invited", day
                )
    elif words:
        problem = "format"
    async with ctx.sessions() as session:
        pending: list[Reminder] = await reminders.pending(session, chat_id=event.chat_id)
    text = render("alerts/remind_usage", event.lang, problem=problem, pending=pending)
    buttons = Reply.rows([(label("chat.remind.clear", event.lang), CLEAR)]) if pending else ()
    return [Reply(text, buttons=buttons)]


@router.button(RemindButton)
async def remind_button(event: Event, ctx: ChatContext, pressed: RemindButton) -> list[Reply]:
    async with ctx.sessions.begin() as session:
        await reminders.clear(session, chat_id=event.chat_id)
    return [Reply(render("alerts/remind_cleared", event.lang), edit=True)]

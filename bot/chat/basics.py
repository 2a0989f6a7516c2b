"""/start, /help, /cancel, /privacy and /forget."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.callback import CallbackData
from bot.catalogue import label
from bot.chat.alerts import AlertsButton
from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.faq.replies import TOPICS_CODE
from bot.questionnaire.codes import CrsButton
from bot.render import render
from bot.replies import Reply
from bot.store.privacy import flush_deleted, forget_chat

router = Router(name=__name__)


@dataclass(frozen=True)
class ForgetButton(CallbackData, prefix="forget"):
    action: Literal["confirm", "keep"]


#: The three features offered on /start: (label key, code of the feature's first screen).
FEATURE_BUTTONS: tuple[tuple[str, str], ...] = (
    ("chat.start.crs", CrsButton("start").pack()),
    ("chat.start.faq", TOPICS_CODE),
    ("chat.start.alerts", AlertsButton("subscribe").pack()),
)


@router.command("start")
async def start(event: Event, ctx: ChatContext) -> list[Reply]:
    buttons = Reply.rows(*[[(label(key, event.lang), code)] for key, code in FEATURE_BUTTONS])
    return [Reply(render("start", event.lang), buttons=buttons)]


@router.command("help")
async def help_(event: Event, ctx: ChatContext) -> list[Reply]:
    commands = [
        {"name": c.name, "description": c.description(event.lang)}
        for c in ctx.root().menu(admin=event.is_admin, lang=event.lang)
    ]
    return [Reply(render("help", event.lang, commands=commands))]


@router.command("cancel")
async def cancel(event: Event, ctx: ChatContext) -> list[Reply]:
    cancelled = await ctx.root().cancel(event, ctx)
    return [Reply(render("cancel", event.lang, cancelled=cancelled))]


@router.command("privacy")
async def privacy(event: Event, ctx: ChatContext) -> list[Reply]:
    return [Reply(render("privacy", event.lang))]


@router.command("forget")
async def forget(event: Event, ctx: ChatContext) -> list[Reply]:
    buttons = Reply.rows(
        [(label("chat.forget.confirm", event.lang), ForgetButton("confirm").pack())],
        [(label("chat.forget.keep", event.lang), ForgetButton("keep").pack())],
    )
    return [Reply(render("forget_confirm", event.lang), buttons=buttons)]


@router.button(ForgetButton)
async def forget_button(event: Event, ctx: ChatContext, pressed: ForgetButton) -> list[Reply]:
    if pressed.action == "keep":
        return [Reply(render("forget_kept", event.lang), edit=True)]
    async with ctx.sessions.begin() as session:
        await forget_chat(session, chat_id=event.chat_id)
    async with ctx.sessions() as session:
        await flush_deleted(session)
    return [Reply(render("forget_done", event.lang), edit=True)]

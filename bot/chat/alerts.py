"""Draw alerts in the conversation: /subscribe, /unsubscribe, /alerts and the filter buttons.

Button codes (``AlertsButton``): ``alerts:subscribe``, ``alerts:show``, ``alerts:all``,
``alerts:cec``, ``alerts:cats``, ``alerts:cat:<category>``, ``alerts:off``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.callback import CallbackData
from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.labels import label
from bot.chat.router import Router
from bot.draws.classify import CODES, LABELS, SHORT_LABELS
from bot.render import render
from bot.replies import Reply
from bot.store import subscriptions as aq

router = Router(name=__name__)


@dataclass(frozen=True)
class AlertsButton(CallbackData, prefix="alerts"):
    action: Literal["subscribe", "show", "all", "cec", "cats", "cat", "off"]
    category: str = ""

    def check(self) -> None:
        if self.category not in (CODES if self.action == "cat" else ("",)):
            raise ValueError("alerts:cat takes a known category, the others nothing")


def _alert_buttons(mode: str | None, lang: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    actions: list[Literal["cec", "all", "cats", "off"]] = []
    if mode != "cec":
        actions.append("cec")
    if mode != "all":
        actions.append("all")
    actions.append("cats")
    if mode is not None:
        actions.append("off")
    return tuple(((label(f"alerts.{a}", lang), AlertsButton(a).pack()),) for a in actions)


async def status(
    event: Event, ctx: ChatContext, *, edit: bool = False, changed: bool = False
) -> list[Reply]:
    async with ctx.sessions() as session:
        sub = await aq.get_subscription(session, chat_id=event.chat_id)
    active = sub is not None and sub.active
    mode = sub.mode if sub is not None and active else None
    text = render(
        "alerts/status",
        event.lang,
        active=active,
        mode=mode,
        categories=[LABELS[c] for c in (sub.categories if sub else []) if c in LABELS],
        changed=changed,
    )
    return [Reply(text, buttons=Reply.rows(*_alert_buttons(mode, event.lang)), edit=edit)]


async def subscribe(event: Event, ctx: ChatContext, mode: str) -> None:
    async with ctx.sessions.begin() as session:
        await aq.subscribe(session, chat_id=event.chat_id, mode=mode, categories=[], now=ctx.now())


async def category_picker(event: Event, ctx: ChatContext) -> list[Reply]:
    async with ctx.sessions() as session:
        sub = await aq.get_subscription(session, chat_id=event.chat_id)
    chosen = set(sub.categories) if sub and sub.active and sub.mode == "categories" else set()
    buttons = [
        (("✅ " if c in chosen else "") + SHORT_LABELS[c], AlertsButton("cat", c).pack())
        for c in CODES
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([(label("alerts.done", event.lang), AlertsButton("show").pack())])
    text = render("alerts/categories", event.lang, chosen=[LABELS[c] for c in sorted(chosen)])
    return [Reply(text, buttons=Reply.rows(*rows), edit=True)]


async def toggle_category(event: Event, ctx: ChatContext, code: str) -> list[Reply]:
    async with ctx.sessions.begin() as session:
        sub = await aq.get_subscription(session, chat_id=event.chat_id)
        chosen = set(sub.categories) if sub and sub.active and sub.mode == "categories" else set()
        chosen ^= {code}
        if chosen:
            await aq.subscribe(
                session, chat_id=event.chat_id, mode="categories", categories=chosen, now=ctx.now()
            )
        else:
            await aq.deactivate(session, chat_id=event.chat_id, now=ctx.now())
    return await category_picker(event, ctx)


@router.command("subscribe", "Alerts for new CEC rounds")
async def subscribe_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
    await subscribe(event, ctx, "cec")
    return await status(event, ctx, changed=True)


@router.command("unsubscribe", "Stop draw alerts")
async def unsubscribe_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
    async with ctx.sessions.begin() as session:
        was = await aq.deactivate(session, chat_id=event.chat_id, now=ctx.now())
    return [
        Reply(
            render("alerts/unsubscribed", event.lang, was=was),
            buttons=Reply.rows([(label("alerts.again", event.lang), AlertsButton("cec").pack())]),
        )
    ]


@router.command("alerts", "Your draw-alert filter")
async def alerts_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
    return await status(event, ctx)


@router.button(AlertsButton)
async def alerts_button(event: Event, ctx: ChatContext, pressed: AlertsButton) -> list[Reply]:
    match pressed.action:
        case "subscribe":
            await subscribe(event, ctx, "cec")
            return await status(event, ctx, changed=True)
        case "cec" | "all":
            await subscribe(event, ctx, pressed.action)
            return await status(event, ctx, edit=True, changed=True)
        case "show":
            return await status(event, ctx, edit=True)
        case "cats":
            return await category_picker(event, ctx)
        case "cat":
            return await toggle_category(event, ctx, pressed.category)
        case "off":
            async with ctx.sessions.begin() as session:
                await aq.deactivate(session, chat_id=event.chat_id, now=ctx.now())
            return await status(event, ctx, edit=True, changed=True)

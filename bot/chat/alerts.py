"""Draw alerts in the conversation: /subscribe, /unsubscribe, /alerts and the filter buttons.

Button codes (``AlertsButton``): ``alerts:subscribe`` (the choices, nothing saved yet),
``alerts:show``, ``alerts:all``, ``alerts:cec``, ``alerts:eligible``, ``alerts:cats``,
``alerts:cat:<category>``, ``alerts:off``.

Every change is confirmed ("Saved") and the screen after it shows the choice checked (✅):
the filter buttons, and in the category picker the rounds chosen (CEC for the CEC filter).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from bot.callback import CallbackData
from bot.catalogue import label, languages, section
from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.draws.classify import CODES
from bot.render import render
from bot.replies import Reply
from bot.standing.stored import load_answer
from bot.store import subscriptions as aq
from bot.store.models import Subscription
from bot.store.profiles import load_profile

router = Router(name=__name__)


@dataclass(frozen=True)
class AlertsButton(CallbackData, prefix="alerts"):
    action: Literal["subscribe", "show", "all", "cec", "eligible", "cats", "cat", "off"]
    category: str = ""

    def check(self) -> None:
        if self.category not in (CODES if self.action == "cat" else ("",)):
            raise ValueError("alerts:cat takes a known category, the others nothing")


Mode = Literal["cec", "all", "eligible", "categories"]
_FILTERS: tuple[Literal["cec", "all", "eligible", "cats"], ...] = ("cec", "all", "eligible", "cats")


def _alert_buttons(mode: str | None, lang: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    """Every filter, the current one checked, then "off" when alerts are on."""
    rows = []
    for action in _FILTERS:
        current = mode == ("categories" if action == "cats" else action)
        text = ("✅ " if current else "") + label(f"chat.alerts.{action}", lang)
        rows.append(((text, AlertsButton(action).pack()),))
    if mode is not None:
        rows.append(((label("chat.alerts.off", lang), AlertsButton("off").pack()),))
    return tuple(rows)


def _chosen(sub: Subscription | None) -> set[str]:
    """The rounds the category picker shows checked: the categories, or CEC for "cec"."""
    if sub is None or not sub.active:
        return set()
    if sub.mode == "categories":
        return set(sub.categories)
    return {"cec"} if sub.mode == "cec" else set()


async def status(
    event: Event,
    ctx: ChatContext,
    *,
    edit: bool = False,
    changed: bool = False,
    choosing: bool = False,
) -> list[Reply]:
    """The filter and its buttons; ``changed``: confirm the save; ``choosing``: the first
    screen of [Draw alerts], asking which rounds (nothing saved)."""
    async with ctx.sessions() as session:
        sub = await aq.get_subscription(session, chat_id=event.chat_id)
        saved = await load_profile(session, chat_id=event.chat_id)
        answer = await load_answer(session, chat_id=event.chat_id)
    active = sub is not None and sub.active
    names = section("category", event.lang)
    mode = sub.mode if sub is not None and active else None
    text = render(
        "alerts/status",
        event.lang,
        active=active,
        mode=mode,
        categories=[names[c] for c in (sub.categories if sub else []) if c in names],
        changed=changed,
        choosing=choosing,
        has_profile=saved is not None,
        has_occupation=answer is not None,
    )
    return [Reply(text, buttons=Reply.rows(*_alert_buttons(mode, event.lang)), edit=edit)]


async def subscribe(
    event: Event, ctx: ChatContext, mode: Mode, categories: Iterable[str] = ()
) -> None:
    async with ctx.sessions.begin() as session:
        await aq.subscribe(
            session, chat_id=event.chat_id, mode=mode, categories=categories, now=ctx.now()
        )


async def category_picker(event: Event, ctx: ChatContext, *, changed: bool = False) -> list[Reply]:
    async with ctx.sessions() as session:
        sub = await aq.get_subscription(session, chat_id=event.chat_id)
    chosen = _chosen(sub)
    short = section("category_short", event.lang)
    buttons = [
        (("✅ " if c in chosen else "") + short[c], AlertsButton("cat", c).pack()) for c in CODES
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([(label("chat.alerts.done", event.lang), AlertsButton("show").pack())])
    names = [section("category", event.lang)[c] for c in CODES if c in chosen]
    text = render("alerts/categories", event.lang, chosen=names, changed=changed)
    return [Reply(text, buttons=Reply.rows(*rows), edit=True)]


async def toggle_category(event: Event, ctx: ChatContext, code: str) -> list[Reply]:
    async with ctx.sessions.begin() as session:
        sub = await aq.get_subscription(session, chat_id=event.chat_id)
        chosen = _chosen(sub) ^ {code}
        if chosen:
            await aq.subscribe(
                session, chat_id=event.chat_id, mode="categories", categories=chosen, now=ctx.now()
            )
        else:
            await aq.deactivate(session, chat_id=event.chat_id, now=ctx.now())
    return await category_picker(event, ctx, changed=True)


#: The French for the two filters (accents removed): /subscribe toutes, /subscribe admissible.
_FILTER_WORDS = {"all": "all", "toutes": "all", "tous": "all", "eligible": "eligible"}
_FILTER_WORDS |= {"eligibles": "eligible", "admissible": "eligible", "admissibles": "eligible"}


def _plain(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


def _round_words() -> dict[str, str]:
    """Each code, and each one-word short name in any language ("francais", "sante")."""
    words = {c: c for c in CODES}
    for lang in languages():
        for code, short in section("category_short", lang).items():
            if code in CODES and " " not in short:
                words.setdefault(_plain(short), code)
    return words


def _subscribe_args(args: str) -> tuple[Mode, list[str]] | None:
    """``/subscribe`` (CEC), ``/subscribe all``, ``/subscribe eligible`` or round codes
    (``/subscribe french healthcare``; or in French: ``toutes``, ``admissible``, ``français
    santé``); None when a word is none of these."""
    words = [_plain(w) for w in args.replace(",", " ").split()]
    if not words:
        return "cec", []
    if len(words) == 1 and words[0] in _FILTER_WORDS:
        return _FILTER_WORDS[words[0]], []  # type: ignore[return-value]
    if words == ["cec"]:
        return "cec", []
    known = _round_words()
    if all(w in known for w in words):
        return "categories", [known[w] for w in words]
    return None


@router.command("subscribe")
async def subscribe_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
    chosen = _subscribe_args(event.args)
    if chosen is None:
        short = section("category_short", event.lang)
        codes = [(c, short[c]) for c in CODES]
        return [Reply(render("alerts/subscribe_usage", event.lang, codes=codes))]
    await subscribe(event, ctx, *chosen)
    return await status(event, ctx, changed=True)


@router.command("unsubscribe")
async def unsubscribe_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
    async with ctx.sessions.begin() as session:
        was = await aq.deactivate(session, chat_id=event.chat_id, now=ctx.now())
    return [
        Reply(
            render("alerts/unsubscribed", event.lang, was=was),
            buttons=Reply.rows(
                [(label("chat.alerts.again", event.lang), AlertsButton("cec").pack())]
            ),
        )
    ]


@router.command("alerts")
async def alerts_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
    return await status(event, ctx)


@router.button(AlertsButton)
async def alerts_button(event: Event, ctx: ChatContext, pressed: AlertsButton) -> list[Reply]:
    match pressed.action:
        case "subscribe":
            return await status(event, ctx, choosing=True)
        case "cec" | "all" | "eligible":
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

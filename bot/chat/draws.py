"""Rounds in the conversation: /draws (the latest rounds, with filter buttons) and /chart.

Button codes (``DrawsButton``): ``draws:latest``, ``draws:f:<filter>``.
"""

from __future__ import annotations

import asyncio
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from bot.alerts.message import draw_view
from bot.callback import CallbackData
from bot.catalogue import label, languages, section
from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.draws.chart import ChartLabels, cutoff_chart
from bot.draws.classify import CATEGORIES, CODES
from bot.render import render
from bot.replies import Reply
from bot.store import draws as dq
from bot.store.profiles import load_profile

router = Router(name=__name__)

#: Filters offered under /draws: code -> categories (None: every round). Labels:
#: ``chat.draws.filter.<code>`` in ``labels.toml``.
DRAW_FILTERS: dict[str, tuple[str, ...] | None] = {
    "all": None,
    "cec": ("cec",),
    "pnp": ("pnp",),
    "cat": CATEGORIES,
    "general": ("general", "fsw", "fst"),
}
LATEST = 10


@dataclass(frozen=True)
class DrawsButton(CallbackData, prefix="draws"):
    action: Literal["latest", "f"]
    filter: str = ""

    def check(self) -> None:
        if self.filter not in (DRAW_FILTERS if self.action == "f" else ("",)):
            raise ValueError("draws:f takes a known filter, draws:latest nothing")


def _filter_buttons(current: str, lang: str) -> tuple[tuple[str, str], ...]:
    def shown(code: str) -> str:
        return ("• " if code == current else "") + label(f"chat.draws.filter.{code}", lang)

    return tuple((shown(code), DrawsButton("f", code).pack()) for code in DRAW_FILTERS)


async def latest(
    event: Event, ctx: ChatContext, code: str = "all", *, edit: bool = False
) -> list[Reply]:
    async with ctx.sessions() as session:
        rows = await dq.latest_draws(session, limit=LATEST, categories=DRAW_FILTERS[code])
    buttons = _filter_buttons(code, event.lang)
    shown = label(f"chat.draws.filter.{code}", event.lang)
    text = render(
        "draws/list", event.lang, draws=[draw_view(d, event.lang) for d in rows], filter=shown
    )
    return [Reply(text, buttons=Reply.rows(buttons[:3], buttons[3:]), edit=edit)]


@router.command("draws")
async def draws_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
    return await latest(event, ctx)


def _plain(text: str) -> str:
    """Lower case, without accents, single spaces ("Santé" and "sante" are one word)."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


def chart_code(args: str) -> str | None:
    """The program or category of ``/chart <word>``: a code (``cec``, ``french``,
    ``senior_managers``) or its short label in any language ("senior managers"); CEC without
    a word."""
    word = _plain(args.replace("_", " ").replace("-", " "))
    if not word:
        return "cec"
    for code in CODES:
        shorts = {_plain(section("category_short", lang)[code]) for lang in languages()}
        if word == code.replace("_", " ") or word in shorts:
            return code
    return None


def _chart_labels(code: str, lang: str, my_score: int | None) -> ChartLabels:
    name = section("category", lang)[code]

    def text(part: str) -> str:
        return render("draws/chart_labels", lang, part=part, name=name, score=my_score)

    return ChartLabels(text("title"), text("cutoff"), text("invitations"), text("my_score"))


@router.command("chart")
async def chart_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
    code = chart_code(event.args)
    if code is None:
        names = section("category", event.lang)
        choices = [(c.replace("_", " "), names[c]) for c in CODES]
        return [Reply(render("draws/chart_unknown", event.lang, word=event.args, choices=choices))]
    since = ctx.now().date() - timedelta(days=3 * 365)
    async with ctx.sessions() as session:
        rows = await dq.draws_between(session, category=code, since=since)
        saved = await load_profile(session, chat_id=event.chat_id)
    if not rows:
        return [
            Reply(
                render("draws/chart_empty", event.lang, name=section("category", event.lang)[code])
            )
        ]
    score = saved.total if saved is not None else None
    points = [(d.draw_date, d.cutoff, d.invitations) for d in rows]
    labels = _chart_labels(code, event.lang, score)
    png = await asyncio.to_thread(
        cutoff_chart, points, labels, my_score=score, until=ctx.now().date()
    )
    caption = render(
        "draws/chart_caption",
        event.lang,
        name=section("category", event.lang)[code],
        count=len(rows),
        first=rows[0].draw_date,
        last=draw_view(rows[-1], event.lang),
        score=score,
    )
    return [Reply(caption, photo=png)]


@router.button(DrawsButton)
async def draws_button(event: Event, ctx: ChatContext, pressed: DrawsButton) -> list[Reply]:
    if pressed.action == "latest":
        return await latest(event, ctx)
    return await latest(event, ctx, pressed.filter, edit=True)

"""Rounds and alerts in the conversation: /draws, /chart, /subscribe, /unsubscribe, /alerts,
/remind, and the admin's /recorddraw.

Button codes: "draws:latest", "draws:f:<filter>"; "alerts:subscribe", "alerts:show",
"alerts:all", "alerts:cec", "alerts:cats", "alerts:cat:<code>", "alerts:off";
"recorddraw:ok:<code>:<yyyymmdd>:<invitations>:<cut-off>:<tie-break epoch or 0>",
"recorddraw:no"; "remind:clear".
"""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, date, datetime, timedelta

from bot.alerts import reminders
from bot.alerts.message import draw_view
from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.draws.chart import cutoff_chart
from bot.draws.classify import CATEGORIES, CODES, LABELS, SHORT_LABELS
from bot.pipeline.record import record_manual
from bot.render import render
from bot.replies import Reply
from bot.store import draws as dq
from bot.store import subscriptions as aq
from bot.store.models import Reminder

#: Filters offered under /draws: code -> (label, categories or None for every round).
DRAW_FILTERS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "all": ("All", None),
    "cec": ("CEC", ("cec",)),
    "pnp": ("PNP", ("pnp",)),
    "cat": ("Categories", CATEGORIES),
    "general": ("General / FSW / FST", ("general", "fsw", "fst")),
}
LATEST = 10


def _filter_buttons(current: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (("• " if code == current else "") + label, f"draws:f:{code}")
        for code, (label, _) in DRAW_FILTERS.items()
    )


async def latest(
    event: Event, ctx: ChatContext, code: str = "all", *, edit: bool = False
) -> list[Reply]:
    label, categories = DRAW_FILTERS.get(code, DRAW_FILTERS["all"])
    async with ctx.sessions() as session:
        rows = await dq.latest_draws(session, limit=LATEST, categories=categories)
    buttons = _filter_buttons(code)
    text = render("draws/list", event.lang, draws=[draw_view(d) for d in rows], filter=label)
    return [Reply(text, buttons=Reply.rows(buttons[:3], buttons[3:]), edit=edit)]


# -- subscriptions -------------------------------------------------------------------------
def _alert_buttons(mode: str | None) -> tuple[tuple[tuple[str, str], ...], ...]:
    rows: list[tuple[tuple[str, str], ...]] = []
    if mode != "cec":
        rows.append((("CEC rounds only", "alerts:cec"),))
    if mode != "all":
        rows.append((("All rounds", "alerts:all"),))
    rows.append((("Choose categories", "alerts:cats"),))
    if mode is not None:
        rows.append((("Turn alerts off", "alerts:off"),))
    return tuple(rows)


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
    return [Reply(text, buttons=Reply.rows(*_alert_buttons(mode)), edit=edit)]


async def subscribe(
    event: Event, ctx: ChatContext, mode: str, categories: list[str] | None = None
) -> None:
    async with ctx.sessions.begin() as session:
        await aq.subscribe(
            session, chat_id=event.chat_id, mode=mode, categories=categories or [], now=ctx.now()
        )


async def category_picker(event: Event, ctx: ChatContext) -> list[Reply]:
    async with ctx.sessions() as session:
        sub = await aq.get_subscription(session, chat_id=event.chat_id)
    chosen = set(sub.categories) if sub and sub.active and sub.mode == "categories" else set()
    buttons = [(("✅ " if c in chosen else "") + SHORT_LABELS[c], f"alerts:cat:{c}") for c in CODES]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([("Done", "alerts:show")])
    text = render("alerts/categories", event.lang, chosen=[LABELS[c] for c in sorted(chosen)])
    return [Reply(text, buttons=Reply.rows(*rows), edit=True)]


async def toggle_category(event: Event, ctx: ChatContext, code: str) -> list[Reply]:
    if code not in CODES:
        return [Reply(render("stale_button", event.lang))]
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


# -- admin: record a round -----------------------------------------------------------------
_RECORD = re.compile(
    r"^(?P<code>[a-z_]+)\s+(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<size>[\d,\s]+?)\s+(?P<crs>\d{2,4})"
    r"(?:\s+(?P<tie>\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?))?\s*$"
)


def parse_record_args(args: str) -> tuple[str, date, int, int, datetime | None] | str:
    """Returns the values or the reason they are unusable."""
    match = _RECORD.match(" ".join(args.split()).lower())
    if match is None:
        return "format"
    code = match["code"]
    if code not in CODES:
        return "program"
    try:
        day = date.fromisoformat(match["date"])
        tie = None
        if match["tie"]:
            tie = datetime.fromisoformat(match["tie"].replace(" ", "T")).replace(tzinfo=UTC)
    except ValueError:
        return "date"
    size = int(re.sub(r"\D", "", match["size"]) or 0)
    crs = int(match["crs"])
    if not (0 < size <= 100_000 and 0 < crs <= 1200):
        return "numbers"
    return code, day, size, crs, tie


async def record_command(event: Event, ctx: ChatContext) -> list[Reply]:
    parsed = parse_record_args(event.args)
    programs = [(c, LABELS[c]) for c in CODES]
    if isinstance(parsed, str):
        return [
            Reply(
                render(
                    "draws/record_usage",
                    event.lang,
                    problem=parsed if event.args else None,
                    programs=programs,
                )
            )
        ]
    code, day, size, crs, tie = parsed
    if day > ctx.now().date() + timedelta(days=1):
        return [
            Reply(render("draws/record_usage", event.lang, problem="future", programs=programs))
        ]
    stamp = int(tie.timestamp()) if tie else 0
    ok = f"recorddraw:ok:{code}:{day:%Y%m%d}:{size}:{crs}:{stamp}"
    text = render(
        "draws/record_confirm", event.lang, label=LABELS[code], day=day, size=size, crs=crs, tie=tie
    )
    return [
        Reply(text, buttons=Reply.rows([("Record and alert", ok), ("Cancel", "recorddraw:no")]))
    ]


async def record_button(event: Event, ctx: ChatContext) -> list[Reply]:
    if not event.is_admin:
        return [Reply(render("stale_button", event.lang))]
    parts = (event.button or "").split(":")
    if parts[1:2] == ["no"]:
        return [Reply(render("draws/record_done", event.lang, cancelled=True), edit=True)]
    try:
        _, _, code, day_text, size, crs, stamp = parts
        day = datetime.strptime(day_text, "%Y%m%d").date()
        tie = datetime.fromtimestamp(int(stamp), UTC) if int(stamp) else None
        assert code in CODES
    except (ValueError, AssertionError):
        return [Reply(render("stale_button", event.lang))]
    async with ctx.sessions.begin() as session:
        recorded = await record_manual(
            session,
            category=code,
            draw_date=day,
            invitations=int(size),
            cutoff=int(crs),
            tie_break_at=tie,
            now=ctx.now(),
        )
    text = render(
        "draws/record_done",
        event.lang,
        cancelled=False,
        existing=recorded.merged,
        alerts=recorded.alerts,
        draw=draw_view(recorded.draw),
    )
    return [Reply(text, edit=True)]


# -- reminders -----------------------------------------------------------------------------
async def remind_command(event: Event, ctx: ChatContext) -> list[Reply]:
    words = event.args.lower().split()
    problem = None
    if len(words) == 2 and words[0] in {"profile", "invited", "invitation", "ita"}:
        try:
            day = date.fromisoformat(words[1])
        except ValueError:
            day = None
            problem = "date"
        today = ctx.now().date()
        if day is not None and day > today:
            problem = "future"
        elif day is not None:
            async with ctx.sessions.begin() as session:
                if words[0] == "profile":
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
                kind="profile" if words[0] == "profile" else "invited",
                day=day,
                expiry=reminders.profile_expiry(day),
                deadline=reminders.application_deadline(day),
                planned=planned,
            )
            return [Reply(text, buttons=Reply.rows([("Clear my reminders", "remind:clear")]))]
    elif words:
        problem = "format"
    async with ctx.sessions() as session:
        pending: list[Reminder] = await reminders.pending(session, chat_id=event.chat_id)
    text = render("alerts/remind_usage", event.lang, problem=problem, pending=pending)
    buttons = Reply.rows([("Clear my reminders", "remind:clear")]) if pending else ()
    return [Reply(text, buttons=buttons)]


async def remind_button(event: Event, ctx: ChatContext) -> list[Reply]:
    if event.button != "remind:clear":
        return [Reply(render("stale_button", event.lang))]
    async with ctx.sessions.begin() as session:
        await reminders.clear(session, chat_id=event.chat_id)
    return [Reply(render("alerts/remind_cleared", event.lang), edit=True)]


def register(router: Router) -> None:
    @router.command("draws", "Latest Express Entry rounds")
    async def draws_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
        return await latest(event, ctx)

    @router.command("chart", "Chart of CEC cut-offs")
    async def chart_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
        since = ctx.now().date() - timedelta(days=3 * 365)
        async with ctx.sessions() as session:
            rows = await dq.draws_between(session, category="cec", since=since)
        if not rows:
            return [Reply(render("draws/chart_empty", event.lang))]
        points = [(d.draw_date, d.cutoff, d.invitations) for d in rows]
        png = await asyncio.to_thread(
            cutoff_chart, points, title="Canadian Experience Class rounds"
        )
        caption = render(
            "draws/chart_caption",
            event.lang,
            count=len(rows),
            first=rows[0].draw_date,
            last=draw_view(rows[-1]),
        )
        return [Reply(caption, photo=png)]

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
                buttons=Reply.rows([("Subscribe again", "alerts:cec")]),
            )
        ]

    @router.command("alerts", "Your draw-alert filter")
    async def alerts_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
        return await status(event, ctx)

    @router.command("remind", "Profile expiry and application deadline reminders")
    async def remind_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
        return await remind_command(event, ctx)

    @router.command("recorddraw", "Record a round before the feed has it", admin=True)
    async def recorddraw_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
        return await record_command(event, ctx)

    @router.button("draws")
    async def draws_button(event: Event, ctx: ChatContext) -> list[Reply]:
        code = event.button or ""
        if code == "draws:latest":
            return await latest(event, ctx)
        if code.startswith("draws:f:"):
            return await latest(event, ctx, code.removeprefix("draws:f:"), edit=True)
        return [Reply(render("stale_button", event.lang))]

    @router.button("alerts")
    async def alerts_button(event: Event, ctx: ChatContext) -> list[Reply]:
        code = event.button or ""
        if code == "alerts:subscribe":
            await subscribe(event, ctx, "cec")
            return await status(event, ctx, changed=True)
        if code in ("alerts:cec", "alerts:all"):
            await subscribe(event, ctx, code.removeprefix("alerts:"))
            return await status(event, ctx, edit=True, changed=True)
        if code == "alerts:show":
            return await status(event, ctx, edit=True)
        if code == "alerts:cats":
            return await category_picker(event, ctx)
        if code.startswith("alerts:cat:"):
            return await toggle_category(event, ctx, code.removeprefix("alerts:cat:"))
        if code == "alerts:off":
            async with ctx.sessions.begin() as session:
                await aq.deactivate(session, chat_id=event.chat_id, now=ctx.now())
            return await status(event, ctx, edit=True, changed=True)
        return [Reply(render("stale_button", event.lang))]

    router.button("recorddraw")(record_button)
    router.button("remind")(remind_button)


__all__ = ["register"]

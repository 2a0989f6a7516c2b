"""Admin commands: /recorddraw records a round before the feed has it, after a confirmation
button, and alerts its subscribers (``bot.pipeline.record``).

Button codes (``RecordButton``):
``recorddraw:ok:<program>:<yyyymmdd>:<invitations>:<cut-off>[:<tie-break epoch>]`` and
``recorddraw:no``. Only admins' presses are obeyed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from bot.alerts.message import draw_view
from bot.callback import CallbackData
from bot.catalogue import label, section
from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.draws.classify import CODES
from bot.pipeline.record import record_manual
from bot.render import render
from bot.replies import Reply

router = Router(name=__name__)

MAX_INVITATIONS = 100_000
MAX_CRS = 1200


@dataclass(frozen=True)
class RecordButton(CallbackData, prefix="recorddraw"):
    action: Literal["ok", "no"]
    program: str = ""
    day: date | None = None
    invitations: int = 0
    cutoff: int = 0
    #: The tie-break time in seconds since the epoch (UTC), 0 when there is none.
    tie: int = 0

    def check(self) -> None:
        if self.action == "no":
            if (self.program, self.day, self.invitations, self.cutoff, self.tie) != (
                "",
                None,
                0,
                0,
                0,
            ):
                raise ValueError("recorddraw:no takes nothing")
            return
        if self.program not in CODES or self.day is None:
            raise ValueError("unknown program or no date")
        if not (0 < self.invitations <= MAX_INVITATIONS and 0 < self.cutoff <= MAX_CRS):
            raise ValueError("invitations or cut-off out of range")

    @property
    def tie_break_at(self) -> datetime | None:
        return datetime.fromtimestamp(self.tie, UTC) if self.tie else None


_RECORD = re.compile(
    r"^(?P<code>[a-z_]+)\s+(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<size>[\d,\s]+?)\s+(?P<crs>\d{2,4})"
    r"(?:\s+(?P<tie>\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?))?\s*$"
)


def parse_record_args(args: str) -> RecordButton | str:
    """The confirmation button's record, or the reason the arguments are unusable."""
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
    if not (0 < size <= MAX_INVITATIONS and 0 < crs <= MAX_CRS):
        return "numbers"
    stamp = int(tie.timestamp()) if tie else 0
    return RecordButton("ok", code, day, size, crs, stamp)


@router.command("recorddraw", admin=True)
async def recorddraw_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
    parsed = parse_record_args(event.args)
    names = section("category", event.lang)
    programs = [(c, names[c]) for c in CODES]
    if isinstance(parsed, str):
        problem = parsed if event.args else None
        return [Reply(render("draws/record_usage", event.lang, problem=problem, programs=programs))]
    if parsed.day is None or parsed.day > ctx.now().date() + timedelta(days=1):
        return [
            Reply(render("draws/record_usage", event.lang, problem="future", programs=programs))
        ]
    text = render(
        "draws/record_confirm",
        event.lang,
        label=names[parsed.program],
        day=parsed.day,
        size=parsed.invitations,
        crs=parsed.cutoff,
        tie=parsed.tie_break_at,
    )
    buttons = Reply.rows(
        [
            (label("chat.record.ok", event.lang), parsed.pack()),
            (label("chat.record.no", event.lang), RecordButton("no").pack()),
        ]
    )
    return [Reply(text, buttons=buttons)]


@router.button(RecordButton)
async def record_button(event: Event, ctx: ChatContext, pressed: RecordButton) -> list[Reply]:
    if not event.is_admin:
        return [Reply(render("stale_button", event.lang))]
    if pressed.action == "no" or pressed.day is None:
        return [Reply(render("draws/record_done", event.lang, cancelled=True), edit=True)]
    async with ctx.sessions.begin() as session:
        recorded = await record_manual(
            session,
            category=pressed.program,
            draw_date=pressed.day,
            invitations=pressed.invitations,
            cutoff=pressed.cutoff,
            tie_break_at=pressed.tie_break_at,
            now=ctx.now(),
        )
    text = render(
        "draws/record_done",
        event.lang,
        cancelled=False,
        existing=recorded.merged,
        alerts=recorded.alerts,
        draw=draw_view(recorded.draw, event.lang),
    )
    return [Reply(text, edit=True)]

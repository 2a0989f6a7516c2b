"""/occupation: the optional main-occupation step for category rounds.

Type a job title (or a NOC code) -> up to 5 NOC unit groups as buttons, with "None of these"
and "Skip" -> months of full-time work in it in the last 3 years (bands that decide the
12-month rule) -> for an occupation that a Canada-only category lists, how many of those
months were in Canada -> the category checks (``bot.standing.categories``), with the saved
CRS profile's language results when there is one. The answer is kept in ``occupations``
(``bot.store.occupations``) for the result screen and /forget.

Button codes (``OccupationButton``): ``occ:ask`` (the result screen's button: start the step),
``occ:pick:<noc>``, ``occ:none``, ``occ:skip``,
``occ:months:<0|6|12|24>``, ``occ:canada:<0|1|12>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from bot.callback import CallbackData
from bot.catalogue import label, section
from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.crs import ProfileError, parse_profile
from bot.crs.profile import Profile
from bot.render import render
from bot.replies import Reply
from bot.standing.categories import Occupation, canada_only_codes, check_categories
from bot.standing.noc import match, unit_group
from bot.store.occupations import (
    delete_occupation,
    load_occupation,
    occupation_step,
    save_occupation,
)
from bot.store.profiles import load_profile

router = Router(name=__name__)

#: Months bands (lower bounds): under 6, 6-11, 12-23, 24-36. 12 is the category rule.
MONTHS_BANDS = (0, 6, 12, 24)
#: Of those, in Canada: none, 1-11, 12 or more.
CANADA_BANDS = (0, 1, 12)
MAX_MATCHES = 5
#: Steps that wait for the user (the rest are finished: done, skipped).
OPEN_STEPS = ("title", "months", "canada")


@dataclass(frozen=True)
class OccupationButton(CallbackData, prefix="occ"):
    action: Literal["ask", "pick", "none", "skip", "months", "canada"]
    #: pick: a NOC code; months / canada: a band's lower bound; none / skip: nothing.
    value: str = ""

    def check(self) -> None:
        allowed: dict[str, set[str]] = {
            "months": {str(m) for m in MONTHS_BANDS},
            "canada": {str(c) for c in CANADA_BANDS},
            "none": {""},
            "ask": {""},
            "skip": {""},
        }
        if self.action == "pick":
            if unit_group(self.value) is None:
                raise ValueError("pick needs a known NOC code")
        elif self.value not in allowed[self.action]:
            raise ValueError(f"{self.value!r} is not a value of {self.action}")


def _pack(action: str, value: object = "") -> str:
    return OccupationButton(action, str(value)).pack()  # type: ignore[arg-type]


def _skip_row(lang: str, *, none: bool) -> list[tuple[str, str]]:
    row = [(label("chat.occupation.none", lang), _pack("none"))] if none else []
    return [*row, (label("chat.occupation.skip", lang), _pack("skip"))]


def _ask(lang: str, *, retry: bool = False) -> Reply:
    buttons = Reply.rows(_skip_row(lang, none=False))
    return Reply(render("standing/occupation_ask", lang, retry=retry), buttons=buttons)


def _may_be_a_question(text: str) -> bool:
    return "?" in text or len(text.split()) >= 6


async def _profile(ctx: ChatContext, chat_id: int) -> Profile | None:
    async with ctx.sessions() as session:
        saved = await load_profile(session, chat_id=chat_id)
    try:
        return parse_profile(saved.profile) if saved is not None else None
    except ProfileError:
        return None


async def _result(event: Event, ctx: ChatContext, row: dict[str, Any]) -> Reply:
    occupation = None
    group = None
    band = canada = None
    if row.get("noc") is not None and row.get("months") is not None:
        occupation = Occupation(row["noc"], row["months"], row.get("in_canada_months") or 0)
        group = unit_group(row["noc"])
        band = label(f"chat.occupation.months.{row['months']}", event.lang)
        if row.get("in_canada_months"):  # a band; 0 reads as the number
            canada = label(f"chat.occupation.canada.{row['in_canada_months']}", event.lang)
    checks = check_categories(await _profile(ctx, event.chat_id), occupation, on=ctx.now().date())
    text = render(
        "standing/occupation_result",
        event.lang,
        group=group,
        months_band=band,
        canada_band=canada,
        checks=checks,
        labels=section("category", event.lang),
    )
    return Reply(text)


async def _save(event: Event, ctx: ChatContext, **values: Any) -> None:
    async with ctx.sessions.begin() as session:
        await save_occupation(session, chat_id=event.chat_id, now=ctx.now(), **values)


async def _matches(event: Event, ctx: ChatContext, text: str) -> list[Reply] | None:
    found = match(text, MAX_MATCHES)
    if not found:
        if _may_be_a_question(text):
            return None  # a question, not a title: let the FAQ answer it
        rows = Reply.rows(_skip_row(event.lang, none=False))
        no_match = render("standing/occupation_no_match", event.lang, text=text)
        return [Reply(no_match, buttons=rows)]
    rows = Reply.rows(
        *([(f"{g.title} ({g.code})", _pack("pick", g.code))] for g in found),
        _skip_row(event.lang, none=True),
    )
    return [Reply(render("standing/occupation_matches", event.lang), buttons=rows)]


@router.command("occupation")
async def occupation_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
    await _save(event, ctx, step="title")
    if event.args.strip():
        replies = await _matches(event, ctx, event.args.strip())
        if replies is not None:
            return replies
    return [_ask(event.lang)]


@router.text
async def typed_title(event: Event, ctx: ChatContext) -> list[Reply] | None:
    """Typed text while the step waits for a job title; anything else is not claimed."""
    async with ctx.engine.connect() as conn:
        step = await occupation_step(conn, chat_id=event.chat_id)
    if step != "title":
        return None
    return await _matches(event, ctx, (event.text or "").strip())


@router.button(OccupationButton)
async def on_button(event: Event, ctx: ChatContext, pressed: OccupationButton) -> list[Reply]:
    lang = event.lang
    async with ctx.sessions() as session:
        row = await load_occupation(session, chat_id=event.chat_id)
    if pressed.action == "ask":
        await _save(event, ctx, step="title")
        return [_ask(lang)]
    if pressed.action == "skip":
        await _save(event, ctx, step="skipped")
        return [await _result(event, ctx, {})]
    if pressed.action == "none":
        await _save(event, ctx, step="title")
        return [_ask(lang, retry=True)]
    if pressed.action == "pick":
        group = unit_group(pressed.value)
        await _save(event, ctx, step="months", noc=pressed.value)
        rows = Reply.rows(
            [(label(f"chat.occupation.months.{m}", lang), _pack("months", m)) for m in MONTHS_BANDS]
        )
        return [Reply(render("standing/occupation_months", lang, group=group), buttons=rows)]
    if pressed.action == "months" and row is not None and row.step == "months" and row.noc:
        months = int(pressed.value)
        if months >= 12 and row.noc in canada_only_codes():
            await _save(event, ctx, step="canada", noc=row.noc, months=months)
            rows = Reply.rows(
                [
                    (label(f"chat.occupation.canada.{c}", lang), _pack("canada", c))
                    for c in CANADA_BANDS
                ]
            )
            return [Reply(render("standing/occupation_canada", lang), buttons=rows)]
        await _save(event, ctx, step="done", noc=row.noc, months=months)
        return [await _result(event, ctx, {"noc": row.noc, "months": months})]
    if pressed.action == "canada" and row is not None and row.step == "canada":
        canada = min(int(pressed.value), row.months or 0)  # never more than the months
        values = {"noc": row.noc, "months": row.months, "in_canada_months": canada}
        await _save(event, ctx, step="done", **values)
        return [await _result(event, ctx, values)]
    return [Reply(render("standing/occupation_stale", lang))]


@router.on_cancel
async def on_cancel(event: Event, ctx: ChatContext) -> bool:
    async with ctx.sessions.begin() as session:
        row = await load_occupation(session, chat_id=event.chat_id)
        if row is None or row.step not in OPEN_STEPS:
            return False
        return await delete_occupation(session, chat_id=event.chat_id)

"""/dates end to end through the real router and database: the dates a user types or skips,
what they read ("what changes when"), the reminders planned, /myscore, /cancel and /forget.

The profile throughout: single, 29, bachelor's, CLB 9 in all four, no work. By hand (the
"without spouse" column): age 110 + bachelor's 120 + CLB 9 4 x 31 = 124 -> core 354; skill
transferability, education + language (bachelor's, CLB 9 in all four) 25 -> total 379.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import select

from bot.chat import ChatContext, Event, build_router
from bot.chat.dates import DatesButton
from bot.replies import Reply
from bot.store.models import ProfileDates, Reminder
from bot.store.profile_dates import load_dates
from bot.store.profiles import save_profile
from tests.test_crs.helpers import clb, data

CHAT = 6161
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def _ctx(ctx: ChatContext) -> ChatContext:
    ctx.now = lambda: NOW
    return ctx


async def send(ctx: ChatContext, text: str) -> list[Reply]:
    return await build_router().handle(Event.from_text(CHAT, text), _ctx(ctx))


async def press(ctx: ChatContext, code: str) -> list[Reply]:
    return await build_router().handle(Event.press(CHAT, code, message_id=1), _ctx(ctx))


async def _with_profile(ctx: ChatContext) -> None:
    await send(ctx, "/start")
    async with ctx.sessions.begin() as session:
        await save_profile(
            session, chat_id=CHAT, profile=data(first_language=clb(9)), total=379, rules="x"
        )


async def _row(ctx: ChatContext) -> ProfileDates | None:
    async with ctx.sessions() as session:
        return await load_dates(session, chat_id=CHAT)


async def _reminders(ctx: ChatContext) -> list[tuple[str, date]]:
    async with ctx.sessions() as session:
        rows = (await session.exec(select(Reminder).where(Reminder.chat_id == CHAT))).all()
    return sorted((r.kind, r.due_on) for r in rows)


async def test_the_dates_one_at_a_time_then_what_changes_when(ctx: ChatContext) -> None:
    await _with_profile(ctx)
    [ask] = await send(ctx, "/dates")
    assert "When were you born?" in ask.text
    assert ask.codes() == ["dates:skip:birth"]

    [refused] = await send(ctx, "31/02/1997")
    assert "There is no such day: February 1997 has no day 31." in refused.text
    assert "When were you born?" in refused.text  # asked again
    [future] = await send(ctx, "2030-01-01")
    assert "January 1, 2030 is in the future" in future.text

    [work] = await send(ctx, "14/03/1997")
    assert "✓ Date of birth: March 14, 1997" in work.text
    assert "When did your skilled work in Canada start?" in work.text
    assert work.codes() == ["dates:skip:work"]

    [language] = await press(ctx, "dates:skip:work")
    assert "✓ Skilled work in Canada since: skipped" in language.text
    [eca] = await send(ctx, "June 1 2025")
    assert "✓ Language test taken on: June 1, 2025" in eca.text
    [submitted] = await press(ctx, "dates:skip:eca")
    assert "When did you submit your Express Entry profile?" in submitted.text

    [result] = await send(ctx, "2026-03-14 10:32")
    text = result.text
    assert "✓ Express Entry profile submitted on: March 14, 2026 at 10:32 UTC" in text
    # Born 1997-03-14: 30 on 2027-03-14, age points 110 -> 105: 379 -> 374.
    assert "• 2027-03-14: you turn 30 — 379 → 374 (−5)" in text
    # The CLB 9 result of 2025-06-01 stops counting on 2027-06-01: language 124 and the
    # education + language 25 go: 374 - 149 = 225.
    assert (
        "• 2027-06-01: your English result (taken 2025-06-01) is 2 years old and no longer "
        "counts — 374 → 225 (−149)"
    ) in text
    # 31 on 2028-03-14: 105 -> 99; 32 on 2029-03-14: 99 -> 94 (within 3 years of today).
    assert "• 2028-03-14: you turn 31 — 225 → 219 (−6)" in text
    assert "• 2029-03-14: you turn 32 — 219 → 214 (−5)" in text
    # 30 days before the first drop: 2027-03-14 - 30 days = 2027-02-12 (February has 28).
    assert "the first on February 12, 2027" in text
    # A profile submitted on 2026-03-14 expires 12 months later.
    assert "Your profile expires on March 14, 2027; I'll remind you on February 12, 2027" in text

    row = await _row(ctx)
    assert row is not None and row.step == "done"
    assert (row.birth_date, row.canadian_work_since) == (date(1997, 3, 14), None)
    assert row.language_test_date == date(2025, 6, 1)
    assert row.submitted_at == datetime(2026, 3, 14, 10, 32, tzinfo=UTC)
    planned = await _reminders(ctx)
    assert ("drop_birthday_30", date(2027, 2, 12)) in planned
    # 2027-06-01 - 30 days = 2027-05-02 (May has 31 days).
    assert ("drop_language_30", date(2027, 5, 2)) in planned
    # 2028-03-14 - 30 days = 2028-02-13 (2028 is a leap year: February has 29).
    assert ("drop_birthday_30", date(2028, 2, 13)) in planned
    assert ("profile_expiry_30", date(2027, 2, 12)) in planned
    # Birthdays drop the score up to 45 (on 2042-03-14): 16 birthdays, and the test.
    assert len([k for k, _ in planned if k.startswith("drop_")]) == 17
    # /remind lists the first 5 of the 18 (17 drops and the profile expiry).
    [remind] = await send(ctx, "/remind")
    assert "Coming up: February 12, 2027, February 12, 2027, May 2, 2027" in remind.text
    assert "and 13 more." in remind.text

    # /myscore shows the same lines under the score.
    [score] = await send(ctx, "/myscore")
    assert "<b>What changes when</b>" in score.text
    assert "• 2027-03-14: you turn 30 — 379 → 374 (−5)" in score.text
    assert "dates:ask" in score.codes()


async def test_keep_and_changed_dates_replan_the_reminders(ctx: ChatContext) -> None:
    await _with_profile(ctx)
    await send(ctx, "/dates")
    await send(ctx, "March 14, 1997")
    for step in ("work", "language", "eca", "submitted"):
        await press(ctx, f"dates:skip:{step}")
    assert ("drop_birthday_30", date(2027, 2, 12)) in await _reminders(ctx)

    # The result screen's button starts again; the saved date can be kept or changed.
    [ask] = await press(ctx, "dates:ask")
    assert "Saved now: March 14, 1997." in ask.text
    assert ask.codes() == ["dates:keep:birth", "dates:skip:birth"]
    await send(ctx, "20 May 1997")
    for step in ("work", "language", "eca", "submitted"):
        await press(ctx, f"dates:skip:{step}")
    drops = [d for k, d in await _reminders(ctx) if k == "drop_birthday_30"]
    # 30 on 2027-05-20: reminder 2027-04-20; the March ones are gone.
    assert drops[0] == date(2027, 4, 20)
    assert date(2027, 2, 12) not in drops


async def test_month_and_year_date_the_next_canadian_work_year(ctx: ChatContext) -> None:
    await send(ctx, "/start")
    profile = data(first_language=clb(9), canadian_work_years=1)
    async with ctx.sessions.begin() as session:
        await save_profile(session, chat_id=CHAT, profile=profile, total=432, rules="x")
    await send(ctx, "/dates")
    await press(ctx, "dates:skip:birth")
    [language] = await send(ctx, "09/2025")
    assert "✓ Skilled work in Canada since: September 2025" in language.text
    for step in ("language", "eca", "submitted"):
        [reply] = await press(ctx, f"dates:skip:{step}")
    # Since 2025-09-01 with 1 year: 2 years on 2027-09-01, Canadian work 40 -> 53 (+13) and
    # education + Canadian work 13 -> 25, the education group 25 + 25 = 50 (+12): 432 -> 457.
    assert "• 2027-09-01: 2 years of Canadian work, if you keep working — 432 → 457 (+25)" in (
        reply.text
    )
    assert "the first on" not in reply.text  # a rise: no reminder
    [score] = await send(ctx, "/myscore")
    assert "One more year of skilled work in Canada (2 years, on 2027-09-01)" in score.text
    [full] = await press(ctx, "improve:all")
    assert "One more year of skilled work in Canada (2 years, on 2027-09-01)" in full.text


async def test_cancel_keeps_the_answers_given_and_stops_asking(ctx: ChatContext) -> None:
    await _with_profile(ctx)
    await send(ctx, "/dates")
    await send(ctx, "1997-03-14")
    [cancelled] = await send(ctx, "/cancel")
    assert "Stopped" in cancelled.text
    row = await _row(ctx)
    assert row is not None and row.step == "done" and row.birth_date == date(1997, 3, 14)
    assert ("drop_birthday_30", date(2027, 2, 12)) in await _reminders(ctx)
    [reply] = await send(ctx, "2025-06-01")
    assert "✓" not in reply.text  # no question waits: the date is not taken as an answer
    [stale] = await press(ctx, "dates:skip:work")
    assert "That question is closed" in stale.text


async def test_forget_deletes_the_dates_and_their_reminders(ctx: ChatContext) -> None:
    await _with_profile(ctx)
    await send(ctx, "/dates")
    await send(ctx, "1997-03-14")
    await send(ctx, "/cancel")
    assert await _row(ctx) is not None and await _reminders(ctx)
    [privacy] = await send(ctx, "/privacy")
    assert "/dates" in privacy.text
    await send(ctx, "/forget")
    await press(ctx, "forget:confirm")
    assert await _row(ctx) is None
    assert await _reminders(ctx) == []


async def test_dates_without_a_profile_wait_for_crs(ctx: ChatContext) -> None:
    await send(ctx, "/dates")
    await send(ctx, "1997-03-14")
    for step in ("work", "language", "eca"):
        await press(ctx, f"dates:skip:{step}")
    [result] = await press(ctx, "dates:skip:submitted")
    assert "Work out your score with /crs" in result.text
    assert await _reminders(ctx) == []


def test_button_codes_round_trip_and_refuse_unknown_questions() -> None:
    assert DatesButton("skip", "eca").pack() == "dates:skip:eca"
    assert DatesButton.parse("dates:ask") == DatesButton("ask")
    for bad in ("dates:skip", "dates:skip:age", "dates:ask:birth", "dates:keep:"):
        try:
            DatesButton.parse(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad} was accepted")

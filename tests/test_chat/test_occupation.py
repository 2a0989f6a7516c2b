"""/occupation end to end through the real router and database: what a user types and presses,
and what they read."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.chat import ChatContext, Event, build_router
from bot.chat.occupation import OccupationButton
from bot.replies import Reply
from bot.standing.categories import Occupation
from bot.standing.stored import load_answer
from bot.store.occupations import load_occupation
from bot.store.profiles import save_profile
from tests.test_crs.helpers import clb, data, lang

CHAT = 5151
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def _ctx(ctx: ChatContext) -> ChatContext:
    ctx.now = lambda: NOW
    return ctx


async def send(ctx: ChatContext, text: str) -> list[Reply]:
    return await build_router().handle(Event.from_text(CHAT, text), _ctx(ctx))


async def press(ctx: ChatContext, code: str) -> list[Reply]:
    return await build_router().handle(Event.press(CHAT, code, message_id=1), _ctx(ctx))


async def _stored(ctx: ChatContext) -> Occupation | None:
    async with ctx.sessions() as session:
        return await load_answer(session, chat_id=CHAT)


async def test_mechanic_with_12_months_abroad_is_transport_eligible(ctx: ChatContext) -> None:
    [ask] = await send(ctx, "/occupation")
    assert "Type your main job title" in ask.text
    assert ask.codes() == ["occ:skip"]

    [matches] = await send(ctx, "car mechanic")
    assert matches.codes()[0] == "occ:pick:72410"
    assert matches.codes()[-2:] == ["occ:none", "occ:skip"]

    [months] = await press(ctx, "occ:pick:72410")
    assert "NOC 72410" in months.text
    assert months.codes() == ["occ:months:0", "occ:months:6", "occ:months:12", "occ:months:24"]

    # 72410 is on no Canada-only list, so no Canada question: straight to the result.
    [result] = await press(ctx, "occ:months:12")
    assert "✅ Transport: you meet the category's rule" in result.text
    assert "12 to 23 months in the last 3 years" in result.text
    assert "also eligible for an Express Entry program" in result.text
    # No CRS profile saved yet: French waits for /crs.
    assert "French-language proficiency: work out your score with /crs" in result.text
    assert await _stored(ctx) == Occupation("72410", 12, 0)


async def test_six_to_eleven_months_is_short_of_the_12_month_rule(ctx: ChatContext) -> None:
    await send(ctx, "/occupation pilot")
    await press(ctx, "occ:pick:72600")
    [result] = await press(ctx, "occ:months:6")
    assert (
        "✖️ Transport: needs 12 months of full-time work (or the part-time equivalent) in it "
        "in the last 3 years; you have 6 to 11 months"
    ) in result.text


async def test_physician_is_asked_about_canada_and_foreign_months_do_not_count(
    ctx: ChatContext,
) -> None:
    await send(ctx, "/occupation family doctor")
    await press(ctx, "occ:pick:31102")
    [canada] = await press(ctx, "occ:months:24")
    assert canada.codes() == ["occ:canada:0", "occ:canada:1", "occ:canada:12"]
    [result] = await press(ctx, "occ:canada:1")
    assert (
        "✖️ Physicians with Canadian work experience: needs 12 months of work in it in Canada "
        "in the last 3 years; you have 1 to 11 months in Canada"
    ) in result.text
    assert await _stored(ctx) == Occupation("31102", 24, 1)
    # The other categories in one line each kind; the unknown lists grouped.
    assert (
        "⏳ Healthcare and social services, STEM, Trades, Education: can't be checked yet; "
        "IRCC's 2026 lists of occupations for them aren't in my sources yet"
    ) in result.text


async def test_no_months_in_canada_reads_as_zero(ctx: ChatContext) -> None:
    await send(ctx, "/occupation university professor")
    await press(ctx, "occ:pick:41200")
    await press(ctx, "occ:months:12")
    [result] = await press(ctx, "occ:canada:0")
    assert "Researchers with Canadian experience: needs 12 months" in result.text
    assert "you have 0 in Canada" in result.text


async def test_french_is_checked_from_the_saved_profile(ctx: ChatContext) -> None:
    # TCF: reading 453, writing 10, listening 458, speaking 10 = NCLC 7 in each.
    profile = data(first_language=clb(9), second_language=lang("tcf", 453, 10, 458, 10))
    await send(ctx, "/start")  # the users row the profile hangs on
    async with ctx.sessions.begin() as session:
        await save_profile(session, chat_id=CHAT, profile=profile, total=500, rules="x")
    await send(ctx, "/occupation")
    [result] = await press(ctx, "occ:skip")
    assert "Skipped" in result.text
    assert "✅ French-language proficiency: you meet the category's rule" in result.text
    assert "tell me your main occupation (/occupation) to check" in result.text
    assert await _stored(ctx) is None


async def test_none_of_these_asks_again_and_nonsense_gets_no_match(ctx: ChatContext) -> None:
    await send(ctx, "/occupation")
    [again] = await press(ctx, "occ:none")
    assert "Type another job title" in again.text
    [nothing] = await send(ctx, "qwzx")
    assert 'no NOC occupation close to "qwzx"' in nothing.text
    [matches] = await send(ctx, "21232")
    assert matches.codes()[0] == "occ:pick:21232"


async def test_a_french_speaker_types_a_french_job_title(ctx: ChatContext) -> None:
    async def send_fr(text: str) -> list[Reply]:
        return await build_router().handle(Event.from_text(CHAT, text, lang="fr"), _ctx(ctx))

    [ask] = await send_fr("/occupation")
    assert "en français ou en anglais" in ask.text and "en anglais pour" not in ask.text
    [matches] = await send_fr("je suis infirmière")
    assert matches.codes()[:2] == ["occ:pick:31301", "occ:pick:32101"]
    assert "Intitulés officiels de la CNP, en anglais" in matches.text
    [nothing] = await send_fr("qwzx")
    assert "« développeur »" in nothing.text.replace("\u00a0", " ")


async def test_text_is_not_claimed_when_no_title_is_asked(ctx: ChatContext) -> None:
    await send(ctx, "/occupation")
    await press(ctx, "occ:skip")
    [reply] = await send(ctx, "electrician")
    assert "occ:pick:72200" not in reply.codes()  # the FAQ (fallback) answers instead


async def test_a_months_press_out_of_turn_is_stale(ctx: ChatContext) -> None:
    [reply] = await press(ctx, "occ:months:12")
    assert "That question is closed" in reply.text
    [forged] = await press(ctx, "occ:months:13")
    assert "That button is no longer active" in forged.text


async def test_cancel_forgets_an_unfinished_step(ctx: ChatContext) -> None:
    await send(ctx, "/occupation")
    await send(ctx, "/cancel")
    async with ctx.sessions() as session:
        assert await load_occupation(session, chat_id=CHAT) is None


def test_button_codes_round_trip_and_refuse_unknown_values() -> None:
    assert OccupationButton("pick", "31301").pack() == "occ:pick:31301"
    assert OccupationButton.parse("occ:months:24") == OccupationButton("months", "24")
    for bad in ("occ:pick:99999", "occ:months:7", "occ:canada:36", "occ:skip:1"):
        try:
            OccupationButton.parse(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad} was accepted")


async def test_the_result_button_asks_the_job_and_myscore_then_counts_its_rounds(
    ctx: ChatContext,
) -> None:
    # A pilot (72600, transport) with 24 months, CLB 9, 1 year in Canada: eligible for CEC
    # (assumed recent) and so for transport rounds; /myscore then compares transport rounds.
    profile = data(first_language=clb(9))
    await send(ctx, "/start")
    async with ctx.sessions.begin() as session:
        await save_profile(session, chat_id=CHAT, profile=profile, total=500, rules="x")
    [ask] = await press(ctx, "occ:ask")
    assert "Type your main job title" in ask.text
    await send(ctx, "airline pilot")
    await press(ctx, "occ:pick:72600")
    await press(ctx, "occ:months:24")
    [result] = await send(ctx, "/myscore")
    assert "✅ Transport: you meet the category's rule" in result.text
    assert "Transport: tell me your main occupation" not in result.text
    assert "occ:ask" in result.codes()

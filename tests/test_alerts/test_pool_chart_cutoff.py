"""/pool, /chart <program> and "what's the cut-off of the last CEC draw" on the shipped
snapshot (bot/data/ee_rounds_123_en.json, latest round #437 of August 19, 2026)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatContext, Event, build_router
from bot.config import Settings
from bot.draws.importer import import_file
from bot.replies import Reply
from bot.store.profiles import save_profile
from tests.test_crs.helpers import data
from tests.test_draws.db import NOW

pytestmark = pytest.mark.db
Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture
def ctx(sessions: Sessions, settings: Settings) -> ChatContext:
    return ChatContext(settings=settings, sessions=sessions, now=lambda: NOW)


async def say(ctx: ChatContext, chat_id: int, text: str) -> list[Reply]:
    return await build_router().handle(Event.from_text(chat_id, text), ctx)


async def say_in(ctx: ChatContext, chat_id: int, text: str, lang: str) -> list[Reply]:
    return await build_router().handle(Event.from_text(chat_id, text, lang=lang), ctx)


async def saved_score(ctx: ChatContext, chat_id: int, total: int) -> None:
    await say(ctx, chat_id, "/start")  # the user row
    async with ctx.sessions.begin() as session:
        await save_profile(
            session, chat_id=chat_id, profile=data(), total=total, rules="2025-03-25", now=NOW
        )


async def test_pool_for_a_saved_485(ctx: ChatContext) -> None:
    await import_file(ctx.sessions, now=NOW)
    await saved_score(ctx, 7, 485)
    [reply] = await say(ctx, 7, "/pool")
    text = reply.text
    # Round #437 (and #436, #435) carry the distribution as of August 16, 2026:
    # dd1 601-1200: 439, dd2 501-600: 18,657, dd4 491-500: 12,915, dd5 481-490: 13,066.
    # 485 is in 481-490. Above the band: 439 + 18,657 + 12,915 = 32,011;
    # in the band or above: 32,011 + 13,066 = 45,077. Total dd18: 226,859.
    assert "as of August 16, 2026" in text and "226,859" in text
    assert "481–490 band" in text
    assert "<b>45,077</b> people are in your band or above it" in text
    assert "32,011 above it, 13,066 in it" in text
    # The distribution before (August 3, 2026, rounds #431-#434): 500 + 19,705 + 12,939
    # + 12,890 = 46,034; 46,034 - 45,077 = 957 fewer.
    assert "On August 3, 2026 it was 46,034: 957 fewer." in text
    assert "whole pool, not only CEC candidates" in text
    assert "snapshot taken before the round, as of August 16, 2026" in text
    assert "round #437" in text


async def test_pool_without_a_score_and_without_rounds(ctx: ChatContext) -> None:
    [empty] = await say(ctx, 8, "/pool")
    assert "nothing to show yet" in empty.text
    await import_file(ctx.sessions, now=NOW)
    [reply] = await say(ctx, 8, "/pool")
    assert "/crs" in reply.text and "people are in your band" not in reply.text


async def test_chart_per_program_with_the_saved_score(ctx: ChatContext) -> None:
    await import_file(ctx.sessions, now=NOW)
    await saved_score(ctx, 7, 485)
    [french] = await say(ctx, 7, "/chart french")
    assert french.photo is not None and french.photo.startswith(b"\x89PNG")
    assert french.text.startswith("French-language proficiency rounds since")
    # The latest French round is #437, August 19, 2026: cut-off 382, 5,000 invitations.
    assert "August 19, 2026, cut-off 382, 5,000 invitations" in french.text
    assert "your saved score, 485" in french.text
    [healthcare] = await say(ctx, 7, "/chart Healthcare")
    assert healthcare.text.startswith("Healthcare and social services rounds since")
    [cec] = await say(ctx, 7, "/chart")
    assert cec.text.startswith("Canadian Experience Class rounds") and "cut-off 523" in cec.text


async def test_chart_unknown_word_lists_the_choices(ctx: ChatContext) -> None:
    [reply] = await say(ctx, 7, "/chart frenchy")
    assert reply.photo is None
    assert 'I don\'t know the rounds "frenchy"' in reply.text
    for choice in ("/chart cec", "/chart french", "/chart healthcare", "/chart senior managers"):
        assert f"<code>{choice}</code>" in reply.text


async def test_latest_cutoff_question_answers_in_one_message(ctx: ChatContext) -> None:
    await import_file(ctx.sessions, now=NOW)
    [reply] = await say(ctx, 7, "whats the cutoff for the last cec draw")
    # The latest CEC round of the snapshot: #436, August 18, 2026, cut-off 523, 1,000 ITAs.
    assert "The latest Canadian Experience Class round</b> was on August 18, 2026" in reply.text
    assert "cut-off <b>523</b>" in reply.text and "round #436" in reply.text
    assert "Provincial Nominee" not in reply.text and not reply.buttons
    [french] = await say(ctx, 7, "What was the cut-off in the latest French round?")
    assert "French-language proficiency round</b> was on August 19, 2026" in french.text
    assert "cut-off <b>382</b>" in french.text
    # The same in French, from someone the bot writes to in French.
    [reply] = await say_in(ctx, 8, "Quelle était la note de passage du dernier tirage CEC ?", "fr")
    assert "cut-off" not in reply.text and "<b>523</b>" in reply.text and "436" in reply.text
    assert "Personne ne peut" not in reply.text
    # A question about the next cut-off says that nobody knows it, then shows the latest.
    [ahead] = await say(ctx, 7, "will the cec cutoff drop in the next draw??")
    assert ahead.text.startswith("Nobody can know the next cut-off in advance")
    assert "cut-off <b>523</b>" in ahead.text and "Nobody" not in french.text
    [ahead] = await say_in(ctx, 8, "la note minimale CEC va baisser au prochain tirage ?", "fr")
    assert ahead.text.startswith("Personne ne peut connaître la prochaine note minimale")
    assert "<b>523</b>" in ahead.text


async def test_a_latest_draw_question_gets_the_rounds_not_a_button(ctx: ChatContext) -> None:
    await import_file(ctx.sessions, now=NOW)
    [reply] = await say(ctx, 7, "when was the last draw?")
    # The /draws screen itself: the latest round first, with its cut-off.
    assert reply.text.startswith("<b>Latest Express Entry rounds</b>")
    assert "#437</a>)\n   5,000 invitations · cut-off <b>382</b>" in reply.text
    assert reply.text.index("#437") < reply.text.index("#436")
    assert "Tap below" not in reply.text
    # Written in French by someone the bot writes to in English: the rounds in French, then
    # the offer to switch.
    listing, offer = await say(ctx, 7, "c'était quand le dernier tirage ?")
    assert "note minimale <b>382</b>" in listing.text and "cut-off" not in listing.text
    assert offer.text.startswith("Vous avez écrit en français")
    # What a cut-off means stays a knowledge question.
    [meaning, *_] = await say(ctx, 7, "what does the cutoff of the last draw mean?")
    assert "#437" not in meaning.text


async def test_my_score_typed_shows_the_saved_score_or_offers_the_questionnaire(
    ctx: ChatContext,
) -> None:
    [none] = await say(ctx, 9, "what is my crs score?")
    assert none.buttons and none.buttons[0][0].code == "crs:start"
    await saved_score(ctx, 9, 485)
    [typed] = await say(ctx, 9, "what is my crs score?")
    [command] = await say(ctx, 9, "/myscore")
    # The saved profile rescored (helpers.data(): 379), as /myscore shows it.
    assert typed.text.startswith("🎯 <b>Your CRS score: 379 / 1,200</b>")
    assert typed.text == command.text and "crs:start" not in str(typed.buttons)


async def test_other_questions_still_reach_the_faq(ctx: ChatContext) -> None:
    from bot.chat.cutoff import asked_program

    assert asked_program("what is the canadian experience class") is None  # no cut-off
    assert asked_program("latest cutoff for cec and pnp") is None  # two programs
    assert asked_program("cutoff for the last federal skilled trades draw") == "fst"
    assert asked_program("note minimale de la dernière ronde en français") == "french"
    assert asked_program("seuil des dernières rondes des travailleurs de métiers spécialisés") == (
        "fst"
    )
    assert asked_program("c'est quoi la catégorie de l'expérience canadienne") is None

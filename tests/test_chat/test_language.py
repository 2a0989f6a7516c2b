"""Choosing the language: Telegram's code on first contact, then /language (or /langue) wins,
for replies and for what the jobs send (alerts, reminders)."""

from __future__ import annotations

from bot.chat import ChatContext, Event, build_router
from bot.chat.draws import chart_code
from bot.render import render
from bot.replies import Reply
from bot.store.users import languages

CHAT = 4343


async def send(ctx: ChatContext, text: str, lang: str) -> list[Reply]:
    return await build_router().handle(Event.from_text(CHAT, text, lang=lang), ctx)


async def press(ctx: ChatContext, code: str, lang: str) -> list[Reply]:
    return await build_router().handle(Event.press(CHAT, code, lang=lang), ctx)


def labels(reply: Reply) -> list[str]:
    return [b.label for row in reply.buttons for b in row]


async def test_a_french_telegram_gets_french_and_the_choice_then_wins(ctx: ChatContext) -> None:
    [start] = await send(ctx, "/start", "fr-CA")
    assert labels(start) == ["Calculer mon score CRS", "Poser une question", "Alertes de rondes"]

    [choose] = await send(ctx, "/langue", "fr-CA")
    assert labels(choose) == ["English", "Français"]
    assert choose.codes() == ["lang:en", "lang:fr"]
    [done] = await press(ctx, "lang:en", "fr-CA")
    assert done.edit and "I will write to you in English" in done.text

    # Telegram still says French; the stored choice wins, on every later message.
    [start] = await send(ctx, "/start", "fr-CA")
    assert labels(start) == ["Calculate my CRS score", "Ask a question", "Draw alerts"]
    async with ctx.sessions() as session:
        assert await languages(session, chat_ids=[CHAT]) == {CHAT: "en"}

    [done] = await press(ctx, "lang:fr", "en")
    assert "je vous écrirai en français" in done.text
    [start] = await send(ctx, "/start", "en")
    assert labels(start)[0] == "Calculer mon score CRS"
    async with ctx.sessions() as session:
        assert await languages(session, chat_ids=[CHAT]) == {CHAT: "fr"}


async def test_without_a_choice_the_jobs_follow_telegrams_code(ctx: ChatContext) -> None:
    await send(ctx, "/start", "fr")
    async with ctx.sessions() as session:
        assert await languages(session, chat_ids=[CHAT]) == {CHAT: "fr"}


async def test_help_lists_the_language_command_of_its_language(ctx: ChatContext) -> None:
    [english] = await send(ctx, "/help", "en")
    [french] = await send(ctx, "/help", "fr")
    assert "/language — Choose English or French" in english.text and "/langue" not in english.text
    assert "/langue — Choisir le français ou l’anglais" in french.text
    assert "/language " not in french.text
    assert "/crs — Calculer votre score CRS" in french.text


async def test_a_forged_language_code_is_refused(ctx: ChatContext) -> None:
    [reply] = await press(ctx, "lang:de", "en")
    assert "no longer active" in reply.text
    async with ctx.sessions() as session:
        assert await languages(session, chat_ids=[CHAT]) == {CHAT: "en"}


def test_chart_takes_a_program_word_of_either_language_with_or_without_accents() -> None:
    assert chart_code("senior managers") == chart_code("Cadres supérieurs") == "senior_managers"
    assert chart_code("french") == chart_code("francais") == chart_code("Français") == "french"
    assert chart_code("santé") == chart_code("healthcare") == "healthcare"
    assert chart_code("") == "cec" and chart_code("pizza") is None


async def test_a_question_in_french_from_an_english_user_gets_french_and_an_offer(
    ctx: ChatContext,
) -> None:
    question = "Mon profil Entrée express est valide combien de temps avant d'expirer ?"
    *answer, offer = await send(ctx, question, "en")
    assert any(c.startswith("fb:") for r in answer for c in r.codes())  # answered, in French
    assert "12 mois" in answer[0].text and "Source" in answer[0].text
    assert "Voulez-vous que je vous écrive en français" in offer.text
    assert offer.codes() == ["lang:fr"] and labels(offer) == ["Français"]
    [done] = await press(ctx, "lang:fr", "en")
    assert "je vous écrirai en français" in done.text
    # Set to French now: a French question gets its answer and no offer.
    replies = await send(ctx, question, "en")
    assert not any("lang:fr" in r.codes() for r in replies)


async def test_an_english_question_from_an_english_user_gets_no_offer(ctx: ChatContext) -> None:
    replies = await send(ctx, "how long is my express entry profile valid before it expires?", "en")
    assert any(c.startswith("fb:") for r in replies for c in r.codes())
    assert not any(c.startswith("lang:") for r in replies for c in r.codes())


async def test_media_and_edited_messages_are_answered_in_the_chosen_language(
    ctx: ChatContext,
) -> None:
    await press(ctx, "lang:fr", "en")
    for kind in ("edited", "media"):
        [reply] = await build_router().handle(Event(CHAT, kind, "en"), ctx)  # type: ignore[arg-type]
        assert reply.text == render(f"{kind}_message", "fr")

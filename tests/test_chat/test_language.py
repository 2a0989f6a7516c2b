"""Choosing the language: Telegram's code on first contact, then /language (or /langue) wins,
for replies and for what the jobs send (alerts, reminders)."""

from __future__ import annotations

from bot.chat import ChatContext, Event, build_router
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

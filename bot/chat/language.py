"""/language and /langue: the bot in English or in French, chosen per chat.

The choice is stored (``users.chosen_language``) and wins over Telegram's language code from
then on, for replies, alerts and reminders, and for the chat's command menu (set by the
transport through ``ChatContext.on_language_chosen``). Button codes (``LanguageButton``):
``lang:en``, ``lang:fr``; the FAQ's offer to switch after a question in another language
uses them too.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.callback import CallbackData
from bot.catalogue import label, languages
from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.render import render
from bot.replies import Button, Reply
from bot.store.users import choose_language

router = Router(name=__name__)


@dataclass(frozen=True)
class LanguageButton(CallbackData, prefix="lang"):
    code: str

    def check(self) -> None:
        if self.code not in languages():
            raise ValueError(f"not a language of the bot: {self.code!r}")


def language_buttons(*codes: str) -> tuple[tuple[Button, ...], ...]:
    """One button per language, each named in its own language ("English", "Français")."""
    return Reply.rows([(label(f"language.{c}", c), LanguageButton(c).pack()) for c in codes])


@router.command("language", langs=("en",))
async def language_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
    return [Reply(render("language/choose", event.lang), buttons=language_buttons(*languages()))]


@router.command("langue", langs=("fr",))
async def langue_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
    return await language_cmd(event, ctx)


@router.button(LanguageButton)
async def chosen(event: Event, ctx: ChatContext, pressed: LanguageButton) -> list[Reply]:
    async with ctx.sessions.begin() as session:
        await choose_language(session, chat_id=event.chat_id, language=pressed.code)
    if ctx.on_language_chosen is not None:
        ctx.on_language_chosen(event.chat_id, pressed.code, event.is_admin)
    return [Reply(render("language/chosen", pressed.code), edit=True)]

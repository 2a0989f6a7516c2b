"""Free-text questions (the router's fallback), /topics, related-question buttons and
helpful / not helpful votes. The `faq:` and `fb:` codes are the codecs of ``bot.faq.codes``
(``bot.faq.replies`` draws the screens that carry them)."""

from __future__ import annotations

from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.faq.codes import FaqCode, FaqCodes, FeedbackButton
from bot.faq.index import get_index
from bot.faq.replies import answer_replies, pressed_replies, topics_replies
from bot.render import render
from bot.replies import Reply
from bot.store.faq_feedback import record_vote

router = Router(name=__name__)


def warm_up() -> None:
    """Build the index at start-up, not on the first question."""
    get_index()


@router.command("topics", "Browse answers by topic")
async def topics(event: Event, ctx: ChatContext) -> list[Reply]:
    return topics_replies(event.lang)


@router.button(FaqCodes)
async def faq_button(event: Event, ctx: ChatContext, pressed: FaqCode) -> list[Reply]:
    if isinstance(pressed, FeedbackButton):
        if pressed.entry not in get_index().by_id:
            return [Reply(render("stale_button", event.lang))]
        # One vote per chat and entry: a second press replaces the first. No question text.
        async with ctx.sessions.begin() as session:
            await record_vote(
                session,
                chat_id=event.chat_id,
                entry_id=pressed.entry,
                helpful=pressed.helpful,
                now=ctx.now(),
            )
    return pressed_replies(pressed, event.lang)


@router.fallback
async def question(event: Event, ctx: ChatContext) -> list[Reply] | None:
    return answer_replies(event.text or "", event.lang)

"""Free-text questions (the router's fallback), /topics, related-question buttons and
helpful / not helpful votes. The `faq:` and `fb:` codes are the codecs of ``bot.faq.codes``
(``bot.faq.replies`` draws the screens that carry them)."""

from __future__ import annotations

import asyncio

from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.faq.codes import FaqCode, FaqCodes, FeedbackButton
from bot.faq.index import FaqIndex, get_index, index_ready
from bot.faq.replies import answer_replies, pressed_replies, topics_replies
from bot.render import render
from bot.replies import Reply
from bot.store.faq_feedback import record_vote

router = Router(name=__name__)


def warm_up_in_background() -> asyncio.Future[FaqIndex]:
    """Start building the index in a worker thread: start-up does not wait for it (about a
    second or two), the first question does (`ready`)."""
    return asyncio.get_running_loop().run_in_executor(None, get_index)


async def ready() -> None:
    """Return once the index is built, waiting off the event loop if it is still building."""
    if not index_ready():
        await asyncio.to_thread(get_index)


@router.command("topics", "Browse answers by topic")
async def topics(event: Event, ctx: ChatContext) -> list[Reply]:
    await ready()
    return topics_replies(event.lang)


@router.button(FaqCodes)
async def faq_button(event: Event, ctx: ChatContext, pressed: FaqCode) -> list[Reply]:
    await ready()
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
    await ready()
    return answer_replies(event.text or "", event.lang)

"""Free-text questions (the router's fallback), /topics, related-question buttons and
helpful / not helpful votes. The `faq:` and `fb:` codes are the codecs of ``bot.faq.codes``
(``bot.faq.replies`` draws the screens that carry them)."""

from __future__ import annotations

import asyncio
import logging
import threading

from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.faq.codes import FaqCode, FaqCodes, FeedbackButton
from bot.faq.index import get_index, index_ready
from bot.faq.replies import answer_replies, pressed_replies, topics_replies
from bot.render import render
from bot.replies import Reply
from bot.store.faq_feedback import record_vote

log = logging.getLogger(__name__)
router = Router(name=__name__)


def warm_up_in_background() -> threading.Thread:
    """Start building the index in a daemon thread: start-up does not wait for it (a second or
    two), the first question does (`ready`), and stopping the bot never waits for it."""
    thread = threading.Thread(target=_build, name="faq-index", daemon=True)
    thread.start()
    return thread


def _build() -> None:
    try:
        get_index()
    except Exception:  # the first question will raise it again, to the error handler
        log.exception("building the FAQ index failed")


async def ready() -> None:
    """Return once the index is built, waiting off the event loop if it is still building."""
    if not index_ready():
        await asyncio.to_thread(get_index)


@router.command("topics")
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

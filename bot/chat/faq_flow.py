"""Free-text questions, /topics, related-question buttons and helpful / not helpful votes."""

from __future__ import annotations

from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.faq.index import get_index
from bot.faq.replies import answer_replies, code_replies, parse_feedback, topics_replies
from bot.render import render
from bot.replies import Reply
from bot.store.faq_feedback import record_vote


async def _store_vote(ctx: ChatContext, chat_id: int, entry_id: str, helpful: bool) -> None:
    """One vote per chat and entry: a second press replaces the first. No question text."""
    async with ctx.sessions.begin() as session:
        await record_vote(
            session, chat_id=chat_id, entry_id=entry_id, helpful=helpful, now=ctx.now()
        )


def register(router: Router) -> None:
    get_index()  # build the index at start-up, not on the first question

    @router.command("topics", "Browse answers by topic")
    async def topics(event: Event, ctx: ChatContext) -> list[Reply]:
        return topics_replies(event.lang)

    async def faq_button(event: Event, ctx: ChatContext) -> list[Reply]:
        code = event.button or ""
        vote = parse_feedback(code)
        if vote is not None:
            entry_id, helpful = vote
            if entry_id not in get_index().by_id:
                return [Reply(render("stale_button", event.lang))]
            await _store_vote(ctx, event.chat_id, entry_id, helpful)
        replies = code_replies(code, event.lang)
        return replies if replies is not None else [Reply(render("stale_button", event.lang))]

    router.buttons["faq"] = faq_button
    router.buttons["fb"] = faq_button

    async def question(event: Event, ctx: ChatContext) -> list[Reply] | None:
        return answer_replies(event.text or "", event.lang)

    router.fallback_text = question

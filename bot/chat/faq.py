"""Free-text questions (the router's fallback), /topics, related-question buttons and
helpful / not helpful votes. The `faq:` and `fb:` codes are the codecs of ``bot.faq.codes``
(``bot.faq.replies`` draws the screens that carry them).

A question is answered in the language it is written in (``bot.faq.language.detect``): a
French question from someone the bot writes to in English gets the French answer, then an
offer to switch to French (the ``lang:`` button of /language), and the other way round.

"When was the last draw?" gets the latest rounds themselves (the /draws screen), in the language
the question is written in, rather than a button that leads there; "what's my CRS score?" gets
the saved score's result screen (/myscore) when there is one, and otherwise the button that
starts the questionnaire."""

from __future__ import annotations

import asyncio
import atexit
import logging
import threading
from dataclasses import replace

from bot.chat.context import ChatContext
from bot.chat.draws import latest
from bot.chat.events import Event
from bot.chat.language import language_buttons
from bot.chat.router import Router
from bot.chat.standing import saved_result
from bot.faq.codes import FaqCode, FaqCodes, FeedbackButton
from bot.faq.index import get_index, index_ready
from bot.faq.language import detect
from bot.faq.languages import LANGS, language
from bot.faq.replies import answer_replies, pressed_replies, topics_replies
from bot.render import render
from bot.replies import Reply
from bot.store.faq_feedback import record_vote

log = logging.getLogger(__name__)
router = Router(name=__name__)


def warm_up_in_background() -> threading.Thread:
    """Start building the index in a daemon thread: start-up does not wait for it (a second or
    two), the first question does (`ready`). At exit the process waits for the language being
    built and skips the rest (`_finish`): tearing the interpreter down under a thread inside
    numpy or the tokenizer can end the process with a segmentation fault (a piped terminal chat
    that stopped right after /start did so once in CI, exit status -11)."""
    stop = threading.Event()
    thread = threading.Thread(target=_build, args=(stop,), name="faq-index", daemon=True)
    thread.start()
    atexit.register(_finish, thread, stop)
    return thread


def _build(stop: threading.Event) -> None:
    try:
        for lang in LANGS:  # English first: most questions are
            if stop.is_set():
                return
            get_index(lang)
    except Exception:  # the first question will raise it again, to the error handler
        log.exception("building the FAQ index failed")


def _finish(thread: threading.Thread, stop: threading.Event, timeout: float = 60.0) -> None:
    """Let the warm-up end before the interpreter is torn down (registered with `atexit`)."""
    stop.set()
    thread.join(timeout)


async def ready(lang: str) -> None:
    """Return once `lang`'s index is built, waiting off the event loop if it is building."""
    if not index_ready(lang):
        await asyncio.to_thread(get_index, lang)


@router.command("topics")
async def topics(event: Event, ctx: ChatContext) -> list[Reply]:
    await ready(event.lang)
    return topics_replies(event.lang)


@router.button(FaqCodes)
async def faq_button(event: Event, ctx: ChatContext, pressed: FaqCode) -> list[Reply]:
    await ready(event.lang)
    if isinstance(pressed, FeedbackButton):
        if pressed.entry not in get_index(event.lang).by_id:
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
    text = event.text or ""
    written = detect(text)
    lang = written or event.lang
    hand_off, asked = language(lang).hand_off(text), replace(event, lang=lang)
    if hand_off == "latest_draw":
        replies = await latest(asked, ctx)
    elif hand_off == "my_score" and (saved := await saved_result(asked, ctx)) is not None:
        replies = saved  # without a saved score, the FAQ's button that starts the questionnaire
    else:
        await ready(lang)
        replies = answer_replies(text, lang)
    if lang == event.lang:
        return replies
    offer = Reply(render("language/offer", lang), buttons=language_buttons(lang))
    return [*replies, offer]

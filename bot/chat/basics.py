"""/start, /help, /cancel, /privacy, /forget and the honest "coming soon" buttons."""

from __future__ import annotations

from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.render import render
from bot.replies import Reply
from bot.store.privacy import forget_chat

#: The three features offered on /start, by the button-code prefix that serves each.
FEATURE_BUTTONS: tuple[tuple[str, str, str], ...] = (
    ("crs", "Calculate my CRS score", "crs:start"),
    ("faq", "Ask a question", "faq:topics"),
    ("alerts", "Draw alerts", "alerts:subscribe"),
)


def register(router: Router) -> None:
    @router.command("start", "Welcome and what I can do")
    async def start(event: Event, ctx: ChatContext) -> list[Reply]:
        buttons = Reply.rows(*[[(label, code)] for _, label, code in FEATURE_BUTTONS])
        return [Reply(render("start", event.lang), buttons=buttons)]

    @router.command("help", "All commands")
    async def help_(event: Event, ctx: ChatContext) -> list[Reply]:
        commands = router.menu(admin=event.is_admin)
        return [Reply(render("help", event.lang, commands=commands))]

    @router.command("cancel", "Stop what we are doing")
    async def cancel(event: Event, ctx: ChatContext) -> list[Reply]:
        cancelled = await router.cancel(event, ctx)
        return [Reply(render("cancel", event.lang, cancelled=cancelled))]

    @router.command("privacy", "What I store about you and why")
    async def privacy(event: Event, ctx: ChatContext) -> list[Reply]:
        return [Reply(render("privacy", event.lang))]

    @router.command("forget", "Delete everything I store about you")
    async def forget(event: Event, ctx: ChatContext) -> list[Reply]:
        buttons = Reply.rows(
            [("Yes, delete everything", "forget:confirm")], [("No, keep it", "forget:keep")]
        )
        return [Reply(render("forget_confirm", event.lang), buttons=buttons)]

    @router.button("forget")
    async def forget_button(event: Event, ctx: ChatContext) -> list[Reply]:
        if event.button == "forget:confirm":
            async with ctx.sessions.begin() as session:
                await forget_chat(session, chat_id=event.chat_id)
            return [Reply(render("forget_done", event.lang), edit=True)]
        if event.button == "forget:keep":
            return [Reply(render("forget_kept", event.lang), edit=True)]
        return [Reply(render("stale_button", event.lang))]

    for prefix, label, _code in FEATURE_BUTTONS:
        router.buttons.setdefault(prefix, _coming_soon(label))


def _coming_soon(label: str):  # type: ignore[no-untyped-def]
    async def handler(event: Event, ctx: ChatContext) -> list[Reply]:
        return [Reply(render("coming_soon", event.lang, feature=label))]

    return handler

"""The same conversation in a terminal: `python -m bot chat`.

Replies are printed as plain text; buttons carry letters ([a], [b], ... [z], [aa], ...) and
typing a button's letter presses it. Letters, not numbers: the questionnaire takes typed
numbers as answers (age, scores, years of work), and a number that pressed a button instead
would have turned "3" years into the third button, "2 years". Input is read line by line, so
piped input works too. `/quit` or end of input leaves.

The Telegram bot's jobs run here too (``bot.console_jobs``): the feed is polled, and alerts
and reminders for the terminal's chat are printed as they come.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TextIO

from bot.chat import ChatContext, Event, Reply, build_router, faq
from bot.config import Settings
from bot.console_jobs import ConsoleJobs
from bot.draws.importer import import_if_empty
from bot.faq.markup import html_to_plain
from bot.render import DEFAULT_LANG, render
from bot.store.engine import create_engine, session_factory

#: The chat id the terminal user has in the database.
CONSOLE_CHAT_ID = 1


def button_key(n: int) -> str:
    """The key of the n-th button (1-based): a ... z, aa, ab, ..."""
    key = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        key = chr(ord("a") + rest) + key
    return key


class Console:
    def __init__(
        self,
        ctx: ChatContext,
        out: TextIO,
        *,
        chat_id: int = CONSOLE_CHAT_ID,
        lang: str = DEFAULT_LANG,
    ) -> None:
        self.ctx = ctx
        self.out = out
        self.chat_id = chat_id
        #: Plays Telegram's language code (``--lang fr``); a choice made with /language wins.
        self.lang = lang
        self.router = build_router()
        self.buttons: list[tuple[str, str]] = []
        self.last_message_id = 0
        self.photos_dir = Path.cwd() / "var"

    def show(self, reply: Reply) -> None:
        """A message the jobs send (an alert, a reminder): its buttons get the next letters,
        so that the buttons already on screen keep theirs."""
        self._print_reply(reply, keep=True)

    def _print_reply(self, reply: Reply, *, keep: bool = False) -> None:
        self.last_message_id += 1
        prefix = "(updated) " if reply.edit else ""
        if reply.photo is not None:
            self.photos_dir.mkdir(parents=True, exist_ok=True)
            path = self.photos_dir / f"photo-{self.last_message_id}.png"
            path.write_bytes(reply.photo)
            saved = render("console/picture_saved", self.lang, path=str(path))
            self.out.write(html_to_plain(saved) + "\n")
        self.out.write(prefix + html_to_plain(reply.text) + "\n")
        if reply.buttons:
            if not keep:
                self.buttons = []
            for row in reply.buttons:
                cells = []
                for button in row:
                    self.buttons.append((button.label, button.code))
                    key = button_key(len(self.buttons))
                    cells.append(
                        f"[{key}] {button.label}" + (f" -> {button.code}" if button.is_url else "")
                    )
                self.out.write("   " + "   ".join(cells) + "\n")
        self.out.write("\n")
        self.out.flush()

    def event_for(self, line: str) -> Event | None:
        is_admin = self.chat_id in self.ctx.settings.admin_chat_ids
        keys = {button_key(i + 1): b for i, b in enumerate(self.buttons)}
        pressed = keys.get(line.strip().lower())
        if pressed is not None:
            _label, code = pressed
            if code.startswith(("https://", "http://")):
                text = render("console/open_link", self.lang, url=code)
                self.out.write(html_to_plain(text) + "\n\n")
                return None
            return Event.press(
                self.chat_id,
                code,
                message_id=self.last_message_id,
                lang=self.lang,
                is_admin=is_admin,
            )
        return Event.from_text(self.chat_id, line, lang=self.lang, is_admin=is_admin)

    async def handle_line(self, line: str) -> None:
        event = self.event_for(line)
        if event is None:
            return
        for reply in await self.router.handle(event, self.ctx):
            self._print_reply(reply)


async def chat_loop(
    settings: Settings,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    *,
    lang: str = DEFAULT_LANG,
) -> int:
    engine = create_engine(settings.database_url)
    ctx = ChatContext(settings=settings, sessions=session_factory(engine))
    # First start: the shipped round history, recorded as already announced (no alerts).
    await import_if_empty(ctx.sessions, now=ctx.now())
    console = Console(ctx, stdout, lang=lang)
    if settings.tuning.faq_warmup:
        faq.warm_up_in_background()  # the first question waits for it, not the prompt
    stdout.write(html_to_plain(render("console/intro", lang)) + "\n\n")
    stdout.flush()
    # The Telegram bot's jobs (feed poll, alert delivery, reminders), printing here.
    jobs = ConsoleJobs(ctx, console)
    jobs.start()
    try:
        while True:
            line = await asyncio.to_thread(stdin.readline)
            if not line or line.strip() in {"/quit", "/exit"}:
                break
            await console.handle_line(line.rstrip("\n"))
            await jobs.deliver()  # an admin's /recorddraw queues alerts: show them now
        await jobs.deliver()  # piped input: what the last lines queued
    finally:
        await jobs.stop()
        await engine.dispose()
    return 0

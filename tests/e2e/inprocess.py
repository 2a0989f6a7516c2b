"""The real PTB application, polling the local Bot API server, inside the test's event loop.

`InProcessBot` has the interface of `BotProcess` (start, stop, log, log_path, api, starts) so a
test reads the same either way; it costs no interpreter start and no imports, and coverage sees
it. What only a process shows (signals, a crash, a restart from disk, two processes) stays with
`BotProcess`. The application is built by `bot.telegram.app.build_application` and polled by
PTB's own `Updater`, as `python -m bot run` does; logs go through the same redacting filter
into `bot.log`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from bot.chat import faq
from bot.chat.router import Router
from bot.config import Settings, Tuning
from bot.faq.languages import LANGS
from bot.logsetup import NoPersonalData, RedactSecrets, secret_values
from bot.telegram.app import build_application
from bot.telegram.botdata import App
from bot.telegram.polling import start_polling
from tests.e2e.harness import BotProcess
from tests.fakes.botapi import FakeBotAPI


def settings_for(
    api: FakeBotAPI,
    db_url: str,
    *,
    admin_ids: str = "999",
    feed_url: str = "http://127.0.0.1:9/ee_rounds_123_en.json",
    extra_env: dict[str, str] | None = None,
) -> Settings:
    """The settings `BotProcess` would give the process through its environment."""
    env = dict(extra_env or {})
    knobs = {k.removeprefix("BOT_").lower(): v for k, v in env.items() if k.startswith("BOT_")}
    if "outbox_lease" in knobs:
        knobs["BOT_OUTBOX_LEASE"] = knobs.pop("outbox_lease")
    return Settings(
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_URL=api.url,
        DATABASE_URL=db_url,
        ADMIN_CHAT_IDS=admin_ids,
        DRAWS_FEED_URL=feed_url,
        LOG_LEVEL="DEBUG",
        tuning=Tuning(**knobs),
        _env_file=None,  # type: ignore[call-arg]
    )


@dataclass
class InProcessBot:
    api: FakeBotAPI
    db_url: str
    workdir: Path
    admin_ids: str = "999"
    feed_url: str = "http://127.0.0.1:9/ee_rounds_123_en.json"
    extra_env: dict[str, str] = field(default_factory=dict)
    #: A router of the test's own instead of the bot's features (transport tests).
    router: Router | None = None
    #: False: the scheduled jobs (feed poll, alert delivery, reminders) are removed before the
    #: application starts, so no admin notice about the unreachable feed lands in a chat that a
    #: transport test reads (on a slow machine the start-up poll failed mid-test).
    jobs: bool = True
    app: App | None = None
    starts: int = 0
    _handler: logging.Handler | None = None
    _level: int = logging.WARNING

    @property
    def log_path(self) -> Path:
        return self.workdir / "bot.log"

    def settings(self) -> Settings:
        return settings_for(
            self.api,
            self.db_url,
            admin_ids=self.admin_ids,
            feed_url=self.feed_url,
            extra_env=self.extra_env,
        )

    async def start(self) -> None:
        settings = self.settings()
        self._attach_log(settings)
        self.starts += 1
        self.app = build_application(settings, router=self.router)
        await self.app.initialize()
        if self.app.post_init:
            await self.app.post_init(self.app)
        if not self.jobs and self.app.job_queue is not None:
            for job in self.app.job_queue.jobs():
                job.schedule_removal()
            assert not self.app.job_queue.jobs(), "jobs still scheduled"
        await start_polling(self.app)
        await self.app.start()
        # The index is built once per test worker (post_init started it): wait for it here,
        # untimed, so a test's first question is not timed against the build (seconds on a
        # loaded machine) but against the answer.
        for lang in LANGS:
            await faq.ready(lang)

    async def stop(self) -> int:
        app, self.app = self.app, None
        if app is not None:
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await app.shutdown()
            if app.post_shutdown:
                await app.post_shutdown(app)
        self._detach_log()
        return 0

    def env(self) -> dict[str, str]:
        """The environment a `python -m bot ...` command beside this application gets (the
        same settings as `settings()`), e.g. `draws sync` on demand."""
        return BotProcess(
            api=self.api,
            db_url=self.db_url,
            workdir=self.workdir,
            admin_ids=self.admin_ids,
            feed_url=self.feed_url,
            extra_env=self.extra_env,
        ).env()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def _attach_log(self, settings: Settings) -> None:
        self._detach_log()
        handler = logging.FileHandler(self.log_path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(NoPersonalData())  # as configure_logging does
        handler.addFilter(
            RedactSecrets(secret_values(settings.telegram_bot_token, settings.webhook_secret))
        )
        root = logging.getLogger()
        root.addHandler(handler)
        self._level = root.level
        root.setLevel(logging.DEBUG)
        self._handler = handler

    def _detach_log(self) -> None:
        if self._handler is not None:
            root = logging.getLogger()
            root.removeHandler(self._handler)
            root.setLevel(self._level)
            self._handler.close()
            self._handler = None

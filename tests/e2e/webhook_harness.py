"""Run the real bot in webhook mode (`python -m bot webhook`) and drive the questionnaire the
way a Telegram user does, through the local Bot API server."""

from __future__ import annotations

import asyncio
import re
import socket
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import SecretStr

from bot.config import Settings
from bot.telegram.app import build_application
from bot.telegram.webhook import WebhookConfig, serve
from tests.e2e.harness import BotProcess
from tests.e2e.inprocess import InProcessBot
from tests.fakes.botapi import BotEvent, FakeBotAPI
from tests.test_questionnaire.helpers import ABILITIES, code_for

SECRET = "e2e_webhook-Secret_42"
HOOK_PATH = "/telegram/hook"
SCORE_RE = re.compile(r"Your CRS score: ([\d,]+)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class WebhookProcess(BotProcess):
    """One `python -m bot webhook` process on 127.0.0.1:`port`.

    `public_url` is WEBHOOK_URL (what the bot registers with setWebhook); by default the
    process's own URL. Several processes behind one "load balancer" share the first one's URL
    and the test adds each further process with `api.add_webhook_target(proc.local_url)`.
    """

    command: ClassVar[str] = "webhook"
    ready_call: ClassVar[str] = "setWebhook"
    name: str = "bot"
    port: int = 0
    secret: str = SECRET
    public_url: str | None = None

    def __post_init__(self) -> None:
        if not self.port:
            self.port = free_port()

    @property
    def log_path(self) -> Any:
        return self.workdir / f"{self.name}.log"

    @property
    def local_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{HOOK_PATH}"

    @property
    def health_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/healthz"

    def env(self) -> dict[str, str]:
        env = super().env()
        env.update(
            WEBHOOK_URL=self.public_url or self.local_url,
            WEBHOOK_SECRET=self.secret,
            WEBHOOK_LISTEN="127.0.0.1",
            PORT=str(self.port),
        )
        env.update(self.extra_env)
        return env


@dataclass
class InProcessWebhook(InProcessBot):
    """The webhook server of `python -m bot webhook` (`bot.telegram.webhook.serve`, tornado on
    127.0.0.1:`port`) inside the test's event loop, with the interface of `WebhookProcess`:
    the same routes, secret check, health endpoint and log, without an interpreter start.
    Signals and the process's exit stay with `WebhookProcess`."""

    port: int = 0
    secret: str = SECRET
    _stop: asyncio.Event | None = None
    _task: asyncio.Task[None] | None = None

    def __post_init__(self) -> None:
        if not self.port:
            self.port = free_port()

    @property
    def local_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{HOOK_PATH}"

    @property
    def health_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/healthz"

    def settings(self) -> Settings:
        return (
            super()
            .settings()
            .model_copy(
                update={
                    "webhook_url": self.local_url,
                    "webhook_secret": SecretStr(self.secret),
                    "webhook_listen": "127.0.0.1",
                    "port": self.port,
                }
            )
        )

    async def start(self, *, timeout: float = 30.0) -> None:
        settings = self.settings()
        config = WebhookConfig.from_settings(settings)
        self._attach_log(settings)
        self.starts += 1
        before = self.api.count("setWebhook")
        self.app = build_application(settings, router=self.router)
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(serve(self.app, config, self._stop))
        async with asyncio.timeout(timeout):
            while self.api.count("setWebhook") <= before:
                if self._task.done():
                    self._task.result()  # serve() failed: its exception, not a timeout
                await asyncio.sleep(0.02)

    async def stop(self) -> int:
        task, self._task = self._task, None
        if task is not None and self._stop is not None:
            self._stop.set()
            await task
        self.app = None
        self._detach_log()
        return 0


# -- the questionnaire, as a Telegram user answers it ----------------------------------------


def question_in(event: BotEvent) -> str | None:
    """The question an event asks: the prefix of its `<id>:back` button."""
    for code in event.codes:
        if code.endswith(":back") and not code.startswith("review:"):
            return code.rsplit(":", 1)[0]
    return None


def _fmt(v: Any) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _value(p: dict[str, Any], qid: str) -> Any:
    if "." in qid:
        language, part = qid.split(".")
        result = p[language]
        if part == "test":
            return "none" if result is None else result["test"]
        return result[part]
    return p[qid]


def _is_step(previous: str | None) -> Any:
    """A bot output that moves the conversation on: a new question, the review or a result."""

    def match(event: BotEvent) -> bool:
        if event.kind == "delete":
            return False
        qid = question_in(event)
        if qid is not None and qid != previous:
            return True
        return "review:confirm" in event.codes or bool(SCORE_RE.search(event.text or ""))

    return match


#: Seconds between a user's inputs: a quick human, below the bot's per-chat flood limit
#: (a burst of 10, then 3 updates a second).
PACE = 0.4


async def complete_questionnaire(
    api: FakeBotAPI,
    chat_id: int,
    p: dict[str, Any],
    *,
    timeout: float = 60.0,
    limit: int = 60,
    pace: float = PACE,
) -> int:
    """Answer /crs from profile `p` (choices by button, numbers typed), confirm the review,
    and return the total the bot shows. Work years must be within the buttons (5, abroad 3)."""
    await api.drain(chat_id)
    await api.send_text(chat_id, "/crs")
    event = await api.wait_for(chat_id, _is_step(None), timeout=timeout)
    for _ in range(limit):
        await asyncio.sleep(pace)
        qid = question_in(event)
        if qid is None or "review:confirm" in event.codes:
            break
        if qid.split(".")[-1] in ABILITIES:
            language = qid.split(".")[0]
            await api.send_text(chat_id, " ".join(_fmt(p[language][a]) for a in ABILITIES))
        elif qid == "age":
            await api.send_text(chat_id, str(p["age"]))
        else:
            await api.press(chat_id, f"{qid}:{code_for(_value(p, qid))}")
        event = await api.wait_for(chat_id, _is_step(qid), timeout=timeout)
    assert "review:confirm" in event.codes, f"no review screen: {event.text!r}"
    await asyncio.sleep(pace)
    await api.press(chat_id, "review:confirm")
    result = await api.wait_for(
        chat_id, lambda e: bool(SCORE_RE.search(e.text or "")), timeout=timeout
    )
    match = SCORE_RE.search(result.text or "")
    assert match is not None
    return int(match.group(1).replace(",", ""))

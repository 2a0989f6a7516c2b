"""A real telegram.ext.Application against FakeBotAPI (polling), and webhook delivery."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakes.botapi import FakeBotAPI


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Ping", callback_data="ping")]],
    )
    await update.effective_message.reply_text(
        f"Welcome! args={context.args}", reply_markup=keyboard
    )


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_message.text is not None
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


async def _button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("pong!")
    await query.edit_message_text(f"pressed {query.data}")


def _build(api: FakeBotAPI) -> Application:
    app = (
        ApplicationBuilder()
        .token(api.token)
        .base_url(f"{api.url}/bot")
        .base_file_url(f"{api.url}/file/bot")
        .build()
    )
    app.add_handler(CommandHandler("start", _start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    app.add_handler(CallbackQueryHandler(_button))
    return app


@pytest.fixture
async def polling_app(api: FakeBotAPI) -> AsyncIterator[Application]:
    app = _build(api)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        yield app
        await app.updater.stop()
        await app.stop()


async def test_polling_app_echo_and_button(
    api: FakeBotAPI,
    polling_app: Application,
) -> None:
    [welcome] = await api.send_and_wait(10, "/start hello")
    assert welcome.kind == "message" and welcome.text == "Welcome! args=['hello']"
    assert welcome.codes == ["ping"]

    [echo] = await api.send_and_wait(10, "How are you?")
    assert echo.text == "echo: How are you?"

    cq_id = await api.press(10, "ping")
    edit = await api.next_event(10)
    assert edit.kind == "edit" and edit.text == "pressed ping"
    assert edit.message_id == welcome.message_id and edit.buttons == []
    answer = await api.wait_callback_answer(cq_id)
    assert answer["text"] == "pong!"
    assert api.messages(10)[0].text == "pressed ping"


async def test_polling_app_many_users(
    api: FakeBotAPI,
    polling_app: Application,
) -> None:
    users = range(1000, 1050)

    async def talk(user: int) -> str | None:
        await api.send_text(user, f"hi {user}")
        return (await api.next_event(user)).text

    replies = await asyncio.gather(*(talk(u) for u in users))
    assert replies == [f"echo: hi {u}" for u in users]


async def test_polling_survives_injected_errors(
    api: FakeBotAPI,
    polling_app: Application,
) -> None:
    # getUpdates fails once; PTB's network retry loop polls again.
    api.fail_next("getUpdates", status=502)
    [echo] = await api.send_and_wait(11, "still there?")
    assert echo.text == "echo: still there?"


async def test_restarted_app_does_not_get_confirmed_updates(api: FakeBotAPI) -> None:
    app = _build(api)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await api.send_and_wait(12, "one")
        await app.updater.stop()
        await app.stop()
    assert api.pending_updates == 0  # the final getUpdates confirmed everything
    await api.send_text(12, "while down")
    app = _build(api)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        event = await api.next_event(12)
        assert event.text == "echo: while down"
        await app.updater.stop()
        await app.stop()


class _Receiver:
    """A tiny webhook receiver: records (path, secret header, update) and answers `status`."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str | None, dict[str, object]]] = []
        self.fail_first = 0
        self.arrived = asyncio.Event()
        self.runner: web.AppRunner | None = None
        self.port = 0

    async def handle(self, request: web.Request) -> web.Response:
        if self.fail_first > 0:
            self.fail_first -= 1
            return web.Response(status=500)
        body = json.loads(await request.read())
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        self.received.append((request.path, secret, body))
        self.arrived.set()
        return web.Response(text="ok")

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/{name}", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        sockets = getattr(site._server, "sockets", None)
        assert sockets
        self.port = sockets[0].getsockname()[1]

    async def wait_count(self, n: int, timeout: float = 5.0) -> None:
        async with asyncio.timeout(timeout):
            while len(self.received) < n:
                self.arrived.clear()
                await self.arrived.wait()


@pytest.fixture
async def receiver() -> AsyncIterator[_Receiver]:
    rec = _Receiver()
    await rec.start()
    yield rec
    assert rec.runner is not None
    await rec.runner.cleanup()


async def test_webhook_delivery_with_secret_and_retry(
    api: FakeBotAPI, receiver: _Receiver, bot: Bot
) -> None:
    await api.send_text(5, "before webhook")  # pending: delivered once the webhook is set
    receiver.fail_first = 1  # first POST fails; the fake retries
    await bot.set_webhook(f"http://127.0.0.1:{receiver.port}/hook", secret_token="tok_1-A")
    await api.send_text(5, "after")
    await receiver.wait_count(2)
    texts = [body["message"]["text"] for _, _, body in receiver.received]  # type: ignore[index]
    assert texts == ["before webhook", "after"]
    assert {secret for _, secret, _ in receiver.received} == {"tok_1-A"}
    await api.wait_no_pending_updates(timeout=2)
    assert [d.status for d in api.webhook_deliveries][:2] == [500, 200]
    info = await bot.get_webhook_info()
    assert info.last_error_message is not None and "500" in info.last_error_message


async def test_webhook_round_robin(api: FakeBotAPI, receiver: _Receiver, bot: Bot) -> None:
    await bot.set_webhook(f"http://127.0.0.1:{receiver.port}/a")
    api.add_webhook_target(f"http://127.0.0.1:{receiver.port}/b")
    for i in range(4):
        await api.send_text(100 + i, f"m{i}")
    await receiver.wait_count(4)
    paths = sorted(path for path, _, _ in receiver.received)
    assert paths == ["/a", "/a", "/b", "/b"]
    await bot.delete_webhook()
    await api.send_text(7, "polled")
    [update] = await bot.get_updates()
    assert update.message is not None and update.message.text == "polled"


def _webhook_port(app: Application) -> int:
    """The port PTB's webhook server (tornado) actually bound."""
    server: Any = app.updater._httpd if app.updater else None
    assert server is not None
    sockets = server._http_server._sockets
    return int(next(iter(sockets.values())).getsockname()[1])


async def test_webhook_app(api: FakeBotAPI) -> None:
    """A PTB Application in webhook mode receives updates pushed by the fake."""
    app = _build(api)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=0,
            url_path="tg",
            webhook_url="http://127.0.0.1:1/placeholder",
            secret_token="hooksecret",
        )
        # PTB binds port 0 to a random port: point the fake at the real one.
        api.webhook_targets = [f"http://127.0.0.1:{_webhook_port(app)}/tg"]
        [welcome] = await api.send_and_wait(20, "/start")
        assert welcome.text == "Welcome! args=[]"
        await app.updater.stop()
        await app.stop()

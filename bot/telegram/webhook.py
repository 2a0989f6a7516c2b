"""Webhook mode (`python -m bot webhook`): our own tornado server in front of the PTB app.

PTB's `run_webhook` checks the secret token but serves nothing else; we need `/healthz` on
the same port, so the `Application` runs without its `Updater` and this module serves:

- `POST <path of WEBHOOK_URL>`: the `X-Telegram-Bot-Api-Secret-Token` header must equal
  `WEBHOOK_SECRET` (constant-time comparison), else 403 and the body is not even parsed. A
  valid update is put on `application.update_queue` and answered 200 at once; the
  per-chat update processor and the database locks take it from there.
- `GET /healthz`: the `bot.health` report as JSON, 200 when healthy, 503 when not.

Start-up: initialise the app (getMe), `post_init` (command menu, jobs), start processing,
listen on `WEBHOOK_LISTEN:PORT` (default 127.0.0.1; the limits against slow or abusive
clients are in bot/telegram/hookserver.py), then `setWebhook(WEBHOOK_URL,
secret_token=WEBHOOK_SECRET, allowed_updates=...)`, so Telegram never posts before we listen.
SIGTERM/SIGINT: stop accepting requests, process the updates already accepted, stop the jobs,
close the database. The webhook is *not* deleted on shutdown: other processes behind the same
URL keep serving it, and Telegram queues updates while none is up.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import signal
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

import tornado.httpserver
import tornado.web
from pydantic import SecretStr
from telegram import Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.config import Settings
from bot.health import check_health
from bot.telegram.app import ALLOWED_UPDATES, build_application
from bot.telegram.botdata import App
from bot.telegram.hookserver import client_ip, make_server, parse_proxies
from bot.telegram.liveness import EXIT_TOKEN_REJECTED
from bot.telegram.slim import slim_update

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
#: Telegram's limit on a secret token: 1-256 characters of A-Z, a-z, 0-9, _ and -.
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
#: Telegram's default (and maximum useful) number of parallel webhook connections.
MAX_CONNECTIONS = 40


class WebhookConfigError(ValueError):
    """Webhook mode cannot start with these settings (the message never holds a secret)."""


@dataclass(frozen=True)
class WebhookConfig:
    url: str
    secret: SecretStr
    path: str
    listen: str
    port: int
    header_timeout: float = 10.0
    max_open: int = 512
    trusted_proxies: frozenset[str] = frozenset()

    @classmethod
    def from_settings(cls, settings: Settings, *, listen: str | None = None) -> WebhookConfig:
        missing = [
            name
            for name, value in (
                ("WEBHOOK_URL", settings.webhook_url),
                ("WEBHOOK_SECRET", settings.webhook_secret),
            )
            if not value
        ]
        if missing:
            raise WebhookConfigError(
                f"webhook mode needs {' and '.join(missing)}: WEBHOOK_URL is the public HTTPS "
                "URL Telegram posts updates to, WEBHOOK_SECRET a random token of 1-256 "
                "characters (A-Z, a-z, 0-9, _ and -); see docs/operations.md"
            )
        assert settings.webhook_url is not None and settings.webhook_secret is not None
        if not SECRET_PATTERN.fullmatch(settings.webhook_secret.get_secret_value()):
            raise WebhookConfigError(
                "WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and - "
                "(Telegram's rule for secret tokens)"
            )
        parts = urlsplit(settings.webhook_url.strip())
        if parts.scheme not in ("https", "http") or not parts.netloc:
            raise WebhookConfigError("WEBHOOK_URL must be an absolute https:// URL")
        try:
            proxies = parse_proxies(settings.webhook_trusted_proxies)
        except ValueError:
            raise WebhookConfigError(
                "WEBHOOK_TRUSTED_PROXIES must be comma-separated IP addresses"
            ) from None
        path = parts.path.rstrip("/") or "/"
        if path == HEALTH_PATH:
            raise WebhookConfigError(f"WEBHOOK_URL's path cannot be {HEALTH_PATH}")
        return cls(
            url=settings.webhook_url.strip(),
            secret=settings.webhook_secret,
            path=path,
            listen=listen if listen is not None else settings.webhook_listen,
            port=settings.port,
            header_timeout=settings.tuning.webhook_header_timeout,
            max_open=settings.tuning.webhook_max_open,
            trusted_proxies=proxies,
        )


class _Quiet(tornado.web.RequestHandler):
    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """A short JSON error, never a traceback."""
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"ok": False, "status": status_code}))


class UpdateHandler(_Quiet):
    SUPPORTED_METHODS = ("POST",)

    def initialize(self, ptb: App, secret: bytes, proxies: frozenset[str]) -> None:
        self.ptb = ptb
        self.secret = secret
        self.proxies = proxies

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, self.secret):
            log.warning(
                "webhook: refused a request from %s: %s secret token",
                client_ip(self.request, self.proxies),
                "wrong" if given else "no",
            )
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        try:
            data = json.loads(self.request.body)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
        except ValueError as exc:
            log.warning("webhook: a request body is not an update (%s)", type(exc).__name__)
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        try:
            update = Update.de_json(slim_update(data), self.ptb.bot)
        except Exception as exc:
            update_id = data.get("update_id")
            if not isinstance(update_id, int):
                log.warning("webhook: a request body is not an update (%s)", type(exc).__name__)
                raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
            # From Telegram (the secret matched) but not parseable: answering an error would
            # make Telegram send it again and again; it is skipped, once.
            log.warning(
                "webhook: skipped update %d: it cannot be parsed (%s)",
                update_id,
                type(exc).__name__,
            )
            self.set_header("Content-Type", "application/json")
            self.finish(b'{"ok":true}')
            return
        log.debug("webhook: update %d accepted", update.update_id)
        await self.ptb.update_queue.put(update)
        self.set_header("Content-Type", "application/json")
        self.finish(b'{"ok":true}')


class HealthHandler(_Quiet):
    SUPPORTED_METHODS = ("GET", "HEAD")

    def initialize(self, ptb: App) -> None:
        self.ptb = ptb

    async def get(self) -> None:
        report = await check_health(self.ptb.bot_data.services.engine)
        self.set_status(HTTPStatus.OK if report.healthy else HTTPStatus.SERVICE_UNAVAILABLE)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(report.to_json()))

    async def head(self) -> None:
        report = await check_health(self.ptb.bot_data.services.engine)
        self.set_status(HTTPStatus.OK if report.healthy else HTTPStatus.SERVICE_UNAVAILABLE)
        self.finish()


class WebApp(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """One DEBUG line per request (the path only: the secret travels in a header)."""
        log.debug("%s %s -> %d", handler.request.method, handler.request.path, handler.get_status())


def make_web_app(application: App, config: WebhookConfig) -> tornado.web.Application:
    secret = config.secret.get_secret_value().encode()
    route = re.escape(config.path.rstrip("/")) + "/?"
    return WebApp(
        [
            (HEALTH_PATH, HealthHandler, {"ptb": application}),
            (
                route,
                UpdateHandler,
                {"ptb": application, "secret": secret, "proxies": config.trusted_proxies},
            ),
        ]
    )


async def register_webhook(application: App, config: WebhookConfig, attempts: int = 3) -> None:
    """setWebhook, retrying network errors and flood waits a few times."""
    for attempt in range(1, attempts + 1):
        try:
            await application.bot.set_webhook(
                config.url,
                secret_token=config.secret.get_secret_value(),
                allowed_updates=ALLOWED_UPDATES,
                max_connections=MAX_CONNECTIONS,
                drop_pending_updates=False,
            )
            return
        except RetryAfter as exc:
            if attempt == attempts:
                raise
            delay = exc.retry_after
            await asyncio.sleep(delay if isinstance(delay, int | float) else delay.total_seconds())
        except NetworkError:
            if attempt == attempts:
                raise
            await asyncio.sleep(attempt)


async def serve(application: App, config: WebhookConfig, stop: asyncio.Event) -> None:
    """Serve until `stop` is set, then shut down in order (see the module docstring)."""
    server: tornado.httpserver.HTTPServer | None = None
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        await application.start()
        server = make_server(
            make_web_app(application, config),
            header_timeout=config.header_timeout,
            max_open=config.max_open,
        )
        server.listen(config.port, address=config.listen)
        log.info(
            "webhook server listening on %s:%d (updates at %s, health at %s)",
            config.listen,
            config.port,
            config.path,
            HEALTH_PATH,
        )
        await register_webhook(application, config)
        log.info("webhook registered with Telegram")
        await stop.wait()
        log.info("stop signal received: finishing the accepted updates")
    finally:
        if server is not None:
            server.stop()
            await server.close_all_connections()
        if application.running:
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
        log.info("webhook server stopped")


def run_webhook(settings: Settings, config: WebhookConfig) -> int:
    application = build_application(settings)
    watch = application.bot_data.services.token_watch

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        watch.on_rejected = stop.set  # a revoked token ends the process, not just the polling
        await serve(application, config, stop)

    try:
        asyncio.run(main())
    except InvalidToken:
        return EXIT_TOKEN_REJECTED
    except TelegramError as exc:
        log.error("webhook mode could not start: %s: %s", type(exc).__name__, exc)
        return 1
    except OSError as exc:
        log.error("webhook server could not listen on %s:%d: %s", config.listen, config.port, exc)
        return 1
    return EXIT_TOKEN_REJECTED if watch.rejected else 0

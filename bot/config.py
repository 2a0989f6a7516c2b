"""Configuration: the one module that reads the environment.

- `Settings`: the public variables (a documented interface: docs/architecture.md,
  .env.example), read from the environment and an optional `.env` file. The bot token and
  the webhook secret are `SecretStr`: their repr is masked, so they never reach a log line
  or an error message by accident.
- `Tuning` (`Settings.tuning`): private knobs with the prefix `BOT_`, for the load benchmark
  and the fault tests. Read from the process environment only (never `.env`), not listed in
  `.env.example`; each is documented below, once.
- `export_library_switches()`: the variables a library reads from the environment itself.
"""

from __future__ import annotations

import os
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

IRCC_ROUNDS_FEED = "https://www.canada.ca/content/dam/ircc/documents/json/ee_rounds_123_en.json"
TELEGRAM_API = "https://api.telegram.org"


def default_database_url() -> str:
    return f"sqlite+aiosqlite:///{Path.cwd() / 'var' / 'bot.sqlite3'}"


def default_cache_dir() -> Path:
    return Path.cwd() / "var" / "cache"


def normalise_database_url(url: str) -> str:
    """Map the URLs people paste (Heroku's postgres://, plain sqlite:///) to async drivers."""
    url = url.strip()
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if url.startswith("sqlite://") and not url.startswith("sqlite+"):
        return "sqlite+aiosqlite://" + url[len("sqlite://") :]
    return url


class Tuning(BaseSettings):
    """Private knobs (see the module docstring). A boolean knob takes on/off, true/false,
    yes/no or 1/0; a malformed value stops the start with a clear error."""

    model_config = SettingsConfigDict(
        env_prefix="BOT_",
        env_file=None,
        extra="ignore",
        case_sensitive=False,
        frozen=True,
        populate_by_name=True,
    )

    #: BOT_RATE_LIMITER=off builds the application without the two-lane limiter
    #: (bot/telegram/lanes.py); bench/load.py's saturation mode measures the bot against a
    #: local Bot API server that has no limit.
    rate_limiter: bool = True
    #: BOT_FLOOD_GUARD=off disables the per-chat flood guard (bot/telegram/flood.py). Only the
    #: benchmark's saturation mode uses it: people acting without pauses send 10+ updates a
    #: second each, which the guard rightly throttles.
    flood_guard: bool = True
    #: BOT_FAQ_WARMUP=off builds the FAQ index on the first question instead of right after
    #: start-up. The tests that start the bot as a process use it: most ask no question, and
    #: each start then saves the index build (about 3 s of CPU).
    faq_warmup: bool = True
    #: BOT_READ_TIMEOUT (seconds, default 20): the Bot API read timeout; the fault tests
    #: shorten it to provoke timeouts in a second rather than twenty.
    read_timeout: float = Field(default=20.0, gt=0)
    #: BOT_OUTBOX_LEASE (seconds, default 120): how long a claimed alert stays with the
    #: process that claimed it. After a crash on PostgreSQL, another process (or the restart)
    #: sends it once the lease is over; the crash test uses 30 s so as not to wait 2 minutes.
    outbox_lease_seconds: float = Field(default=120.0, ge=1, alias="BOT_OUTBOX_LEASE")
    #: BOT_WEBHOOK_HEADER_TIMEOUT (seconds, default 10): a webhook connection that has not
    #: sent a complete request head by then is closed (also the keep-alive idle timeout).
    #: The slow-client test shortens it.
    webhook_header_timeout: float = Field(default=10.0, gt=0)
    #: BOT_WEBHOOK_MAX_OPEN (default 512): open webhook connections at most; more are closed
    #: at once. Telegram itself uses at most 40 (setWebhook max_connections).
    webhook_max_open: int = Field(default=512, ge=1)

    @property
    def outbox_lease(self) -> timedelta:
        return timedelta(seconds=self.outbox_lease_seconds)


class Settings(BaseSettings):
    """The public variables; each is described in .env.example."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_url: str = Field(default=TELEGRAM_API, alias="TELEGRAM_API_URL")
    database_url: str = Field(default_factory=default_database_url, alias="DATABASE_URL")
    admin_chat_ids: Annotated[tuple[int, ...], NoDecode] = Field(default=(), alias="ADMIN_CHAT_IDS")
    draws_feed_url: str = Field(default=IRCC_ROUNDS_FEED, alias="DRAWS_FEED_URL")
    #: IRCC's French twin of the feed, read for the French names of new rounds: unset, the
    #: English URL with ``_fr.json`` for ``_en.json``; empty, not read (`french_feed_url`).
    draws_feed_url_fr: str | None = Field(default=None, alias="DRAWS_FEED_URL_FR")
    draws_poll_interval: int = Field(default=300, ge=10, alias="DRAWS_POLL_INTERVAL")
    #: Alerts and reminders sent per second at most (Telegram's documented limit for bulk
    #: notifications is about 30; raise it for a bot whose limit was raised).
    alerts_per_second: float = Field(default=28.0, gt=0, le=1000, alias="ALERTS_PER_SECOND")
    webhook_url: str | None = Field(default=None, alias="WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(default=None, alias="WEBHOOK_SECRET")
    port: int = Field(default=8080, ge=1, le=65535, alias="PORT")
    #: Loopback by default: the webhook belongs behind a TLS proxy on the same host. Containers
    #: and Procfile platforms, whose router reaches the process from outside, set 0.0.0.0
    #: (compose.yaml, Procfile, docs/operations.md).
    webhook_listen: str = Field(default="127.0.0.1", alias="WEBHOOK_LISTEN")
    #: Proxies whose X-Real-Ip / X-Forwarded-For are believed (comma-separated IPs).
    webhook_trusted_proxies: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), alias="WEBHOOK_TRUSTED_PROXIES"
    )
    log_level: str = Field(default="INFO", alias="LOG_LEVEL")
    #: Where built FAQ indexes are kept between starts (bot/faq/cache.py); empty: not kept.
    faq_cache_dir: Path | None = Field(default_factory=default_cache_dir, alias="FAQ_CACHE_DIR")
    tuning: Tuning = Field(default_factory=Tuning)

    @field_validator("telegram_bot_token", "webhook_secret", mode="before")
    @classmethod
    def _empty_secret_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("faq_cache_dir", mode="before")
    @classmethod
    def _empty_dir_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("database_url", mode="before")
    @classmethod
    def _normalise_url(cls, value: object) -> object:
        if isinstance(value, str):
            return normalise_database_url(value) if value.strip() else default_database_url()
        return value

    @field_validator("admin_chat_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",")]
            try:
                return tuple(int(p) for p in parts if p)
            except ValueError as exc:
                raise ValueError("ADMIN_CHAT_IDS must be comma-separated chat ids") from exc
        if isinstance(value, int):
            return (value,)
        return value

    @field_validator("webhook_trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(p.strip() for p in value.replace(";", ",").split(",") if p.strip())
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @property
    def french_feed_url(self) -> str | None:
        """Where the French names of rounds come from, or None when there is no French feed."""
        if self.draws_feed_url_fr is not None:
            return self.draws_feed_url_fr.strip() or None
        english = self.draws_feed_url
        return english[: -len("_en.json")] + "_fr.json" if english.endswith("_en.json") else None

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@cache
def get_settings() -> Settings:
    return Settings()


def export_library_switches() -> None:
    """Set the environment variables that libraries read themselves, at each use.

    PTB_TIMEDELTA=true: python-telegram-bot 22 reports durations (`RetryAfter.retry_after`)
    as `timedelta` instead of the deprecated integer seconds. PTB reads the variable every
    time such a duration is read, so it must be in the process environment, not in
    `Settings`; `bot.telegram` calls this when it is imported. A value set outside is kept.
    """
    os.environ.setdefault("PTB_TIMEDELTA", "true")

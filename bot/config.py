"""Settings: one typed object read from the environment (and an optional `.env` file).

The variable names are a public interface (see docs/architecture.md and .env.example).
The bot token and the webhook secret are `SecretStr`: their repr is masked, so they
never reach a log line or an error message by accident.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

IRCC_ROUNDS_FEED = "https://www.canada.ca/content/dam/ircc/documents/json/ee_rounds_123_en.json"
TELEGRAM_API = "https://api.telegram.org"


def default_database_url() -> str:
    return f"sqlite+aiosqlite:///{Path.cwd() / 'var' / 'bot.sqlite3'}"


def normalise_database_url(url: str) -> str:
    """Map the URLs people paste (Heroku's postgres://, plain sqlite:///) to async drivers."""
    url = url.strip()
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if url.startswith("sqlite://") and not url.startswith("sqlite+"):
        return "sqlite+aiosqlite://" + url[len("sqlite://") :]
    return url


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_url: str = Field(default=TELEGRAM_API, alias="TELEGRAM_API_URL")
    database_url: str = Field(default_factory=default_database_url, alias="DATABASE_URL")
    admin_chat_ids: Annotated[tuple[int, ...], NoDecode] = Field(default=(), alias="ADMIN_CHAT_IDS")
    draws_feed_url: str = Field(default=IRCC_ROUNDS_FEED, alias="DRAWS_FEED_URL")
    draws_poll_interval: int = Field(default=300, ge=10, alias="DRAWS_POLL_INTERVAL")
    webhook_url: str | None = Field(default=None, alias="WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(default=None, alias="WEBHOOK_SECRET")
    port: int = Field(default=8080, ge=1, le=65535, alias="PORT")
    log_level: str = Field(default="INFO", alias="LOG_LEVEL")

    @field_validator("telegram_bot_token", "webhook_secret", mode="before")
    @classmethod
    def _empty_secret_is_none(cls, value: object) -> object:
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
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@cache
def get_settings() -> Settings:
    return Settings()

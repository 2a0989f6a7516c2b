"""One typed configuration: the public variables and the private `BOT_*` knobs are read in
`bot/config.py` and nowhere else in `bot/`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings, Tuning

BOT = Path(__file__).resolve().parents[1] / "bot"
KNOBS = (
    "BOT_RATE_LIMITER",
    "BOT_FLOOD_GUARD",
    "BOT_FAQ_WARMUP",
    "BOT_READ_TIMEOUT",
    "BOT_OUTBOX_LEASE",
)


@pytest.fixture(autouse=True)
def _no_knobs(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in KNOBS:
        monkeypatch.delenv(name, raising=False)


def settings() -> Settings:
    return Settings(_env_file=None)  # type: ignore[call-arg]


def test_knobs_default_to_production_behaviour() -> None:
    tuning = settings().tuning
    assert tuning.rate_limiter and tuning.flood_guard and tuning.faq_warmup
    assert tuning.read_timeout == 20
    assert tuning.outbox_lease == timedelta(seconds=120)


def test_knobs_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_RATE_LIMITER", "off")
    monkeypatch.setenv("BOT_FLOOD_GUARD", "0")
    monkeypatch.setenv("BOT_FAQ_WARMUP", "no")
    monkeypatch.setenv("BOT_READ_TIMEOUT", "1")
    monkeypatch.setenv("BOT_OUTBOX_LEASE", "30")
    tuning = settings().tuning
    assert not tuning.rate_limiter and not tuning.flood_guard and not tuning.faq_warmup
    assert tuning.read_timeout == 1
    assert tuning.outbox_lease == timedelta(seconds=30)


def test_a_malformed_knob_stops_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_OUTBOX_LEASE", "0")  # below the 1 s floor
    with pytest.raises(ValidationError, match="BOT_OUTBOX_LEASE"):
        settings()
    monkeypatch.setenv("BOT_OUTBOX_LEASE", "30")
    monkeypatch.setenv("BOT_FLOOD_GUARD", "maybe")
    with pytest.raises(ValidationError, match="flood_guard"):
        settings()


def test_knobs_are_never_read_from_the_env_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("BOT_FLOOD_GUARD=off\nLOG_LEVEL=debug\n")
    monkeypatch.chdir(tmp_path)
    loaded = Settings()
    assert loaded.log_level == "DEBUG"  # public variables are read from .env ...
    assert loaded.tuning.flood_guard  # ... private knobs are not
    assert Tuning().flood_guard


def test_webhook_listen_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_LISTEN", "127.0.0.1")
    assert settings().webhook_listen == "127.0.0.1"


def test_webhook_listens_on_loopback_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """Anyone who reaches the port can open connections: the default is 127.0.0.1 (behind a
    proxy on the same host); platforms and containers set 0.0.0.0 themselves."""
    monkeypatch.delenv("WEBHOOK_LISTEN", raising=False)
    assert settings().webhook_listen == "127.0.0.1"
    monkeypatch.setenv("WEBHOOK_TRUSTED_PROXIES", "10.0.0.2, 10.0.0.3")
    assert settings().webhook_trusted_proxies == ("10.0.0.2", "10.0.0.3")


def test_the_french_feed_sits_beside_the_english_one_unless_told() -> None:
    base = {"DATABASE_URL": "sqlite+aiosqlite://", "_env_file": None}
    ircc = Settings(**base)  # type: ignore[arg-type]
    assert ircc.french_feed_url == (
        "https://www.canada.ca/content/dam/ircc/documents/json/ee_rounds_123_fr.json"
    )
    other = Settings(**base, DRAWS_FEED_URL="http://127.0.0.1:9/rounds.json")  # type: ignore[arg-type]
    assert other.french_feed_url is None
    told = Settings(**base, DRAWS_FEED_URL_FR="http://127.0.0.1:9/fr.json")  # type: ignore[arg-type]
    assert told.french_feed_url == "http://127.0.0.1:9/fr.json"
    off = Settings(**base, DRAWS_FEED_URL_FR="")  # type: ignore[arg-type]
    assert off.french_feed_url is None


def test_the_faq_index_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FAQ_CACHE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert settings().faq_cache_dir == tmp_path / "var" / "cache"
    monkeypatch.setenv("FAQ_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert settings().faq_cache_dir == tmp_path / "elsewhere"
    monkeypatch.setenv("FAQ_CACHE_DIR", " ")
    assert settings().faq_cache_dir is None  # empty: built at every start, nothing kept

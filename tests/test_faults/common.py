"""Helpers shared by the fault tests: scripted people and what they saw."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import create_engine, text

from tests.e2e.questionnaire_driver import PhoneUser, expected_total, question_of
from tests.fakes.botapi import FakeBotAPI
from tests.test_questionnaire.helpers import NO_TEST, profile

PROFILES: tuple[dict[str, Any], ...] = (
    profile(),
    profile(age=35, marital_status="married", spouse_canadian=True, education="masters"),
    profile(age=41, education="secondary", first_language=NO_TEST, canadian_work_years=3),
)
TROUBLE = ("went wrong", "no longer active", "faster than I can read")


def people(api: FakeBotAPI, first_chat: int, n: int) -> list[PhoneUser]:
    return [PhoneUser(api, first_chat + i, PROFILES[i % len(PROFILES)]) for i in range(n)]


def assert_clean_conversation(api: FakeBotAPI, user: PhoneUser) -> None:
    """Every question asked once, the right score once, no apology or stale-button reply."""
    messages = [m for m in api.messages(user.chat_id)]
    asked = Counter(q for m in messages if (q := question_of(m)))
    assert all(n == 1 for n in asked.values()), asked
    texts = [m.text or "" for m in messages]
    assert not [t for t in texts if any(bad in t for bad in TROUBLE)], texts
    results = [t for t in texts if "/ 1,200" in t and "Your CRS score" in t]
    assert len(results) == 1
    assert f"{expected_total(user.profile):,} / 1,200" in results[0]


def saved_totals(db_url: str) -> dict[int, int]:
    engine = create_engine(db_url.replace("sqlite+aiosqlite", "sqlite"))
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT chat_id, total FROM profiles"))
            return {int(r[0]): int(r[1]) for r in rows}
    finally:
        engine.dispose()

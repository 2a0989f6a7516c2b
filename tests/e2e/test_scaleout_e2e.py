"""Scale-out: two `python -m bot webhook` processes on one PostgreSQL database, behind one
webhook URL (the local Bot API server round-robins updates over both, as a load balancer
would). Each update is answered once, each alert sent once, the feed recorded once, and
questionnaires whose updates alternate between the processes still score correctly.

PostgreSQL only: SQLite is the single-process default, and these tests are about several
processes sharing the database's row locks, SKIP LOCKED and advisory locks.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import re
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlmodel import Session

from bot.crs import parse_profile, score
from bot.store.models import Subscription, User
from tests.e2e.draws_helpers import cec_round, draws_sync, sql, wait_until
from tests.e2e.webhook_harness import WebhookProcess, complete_questionnaire
from tests.fakes.botapi import FakeBotAPI
from tests.fakes.feed import FakeFeedServer, load_snapshot_rounds
from tests.test_questionnaire.helpers import NO_TEST, profile

pytestmark = [pytest.mark.db, pytest.mark.slow, pytest.mark.postgres]

SUBSCRIBERS = list(range(100_001, 102_001))  # 2,000
QUESTIONNAIRE_USERS = list(range(200_001, 200_051))  # 50
ALERT = "New Express Entry round"
NEW_ROUND = "438"


@pytest.fixture
def pg_url(db_url: str) -> str:
    if not db_url.startswith("postgresql"):
        pytest.skip(
            "scale-out tests need PostgreSQL (several processes share its locks); "
            "set TEST_DATABASE_URL to run them"
        )
    return db_url


@pytest.fixture
async def pair(
    api: FakeBotAPI, feed: FakeFeedServer, pg_url: str, tmp_path: Path
) -> AsyncIterator[tuple[WebhookProcess, WebhookProcess]]:
    """Bot A registers the public webhook URL; bot B shares it and is added as a second
    target, so updates alternate between the two."""
    # Each process sends alerts at up to 150 a second, against a Bot API server limited to
    # 200 a second for the bot (not 30, so that 2,000 alerts take seconds, not minutes):
    # two processes sending at once would exceed it, as two at 28 a second exceed Telegram's
    # 30, so only the delivery lock (one process at a time) keeps every send within it.
    env = {"DRAWS_POLL_INTERVAL": "10", "ALERTS_PER_SECOND": "150"}
    a = WebhookProcess(
        api=api, db_url=pg_url, workdir=tmp_path, name="bot-a", feed_url=feed.url, extra_env=env
    )
    await a.start()
    b = WebhookProcess(
        api=api,
        db_url=pg_url,
        workdir=tmp_path,
        name="bot-b",
        feed_url=feed.url,
        extra_env=env,
        public_url=a.local_url,
    )
    try:
        await b.start()
        api.add_webhook_target(b.local_url)
        assert api.webhook_targets == [a.local_url, b.local_url]
        yield a, b
    finally:
        await asyncio.gather(a.stop(), b.stop())


def add_subscribers(db_url: str, chat_ids: list[int]) -> None:
    engine = create_engine(db_url)
    try:
        with Session(engine) as session:
            session.add_all(User(chat_id=c) for c in chat_ids)
            session.flush()
            session.add_all(Subscription(chat_id=c, mode="cec") for c in chat_ids)
            session.commit()
    finally:
        engine.dispose()


async def test_two_processes_send_each_of_2000_subscribers_one_alert(
    api: FakeBotAPI, feed: FakeFeedServer, pair: tuple[WebhookProcess, WebhookProcess]
) -> None:
    a, b = pair
    db = a.db_url
    # Both processes import the shipped history on first start; it must end up there once.
    await wait_until(
        lambda: sql(db, "SELECT count(*) FROM draws")[0][0] == 438,
        timeout=60,
        what="history import",
    )
    add_subscribers(db, SUBSCRIBERS)
    api.set_rate_limit(200, 1)  # the Bot API's limits are per bot, not per process

    feed.set_rounds([cec_round(NEW_ROUND), *load_snapshot_rounds()])
    # Three polls at the same moment (two on-demand syncs, plus the bots' own poll job when
    # inside the publication window): the advisory lock lets one record the round.
    outs = await asyncio.gather(draws_sync(a), draws_sync(b))
    assert sum(f"new round(s) {NEW_ROUND}" in out for out in outs) <= 1, outs

    await wait_until(
        lambda: sql(db, f"SELECT count(*) FROM draws WHERE number = '{NEW_ROUND}'")[0][0] == 1,
        timeout=60,
        what="the new round recorded",
    )
    assert sql(db, "SELECT count(*) FROM alert_outbox")[0][0] == len(SUBSCRIBERS)

    def pending() -> int:
        return int(
            sql(db, "SELECT count(*) FROM alert_outbox WHERE status <> 'sent'")[0][0]  # type: ignore[index]
        )

    await wait_until(lambda: pending() == 0, timeout=300, what="fan-out to 2,000 subscribers")

    got = Counter(
        {c: sum(1 for m in api.messages(c) if m.text and ALERT in m.text) for c in SUBSCRIBERS}
    )
    wrong = {c: n for c, n in got.items() if n != 1}
    assert not wrong, (
        f"{len(wrong)} subscribers did not get exactly one alert: {list(wrong.items())[:10]}"
    )
    sends = Counter(p.get("chat_id") for m, p in api.calls if m == "sendMessage")
    assert all(sends[c] >= 1 for c in SUBSCRIBERS)
    delivered_ok = Counter(e.chat_id for e in api.all_events if e.kind == "message")
    assert all(delivered_ok[c] == 1 for c in SUBSCRIBERS)

    # The feed log: the round recorded by one poll only, and no two polls overlapping.
    runs = sql(
        db,
        "SELECT started_at, coalesce(finished_at, started_at), result, new_rounds "
        "FROM feed_sync_runs ORDER BY started_at, id",
    )
    assert sum(r[3] for r in runs) == 1, runs
    for (_, end, *_), (start, *_) in itertools.pairwise(runs):
        assert start >= end, f"overlapping polls: {runs}"

    # One process delivers at a time (an advisory lock), so the two together stay within the
    # bot's limit: not one send was refused with a 429.
    sent = {p.name: sum(int(n) for n in re.findall(r"alerts: (\d+) sent", p.log())) for p in (a, b)}
    print(f"alerts sent per process: {sent}")
    assert sum(sent.values()) == len(SUBSCRIBERS)
    refused = [e for e in api.errors if e[0] == "sendMessage" and e[1] == 429]
    assert not refused, f"{len(refused)} sends refused with 429: {refused[:3]}"
    assert "Traceback" not in a.log() + b.log()


def random_profile(rng: random.Random) -> dict[str, Any]:
    """A valid profile answerable with the buttons (work years within 5, abroad 3)."""
    marital = rng.choice(["single", "married", "common_law", "divorced", "widowed"])
    education = rng.choice(
        ["secondary", "one_year", "two_year", "bachelors", "two_or_more", "masters", "doctoral"]
    )
    if education == "secondary":
        canadian = "none"
    elif education in ("one_year", "two_year"):
        canadian = rng.choice(["none", "one_or_two_year"])
    else:
        canadian = rng.choice(["none", "one_or_two_year", "three_year_plus"])

    def celpip() -> dict[str, Any]:
        return {
            "test": "celpip",
            **{a: rng.randint(4, 12) for a in ("listening", "reading", "writing", "speaking")},
        }

    def ielts() -> dict[str, Any]:
        return {
            "test": "ielts",
            **{
                a: rng.choice([4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9])
                for a in ("listening", "reading", "writing", "speaking")
            },
        }

    partnered = marital in ("married", "common_law")
    spouse_canadian = partnered and rng.random() < 0.2
    spouse_accompanying = partnered and not spouse_canadian and rng.random() < 0.8
    p = profile(
        age=rng.randint(18, 47),
        marital_status=marital,
        spouse_canadian=spouse_canadian,
        spouse_accompanying=spouse_accompanying,
        education=education,
        canadian_education=canadian,
        first_language=rng.choice([celpip, ielts])(),
        canadian_work_years=rng.randint(0, 5),
        foreign_work_years=rng.randint(0, 3),
        certificate_of_qualification=rng.random() < 0.1,
        provincial_nomination=rng.random() < 0.1,
        sibling_in_canada=rng.random() < 0.2,
    )
    if spouse_accompanying:
        p["spouse_education"] = rng.choice(["secondary", "bachelors", "masters"])
        p["spouse_canadian_work_years"] = rng.randint(0, 5)
        p["spouse_language"] = rng.choice([None, ielts()])
    assert p["first_language"] != NO_TEST
    return p


async def test_50_users_do_the_questionnaire_across_both_processes(
    api: FakeBotAPI, pair: tuple[WebhookProcess, WebhookProcess]
) -> None:
    a, b = pair
    rng = random.Random(20261124)
    profiles = {chat: random_profile(rng) for chat in QUESTIONNAIRE_USERS}
    expected = {chat: score(parse_profile(p)).total for chat, p in profiles.items()}
    assert len(set(expected.values())) > 10, "the sample covers many different scores"

    shown = await asyncio.gather(
        *(complete_questionnaire(api, chat, p, timeout=120) for chat, p in profiles.items())
    )
    got = dict(zip(profiles, shown, strict=True))
    wrong = {c: (got[c], expected[c]) for c in profiles if got[c] != expected[c]}
    assert not wrong, f"shown vs expected: {wrong}"

    saved = dict(
        sql(
            a.db_url,
            "SELECT chat_id, total FROM profiles WHERE chat_id BETWEEN "
            f"{QUESTIONNAIRE_USERS[0]} AND {QUESTIONNAIRE_USERS[-1]}",
        )
    )
    assert saved == expected

    # Each chat's updates really went to both processes, each update exactly once.
    await api.wait_no_pending_updates(timeout=30)
    ok = [d for d in api.webhook_deliveries if d.status == 200]
    assert len({d.update_id for d in ok}) == len(ok)
    per_target = Counter(d.url for d in ok)
    assert set(per_target) == {a.local_url, b.local_url}
    assert min(per_target.values()) > len(ok) // 3, per_target
    assert "Traceback" not in a.log() + b.log()


RACERS = list(range(300_001, 300_021))  # 20 chats that double-tap
STALE = "no longer active"


async def test_conflicting_presses_of_one_chat_on_two_processes_are_serialised(
    api: FakeBotAPI, pair: tuple[WebhookProcess, WebhookProcess]
) -> None:
    """A user taps "Single" then "Married" at once: the two updates go to different processes
    and run concurrently. Serialised per chat in the database, one tap wins and the other is
    told its button is stale; both accepted would leave two different "next" questions."""
    a, b = pair
    for chat in RACERS:
        await api.send_text(chat, "/crs")
    for chat in RACERS:
        await api.wait_for(chat, lambda e: "marital_status:back" in e.codes, timeout=60)

    await api.wait_no_pending_updates(timeout=60)
    first_tap = max(d.update_id for d in api.webhook_deliveries) + 1
    for chat in RACERS:
        await api.press(chat, "marital_status:single")
        await api.press(chat, "marital_status:married")
    await api.wait_no_pending_updates(timeout=60)
    await api.wait_idle(1.0, timeout=60)

    next_question = {"single": "age", "married": "spouse_canadian"}
    for chat in RACERS:
        events = [e for e in api.events(chat) if e.kind in ("message", "edit")]
        after = events[
            [i for i, e in enumerate(events) if "marital_status:back" in e.codes][-1] + 1 :
        ]
        asked = {
            code.rsplit(":", 1)[0]
            for e in after
            for code in e.codes
            if code.endswith(":back") and not code.startswith("review:")
        }
        stale = sum(STALE in (e.text or "") for e in after)
        [(state,)] = sql(a.db_url, f"SELECT state FROM questionnaire_states WHERE chat_id={chat}")
        winner = state["answers"]["marital_status"]
        assert stale == 1, f"chat {chat}: {stale} stale notices; replies asked {asked}"
        assert asked == {next_question[winner]}, f"chat {chat}: {winner} but asked {asked}"
        assert state["current"] == next_question[winner]

    # The two taps of a chat went to different processes for many chats (round robin).
    served = {d.update_id: d.url for d in api.webhook_deliveries if d.status == 200}
    split = sum(
        served[first_tap + 2 * i] != served[first_tap + 2 * i + 1] for i in range(len(RACERS))
    )
    print(f"double taps split over the two processes: {split} of {len(RACERS)} chats")
    assert split >= len(RACERS) // 4
    assert "Traceback" not in a.log() + b.log()

"""Rush mode of bench/load.py: a new round's alerts to N subscribers while people use the bot.

    .venv/bin/python bench/load.py --mode rush [--subscribers 10000] [--users 200]
                                   [--backend sqlite|postgresql|both] [--limit-people]

The bot runs in its default configuration (`python -m bot run`, no BOT_* knobs: the two
lanes of bot/telegram/lanes.py, ALERTS_PER_SECOND 28, the flood guard on). Before it starts,
N subscribers (chats that never wrote to the bot) are written to a fresh database; the feed
(tests/fakes/feed.py) serves the shipped history, so start-up records nothing new. Then the
feed gets a new CEC round, `python -m bot draws sync` records it (N outbox rows) and, once
the first alert is out, the people of bench/load.py arrive over `--arrival` seconds and do
the questionnaire with 0.5-2 s pauses while the fan-out runs.

The local Bot API server enforces Telegram's limits as the bot meets them: at most 30 sends
a second to chats that did not write to the bot (the broadcast limit) and 1 a second in each
of those chats; answer 429 with retry_after beyond. Replies to the people are not part of
the broadcast (Telegram documents the 30/s for bulk notifications); `--limit-people` also
applies the 1-a-second limit to each person's chat, to show that a 429 there is absorbed
(the person sees a later reply, never an error).

Reported: reaction p50/p95/p99 and lost, duplicated and out-of-order replies (as in the
pauses mode); alerts delivered exactly once / missing / twice; alerts per second on average
(first to last alert), while the people were active, and the most in any one second
(sliding window over the moments the server counted each accepted send); the 429s the server
answered in the people's chats and in the subscribers'.
"""

from __future__ import annotations

import asyncio
import bisect
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert

from bench.load import (
    BAD_TEXT,
    PROFILES,
    Person,
    StampedAPI,
    bot_env,
    duplicates,
    fresh_database,
    pct,
    run_person,
    script,
    start_process,
    stop_process,
)
from bench.subscribers import subscriber_rows
from bot.store import migrate
from bot.store.models import Subscription, User
from bot.store.types import utcnow
from tests.e2e.draws_helpers import cec_round
from tests.fakes.botapi import _ApiError
from tests.fakes.feed import FakeFeedServer, load_snapshot_rounds

SUBSCRIBER_BASE = 1_000_000
PEOPLE_BASE = 100_000


class RushAPI(StampedAPI):
    """Broadcast limits on the subscribers' chats; the people's chats optionally per-chat."""

    def __init__(self, people: set[int], *, limit_people: bool) -> None:
        super().__init__()
        self.people = people
        self.limit_people = limit_people
        self.rejected: Counter[str] = Counter()  # "people" / "subscribers" -> 429s answered
        #: When each send to a subscriber passed the limits (the moment the server counts).
        self.broadcast: list[float] = []

    def _check_rate(self, chat_id: Any) -> None:
        person = chat_id in self.people
        if person and not self.limit_people:
            return
        saved = self._rate_global
        if person:
            self._rate_global = None  # a reply is not a broadcast: per-chat limit only
        try:
            super()._check_rate(chat_id)
            if not person:
                # The server's own clock reading for this send: a second reading could land
                # a few ms later on a busy machine and push a send into the next window.
                self.broadcast.append(self.last_rate_check)
        except _ApiError as exc:
            if exc.status == 429:
                self.rejected["people" if person else "subscribers"] += 1
            raise
        finally:
            self._rate_global = saved


def seed_subscribers(db_url: str, count: int) -> None:
    engine = create_engine(db_url.replace("sqlite+aiosqlite", "sqlite"))
    users, subs = subscriber_rows(SUBSCRIBER_BASE, count, utcnow())
    with engine.begin() as conn:
        conn.execute(insert(User), users)  # type: ignore[arg-type]
        conn.execute(insert(Subscription), subs)  # type: ignore[arg-type]
    engine.dispose()


async def draws_sync(env: dict[str, str], workdir: Path) -> str:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "draws",
        "sync",
        cwd=workdir,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(out.decode(errors="replace")[-2000:])
    return out.decode(errors="replace")


async def first_alert(api: RushAPI, subs: range, *, at_most: float = 60.0) -> None:
    """Return once the fan-out has begun (the first alert was recorded)."""
    deadline = time.monotonic() + at_most
    for _ in range(int(at_most / 0.05)):
        if any(api.stamps.get(c) for c in subs[:500]) or time.monotonic() > deadline:
            return
        await asyncio.sleep(0.05)


def most_in_one_second(times: list[float]) -> int:
    """The most timestamps in any window [t, t + 1 s) (t at a timestamp: that is the max)."""
    ordered = sorted(times)
    return max((bisect.bisect_left(ordered, t + 1.0) - i for i, t in enumerate(ordered)), default=0)


async def run_rush(
    *,
    backend: str,
    users: int,
    arrival: float,
    subscribers: int,
    pg_url: str,
    seed: int,
    limit_people: bool,
) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix=f"load-rush-{backend}-"))
    rng = random.Random(seed)
    people = [Person(PEOPLE_BASE + i, PROFILES[i % len(PROFILES)]) for i in range(users)]
    subs = range(SUBSCRIBER_BASE, SUBSCRIBER_BASE + subscribers)
    api = RushAPI({p.chat_id for p in people}, limit_people=limit_people)
    feed = FakeFeedServer()
    feed.set_rounds(load_snapshot_rounds())
    await api.start()
    await feed.start()
    try:
        db_url = fresh_database(backend, pg_url, workdir)
        await asyncio.to_thread(migrate.upgrade, db_url)
        await asyncio.to_thread(seed_subscribers, db_url, subscribers)
        env = {"DATABASE_URL": db_url, "DRAWS_FEED_URL": feed.url}  # nothing else: defaults
        proc = await start_process(api, ["-m", "bot", "run"], env, workdir)
        try:
            api.set_rate_limit(30, 1)
            feed.set_rounds([cec_round("438"), *load_snapshot_rounds()])
            synced = await draws_sync(bot_env(api, env), workdir)
            await first_alert(api, subs)
            arrivals = [rng.uniform(0, arrival) for _ in people]
            people_start = time.monotonic()
            await asyncio.gather(
                *(
                    run_person(api, p, arrive=a, pauses=True, rng=random.Random(seed + p.chat_id))
                    for p, a in zip(people, arrivals, strict=True)
                )
            )
            people_end = time.monotonic()
            # The fan-out goes on: wait until every subscriber has an alert or nothing moves.
            last, still = -1, time.monotonic()
            while True:
                got = sum(1 for c in subs if api.stamps.get(c))
                if got >= subscribers:
                    break
                if got != last:
                    last, still = got, time.monotonic()
                elif time.monotonic() - still > 60:
                    break
                await asyncio.sleep(1.0)
            await asyncio.sleep(3.0)  # late duplicates have a chance to show up
        finally:
            await stop_process(proc)
        per_chat = Counter({c: len(api.stamps.get(c, [])) for c in subs})
        every_send = sorted(api.broadcast)  # as the server counted them
        span = every_send[-1] - every_send[0] if len(every_send) > 1 else float("nan")
        during = [t for t in every_send if people_start <= t <= people_end]
        latencies = [x for p in people for x in p.latencies]
        actions = sum(p.done for p in people)
        expected = sum(len(script(p.profile)) for p in people)
        bad = {
            name: sum(
                1
                for p in people
                for e in api.events(p.chat_id)
                if marker.lower() in (e.text or "").lower()
            )
            for name, marker in BAD_TEXT.items()
        }
        return {
            "mode": "rush",
            "backend": backend,
            "users": users,
            "subscribers": subscribers,
            "limit_people": limit_people,
            "sync": synced.strip().splitlines()[-1:] or [""],
            "actions": actions,
            "expected_actions": expected,
            "lost": sum(p.lost for p in people) + (expected - actions),
            "duplicated": sum(duplicates(api, p.chat_id) for p in people),
            "out_of_order": sum(p.out_of_order for p in people),
            **bad,
            "p50_ms": pct(latencies, 0.50) * 1000,
            "p95_ms": pct(latencies, 0.95) * 1000,
            "p99_ms": pct(latencies, 0.99) * 1000,
            "max_ms": max(latencies, default=float("nan")) * 1000,
            "alerts_once": sum(1 for n in per_chat.values() if n == 1),
            "alerts_missing": sum(1 for n in per_chat.values() if n == 0),
            "alerts_twice": sum(n - 1 for n in per_chat.values() if n > 1),
            "alerts_per_s_avg": (len(every_send) - 1) / span if span == span and span else 0.0,
            "alerts_per_s_while_people": len(during) / (people_end - people_start),
            "alerts_max_in_1s": most_in_one_second(every_send),
            "fanout_s": span,
            "people_s": people_end - people_start,
            "429_people": api.rejected["people"],
            "429_subscribers": api.rejected["subscribers"],
        }
    finally:
        await feed.stop()
        await api.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def show_rush(r: dict[str, Any]) -> None:
    print(
        f"rush {r['backend']:10} subscribers={r['subscribers']} users={r['users']} "
        f"limit_people={r['limit_people']} | actions={r['actions']}/{r['expected_actions']} "
        f"lost={r['lost']} dup={r['duplicated']} ooo={r['out_of_order']} err={r['error']} "
        f"stale={r['stale']} flood={r['flood']} | reaction p50={r['p50_ms']:.0f} "
        f"p95={r['p95_ms']:.0f} p99={r['p99_ms']:.0f} max={r['max_ms']:.0f} ms | alerts once="
        f"{r['alerts_once']} missing={r['alerts_missing']} twice={r['alerts_twice']} "
        f"avg={r['alerts_per_s_avg']:.2f}/s while-people={r['alerts_per_s_while_people']:.2f}/s "
        f"max-in-1s={r['alerts_max_in_1s']} over {r['fanout_s']:.1f} s | 429s: people="
        f"{r['429_people']} subscribers={r['429_subscribers']}",
        flush=True,
    )

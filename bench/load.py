"""Load benchmark: simulated people against the real bot process over the local Bot API server.

Run:  .venv/bin/python bench/load.py [--users 200] [--arrival 10] [--backend sqlite|postgresql|both]
                                     [--mode pauses|saturation|both|rush] [--pg-url URL]
                                     [--subscribers 10000] [--limit-people]

The bot is `python -m bot run` (a subprocess, built with BOT_RATE_LIMITER=off); the people and
the local Bot API server (tests/fakes/botapi.py) live in this process. Each person arrives at
a random moment in the first `--arrival` seconds, sends /crs, answers the whole questionnaire
(buttons, typed age and typed scores "8 7 6.5 7"), confirms the review, then asks two FAQ
questions. Three profiles take different branches (single; married with an accompanying
spouse and a second language; no language test).

- pauses: a random 0.5-2 s before each action, as a person reading and tapping. Reported:
  time from each action (the update being queued for getUpdates) to the bot's first visible
  reaction in that chat (a sent or edited message), p50/p95/p99; and lost replies (the
  expected screen never came within 30 s), duplicated replies (a question, result or answer
  sent twice), out-of-order replies (a screen other than the expected next one), stale or
  error replies, and wrong scores.
- saturation: no pauses, everyone at once, each person acting as soon as the previous answer
  arrives. Reported: updates handled per second. In the same run a minimal PTB echo bot
  (bench/echo_bot.py: same concurrency, no database, PTB's own HTTP client) gets the same
  people and the same number of actions; our updates/s is printed as a ratio of that
  baseline's. A second echo run on the bot's own HTTP client (aiohttp, bot/telegram/http.py)
  is printed beside it as a stricter reference. The bot runs with BOT_FLOOD_GUARD=off here
  (people without pauses are, by design, a flood).

- rush (bench/rush.py): a new round's alerts to `--subscribers` chats while the people do
  the questionnaire with pauses; the bot in its default configuration (two lanes on), the
  server enforcing Telegram's broadcast limits. Reported: reactions as in pauses, alerts
  exactly once, alerts per second (average and the most in any second), 429s.

Every run also reports the bot's CPU per update (user + system seconds of the bot process
while the people act, divided by the actions; start-up work such as the FAQ index is done
before the people arrive).

BENCH_PROFILE=/tmp/bot.prof runs the bot under cProfile (main thread only).
BENCH_PYSPY=/tmp/bot.txt samples the bot with py-spy while the people act (raw flame-graph
lines; py-spy is not a project dependency: BENCH_PYSPY_BIN names it if it is not on PATH).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PTB_TIMEDELTA", "true")

from sqlalchemy import create_engine, text  # noqa: E402

from bot.crs import parse_profile, score  # noqa: E402
from tests.fakes.botapi import BotEvent, FakeBotAPI  # noqa: E402
from tests.test_questionnaire.helpers import (  # noqa: E402
    ABILITIES,
    NO_TEST,
    _fmt,
    _value,
    code_for,
    expected_questions,
    profile,
)

TOTAL = re.compile(r"Your CRS score: ([\d,]+) / 1,200")
FAQ_QUESTIONS = (
    "my work permit expires friday and i applied to extend, can i keep working?",
    "does self employed freelance work count towards cec hours",
)
PROFILES: tuple[dict[str, Any], ...] = (
    profile(),
    profile(
        marital_status="married",
        spouse_canadian=False,
        spouse_accompanying=True,
        age=33,
        education="masters",
        canadian_education="one_or_two_year",
        first_language={
            "test": "celpip",
            "listening": 10,
            "reading": 9,
            "writing": 8,
            "speaking": 9,
        },
        second_language={
            "test": "tef",
            "listening": 450,
            "reading": 440,
            "writing": 430,
            "speaking": 460,
        },
        canadian_work_years=2,
        foreign_work_years=3,
        sibling_in_canada=True,
        spouse_education="bachelors",
        spouse_canadian_work_years=1,
        spouse_language={
            "test": "ielts",
            "listening": 7,
            "reading": 6,
            "writing": 6,
            "speaking": 6.5,
        },
    ),
    profile(age=41, education="secondary", first_language=NO_TEST, canadian_work_years=3),
)
BAD_TEXT = {
    "error": "something went wrong",
    "stale": "no longer active",
    "flood": "faster than I can read",
}
WAIT = 30.0
WARM_UP_CHAT = 99_999


# -- the script of one person ----------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    kind: str  # "text" | "press"
    payload: str
    expect: str  # question id, "review", "result" or "faq"


def script(p: dict[str, Any]) -> list[Action]:
    screens = [
        q for q in expected_questions(p) if not q.endswith((".reading", ".writing", ".speaking"))
    ]
    actions = [Action("text", "/crs", screens[0])]
    for i, qid in enumerate(screens):
        nxt = screens[i + 1] if i + 1 < len(screens) else "review"
        if qid.endswith(".listening"):
            language = qid.split(".")[0]
            typed = " ".join(_fmt(p[language][a]) for a in ABILITIES)
            actions.append(Action("text", typed, nxt))
        elif qid == "age":
            actions.append(Action("text", str(p["age"]), nxt))
        else:
            value = _value(p, qid)
            top = {"foreign_work_years": 3}.get(qid, 5)
            if isinstance(value, int) and not isinstance(value, bool):
                value = min(value, top)
            actions.append(Action("press", f"{qid}:{code_for(value)}", nxt))
    actions.append(Action("press", "review:confirm", "result"))
    actions += [Action("text", q, "faq") for q in FAQ_QUESTIONS]
    return actions


def question_of(event: BotEvent) -> str | None:
    for code in event.codes:
        if code.endswith(":back") and not code.startswith("review:"):
            return code.rsplit(":", 1)[0]
    return None


def screen_of(event: BotEvent) -> str | None:
    if event.kind != "message":
        return None
    qid = question_of(event)
    if qid:
        return qid
    body = event.text or ""
    if "review:confirm" in event.codes:
        return "review"
    if TOTAL.search(body):
        return "result"
    if "Source:" in body:
        return "faq"
    return None


# -- the server with timestamps ---------------------------------------------------------------


class StampedAPI(FakeBotAPI):
    """FakeBotAPI that notes when each bot output in a chat was recorded."""

    def __init__(self) -> None:
        super().__init__()
        self.stamps: dict[int, list[float]] = {}

    def _record(self, event: BotEvent) -> None:
        self.stamps.setdefault(event.chat_id, []).append(time.monotonic())
        super()._record(event)


@dataclass
class Person:
    chat_id: int
    profile: dict[str, Any]
    echo: bool = False
    latencies: list[float] = field(default_factory=list)
    lost: int = 0
    out_of_order: int = 0
    done: int = 0
    total: int | None = None
    finished_at: float = 0.0


async def wait_screen(api: StampedAPI, person: Person, start: int, expect: str) -> bool:
    """Wait for the expected screen among the chat's outputs from index `start` on."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    seen = start
    while True:
        events = api.events(person.chat_id)
        for event in events[seen:]:
            if person.echo:
                return True
            got = screen_of(event)
            if got == expect:
                if expect == "result":
                    match = TOTAL.search(event.text or "")
                    person.total = int(match.group(1).replace(",", "")) if match else None
                return True
            if got is not None:
                person.out_of_order += 1
        seen = len(events)
        remaining = deadline - loop.time()
        if remaining <= 0:
            return False
        await api._signal(person.chat_id).wait(remaining)


async def run_person(
    api: StampedAPI, person: Person, *, arrive: float, pauses: bool, rng: random.Random
) -> None:
    await asyncio.sleep(arrive)
    for action in script(person.profile):
        if pauses:
            await asyncio.sleep(rng.uniform(0.5, 2.0))
        start = len(api.events(person.chat_id))
        t0 = time.monotonic()
        if action.kind == "text":
            await api.send_text(person.chat_id, action.payload)
        elif person.echo:
            last = api.events(person.chat_id)[-1].message_id
            await api.press(person.chat_id, action.payload, message_id=last)
        else:
            await api.press(person.chat_id, action.payload)
        if not await wait_screen(api, person, start, action.expect):
            person.lost += 1
            return
        stamps = api.stamps[person.chat_id]
        person.latencies.append(stamps[start] - t0)
        person.done += 1
        person.finished_at = time.monotonic()


def duplicates(api: StampedAPI, chat_id: int) -> int:
    seen: dict[str, int] = {}
    for event in api.events(chat_id):
        key = screen_of(event)
        if key is not None:
            seen[key] = seen.get(key, 0) + 1
    extra = sum(n - 1 for key, n in seen.items() if key != "faq")
    return extra + max(0, seen.get("faq", 0) - len(FAQ_QUESTIONS))


# -- the bot process --------------------------------------------------------------------------


def bot_env(api: FakeBotAPI, env_extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_URL=api.url,
        ADMIN_CHAT_IDS="999",
        DRAWS_FEED_URL="http://127.0.0.1:9/ee_rounds_123_en.json",
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        PTB_TIMEDELTA="true",
    )
    env.update(env_extra)
    return env


async def start_process(
    api: FakeBotAPI, argv: list[str], env_extra: dict[str, str], workdir: Path
) -> asyncio.subprocess.Process:
    env = bot_env(api, env_extra)
    polls = api.count("getUpdates")
    log = (workdir / "process.log").open("ab")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, *argv, cwd=workdir, env=env, stdout=log, stderr=log
    )
    log.close()
    deadline = time.monotonic() + 60
    while api.count("getUpdates") <= polls:
        if proc.returncode is not None or time.monotonic() > deadline:
            raise RuntimeError((workdir / "process.log").read_text(errors="replace")[-3000:])
        await asyncio.sleep(0.05)
    await asyncio.sleep(2.5)  # start-up jobs (history import, first feed poll) settle
    await api.wait_idle(0.5)
    # One question first: it waits for the FAQ index the bot builds in the background after
    # start-up, so that work is not counted as CPU per update.
    await api.send_text(WARM_UP_CHAT, FAQ_QUESTIONS[0])
    await api.next_event(WARM_UP_CHAT, timeout=120)
    await cpu_quiet(proc.pid)
    return proc


async def start_py_spy(pid: int) -> asyncio.subprocess.Process | None:
    """BENCH_PYSPY=/tmp/bot.txt (and py-spy on PATH or in BENCH_PYSPY_BIN): sample the bot
    process while the people act, as raw flame-graph lines."""
    out = os.environ.get("BENCH_PYSPY")
    if not out:
        return None
    exe = os.environ.get("BENCH_PYSPY_BIN", "py-spy")
    extra = os.environ.get("BENCH_PYSPY_ARGS", "").split()  # e.g. "--gil --threads"
    argv = [exe, "record", "-p", str(pid), "-r", "250", "-f", "raw", "-o", out, *extra]
    spy = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    await asyncio.sleep(0.3)
    return spy


async def stop_py_spy(spy: asyncio.subprocess.Process | None) -> None:
    if spy is not None and spy.returncode is None:
        spy.send_signal(signal.SIGINT)
        await spy.wait()


async def cpu_quiet(pid: int, *, at_most: float = 120.0) -> None:
    """Wait until the process has finished its start-up work (the FAQ index is built in a
    background thread): under a fifth of a CPU for a second. Otherwise that work would be
    counted as CPU per update."""
    deadline = time.monotonic() + at_most
    last = cpu_seconds(pid)
    while time.monotonic() < deadline:
        await asyncio.sleep(1.0)
        now = cpu_seconds(pid)
        if now - last < 0.2:
            return
        last = now


async def stop_process(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), 30)
        except TimeoutError:
            proc.kill()
            await proc.wait()


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fresh_database(backend: str, pg_url: str, workdir: Path) -> str:
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}"
    admin = create_engine(pg_url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    # Named after the given database, so benchmarks of several checkouts sharing one server
    # do not drop each other's database.
    name = f"bench_load_{pg_url.rsplit('/', 1)[1]}"
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    url = pg_url.rsplit("/", 1)[0] + f"/{name}"
    return url


# -- one run ----------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run(
    *, target: str, backend: str, pauses: bool, users: int, arrival: float, pg_url: str, seed: int
) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix=f"load-{target}-{backend}-"))
    api = StampedAPI()
    await api.start()
    try:
        if target == "bot":
            db_url = fresh_database(backend, pg_url, workdir)
            if backend == "postgresql":
                from bot.store import migrate

                await asyncio.to_thread(migrate.upgrade, db_url)
            env = {"DATABASE_URL": db_url, "BOT_RATE_LIMITER": "off"}
            if not pauses:
                # No pauses means each person acts 10+ times a second: the flood guard would
                # rightly throttle them, so saturation measures the pipeline without it.
                env["BOT_FLOOD_GUARD"] = "off"
            argv = ["-m", "bot", "run"]
            if os.environ.get("BENCH_PROFILE"):  # cProfile the bot process into this file
                argv = ["-m", "cProfile", "-o", os.environ["BENCH_PROFILE"], *argv]
            proc = await start_process(api, argv, env, workdir)
        else:
            client = "aiohttp" if target == "echo-aiohttp" else "ptb"
            argv = [str(ROOT / "bench" / "echo_bot.py")]
            proc = await start_process(api, argv, {"ECHO_CLIENT": client}, workdir)
        rng = random.Random(seed)
        people = [
            Person(100_000 + i, PROFILES[i % len(PROFILES)], echo=target != "bot")
            for i in range(users)
        ]
        arrivals = [rng.uniform(0, arrival) if arrival else 0.0 for _ in people]
        spy = await start_py_spy(proc.pid) if target == "bot" else None
        started = time.monotonic()
        cpu_before = cpu_seconds(proc.pid)
        try:
            await asyncio.gather(
                *(
                    run_person(api, p, arrive=a, pauses=pauses, rng=random.Random(seed + p.chat_id))
                    for p, a in zip(people, arrivals, strict=True)
                )
            )
            cpu_used = cpu_seconds(proc.pid) - cpu_before
            await stop_py_spy(spy)
            await asyncio.sleep(0.5)  # late duplicates have a chance to show up
        finally:
            await stop_process(proc)
        wall = max(p.finished_at for p in people) - started
        latencies = [x for p in people for x in p.latencies]
        actions = sum(p.done for p in people)
        expected_actions = sum(len(script(p.profile)) for p in people)
        bad = {
            name: sum(
                1
                for p in people
                for e in api.events(p.chat_id)
                if marker.lower() in (e.text or "").lower()
            )
            for name, marker in BAD_TEXT.items()
        }
        result: dict[str, Any] = {
            "target": target,
            "backend": backend if target == "bot" else "-",
            "mode": "pauses" if pauses else "saturation",
            "users": users,
            "actions": actions,
            "expected_actions": expected_actions,
            "lost": sum(p.lost for p in people) + (expected_actions - actions),
            "duplicated": 0 if target != "bot" else sum(duplicates(api, p.chat_id) for p in people),
            "out_of_order": sum(p.out_of_order for p in people),
            "wrong_scores": 0
            if target != "bot"
            else sum(1 for p in people if p.total != score(parse_profile(p.profile)).total),
            **bad,
            "p50_ms": pct(latencies, 0.50) * 1000,
            "p95_ms": pct(latencies, 0.95) * 1000,
            "p99_ms": pct(latencies, 0.99) * 1000,
            "max_ms": max(latencies, default=float("nan")) * 1000,
            "mean_ms": (statistics.fmean(latencies) * 1000) if latencies else float("nan"),
            "wall_s": wall,
            "updates_per_s": actions / wall if wall > 0 else 0.0,
            "cpu_ms_per_update": cpu_used / actions * 1000 if actions else float("nan"),
        }
        return result
    finally:
        await api.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()
    return (
        f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {load[0]:.1f} at start, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )


def show(r: dict[str, Any]) -> None:
    print(
        f"{r['target']:12} {r['backend']:10} {r['mode']:10} users={r['users']} "
        f"actions={r['actions']}/{r['expected_actions']} lost={r['lost']} "
        f"dup={r['duplicated']} ooo={r['out_of_order']} wrong={r['wrong_scores']} "
        f"err={r['error']} stale={r['stale']} flood={r['flood']} | "
        f"first reaction p50={r['p50_ms']:.0f} p95={r['p95_ms']:.0f} p99={r['p99_ms']:.0f} "
        f"max={r['max_ms']:.0f} ms | {r['updates_per_s']:.1f} updates/s over {r['wall_s']:.1f} s | "
        f"CPU {r['cpu_ms_per_update']:.2f} ms/update",
        flush=True,
    )


async def amain(args: argparse.Namespace) -> list[dict[str, Any]]:
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    modes = ["pauses", "saturation"] if args.mode == "both" else [args.mode]
    print(f"machine: {machine()}", flush=True)
    results: list[dict[str, Any]] = []
    if args.mode == "rush":
        from bench.rush import run_rush, show_rush

        for backend in backends:
            r = await run_rush(
                backend=backend,
                users=args.users,
                arrival=args.arrival,
                subscribers=args.subscribers,
                pg_url=args.pg_url,
                seed=args.seed,
                limit_people=args.limit_people,
            )
            show_rush(r)
            results.append(r)
        return results
    common = {"users": args.users, "pg_url": args.pg_url, "seed": args.seed}
    for mode in modes:
        pauses = mode == "pauses"
        arrival = args.arrival if pauses else 0.0
        if not pauses and not args.no_echo:
            echo = await run(target="echo", backend="-", pauses=False, arrival=0.0, **common)
            show(echo)
            results.append(echo)
            strict = await run(
                target="echo-aiohttp", backend="-", pauses=False, arrival=0.0, **common
            )
            show(strict)
            results.append(strict)
        for backend in backends:
            r = await run(target="bot", backend=backend, pauses=pauses, arrival=arrival, **common)
            show(r)
            if not pauses and not args.no_echo:
                r["ratio_to_echo"] = r["updates_per_s"] / echo["updates_per_s"]
                r["ratio_to_echo_aiohttp"] = r["updates_per_s"] / strict["updates_per_s"]
                print(
                    f"      ratio to the echo baseline (PTB's client): {r['ratio_to_echo']:.2f}; "
                    f"to the echo on the bot's client: {r['ratio_to_echo_aiohttp']:.2f}",
                    flush=True,
                )
            results.append(r)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--arrival", type=float, default=10.0)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--mode", choices=["pauses", "saturation", "both", "rush"], default="both")
    parser.add_argument("--subscribers", type=int, default=10_000, help="rush: subscribers alerted")
    parser.add_argument(
        "--limit-people",
        action="store_true",
        help="rush: the server limits each person's chat to 1 send a second too",
    )
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
        help="server to use; the bench creates and drops its own database bench_load_<name> there",
    )
    parser.add_argument(
        "--no-echo",
        action="store_true",
        help="saturation: skip the echo baselines (for quick profiling; no ratio is printed)",
    )
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    results = asyncio.run(amain(args))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

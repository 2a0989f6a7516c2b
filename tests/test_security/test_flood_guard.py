"""The per-chat flood guard: a chat sending 30 messages a second is slowed down with one
notice; other chats are served as usual."""

from __future__ import annotations

import asyncio

from bot.telegram.flood import BURST, FloodGuard, Verdict
from tests.e2e.inprocess import InProcessBot
from tests.fakes.botapi import FakeBotAPI

FLOODER = 8101
NEIGHBOUR = 8102
NOTICE = "faster than I can read"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_one_notice_then_silence_then_calm_again() -> None:
    clock = Clock()
    guard = FloodGuard(burst=10, rate=3.0, clock=clock)
    verdicts = [guard.check(1) for _ in range(30)]  # 30 messages in the same instant
    assert verdicts[:10] == [Verdict.ALLOW] * 10
    assert verdicts[10] == Verdict.NOTICE
    assert set(verdicts[11:]) == {Verdict.DROP}
    assert guard.check(2) == Verdict.ALLOW  # another chat is not affected
    clock.now += 1.0  # three more messages' worth, still the same flood: no new notice
    assert [guard.check(1) for _ in range(4)] == [Verdict.ALLOW] * 3 + [Verdict.DROP]
    clock.now += 10  # calm: the bucket is full again, a new flood gets a new notice
    assert [guard.check(1) for _ in range(11)][-1] == Verdict.NOTICE


def test_a_person_tapping_quickly_is_never_throttled() -> None:
    clock = Clock()
    guard = FloodGuard(clock=clock)
    for _ in range(200):  # two actions a second for 100 seconds
        assert guard.check(1) == Verdict.ALLOW
        clock.now += 0.5


async def test_flooding_chat_is_slowed_and_told_once_others_unaffected(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    # All 30 at once (as a script would): sent one by one, a loaded machine spreads them
    # over seconds and the bucket refills in between.
    await asyncio.gather(
        *(api.send_text(FLOODER, "/help" if i % 2 else "/start") for i in range(30))
    )
    for _ in range(3):
        await api.send_text(NEIGHBOUR, "/start")
        await asyncio.sleep(0.05)
    await api.wait_no_pending_updates()
    await api.wait_idle(0.5)

    flooder = [m.text or "" for m in api.messages(FLOODER)]
    notices = [t for t in flooder if NOTICE in t]
    assert len(notices) == 1
    answered = len(flooder) - len(notices)
    assert BURST <= answered < 30  # slowed down, not cut off, not everything answered

    neighbour = [m.text or "" for m in api.messages(NEIGHBOUR)]
    assert len(neighbour) == 3 and not any(NOTICE in t for t in neighbour)
    assert all("Welcome" in t for t in neighbour)

"""Per-chat flood guard: a token bucket per chat in front of the conversation core.

A person answering questions or pressing buttons stays far below the refill rate; a chat
that sends faster (a script, a stuck key, 30 messages a second) gets its extra updates
skipped, and one notice per flood, while every other chat is served as usual. The bucket
refills continuously; once a chat has been calm long enough to refill it, the next flood gets
a fresh notice. Idle chats are forgotten, so memory stays bounded by the active chats.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

#: Updates a chat may send at once, and the sustained rate it may keep up (per second).
BURST = 10
RATE = 3.0


class Verdict(Enum):
    ALLOW = "allow"
    NOTICE = "notice"  # over the limit for the first time in this flood: skip and tell once
    DROP = "drop"  # over the limit again: skip silently


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    noticed: bool = False


class FloodGuard:
    def __init__(
        self,
        *,
        burst: int = BURST,
        rate: float = RATE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst = burst
        self.rate = rate
        self.clock = clock
        self._buckets: dict[int, _Bucket] = {}
        self.skipped = 0
        self._swept = clock()

    def check(self, chat_id: int) -> Verdict:
        now = self.clock()
        self._forget_idle(now)
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            bucket = self._buckets[chat_id] = _Bucket(float(self.burst), now)
        else:
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
        if bucket.tokens >= self.burst:
            bucket.noticed = False  # calm again: a new flood gets a new notice
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return Verdict.ALLOW
        self.skipped += 1
        if bucket.noticed:
            return Verdict.DROP
        bucket.noticed = True
        return Verdict.NOTICE

    def _forget_idle(self, now: float) -> None:
        """Drop buckets that have refilled completely (at most once per refill period)."""
        full_after = self.burst / self.rate
        if len(self._buckets) < 1024 or now - self._swept < full_after:
            return
        self._swept = now
        for chat_id in [c for c, b in self._buckets.items() if now - b.stamp > full_after]:
            del self._buckets[chat_id]

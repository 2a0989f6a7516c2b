"""409 Conflict (another process polling with the same token) is told to the admins once per
incident, with what it means, not once per retry (a probe saw about 48 reports a minute)."""

from __future__ import annotations

from tests.e2e.inprocess import InProcessBot
from tests.fakes.botapi import FakeBotAPI

ADMIN = 999


async def test_conflict_is_reported_once_per_incident(api: FakeBotAPI, bot: InProcessBot) -> None:
    # Three refused polls in a row; PTB waits 1 then 1.5 s between retries. A message ends the
    # long poll in flight so that the refused ones follow at once.
    api.fail_next("getUpdates", status=409, times=3)
    before = api.count("getUpdates")
    await api.send_and_wait(4444, "/start")
    await api.wait_for_calls("getUpdates", before + 4, timeout=20)
    assert sum(1 for e in api.errors if e[1] == 409) == 3
    await api.send_and_wait(4444, "/help")  # polling works again
    reports = [m.text or "" for m in api.messages(ADMIN)]
    conflicts = [t for t in reports if "409" in t]
    assert len(conflicts) == 1, reports
    assert "another process is polling with this token" in conflicts[0]
    assert not [t for t in reports if "Conflict" in t and "409" not in t]  # no raw error reports

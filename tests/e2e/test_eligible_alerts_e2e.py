"""Alerts for "rounds I'm eligible for", end to end over HTTP: the real application (in
process), the local Bot API server and the local feed server. One person works out their
score through the questionnaire and subscribes to the rounds they qualify for; another
subscribes to CEC rounds. A feed with a new French-language round, a healthcare round and a
CEC round is polled (`python -m bot draws sync`); the bot's delivery job sends the alerts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.e2e.draws_helpers import cec_round, draws_sync, sql, wait_until
from tests.e2e.inprocess import InProcessBot
from tests.e2e.questionnaire_driver import PhoneUser
from tests.fakes.botapi import FakeBotAPI
from tests.fakes.feed import FakeFeedServer, load_snapshot_rounds
from tests.test_questionnaire.helpers import profile

pytestmark = pytest.mark.slow

ELIGIBLE, CEC = 16_001, 16_002
ALERT = "New Express Entry round"

# Single, 29, bachelor's, CELPIP 9 in each ability (CLB 9), TEF Canada at the NCLC 7 minimums
# (reading 434, writing 428, listening 434, speaking 456), one year of Canadian work.
# CRS by hand (rules of 2025-03-25): core = age 110 + education 120 + first language 4 x 31
# (CLB 9) + second language 4 x 3 (NCLC 7) + Canadian work 40 (1 year) = 406;
# transferability = education+language 25 (one credential, CLB 9+) + education+Canadian work
# 13 = 38; additional = 50 (NCLC 7 in French and CLB 5+ in English). Total 406 + 38 + 50 = 494.
FRENCH_SPEAKER = profile(
    first_language={"test": "celpip", "listening": 9, "reading": 9, "writing": 9, "speaking": 9},
    second_language={
        "test": "tef",
        "listening": 434,
        "reading": 434,
        "writing": 428,
        "speaking": 456,
    },
    canadian_work_years=1,
)
TOTAL = 494


def new_round(template: str, number: str, cutoff: int) -> dict[str, str]:
    """A round dated today, copied from the snapshot's latest round named `template`."""
    today = datetime.now(UTC).date()
    source = next(r for r in load_snapshot_rounds() if r["drawName"].startswith(template))
    r = dict(cec_round(number))
    r.update(drawName=source["drawName"], drawCRS=str(cutoff), drawSize="1,500")
    r.update(drawDateFull=f"{today:%B} {today.day}, {today.year}")
    return r


def alerts(api: FakeBotAPI, chat: int) -> list[str]:
    return [m.text or "" for m in api.messages(chat) if m.text and ALERT in m.text]


async def test_eligible_subscriber_gets_the_french_round_not_healthcare(
    api: FakeBotAPI, feed: FakeFeedServer, alert_app: InProcessBot
) -> None:
    await wait_until(
        lambda: sql(alert_app.db_url, "SELECT count(*) FROM draws")[0][0] == 438,
        timeout=30,
        what="history import",
    )
    assert await PhoneUser(api, ELIGIBLE, FRENCH_SPEAKER).complete() == TOTAL
    [saved] = await api.send_and_wait(ELIGIBLE, "/subscribe eligible")
    assert "✅ Saved." in (saved.text or "") and "✅ Rounds I qualify for" in saved.labels
    [saved] = await api.send_and_wait(CEC, "/subscribe")
    assert "✅ CEC rounds only" in saved.labels

    french = new_round("French-Language proficiency", "438", 480)
    healthcare = new_round("Healthcare and Social Services", "439", 470)
    cec = new_round("Canadian Experience Class", "440", 519)
    feed.set_rounds([cec, healthcare, french, *load_snapshot_rounds()])
    out = await draws_sync(alert_app)
    assert "3 new round(s)" in out

    def delivered() -> bool:
        pending = sql(alert_app.db_url, "SELECT count(*) FROM alert_outbox WHERE status='pending'")
        return pending[0][0] == 0 and len(alerts(api, ELIGIBLE)) == 2 and bool(alerts(api, CEC))

    await wait_until(delivered, timeout=60, what="alerts")
    rows = sql(
        alert_app.db_url,
        "SELECT d.number, o.chat_id FROM alert_outbox o JOIN draws d ON d.id = o.draw_id",
    )
    assert sorted((str(n), c) for n, c in rows) == [
        ("438", ELIGIBLE),  # French: NCLC 7 in all four abilities
        ("440", ELIGIBLE),  # CEC: one year of Canadian work, CLB 9
        ("440", CEC),
    ]  # no row for healthcare (439): its 2026 occupation list is not in the bot's data

    got = alerts(api, ELIGIBLE)
    [french_alert] = [t for t in got if "French" in t]
    assert "You qualify for this round" in french_alert
    assert "<b>494</b> is 14 above this cut-off" in french_alert  # 494 - 480 = 14
    [cec_alert] = [t for t in got if "Canadian Experience Class" in t]
    assert "You qualify for this round" in cec_alert
    assert "<b>494</b> is 25 below this cut-off" in cec_alert  # 519 - 494 = 25

    [only] = alerts(api, CEC)
    assert "Canadian Experience Class" in only and "French" not in only
    assert "Healthcare" not in " ".join(alerts(api, ELIGIBLE) + alerts(api, CEC))

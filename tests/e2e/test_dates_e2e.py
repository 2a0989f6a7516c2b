"""/dates through the real PTB application over HTTP: a typed date of birth, the Skip buttons,
then the questionnaire: its result shows "what changes when" and the reminder before the first
drop is planned; /forget removes the dates. Runs on SQLite and on PostgreSQL.

The bot runs on the real clock, so the dates are worked out from today: the user turned 28
ten days ago, turns 30 two years later (age points 110 -> 105, the first birthday that
changes the score) and is reminded 30 days before that."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from bot.store.types import utcnow
from tests.e2e.draws_helpers import sql
from tests.e2e.inprocess import InProcessBot
from tests.e2e.questionnaire_driver import PhoneUser
from tests.e2e.test_standing_e2e import ISSUE_414, result_text
from tests.fakes.botapi import FakeBotAPI

pytestmark = [pytest.mark.db, pytest.mark.postgres]

USER = 5401


def _same_day_years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


async def test_dates_then_the_questionnaire_show_and_plan_the_drops(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    today = utcnow().date()
    born = _same_day_years_later(today, -28) - timedelta(days=10)
    turns_30 = _same_day_years_later(born, 30)
    await api.send_and_wait(USER, "/start")
    [ask] = await api.send_and_wait(USER, "/dates")
    assert ask.codes == ["dates:skip:birth"]
    [work] = await api.send_and_wait(USER, born.strftime("%d/%m/%Y"))
    assert f"Date of birth: {born.strftime('%B')} {born.day}, {born.year}" in (work.text or "")
    for step in ("work", "language", "eca"):
        await api.press_and_wait(USER, f"dates:skip:{step}")
    [done] = await api.press_and_wait(USER, "dates:skip:submitted")
    assert "Work out your score with /crs" in (done.text or "")

    # The 414 profile (tests/e2e/test_standing_e2e.py): at 30, 414 - 5 = 409.
    user = PhoneUser(api, USER, ISSUE_414)
    assert await user.complete(quiet=0.2) == 414
    text = result_text(api, USER)
    assert "What changes when" in text
    assert f"{turns_30.isoformat()}: you turn 30 — 414 → 409 (−5)" in text
    rows = sql(
        bot.db_url,
        f"SELECT kind, due_on FROM reminders WHERE chat_id = {USER} ORDER BY due_on",
    )
    first_kind, first_due = rows[0]
    assert first_kind == "drop_birthday_30"
    assert re.sub(r"\D", "", str(first_due)) == (turns_30 - timedelta(days=30)).strftime("%Y%m%d")

    await api.send_and_wait(USER, "/forget")
    await api.press_and_wait(USER, "forget:confirm")
    assert sql(bot.db_url, f"SELECT count(*) FROM profile_dates WHERE chat_id = {USER}") == [(0,)]

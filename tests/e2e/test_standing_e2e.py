"""Where you stand, over HTTP: the result screen after the questionnaire says which programs
are open, compares the score with the rounds of the last 12 months (from the shipped history
the bot imports on its first start) and ranks whole moves — or, for a profile that can't
enter the pool, says so and compares nothing. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import re

import pytest

from tests.e2e.draws_helpers import sql, wait_until
from tests.e2e.inprocess import InProcessBot
from tests.e2e.questionnaire_driver import PhoneUser
from tests.fakes.botapi import FakeBotAPI
from tests.test_standing.profiles import CLB4, ISSUE_414

pytestmark = [pytest.mark.db, pytest.mark.postgres]


def result_text(api: FakeBotAPI, chat: int) -> str:
    texts = [m.text or "" for m in api.messages(chat) if m.text and "Your CRS score" in m.text]
    assert texts, "no result screen"
    return re.sub(r"</?[bi]>", "", texts[-1])


async def history(bot: InProcessBot) -> None:
    await wait_until(
        lambda: sql(bot.db_url, "SELECT count(*) FROM draws")[0][0] == 438,
        timeout=60,
        what="history import",
    )


async def test_the_414_profile_sees_its_programs_rounds_and_moves(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    await history(bot)
    user = PhoneUser(api, 7301, ISSUE_414)
    assert await user.complete(quiet=0.2) == 414
    text = result_text(api, 7301)
    assert "Canadian Experience Class: probably eligible, assuming your Canadian work" in text
    assert "You can't enter the Express Entry pool" not in text
    assert "French-language proficiency: needs a French test" in text
    assert "Rounds of the last 12 months (rounds recorded up to August 19, 2026)" in text
    assert "Canadian Experience Class rounds in the last 12 months" in text
    # The three best moves, each re-scored: CLB 9 in all four is among them.
    moves = text.split("What would raise it most", 1)[1]
    top3 = [line for line in moves.splitlines() if re.match(r"[123]\. ", line)]
    assert len(top3) == 3
    assert any("CLB 9 in all four: +56 (→ 470)" in line for line in top3), top3
    assert "m2026" not in text  # no internal id reaches a user
    assert "CRS change in force on November 3, 2026" in text


async def test_a_clb4_profile_is_told_it_cant_enter_the_pool_and_gets_no_cutoffs(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    await history(bot)
    user = PhoneUser(api, 7302, CLB4)
    await user.complete(quiet=0.2)
    text = result_text(api, 7302)
    assert "You can't enter the Express Entry pool yet: no program is open to you." in text
    assert "your lowest ability is level 4" in text
    assert "No cut-off comparison: invitations go only to candidates in the pool." in text
    assert "Rounds of the last" not in text and "cut-off 5" not in text

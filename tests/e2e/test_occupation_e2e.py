"""/occupation through the real PTB application over HTTP: a typed title, the buttons, the
category checks, and /forget removing the answer."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from tests.e2e.inprocess import InProcessBot
from tests.fakes.botapi import FakeBotAPI

USER = 5301


def _occupation_rows(db_url: str) -> list[tuple[str, str | None, int | None]]:
    engine = create_engine(db_url.replace("sqlite+aiosqlite", "sqlite"))
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT step, noc, months FROM occupations WHERE chat_id = :c"), {"c": USER}
            )
            return [(r[0], r[1], r[2]) for r in rows]
    finally:
        engine.dispose()


async def test_occupation_step_over_http(api: FakeBotAPI, bot: InProcessBot) -> None:
    await api.send_and_wait(USER, "/start")
    [ask] = await api.send_and_wait(USER, "/occupation")
    assert ask.codes == ["occ:skip"]
    [matches] = await api.send_and_wait(USER, "aircraft mechanic")
    assert matches.codes[0] == "occ:pick:72404"
    [months] = await api.press_and_wait(USER, "occ:pick:72404")
    assert "NOC 72404" in (months.text or "")
    [result] = await api.press_and_wait(USER, "occ:months:24")
    assert "Transport: you meet the category's rule" in (result.text or "")
    assert result.parse_mode == "HTML"
    assert _occupation_rows(bot.db_url) == [("done", "72404", 24)]

    await api.send_and_wait(USER, "/forget")
    await api.press_and_wait(USER, "forget:confirm")
    assert _occupation_rows(bot.db_url) == []

"""The bot token never reaches the log or an error report; no name, username or message text
is stored; /privacy says what is stored."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from tests.e2e.inprocess import InProcessBot
from tests.fakes.botapi import FakeBotAPI

USER = 8201
ADMIN = 999


def dump_database(db_url: str) -> str:
    """Every value of every column of every table, as one string."""
    engine = create_engine(db_url.replace("sqlite+aiosqlite", "sqlite"))
    try:
        chunks: list[str] = []
        with engine.connect() as conn:
            for table in inspect(conn).get_table_names():
                for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                    chunks.append(f"{table}: {tuple(row)!r}")
        return "\n".join(chunks)
    finally:
        engine.dispose()


async def test_token_is_not_in_the_log_or_the_admin_report_when_things_break(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    token = api.token
    secret_half = token.split(":", 1)[1]
    await api.send_and_wait(USER, "/start")
    # A Bot API error whose description quotes the token (as a proxy or a bad gateway may).
    api.fail_next("sendMessage", status=400, description=f"Bad Request: bad url /bot{token}/x")
    await api.send_text(USER, "/help")
    await api.wait_for(USER, lambda e: "went wrong" in (e.text or ""))
    report = await api.wait_for(ADMIN, lambda e: "BadRequest" in (e.text or ""))
    # PTB lower-cases most of an error message, so compare without case.
    assert secret_half.lower() not in (report.text or "").lower()
    assert "[REDACTED]" in (report.text or "")
    # Network trouble while polling and while answering a button.
    api.fail_next("getUpdates", status=502, times=2)
    api.fail_next("answerCallbackQuery", status=500)
    await api.send_text(USER, "/forget")
    await api.wait_for(USER, lambda e: "forget:confirm" in e.codes)
    await api.press(USER, "forget:keep")
    await api.wait_for(USER, lambda e: e.kind == "edit")
    await api.wait_idle(0.5)
    await bot.stop()
    log = bot.log()
    assert "error while handling an update" in log  # errors were provoked and logged
    assert secret_half.lower() not in log.lower()


async def test_no_name_username_or_message_text_is_stored(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    who = {"first_name": "Zebediah", "username": "zeb_private_handle"}
    question = "can my quokka-sanctuary volunteering count as work experience"
    await api.send_text(USER, "/start", **who)
    await api.collect(USER)
    [answer] = await api.send_and_wait(USER, question, **who)
    votes = [c for c in answer.codes if c.startswith("fb:")]
    if votes:
        await api.press_and_wait(USER, votes[0])
    await api.send_and_wait(USER, "/crs", **who)
    await api.press_and_wait(USER, "marital_status:single")
    await api.send_and_wait(USER, "41 secret-age-note", **who)
    await api.wait_idle(0.3)

    stored = dump_database(bot.db_url)
    assert str(USER) in stored  # the chat itself is stored
    for private in ("Zebediah", "zeb_private_handle", "quokka", "secret-age-note"):
        assert private not in stored

    [privacy] = await api.send_and_wait(USER, "/privacy")
    body = privacy.text or ""
    assert "do <b>not</b> store your name, username or the text of your messages" in body
    assert "/forget" in body

"""The real PTB application over HTTP: the basics a newcomer meets first."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from tests.e2e.harness import BotProcess
from tests.e2e.inprocess import InProcessBot
from tests.fakes.botapi import FakeBotAPI

USER = 5001


def rows_for(db_url: str, chat_id: int) -> dict[str, int]:
    engine = create_engine(db_url.replace("sqlite+aiosqlite", "sqlite"))
    tables = [
        "users",
        "questionnaire_states",
        "profiles",
        "subscriptions",
        "alert_outbox",
        "faq_feedback",
        "reminders",
    ]
    try:
        with engine.connect() as conn:
            return {
                t: int(
                    conn.execute(
                        text(f"SELECT count(*) FROM {t} WHERE chat_id = :c"), {"c": chat_id}
                    ).scalar_one()
                )
                for t in tables
            }
    finally:
        engine.dispose()


async def test_start_help_and_unknown_text(api: FakeBotAPI, bot: InProcessBot) -> None:
    [welcome] = await api.send_and_wait(USER, "/start")
    assert "Welcome to the Express Entry assistant" in welcome.text
    assert welcome.codes[:3] == ["crs:start", "faq:topics", "alerts:subscribe"]
    assert welcome.parse_mode == "HTML"

    [help_] = await api.send_and_wait(USER, "/help")
    for command in ("/start", "/help", "/cancel", "/privacy", "/forget"):
        assert command in help_.text

    replies = await api.send_and_wait(USER, "qwertyuiop zxcvb")
    assert replies and all(r.text for r in replies)


async def test_command_menu_is_set_from_the_command_list(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    await api.wait_for_calls("setMyCommands", 1)
    calls = api.calls_of("setMyCommands")
    default = [c for c in calls if c.get("scope", {"type": "default"})["type"] == "default"]
    admin = [c for c in calls if c.get("scope", {}).get("chat_id") == 999]
    assert admin, "the admin gets a menu of their own"
    names = {cmd["command"] for call in default for cmd in call["commands"]}
    assert {"start", "help", "cancel", "privacy", "forget"} <= names


async def test_the_menu_is_set_in_english_by_default_and_in_french_for_french_clients(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    await api.wait_for_calls("setMyCommands", 4)  # default and admin, each in two languages
    menus = {
        (c.get("scope", {"type": "default"})["type"], c.get("language_code") or ""): {
            cmd["command"]: cmd["description"] for cmd in c["commands"]
        }
        for c in api.calls_of("setMyCommands")
    }
    english, french = menus[("default", "")], menus[("default", "fr")]
    assert english["crs"] == "Calculate your CRS score" and "language" in english
    assert french["crs"].startswith("Calculer votre score CRS") and "langue" in french
    assert list(english)[:-1] == list(french)[:-1]  # the same commands, /language last
    assert "recorddraw" in menus[("chat", "fr")] and "recorddraw" not in french


async def test_choosing_a_language_sets_that_chats_menu_in_it(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    await api.send_and_wait(USER, "/language")  # an English app
    [done] = await api.press_and_wait(USER, "lang:fr")
    assert "je vous écrirai en français" in (done.text or "")
    await api.wait_for_calls("setMyCommands", 5)  # 4 at start-up, then this chat's
    [menu] = [c for c in api.calls_of("setMyCommands") if c.get("scope", {}).get("chat_id") == USER]
    commands = {cmd["command"]: cmd["description"] for cmd in menu["commands"]}
    assert "langue" in commands and "language" not in commands and "recorddraw" not in commands
    assert commands["help"] == "Toutes les commandes"


async def test_forget_confirm_removes_the_rows(api: FakeBotAPI, bot: InProcessBot) -> None:
    await api.send_and_wait(USER, "/start")
    assert rows_for(bot.db_url, USER)["users"] == 1
    [confirm] = await api.send_and_wait(USER, "/forget")
    assert confirm.codes == ["forget:confirm", "forget:keep"]
    [done] = await api.press_and_wait(USER, "forget:confirm")
    assert done.kind == "edit" and "deleted" in done.text
    assert set(rows_for(bot.db_url, USER).values()) == {0}


async def test_bad_input_gets_documented_replies_and_no_traceback(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    [long_] = await api.send_and_wait(USER, "x" * 5000)
    assert "5,000 characters" in long_.text
    rtl = await api.send_and_wait(USER, "مرحبا 🇨🇦 <b>bold</b> & <a href='x'>")
    assert rtl and "<a href='x'>" not in rtl[-1].text
    message_id = await api.send_text(USER, "/start")
    await api.collect(USER)
    await api.send_edited(USER, message_id, "/help")
    [edited] = await api.collect(USER)
    assert "edited a message" in edited.text
    await api.press(USER, "forget:forged-code", message_id=message_id)
    [stale] = await api.collect(USER)
    assert "no longer active" in stale.text
    await api.send_sticker(USER)
    [sticker_reply] = await api.collect(USER)
    assert "only read text" in sticker_reply.text
    await api.send_text(-100123, "hello group", chat_type="group", title="Group")
    await api.send_text(-100123, "/start", chat_type="group", title="Group")
    [group] = await api.collect(-100123)
    assert "private chats only" in group.text
    await api.expect_no_event(-100123, within=0.5)
    await api.wait_idle(0.3)
    assert "Traceback" not in bot.log()


async def test_token_never_reaches_the_log(api: FakeBotAPI, bot_process: BotProcess) -> None:
    bot = bot_process  # the process: its stderr and start-up lines are in the log too
    await api.send_and_wait(USER, "/start")
    api.fail_next("sendMessage", status=500, description="Internal Server Error")
    await api.send_text(USER, "/help")
    await api.wait_idle(1.0)
    await bot.stop()
    log = bot.log()
    assert "getUpdates" in log or "bot starting" in log  # the log is not empty
    assert api.token not in log and api.token.split(":")[1] not in log

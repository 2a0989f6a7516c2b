"""FAQ over HTTP: sourced answers, related-question buttons, abstention, stored feedback."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from tests.e2e.inprocess import InProcessBot
from tests.fakes.botapi import FakeBotAPI

USER = 6001


def feedback_rows(db_url: str) -> list[tuple[int, str, bool]]:
    engine = create_engine(db_url.replace("sqlite+aiosqlite", "sqlite"))
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT chat_id, entry_id, helpful FROM faq_feedback"))
            return [(int(r[0]), str(r[1]), bool(r[2])) for r in rows]
    finally:
        engine.dispose()


async def test_question_gets_a_sourced_answer_with_buttons(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    [answer] = await api.send_and_wait(
        USER, "my work permit expires friday and i applied to extend, can i keep working?"
    )
    assert "maintained status" in answer.text.lower()
    assert "Source:" in answer.text and "canada.ca" in answer.text
    assert "Reviewed:" in answer.text
    related = [c for c in answer.codes if c.startswith("faq:")]
    assert 1 <= len(related) <= 3
    assert any(c.endswith(":up") for c in answer.codes) and any(
        c.endswith(":down") for c in answer.codes
    )

    # a related-question button answers that question
    first_related = related[0]
    [follow_up] = await api.press_and_wait(USER, first_related)
    entry_id = first_related.removeprefix("faq:")
    assert "Source:" in follow_up.text
    assert any(c == f"fb:{entry_id}:up" for c in follow_up.codes)


async def test_out_of_scope_question_gets_the_abstention(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    [reply] = await api.send_and_wait(USER, "what is the best pizza place in toronto?")
    assert "don't have a reliable answer" in reply.text
    assert any(c.startswith("faq:topic:") for c in reply.codes)
    assert any(c.startswith("https://") and "helpcentre" in c for c in reply.codes)


async def test_feedback_is_stored_with_the_entry_id_only(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    question = "does self employed freelance work count towards cec hours"
    [answer] = await api.send_and_wait(USER, question)
    up = next(c for c in answer.codes if c.endswith(":up"))
    entry_id = up.split(":")[1]
    await api.press_and_wait(USER, up)
    assert feedback_rows(bot.db_url) == [(USER, entry_id, True)]
    down = f"fb:{entry_id}:down"
    await api.press_and_wait(USER, down)
    assert feedback_rows(bot.db_url) == [(USER, entry_id, False)]  # the vote is replaced


async def test_topics_browse(api: FakeBotAPI, bot: InProcessBot) -> None:
    [topics] = await api.send_and_wait(USER, "/topics")
    topic_code = next(c for c in topics.codes if c.startswith("faq:topic:"))
    [listing] = await api.press_and_wait(USER, topic_code)
    assert listing.kind == "edit"
    entry_code = next(
        c for c in listing.codes if c.startswith("faq:") and ":topic" not in c and c != "faq:topics"
    )
    [entry] = await api.press_and_wait(USER, entry_code)
    assert "Source:" in entry.text

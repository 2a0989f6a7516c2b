"""What the user sees: answers with source and date, hand-off buttons, abstention, topics."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.faq.entries import load_entries
from bot.faq.index import FaqIndex
from bot.faq.replies import (
    HELP_CENTRE_URL,
    answer_replies,
    code_replies,
    entry_replies,
    feedback_code,
    parse_feedback,
    topic_replies,
    topics_replies,
)
from bot.replies import MAX_CODE_BYTES
from tests.test_faq.conftest import ENTRIES, write_entry


def test_a_confident_answer_shows_title_body_source_date_related_and_feedback(
    fixture_index: FaqIndex,
) -> None:
    [reply] = answer_replies(
        "can I keep working while my work permit extension is processing", index=fixture_index
    )
    assert reply.text.startswith("<b>Can I keep working on maintained status?</b>")
    assert "<b>before</b>" in reply.text
    assert "• same employer and conditions" in reply.text
    assert (
        "Source: https://www.canada.ca/en/immigration-refugees-citizenship/services/work-canada/permit/temporary/extend.html"
        in reply.text
    )
    assert "Reviewed: 2026-11-24" in reply.text
    assert (
        '<a href="https://www.canada.ca/extend.html?a=1&amp;b=2">extend a permit</a>' in reply.text
    )
    assert "kb:" not in reply.text
    assert reply.codes() == [
        "faq:maintained-status-basics",
        "fb:maintained-status-work:up",
        "fb:maintained-status-work:down",
    ]
    assert reply.buttons[0][0].label == "What is maintained status?"


def test_at_most_three_related_buttons(tmp_path: Path) -> None:
    for spec in ENTRIES:
        write_entry(tmp_path, spec)
    others = [e["id"] for e in ENTRIES if e["id"] != "maintained-status-work"]
    write_entry(tmp_path, dict(ENTRIES[0], related=others))
    index = FaqIndex.build(load_entries(tmp_path))
    [reply] = entry_replies("maintained-status-work", index=index)
    opened = [c for c in reply.codes() if c.startswith("faq:")]
    assert opened == [f"faq:{i}" for i in others[:3]]


def test_abstention_says_so_and_offers_topics_and_the_help_centre(fixture_index: FaqIndex) -> None:
    [reply] = answer_replies("what's the weather in toronto today", index=fixture_index)
    assert "I don't have a reliable answer" in reply.text
    assert HELP_CENTRE_URL in reply.text
    assert reply.codes() == [
        "faq:topic:status",
        "faq:topic:after-refusal",
        "faq:topic:documents",
        "faq:topic:cec",
        HELP_CENTRE_URL,
    ]
    assert reply.buttons[-1][0].is_url


def test_score_and_draw_questions_hand_off(fixture_index: FaqIndex) -> None:
    [score] = answer_replies("what's my crs score?", index=fixture_index)
    assert score.codes() == ["crs:start"]
    [draw] = answer_replies("when was the latest draw", index=fixture_index)
    assert draw.codes() == ["draws:latest"]


def test_browsing_topics(fixture_index: FaqIndex) -> None:
    [topics] = topics_replies(index=fixture_index)
    assert "faq:topic:status" in topics.codes()
    [status] = topic_replies("status", index=fixture_index, edit=True)
    assert status.edit
    assert status.codes() == [
        "faq:maintained-status-basics",
        "faq:maintained-status-work",
        "faq:pgwp-eligibility",
        "faq:topics",
    ]
    assert "Status in Canada" in status.text


def test_button_codes_route_back_to_the_right_replies(fixture_index: FaqIndex) -> None:
    opened = code_replies("faq:gcms-notes", index=fixture_index)
    assert opened is not None and "How do I get my GCMS notes?" in opened[0].text
    listed = code_replies("faq:topic:cec", index=fixture_index)
    assert listed is not None and listed[0].codes()[0] == "faq:cec-work-experience"
    thanks = code_replies("fb:gcms-notes:up", index=fixture_index)
    assert thanks is not None and "Thanks" in thanks[0].text
    assert code_replies("crs:start", index=fixture_index) is None


def test_an_unknown_entry_points_to_the_topics(fixture_index: FaqIndex) -> None:
    [reply] = entry_replies("gone-entry", index=fixture_index)
    assert reply.codes() == ["faq:topics"]


def test_feedback_codes_fit_telegram_for_the_longest_allowed_id() -> None:
    longest = "a" * 50
    assert len(feedback_code(longest, False).encode()) <= MAX_CODE_BYTES
    assert parse_feedback(feedback_code(longest, True)) == (longest, True)
    assert parse_feedback("fb:x:maybe") is None


def test_entry_text_is_escaped(tmp_path: Path) -> None:
    spec = dict(ENTRIES[1], title="Is <b>this</b> & that ok?", body="Use <script>x</script>.")
    write_entry(tmp_path, spec)
    index = FaqIndex.build(load_entries(tmp_path))
    [reply] = entry_replies(spec["id"], index=index)
    assert "&lt;script&gt;" in reply.text and "<script>" not in reply.text
    assert "Is &lt;b&gt;this&lt;/b&gt; &amp; that ok?" in reply.text
    assert reply.text.count("Reviewed: ") == 1 and str(date(2026, 11, 20)) in reply.text


def test_the_middle_band_offers_candidate_entries_and_topics(fixture_index: FaqIndex) -> None:
    from bot.faq.answer import Answer
    from bot.faq.replies import replies_for

    first, second = fixture_index.entries[0], fixture_index.entries[1]
    result = Answer("which one?", "suggest", suggestions=(first, second))
    assert not result.answered
    [reply] = replies_for(result, index=fixture_index)
    assert reply.text.startswith("I'm not sure which of these you mean")
    codes = [b.code for row in reply.buttons for b in row]
    assert codes == [f"faq:{first.id}", f"faq:{second.id}", "faq:topics"]
    assert HELP_CENTRE_URL not in codes


def test_a_middle_band_answer_on_the_real_knowledge_base_is_not_an_answer() -> None:
    from bot.faq.answer import answer

    result = answer("dropped out of uni, does cec care?")
    if result.intent == "suggest":  # depends on the fitted thresholds; check the shape
        assert not result.answered and result.entry is None
        assert 1 <= len(result.suggestions) <= 3


def test_a_secondary_page_is_shown_as_reported_not_as_the_source(tmp_path: Path) -> None:
    secondary = "https://www.example-news.ca/ircc-changed-the-rule"
    spec = dict(
        ENTRIES[1],
        sources=[*ENTRIES[1]["sources"], secondary],
        source_notes={secondary: "Reports the change; no canada.ca text was found."},
    )
    write_entry(tmp_path, spec)
    index = FaqIndex.build(load_entries(tmp_path))
    [reply] = entry_replies(spec["id"], index=index)
    assert f"Reported by (not an official page): {secondary}" in reply.text
    assert f"Source: {secondary}" not in reply.text
    assert all(f"Source: {s}" in reply.text for s in ENTRIES[1]["sources"])

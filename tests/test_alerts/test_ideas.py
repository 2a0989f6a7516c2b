"""Below a cut-off, the alert names the moves that close the gap, in the moves' own words."""

from __future__ import annotations

from datetime import date

from bot.alerts.message import alert_reply
from bot.store.models import Draw, SavedProfile


def test_the_moves_that_close_the_gap() -> None:
    # Single, 29, bachelor's, CLB 9: 110 + 120 + 124 + 25 = 379; cut-off 430 is 51 away.
    # Moves of at least 51: French NCLC 7 as second language (12 + 50 = +62), one year of
    # Canadian work (40 + bachelor's + 1 yr 13 = +53), then the nomination (+600).
    profile = {
        "age": 29,
        "marital_status": "single",
        "education": "bachelors",
        "first_language": {
            "test": "clb",
            "listening": 9,
            "reading": 9,
            "writing": 9,
            "speaking": 9,
        },
    }
    draw = Draw(number="400", draw_date=date(2026, 11, 5), name="CEC", category="cec", cutoff=430)
    saved = SavedProfile(chat_id=1, profile=profile, total=379, rules="2025-03-25")
    text = alert_reply(draw, saved=saved, sub=None).text
    assert "is 51 below this cut-off" in text
    assert "• Add French: TEF Canada or TCF Canada at NCLC 7 in all four" in text
    assert "French-language proficiency rounds (+62)" in text
    assert "• One more year of skilled work in Canada (1 year) (+53)" in text
    assert "• Get a provincial or territorial nomination (+600)" in text

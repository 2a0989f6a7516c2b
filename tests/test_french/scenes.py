"""One representative context for every message template, built from the real domain objects
(the standing of a real profile against the saved IRCC feed, a real round, real reasons), so
that each template can be rendered in English and in French with the same values."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from bot.alerts.message import draw_view
from bot.catalogue import section
from bot.crs import moves, parse_profile, score
from bot.draws.parse import parse_feed
from bot.draws.pool import Band, Distribution, Standing
from bot.pipeline.sync import Notice
from bot.questionnaire.result import MAX_SCORE, move_view
from bot.render import TEMPLATES_DIR
from bot.standing.assess import MONTHS, REPORTED_CHANGE, assess
from bot.standing.categories import Occupation
from bot.standing.dated import KnownDates, outlook
from bot.standing.round_fit import round_fit
from bot.store.models import Draw
from tests.test_standing.profiles import ISSUE_414

SNAPSHOT = Path(__file__).resolve().parents[2] / "bot" / "data" / "ee_rounds_123_en.json"
TODAY = date(2026, 12, 4)
NOW = datetime(2026, 12, 4, 15, 20, 33, tzinfo=UTC)
#: The 414 profile with French at NCLC 7 as a second language (476), born 1996-03-14.
FRENCH = {
    **ISSUE_414,
    "second_language": {"test": "nclc", "listening": 7, "reading": 7, "writing": 7, "speaking": 7},
}
DATES = KnownDates(
    birth_date=date(1996, 3, 14),
    canadian_work_since=date(2025, 11, 1),
    language_test_date=date(2025, 6, 1),
    eca_date=date(2022, 1, 10),
)


@cache
def labels(lang: str) -> dict[str, dict[str, str]]:
    """The locale's short-label catalogue (``labels.toml``), section by section."""
    path = TEMPLATES_DIR / lang / "labels.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def categories(lang: str) -> dict[str, str]:
    """Program and category names by code."""
    return section("category", lang)


def shorts(lang: str) -> dict[str, str]:
    return section("category_short", lang)


def title(question: str, lang: str) -> str:
    """A question's short title in the language (the questionnaire's own labels)."""
    return labels(lang)["questionnaire"][f"title.{question}"]


def the_round() -> Draw:
    """Round 390 as recorded from the feed: CEC, 8,000 invitations, cut-off 511."""
    return Draw(
        number="390",
        draw_date=date(2026, 1, 7),
        name="Canadian Experience Class",
        category="cec",
        invitations=8000,
        cutoff=511,
        tie_break_at=datetime(2025, 6, 10, 15, 59, 25, tzinfo=UTC),
        raw={"drawNumber": "390"},
    )


def french_round() -> Draw:
    return Draw(
        number="437",
        draw_date=date(2026, 8, 19),
        name="French-Language proficiency 2026-Version 2",
        category="french",
        invitations=5000,
        cutoff=382,
        raw={"drawNumber": "437"},
    )


def view(draw: Draw, lang: str) -> dict[str, Any]:
    return draw_view(draw, lang)


@cache
def standing() -> Any:
    rounds = tuple(parse_feed(SNAPSHOT.read_bytes()))
    nurse = Occupation(noc="31301", months_last_3_years=14, in_canada_months=14)
    return assess(
        parse_profile(FRENCH),
        draws=rounds,
        today=TODAY,
        occupation=nurse,
        polled_at=datetime(2026, 8, 20, 9, 0, tzinfo=UTC),
        now=NOW,
    )


def _moves() -> list[dict[str, Any]]:
    profile = parse_profile(ISSUE_414)
    total = score(profile).total
    return [move_view(m, total, {"french": (382, 420)}) for m in moves(profile)]


def _result(lang: str) -> dict[str, Any]:
    s = standing()
    found = _moves()
    return {
        "b": s.breakdown,
        "s": s,
        "months": MONTHS,
        "labels": categories(lang),
        "reported_change": REPORTED_CHANGE,
        "max_score": MAX_SCORE,
        "top": found[:3],
        "more": len(found) - 3,
        "saved_at": NOW,
    }


def _new_draw(lang: str) -> dict[str, Any]:
    from bot.alerts.message import Personal

    fit = round_fit(parse_profile(ISSUE_414), None, "french", on=TODAY)
    me = Personal(414, 511, -97, _moves()[:2], date(2026, 3, 1), None)
    return {"draw": view(french_round(), lang), "me": me, "fit": fit}


def _pool(lang: str) -> dict[str, Any]:
    bands = (Band(601, 1200, 421), Band(501, 600, 20784), Band(451, 500, 61023))
    dist = Distribution(date(2026, 8, 17), "437", date(2026, 8, 19), bands, 82228)
    before = Distribution(date(2026, 8, 3), "434", date(2026, 8, 5), bands, 80000)
    mine = Standing(476, bands[2], 21205, 82228)
    was = Standing(476, bands[2], 21000, 81000)
    return {"dist": dist, "previous": before, "mine": mine, "before": was}


def _dates_result(lang: str) -> dict[str, Any]:
    view_ = outlook(parse_profile(ISSUE_414), DATES, today=TODAY)
    return {
        "noted": ("submitted", NOW),
        "answers": [
            ("birth", DATES.birth_date),
            ("work", DATES.canadian_work_since),
            ("language", DATES.language_test_date),
            ("eca", None),
            ("submitted", NOW),
        ],
        "has_profile": True,
        "outlook": view_,
        "planned": [("drop_birthday_30", date(2027, 2, 12))],
        "expiry": date(2027, 12, 4),
        "expiry_planned": [("profile_expiry_30", date(2027, 11, 4))],
    }


def _occupation_result(lang: str) -> dict[str, Any]:
    s = standing()
    return {
        "group": {"title": "Registered nurses", "code": "31301"},
        "months_band": "12 to 23 months" if lang == "en" else "12 à 23 mois",
        "canada_band": None,
        "checks": s.categories,
        "labels": categories(lang),
    }


def _summary(test: str = "ielts") -> dict[str, Any]:
    return {
        "test": test,
        "name": "IELTS General Training",
        "scale": "CLB",
        "scores": {"listening": "7.5", "reading": "6.5", "writing": "6.5", "speaking": "6.5"},
        "levels": {"listening": 9, "reading": 8, "writing": 8, "speaking": 8},
    }


ABILITIES = ["listening", "reading", "writing", "speaking"]
SCORE = {"test": "ielts", "name": "IELTS General Training", "ability": "reading", "low": "0"}
SCORE |= {"high": "9", "step": "0.5", "remaining": ABILITIES[1:]}

#: template -> its context in a language. Every message template (not the `_` macro files)
#: is here: tests/test_french/test_templates.py checks it.
SCENES: dict[str, Callable[[str], dict[str, Any]]] = {
    "admin_conflict": lambda lang: {},
    "admin_error": lambda lang: {"detail": "KeyError: 'x'", "chat_id": 42},
    "admin_storage": lambda lang: {"detail": "attempt to write a readonly database"},
    "alerts/admin_notice": lambda lang: {
        "notices": [
            Notice("poll_failed", {"result": "error", "error": "timeout"}),
            Notice("flood", {"count": 40, "limit": 8, "rounds": ["436", "437"]}),
            Notice("stale", {"last": NOW}),
        ]
    },
    "alerts/categories": lambda lang: {
        "changed": True,
        "chosen": [shorts(lang)["cec"], shorts(lang)["stem"]],
    },
    "alerts/new_draw": _new_draw,
    "alerts/remind_cleared": lambda lang: {},
    "alerts/remind_set": lambda lang: {
        "kind": "profile",
        "day": date(2026, 3, 1),
        "expiry": date(2027, 3, 1),
        "deadline": None,
        "planned": [("profile_expiry_30", date(2027, 1, 30))],
    },
    "alerts/remind_usage": lambda lang: {
        "problem": "date",
        "pending": [type("R", (), {"due_on": date(2027, 1, 30)})()] * 7,
    },
    "alerts/reminder": lambda lang: {
        "kind": "application_due_30",
        "deadline": date(2027, 2, 5),
        "expiry": None,
        "change": None,
    },
    "alerts/status": lambda lang: {
        "choosing": False,
        "changed": True,
        "active": True,
        "mode": "eligible",
        "categories": [],
        "has_profile": True,
        "has_occupation": False,
    },
    "alerts/subscribe_usage": lambda lang: {
        "codes": [(code, shorts(lang)[code]) for code in ("cec", "french")]
    },
    "alerts/unsubscribed": lambda lang: {"was": True},
    "cancel": lambda lang: {"cancelled": True},
    "console/intro": lambda lang: {},
    "console/open_link": lambda lang: {"url": "https://www.canada.ca/"},
    "console/picture_saved": lambda lang: {"path": "/tmp/chart.png"},
    "draws/chart_caption": lambda lang: {
        "name": categories(lang)["cec"],
        "first": date(2023, 12, 6),
        "count": 40,
        "last": view(the_round(), lang),
        "score": 476,
    },
    "draws/chart_empty": lambda lang: {"name": categories(lang)["military"]},
    "draws/chart_labels": lambda lang: {"part": "cutoff", "name": "", "score": None},
    "draws/chart_unknown": lambda lang: {"word": "nurses", "choices": [("cec", "CEC")]},
    "draws/latest_cutoff": lambda lang: {
        "draw": view(the_round(), lang),
        "code": "cec",
        "forecast": True,
    },
    "draws/list": lambda lang: {
        "draws": [view(french_round(), lang), view(the_round(), lang)],
        "filter": "CEC",
    },
    "draws/pool": _pool,
    "draws/record_confirm": lambda lang: {
        "label": categories(lang)["cec"],
        "day": date(2026, 11, 24),
        "size": 3000,
        "crs": 519,
        "tie": datetime(2026, 10, 2, 8, 0, 1, tzinfo=UTC),
    },
    "draws/record_done": lambda lang: {
        "cancelled": False,
        "existing": False,
        "draw": view(the_round(), lang),
        "alerts": 12,
    },
    "draws/record_usage": lambda lang: {"problem": "numbers", "programs": [("cec", "CEC")]},
    "edited_message": lambda lang: {},
    "empty_text": lambda lang: {},
    "error": lambda lang: {},
    "fallback_text": lambda lang: {"text": "hello"},
    "flood": lambda lang: {},
    "forget_confirm": lambda lang: {},
    "forget_done": lambda lang: {},
    "forget_kept": lambda lang: {},
    "group_chat": lambda lang: {},
    "help": lambda lang: {"commands": [{"name": "crs", "description": "CRS"}]},
    "media_message": lambda lang: {},
    "privacy": lambda lang: {},
    "questionnaire/ack": lambda lang: {"title": title("age", lang), "answer": "29"},
    "questionnaire/answered": lambda lang: {"title": title("age", lang), "answer": "29"},
    "questionnaire/ask/age": lambda lang: {},
    "questionnaire/ask/canadian_education": lambda lang: {},
    "questionnaire/ask/canadian_work_years": lambda lang: {},
    "questionnaire/ask/certificate_of_qualification": lambda lang: {},
    "questionnaire/ask/education": lambda lang: {},
    "questionnaire/ask/foreign_work_years": lambda lang: {},
    "questionnaire/ask/language_test": lambda lang: {"which": "second_language"},
    "questionnaire/ask/marital_status": lambda lang: {},
    "questionnaire/ask/provincial_nomination": lambda lang: {},
    "questionnaire/ask/score": lambda lang: SCORE | {"which": "first_language", "position": 2},
    "questionnaire/ask/sibling_in_canada": lambda lang: {
        "partner_counts": False,
        "partnered": True,
    },
    "questionnaire/ask/spouse_accompanying": lambda lang: {},
    "questionnaire/ask/spouse_canadian": lambda lang: {},
    "questionnaire/ask/spouse_canadian_work_years": lambda lang: {},
    "questionnaire/ask/spouse_education": lambda lang: {},
    "questionnaire/first_question": lambda lang: {},
    "questionnaire/improvements": lambda lang: {
        "total": 414,
        "max_score": MAX_SCORE,
        "items": _moves(),
    },
    "questionnaire/invalid_choice": lambda lang: {"labels": ["1", "2"]},
    "questionnaire/invalid_number": lambda lang: {"low": 17, "high": 99},
    "questionnaire/invalid_score": lambda lang: SCORE,
    "language/choose": lambda lang: {},
    "language/chosen": lambda lang: {},
    "language/offer": lambda lang: {},
    "questionnaire/levels": lambda lang: {
        "which": "second_language",
        "summary": _summary(),
        "abilities": ABILITIES,
    },
    "questionnaire/no_profile": lambda lang: {},
    "questionnaire/not_started": lambda lang: {"done": True},
    "questionnaire/offer": lambda lang: {"answered": 3},
    "questionnaire/paused": lambda lang: {"title": title("age", lang)},
    "questionnaire/profile_error": lambda lang: {"message": "age"},
    "questionnaire/question": lambda lang: {
        "notes": ["n"],
        "error": None,
        "body": "b",
        "current": "29",
    },
    "questionnaire/result": _result,
    "questionnaire/review": lambda lang: {
        "notes": [],
        "confirmed": False,
        "lines": [
            {"language": None, "title": title("age", lang), "answer": "29"},
            {"language": _summary("clb"), "title": title("first_language", lang), "answer": None},
        ],
    },
    "questionnaire/side_question": lambda lang: {},
    "questionnaire/stale": lambda lang: {},
    "questionnaire/use_buttons": lambda lang: {},
    "questionnaire/went_back": lambda lang: {"title": title("age", lang)},
    "stale_button": lambda lang: {},
    "standing/dates_ask": lambda lang: {
        "step": "submitted",
        "number": 5,
        "count": 5,
        "current": NOW,
        "noted": ("eca", None),
        "problem": "too_early",
        "params": {"day": date(2014, 3, 1), "earliest": date(2015, 1, 1)},
        "text": "",
    },
    "standing/dates_result": _dates_result,
    "standing/dates_stale": lambda lang: {},
    "standing/occupation_ask": lambda lang: {"retry": False},
    "standing/occupation_canada": lambda lang: {},
    "standing/occupation_matches": lambda lang: {},
    "standing/occupation_months": lambda lang: {"group": {"title": "Cooks", "code": "63200"}},
    "standing/occupation_no_match": lambda lang: {"text": "astronaut"},
    "standing/occupation_result": _occupation_result,
    "standing/occupation_stale": lambda lang: {},
    "start": lambda lang: {},
    "text_too_long": lambda lang: {"length": 12000, "limit": 4000},
    "unknown_command": lambda lang: {"command": "foo"},
}

"""Profiles the standing tests share (unit and end to end)."""

from __future__ import annotations

from tests.test_questionnaire.helpers import profile

#: The issue's profile: single, 28, bachelor's, IELTS L7.5 R6.5 W6.5 S6.5, 1 year in Canada,
#: 2 years abroad: 414 (tests/test_crs/test_moves.py works it out by hand).
ISSUE_414 = profile(
    age=28,
    education="bachelors",
    canadian_education="none",
    first_language={
        "test": "ielts",
        "listening": 7.5,
        "reading": 6.5,
        "writing": 6.5,
        "speaking": 6.5,
    },
    canadian_work_years=1,
    foreign_work_years=2,
)
#: CLB 4 in all four: no program is open.
CLB4 = profile(
    age=30,
    education="bachelors",
    canadian_education="none",
    first_language={"test": "celpip", "listening": 4, "reading": 4, "writing": 4, "speaking": 4},
    canadian_work_years=2,
    foreign_work_years=0,
)

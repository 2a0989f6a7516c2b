"""CRS scoring as pure domain code: profile validation, dated rules, scoring, planner."""

from bot.crs.language import TESTS, ScoreRange, TestSpec, clb_levels
from bot.crs.planner import Improvement, gap, improvements
from bot.crs.profile import LanguageResult, Profile, ProfileError, parse_profile
from bot.crs.scoring import Breakdown, score

__all__ = [
    "TESTS",
    "Breakdown",
    "Improvement",
    "LanguageResult",
    "Profile",
    "ProfileError",
    "ScoreRange",
    "TestSpec",
    "clb_levels",
    "gap",
    "improvements",
    "parse_profile",
    "score",
]

"""CRS scoring as pure domain code: profile validation, dated rules, scoring, moves, timeline."""

from bot.crs.language import TESTS, ScoreRange, TestSpec, clb_levels
from bot.crs.moves import Move, moves
from bot.crs.profile import LanguageResult, Profile, ProfileError, parse_profile
from bot.crs.scoring import Breakdown, score
from bot.crs.timeline import Change, timeline

__all__ = [
    "TESTS",
    "Breakdown",
    "Change",
    "LanguageResult",
    "Move",
    "Profile",
    "ProfileError",
    "ScoreRange",
    "TestSpec",
    "clb_levels",
    "moves",
    "parse_profile",
    "score",
    "timeline",
]

"""Test score -> CLB/NCLC conversion at every boundary, and the TESTS score ranges."""

from __future__ import annotations

import pytest

from bot.crs import TESTS, LanguageResult, clb_levels

# Minimum score for CLB/NCLC 10, 9, 8, 7, 6, 5, 4, typed from IRCC's equivalency charts
# (https://www.canada.ca/.../express-entry/documents/language-test.html).
LEVELS = (10, 9, 8, 7, 6, 5, 4)
CHARTS: dict[str, dict[str, tuple[float, ...]]] = {
    "ielts": {
        "reading": (8.0, 7.0, 6.5, 6.0, 5.0, 4.0, 3.5),
        "writing": (7.5, 7.0, 6.5, 6.0, 5.5, 5.0, 4.0),
        "listening": (8.5, 8.0, 7.5, 6.0, 5.5, 5.0, 4.5),
        "speaking": (7.5, 7.0, 6.5, 6.0, 5.5, 5.0, 4.0),
    },
    "pte_core": {
        "reading": (88, 78, 69, 60, 51, 42, 33),
        "writing": (90, 88, 79, 69, 60, 51, 41),
        "listening": (89, 82, 71, 60, 50, 39, 28),
        "speaking": (89, 84, 76, 68, 59, 51, 42),
    },
    "tef": {
        "reading": (546, 503, 462, 434, 393, 352, 306),
        "writing": (558, 512, 472, 428, 379, 330, 268),
        "listening": (546, 503, 462, 434, 393, 352, 306),
        "speaking": (556, 518, 494, 456, 422, 387, 328),
    },
    "tcf": {
        "reading": (549, 524, 499, 453, 406, 375, 342),
        "writing": (16, 14, 12, 10, 7, 6, 4),
        "listening": (549, 523, 503, 458, 398, 369, 331),
        "speaking": (16, 14, 12, 10, 7, 6, 4),
    },
}
# Other abilities held at a valid middle score while one is tested.
FILLER = {"ielts": 6, "pte_core": 60, "tef": 400, "tcf": 10}


def _result(test: str, ability: str, value: float) -> LanguageResult:
    scores: dict[str, float] = {
        a: FILLER[test] for a in ("reading", "writing", "listening", "speaking")
    }
    if test == "tcf":
        scores["reading"] = scores["listening"] = 400
    scores[ability] = value
    return LanguageResult.model_validate({"test": test, **scores})


BOUNDARIES = [
    pytest.param(test, ability, level, minimum, id=f"{test}-{ability}-CLB{level}")
    for test, chart in CHARTS.items()
    for ability, minimums in chart.items()
    for level, minimum in zip(LEVELS, minimums, strict=True)
]


@pytest.mark.parametrize(("test", "ability", "level", "minimum"), BOUNDARIES)
def test_each_boundary(test: str, ability: str, level: int, minimum: float) -> None:
    step = TESTS[test][ability].step
    assert clb_levels(_result(test, ability, minimum))[ability] == level
    below = minimum - step
    if below >= TESTS[test][ability].min:
        expected_below = level - 1 if level > 4 else 3
        assert clb_levels(_result(test, ability, below))[ability] <= expected_below
        if level > 4:
            assert clb_levels(_result(test, ability, below))[ability] == level - 1


@pytest.mark.parametrize("level", range(0, 13))
def test_celpip_levels_are_clb_levels(level: int) -> None:
    result = LanguageResult(test="celpip", reading=level, writing=7, listening=7, speaking=7)
    assert clb_levels(result)["reading"] == level


def test_direct_levels() -> None:
    result = LanguageResult(test="nclc", reading=8, writing=7, listening=10, speaking=5)
    assert clb_levels(result) == {"reading": 8, "writing": 7, "listening": 10, "speaking": 5}


def test_spec_metadata() -> None:
    assert TESTS["ielts"].name == "IELTS General Training"
    assert TESTS["ielts"].language == "english"
    assert TESTS["tef"].language == "french"
    assert (TESTS["tcf"]["writing"].min, TESTS["tcf"]["writing"].max) == (0, 20)
    assert (TESTS["tcf"]["reading"].min, TESTS["tcf"]["reading"].max) == (100, 699)
    assert set(TESTS) == {"ielts", "celpip", "pte_core", "clb", "tef", "tcf", "nclc"}


@pytest.mark.parametrize(
    ("test", "ability", "value", "message"),
    [
        (
            "ielts",
            "writing",
            9.5,
            "IELTS General Training writing must be from 0 to 9 in steps of 0.5",
        ),
        (
            "ielts",
            "writing",
            6.3,
            "IELTS General Training writing must be from 0 to 9 in steps of 0.5",
        ),
        ("ielts", "reading", -1, "from 0 to 9"),
        ("celpip", "speaking", 13, "CELPIP-General speaking must be from 0 to 12 in steps of 1"),
        ("pte_core", "listening", 5, "PTE Core listening must be from 10 to 90 in steps of 1"),
        ("tcf", "writing", 21, "TCF Canada writing must be from 0 to 20 in steps of 1"),
        ("tcf", "reading", 99, "TCF Canada reading must be from 100 to 699 in steps of 1"),
        ("tef", "reading", 700, "TEF Canada reading must be from 0 to 699 in steps of 1"),
        ("ielts", "reading", "seven", "from 0 to 9 in steps of 0.5"),
        ("ielts", "reading", True, "from 0 to 9 in steps of 0.5"),
        ("ielts", "reading", float("nan"), "from 0 to 9 in steps of 0.5"),
    ],
)
def test_validate_rejects_with_range(test: str, ability: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        TESTS[test].validate(ability, value)


def test_validate_accepts_typed_text_and_numbers() -> None:
    assert TESTS["ielts"].validate("writing", "6.5") == 6.5
    assert TESTS["ielts"].validate("writing", "6,5") == 6.5
    assert TESTS["ielts"].validate("writing", 7) == 7
    assert TESTS["pte_core"].validate("reading", " 88 ") == 88
    assert isinstance(TESTS["tef"].validate("reading", 503.0), int)

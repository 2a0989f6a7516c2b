"""The CRS profile (the questionnaire's output and the CLI's input) and its validation."""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bot.crs.language import NO_TEST, TESTS, LanguageResult

MaritalStatus = Literal[
    "single",
    "married",
    "common_law",
    "divorced",
    "separated",
    "legally_separated",
    "widowed",
    "annulled",
]
Education = Literal[
    "less_than_secondary",
    "secondary",
    "one_year",
    "two_year",
    "bachelors",
    "two_or_more",
    "masters",
    "doctoral",
]
CanadianEducation = Literal["none", "one_or_two_year", "three_year_plus"]

EDUCATION_LEVELS: tuple[Education, ...] = get_args(Education)
PARTNERED: frozenset[str] = frozenset({"married", "common_law"})

MAX_AGE = 120
MAX_YEARS = 60


def scored_with_spouse(
    marital_status: str | None, spouse_canadian: bool, spouse_accompanying: bool
) -> bool:
    """IRCC's rule, the one place it is stated: a married or common-law partner who is not a
    Canadian citizen or permanent resident and who will come to Canada with you. Otherwise the
    candidate is scored as single (the partner's factors count for nothing)."""
    return marital_status in PARTNERED and not spouse_canadian and spouse_accompanying


class ProfileError(ValueError):
    """A profile was rejected; the message names each field path and what it accepts."""

    def __init__(self, message: str, problems: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.problems: list[tuple[str, str]] = problems or [("", message)]

    @property
    def field(self) -> str:
        """Path of the first rejected field (e.g. ``first_language.writing``)."""
        return self.problems[0][0]


def _whole(value: object, name: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a whole number from {lo} to {hi}")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"{name} must be a whole number from {lo} to {hi}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be a whole number from {lo} to {hi}")
    return int(value)


def _flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false")
    return value


class Profile(BaseModel):
    """Everything IRCC's CRS tool asks, in the project's profile JSON format."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    age: int
    marital_status: MaritalStatus
    spouse_canadian: bool = False
    spouse_accompanying: bool = True
    education: Education
    canadian_education: CanadianEducation = "none"
    first_language: LanguageResult
    second_language: LanguageResult | None = None
    canadian_work_years: int = 0
    foreign_work_years: int = 0
    certificate_of_qualification: bool = False
    provincial_nomination: bool = False
    sibling_in_canada: bool = False
    spouse_education: Education = "less_than_secondary"
    spouse_canadian_work_years: int = 0
    spouse_language: LanguageResult | None = None

    @field_validator("age", mode="before")
    @classmethod
    def _age(cls, value: object) -> int:
        return _whole(value, "age", 0, MAX_AGE)

    @field_validator(
        "canadian_work_years", "foreign_work_years", "spouse_canadian_work_years", mode="before"
    )
    @classmethod
    def _years(cls, value: object, info: ValidationInfo) -> int:
        return _whole(value, info.field_name or "years", 0, MAX_YEARS)

    @field_validator(
        "spouse_canadian",
        "spouse_accompanying",
        "certificate_of_qualification",
        "provincial_nomination",
        "sibling_in_canada",
        mode="before",
    )
    @classmethod
    def _bool(cls, value: object, info: ValidationInfo) -> bool:
        return _flag(value, info.field_name or "value")

    @model_validator(mode="after")
    def _languages(self) -> Profile:
        if self.second_language is not None:
            first = TESTS[self.first_language.test].language
            second = TESTS[self.second_language.test].language
            if first == second:
                other = "french" if first == "english" else "english"
                codes = ", ".join(c for c, s in TESTS.items() if s.language == other)
                raise ValueError(
                    f"second_language.test: the second official language must be {other} "
                    f"because first_language is {first}; use one of {codes}"
                )
        return self

    @property
    def with_spouse(self) -> bool:
        return scored_with_spouse(
            self.marital_status, self.spouse_canadian, self.spouse_accompanying
        )


_FIELDS = tuple(Profile.model_fields)
_LANGUAGE_FIELDS = tuple(LanguageResult.model_fields)


def _describe(error: Any) -> tuple[str, str]:
    loc = [str(part) for part in error["loc"]]
    kind = error["type"]
    # Unions of a model and None add the member name ("LanguageResult") to the path.
    loc = [part for part in loc if part not in ("LanguageResult", "none")]
    path = ".".join(loc)
    if kind == "value_error":
        message = str(error["ctx"]["error"])
        if not path and ": " in message:
            path, message = message.split(": ", 1)
        return path, message
    if kind == "literal_error":
        expected = error["ctx"]["expected"].replace("'", "")
        return path, f"{path} must be one of: {expected}"
    if kind == "extra_forbidden":
        allowed = _LANGUAGE_FIELDS if len(loc) > 1 else _FIELDS
        return path, f"unknown field {loc[-1]!r}; allowed fields: {', '.join(allowed)}"
    if kind == "missing":
        return path, f"{path} is required"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        fields = ", ".join(_LANGUAGE_FIELDS)
        return path, f"{path} must be null or an object with {fields}"
    return path, f"{path}: {error['msg']}"


def parse_profile(data: dict[str, Any]) -> Profile:
    """Validate profile JSON (already decoded) into a Profile, or raise ProfileError."""
    if not isinstance(data, dict):
        raise ProfileError("the profile must be a JSON object", [("", "not an object")])
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(e) for e in exc.errors(include_url=False)]
        # A bad test code also fails each score check; report the test only.
        problems = [(p, m) for p, m in problems if m != NO_TEST] or problems
        text = "; ".join(m if m.startswith(p) or not p else f"{p}: {m}" for p, m in problems)
        raise ProfileError(text, problems) from None

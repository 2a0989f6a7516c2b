"""The questions of IRCC's CRS tool as data, in IRCC's order, with their branching.

Each question's id is the profile field path it fills (a public contract: button callback
data is ``<id>:<code>``). Answers are kept as a flat dict ``{question id: value}`` where the
value is already in the profile's own terms (``"married"``, ``True``, ``5``, ``6.5``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from bot.crs import TESTS
from bot.crs.language import ABILITIES
from bot.crs.profile import EDUCATION_LEVELS, MaritalStatus, scored_with_spouse

Answers = Mapping[str, Any]
Kind = Literal["choice", "number", "score"]

PARTNERED = frozenset({"married", "common_law"})
#: The three language sections of the profile, in the order they are asked.
LANGUAGE_FIELDS: tuple[str, ...] = ("first_language", "second_language", "spouse_language")
NO_TEST = "none"


@dataclass(frozen=True, slots=True)
class Option:
    """A choice: ``code`` goes into the callback data, ``value`` into the answers/profile,
    ``label`` is the key of its text in ``templates/<lang>/labels.toml``."""

    code: str
    value: Any
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: Kind
    #: The review line (and "change" button) this question belongs to: its own id, or
    #: ``<language field>.test`` for the four scores of a test.
    group: str
    ask_if: Callable[[Answers], bool] = field(default=lambda _a: True)
    options: Callable[[Answers], tuple[Option, ...]] = field(default=lambda _a: ())
    columns: int = 2
    #: For ``number``: the accepted whole-number range.
    low: int = 0
    high: int = 0
    #: For ``score``: the language field and the ability.
    language: str = ""
    ability: str = ""

    @property
    def prompt(self) -> str:
        """Template of the question text (scores and tests share one each)."""
        if self.kind == "score":
            return "questionnaire/ask/score"
        if self.id.endswith(".test"):
            return "questionnaire/ask/language_test"
        return f"questionnaire/ask/{self.id}"


# -- branching ----------------------------------------------------------------------------


def partnered(a: Answers) -> bool:
    return a.get("marital_status") in PARTNERED


def with_spouse(a: Answers) -> bool:
    """IRCC's rule (`bot.crs.profile.scored_with_spouse`) on the answers given so far: a
    partner counts only once both questions are answered (not a citizen/PR, coming along)."""
    return scored_with_spouse(
        a.get("marital_status"),
        spouse_canadian=a.get("spouse_canadian") is not False,
        spouse_accompanying=a.get("spouse_accompanying") is True,
    )


def _ask_spouse_accompanying(a: Answers) -> bool:
    return partnered(a) and a.get("spouse_canadian") is False


def _has_first_test(a: Answers) -> bool:
    return a.get("first_language.test") not in (None, NO_TEST)


def _language_asked(language: str) -> Callable[[Answers], bool]:
    if language == "first_language":
        return lambda a: True
    if language == "second_language":
        return _has_first_test
    return with_spouse


def _scores_asked(language: str) -> Callable[[Answers], bool]:
    asked = _language_asked(language)
    test_id = f"{language}.test"
    return lambda a: asked(a) and a.get(test_id) in TESTS


def test_language(code: object) -> str | None:
    """ "english" / "french" for a test code, else None."""
    spec = TESTS.get(code) if isinstance(code, str) else None
    return spec.language if spec is not None else None


# -- options ------------------------------------------------------------------------------


def _fixed(*options: Option) -> Callable[[Answers], tuple[Option, ...]]:
    return lambda _a: options


def _codes(prefix: str, *codes: str) -> Callable[[Answers], tuple[Option, ...]]:
    return _fixed(*(Option(c, c, f"questionnaire.{prefix}.{c}") for c in codes))


YES_NO = _fixed(Option("yes", True, "questionnaire.yes"), Option("no", False, "questionnaire.no"))

# The codes are the CRS profile's own (one definition, in bot.crs.profile).
MARITAL = _codes("marital", *get_args(MaritalStatus))
EDUCATION_CODES: tuple[str, ...] = EDUCATION_LEVELS
EDUCATION = _codes("education", *EDUCATION_CODES)
_POST_SECONDARY_SHORT = frozenset({"one_year", "two_year"})
_THREE_YEAR_PLUS = frozenset({"bachelors", "two_or_more", "masters", "doctoral"})


def _canadian_education(a: Answers) -> tuple[Option, ...]:
    """A Canadian credential can be at most the highest credential the applicant holds."""
    codes = ["none", "one_or_two_year"]
    if a.get("education") in _THREE_YEAR_PLUS:
        codes.append("three_year_plus")
    return tuple(Option(c, c, f"questionnaire.canadian_education.{c}") for c in codes)


def _has_post_secondary(a: Answers) -> bool:
    return a.get("education") in _POST_SECONDARY_SHORT | _THREE_YEAR_PLUS


def _years(top: int) -> Callable[[Answers], tuple[Option, ...]]:
    options = [Option("0", 0, "questionnaire.years.0")]
    options += [Option(str(n), n, f"questionnaire.years.{n}") for n in range(1, top)]
    options.append(Option(str(top), top, f"questionnaire.years.{top}plus"))
    return _fixed(*options)


def _tests(language: str) -> Callable[[Answers], tuple[Option, ...]]:
    none = Option(NO_TEST, NO_TEST, f"questionnaire.test.none.{language}")
    every = tuple(Option(code, code, f"questionnaire.test.{code}") for code in TESTS)
    if language != "second_language":
        return lambda _a: (*every, none)

    def second(a: Answers) -> tuple[Option, ...]:
        first = test_language(a.get("first_language.test"))
        return (*(o for o in every if TESTS[o.code].language != first), none)

    return second


# -- the questions ------------------------------------------------------------------------


def _language_questions(language: str) -> list[Question]:
    test_id = f"{language}.test"
    questions = [
        Question(test_id, "choice", test_id, _language_asked(language), _tests(language), 2)
    ]
    scores_asked = _scores_asked(language)
    for ability in ABILITIES:
        questions.append(
            Question(
                f"{language}.{ability}",
                "score",
                test_id,
                scores_asked,
                language=language,
                ability=ability,
            )
        )
    return questions


def _q(
    qid: str,
    kind: Kind = "choice",
    ask_if: Callable[[Answers], bool] | None = None,
    options: Callable[[Answers], tuple[Option, ...]] | None = None,
    columns: int = 2,
    **extra: Any,
) -> Question:
    return Question(
        qid,
        kind,
        qid,
        ask_if or (lambda _a: True),
        options or (lambda _a: ()),
        columns,
        **extra,
    )


QUESTIONS: tuple[Question, ...] = (
    _q("marital_status", options=MARITAL),
    _q("spouse_canadian", ask_if=partnered, options=YES_NO),
    _q("spouse_accompanying", ask_if=_ask_spouse_accompanying, options=YES_NO),
    _q("age", "number", low=16, high=99),
    _q("education", options=EDUCATION, columns=1),
    _q("canadian_education", ask_if=_has_post_secondary, options=_canadian_education, columns=1),
    *_language_questions("first_language"),
    *_language_questions("second_language"),
    _q("canadian_work_years", options=_years(5), columns=3),
    _q("foreign_work_years", options=_years(3), columns=4),
    _q("certificate_of_qualification", options=YES_NO),
    _q("provincial_nomination", options=YES_NO),
    _q("sibling_in_canada", options=YES_NO),
    _q("spouse_education", ask_if=with_spouse, options=EDUCATION, columns=1),
    _q("spouse_canadian_work_years", ask_if=with_spouse, options=_years(5), columns=3),
    *_language_questions("spouse_language"),
)

BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}
ORDER: dict[str, int] = {q.id: i for i, q in enumerate(QUESTIONS)}
#: Review lines in order: the first question of each group.
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(q.group for q in QUESTIONS))


def members(group: str) -> tuple[Question, ...]:
    return tuple(q for q in QUESTIONS if q.group == group)


def applicable(answers: Answers) -> list[Question]:
    """The questions this set of answers calls for, in order."""
    return [q for q in QUESTIONS if q.ask_if(answers)]


def option_for(question: Question, answers: Answers, value: Any) -> Option | None:
    for option in question.options(answers):
        if option.value == value and type(option.value) is type(value):
            return option
    return None


def valid_answer(question: Question, answers: Answers) -> bool:
    """Whether the stored answer to ``question`` is present and acceptable now."""
    if question.id not in answers:
        return False
    value = answers[question.id]
    if question.kind == "choice":
        return option_for(question, answers, value) is not None
    if question.kind == "number":
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and question.low <= value <= question.high
        )
    spec = TESTS.get(answers.get(f"{question.language}.test", ""))
    if spec is None or isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        spec.validate(question.ability, value)
    except ValueError:
        return False
    return True

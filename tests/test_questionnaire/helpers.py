"""Drive the questionnaire engine like a user would, from a CRS profile."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.questionnaire import QState, Step, begin, step
from bot.replies import Reply

ABILITIES = ("listening", "reading", "writing", "speaking")
NO_TEST = {"test": "clb", "listening": 0, "reading": 0, "writing": 0, "speaking": 0}
BASE: dict[str, Any] = {
    "age": 29,
    "marital_status": "single",
    "spouse_canadian": False,
    "spouse_accompanying": False,
    "education": "bachelors",
    "canadian_education": "none",
    "first_language": {
        "test": "ielts",
        "listening": 8,
        "reading": 7,
        "writing": 6.5,
        "speaking": 7,
    },
    "second_language": None,
    "canadian_work_years": 1,
    "foreign_work_years": 0,
    "certificate_of_qualification": False,
    "provincial_nomination": False,
    "sibling_in_canada": False,
    "spouse_education": "less_than_secondary",
    "spouse_canadian_work_years": 0,
    "spouse_language": None,
}


def profile(**changes: Any) -> dict[str, Any]:
    p = copy.deepcopy(BASE)
    p.update(changes)
    return p


def with_spouse(p: dict[str, Any]) -> bool:
    return (
        p["marital_status"] in ("married", "common_law")
        and not p["spouse_canadian"]
        and p["spouse_accompanying"]
    )


def expected_questions(p: dict[str, Any]) -> list[str]:
    """The questions IRCC's tool asks for this profile, written out independently."""
    ids = ["marital_status"]
    if p["marital_status"] in ("married", "common_law"):
        ids.append("spouse_canadian")
        if not p["spouse_canadian"]:
            ids.append("spouse_accompanying")
    ids += ["age", "education"]
    if p["education"] not in ("less_than_secondary", "secondary"):
        ids.append("canadian_education")
    ids.append("first_language.test")
    if p["first_language"] != NO_TEST:
        ids += [f"first_language.{a}" for a in ABILITIES]
        ids.append("second_language.test")
        if p["second_language"] is not None:
            ids += [f"second_language.{a}" for a in ABILITIES]
    ids += [
        "canadian_work_years",
        "foreign_work_years",
        "certificate_of_qualification",
        "provincial_nomination",
        "sibling_in_canada",
    ]
    if with_spouse(p):
        ids += ["spouse_education", "spouse_canadian_work_years", "spouse_language.test"]
        if p["spouse_language"] is not None:
            ids += [f"spouse_language.{a}" for a in ABILITIES]
    return ids


def _fmt(v: Any) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _value(p: dict[str, Any], qid: str) -> Any:
    if "." in qid:
        language, part = qid.split(".")
        result = p[language]
        if part == "test":
            return "none" if result is None or result == NO_TEST else result["test"]
        return result[part]
    return p[qid]


def code_for(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def question_of(reply: Reply) -> str | None:
    """The question a reply asks: the prefix of its <id>:back button."""
    for code in reply.codes():
        if code.endswith(":back") and not code.startswith("review:"):
            return code.rsplit(":", 1)[0]
    return None


@dataclass
class Run:
    state: QState
    replies: list[Reply] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    inputs: int = 0
    profile: dict[str, Any] | None = None

    def apply(self, result: Step) -> Step:
        # The state goes through JSON each time, as it does through the database.
        self.state = QState.from_json(result.state.to_json())
        self.replies = result.replies
        for reply in result.replies:
            qid = question_of(reply)
            if qid is not None and (not self.asked or self.asked[-1] != qid):
                self.asked.append(qid)
        if result.profile is not None:
            self.profile = result.profile
        return result

    def press(self, code: str) -> Step:
        self.inputs += 1
        return self.apply(step(self.state, button=code))

    def type(self, text: str) -> Step:
        self.inputs += 1
        return self.apply(step(self.state, text=text))

    @property
    def last(self) -> Reply:
        return self.replies[-1]

    @property
    def current(self) -> str | None:
        return question_of(self.last)


Style = Literal["buttons", "typed", "one_by_one"]


def complete(p: dict[str, Any], style: Style = "buttons", limit: int = 60) -> Run:
    """Answer every question the engine asks from profile ``p``, then confirm the review.

    ``buttons``: choices by button, each test's four scores in one message;
    ``typed``: choices typed as their code, scores in one message;
    ``one_by_one``: choices by button, scores one message each.
    """
    run = Run(QState())
    run.apply(begin())
    for _ in range(limit):
        qid = run.current
        if qid is None:
            break
        value = _value(p, qid)
        if qid.split(".")[-1] in ABILITIES:
            if style == "one_by_one":
                run.type(_fmt(value))
            else:
                language = qid.split(".")[0]
                run.type(" ".join(_fmt(p[language][a]) for a in ABILITIES))
        elif qid == "age":
            run.type(str(value))
        elif style == "typed":
            run.type(code_for(value))
        else:
            top = {"foreign_work_years": 3}.get(qid, 5)
            if isinstance(value, int) and not isinstance(value, bool):
                value = min(value, top)  # the buttons stop at 5+ (3+ abroad)
            run.press(f"{qid}:{code_for(value)}")
    assert "review:confirm" in run.last.codes(), run.last.text
    run.press("review:confirm")
    return run

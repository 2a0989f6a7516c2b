"""The questionnaire engine: a pure function ``(state, input) -> (state, replies)``.

No I/O: the caller loads the chat's ``QState`` (``QState.from_json``), calls ``step`` (or
``open_questionnaire`` / ``cancel``), saves ``Step.state.to_json()`` and sends
``Step.replies``. When the user confirms the review screen, ``Step.profile`` holds the
validated profile JSON; scoring and the result screen are the caller's next move
(``bot.questionnaire.result``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

from markupsafe import Markup

from bot.crs import TESTS, LanguageResult, ProfileError, clb_levels, parse_profile
from bot.crs.language import ABILITIES
from bot.questionnaire.profile import build_profile
from bot.questionnaire.questions import (
    BY_ID,
    GROUPS,
    NO_TEST,
    ORDER,
    QUESTIONS,
    Answers,
    Option,
    Question,
    applicable,
    members,
    option_for,
    valid_answer,
)
from bot.render import render
from bot.replies import Button, Reply

Mode = Literal["new", "asking", "editing", "review", "paused", "done"]
MODES: tuple[str, ...] = ("new", "asking", "editing", "review", "paused", "done")
#: Modes in which the questionnaire is under way (``/crs`` offers resume or restart).
IN_PROGRESS: frozenset[str] = frozenset({"asking", "editing", "review", "paused"})
STATE_VERSION = 1


@dataclass
class QState:
    """One chat's questionnaire, serialisable to JSON (``to_json`` / ``from_json``)."""

    mode: str = "new"
    answers: dict[str, Any] = field(default_factory=dict)
    current: str | None = None
    #: Question ids answered on the way here, for Back (asking mode).
    history: list[str] = field(default_factory=list)
    #: Editing one answer from the review: the questions still to re-ask, and Back's stack.
    forced: list[str] = field(default_factory=list)
    edit_history: list[str] = field(default_factory=list)
    paused_from: str | None = None

    @property
    def in_progress(self) -> bool:
        return self.mode in IN_PROGRESS

    @property
    def takes_text(self) -> bool:
        """Whether typed text is an answer (a question is waiting for one)."""
        return self.mode in ("asking", "editing") and self.current in BY_ID

    def to_json(self) -> dict[str, Any]:
        return {
            "v": STATE_VERSION,
            "mode": self.mode,
            "answers": dict(self.answers),
            "current": self.current,
            "history": list(self.history),
            "forced": list(self.forced),
            "edit_history": list(self.edit_history),
            "paused_from": self.paused_from,
        }

    @classmethod
    def from_json(cls, data: object) -> QState:
        """Tolerant: anything unreadable becomes a fresh state rather than an error."""
        if not isinstance(data, dict):
            return cls()

        def ids(value: object) -> list[str]:
            if not isinstance(value, list):
                return []
            return [v for v in value if isinstance(v, str) and v in BY_ID]

        mode = data.get("mode")
        answers = data.get("answers")
        current = data.get("current")
        paused_from = data.get("paused_from")
        state = cls(
            mode=mode if isinstance(mode, str) and mode in MODES else "new",
            answers={k: v for k, v in answers.items() if k in BY_ID}
            if isinstance(answers, dict)
            else {},
            current=current if isinstance(current, str) and current in BY_ID else None,
            history=ids(data.get("history")),
            forced=ids(data.get("forced")),
            edit_history=ids(data.get("edit_history")),
            paused_from=paused_from if paused_from in ("asking", "editing", "review") else None,
        )
        if state.mode in ("asking", "editing") and state.current is None:
            state.current = _next_missing(state.answers)
            if state.current is None:
                state.mode = "review"
        if state.mode == "paused" and state.paused_from is None:
            state.paused_from = "asking"
        return state

    def copy(self) -> QState:
        return replace(
            self,
            answers=dict(self.answers),
            history=list(self.history),
            forced=list(self.forced),
            edit_history=list(self.edit_history),
        )


@dataclass(frozen=True)
class Step:
    state: QState
    replies: list[Reply]
    #: The validated profile JSON when the user has just confirmed the review screen.
    profile: dict[str, Any] | None = None


# -- public entry points ------------------------------------------------------------------


def begin(lang: str = "en", *, edit: bool = False) -> Step:
    """A fresh questionnaire, asking the first question."""
    state = QState(mode="asking", current=QUESTIONS[0].id)
    return Step(state, [_question_reply(state, lang, edit=edit)])


def open_questionnaire(state: QState, lang: str = "en") -> Step:
    """``/crs``: start, or offer to resume or restart one in progress."""
    if not state.in_progress:
        return begin(lang)
    answered = sum(1 for q in applicable(state.answers) if valid_answer(q, state.answers))
    text = render("questionnaire/offer", lang, answered=answered)
    buttons = Reply.rows(
        [(_label("resume", lang), "crs:resume"), (_label("restart", lang), "crs:restart")]
    )
    return Step(state.copy(), [Reply(text, buttons=buttons)])


def cancel(state: QState) -> tuple[QState, bool]:
    """``/cancel``: pause a questionnaire under way, keeping the answers."""
    if state.mode not in ("asking", "editing", "review"):
        return state, False
    st = state.copy()
    st.paused_from, st.mode = st.mode, "paused"
    return st, True


def review_from_answers(answers: Answers, lang: str = "en") -> Step:
    """The review screen for a set of answers (e.g. rebuilt from a saved profile)."""
    st = QState(mode="asking", answers=dict(answers))
    return _to_review_or_missing(st, lang, [])


def step(
    state: QState,
    *,
    text: str | None = None,
    button: str | None = None,
    lang: str = "en",
) -> Step:
    """Apply one user input (typed text or a pressed button's code). Never raises on input."""
    st = state.copy()
    if button is not None:
        return _button(st, button, lang)
    return _text(st, text or "", lang)


def current_screen(state: QState, lang: str = "en") -> list[Reply]:
    """What the user should be looking at now (question, review, or how to go on)."""
    if state.mode in ("asking", "editing") and state.current in BY_ID:
        return [_question_reply(state, lang)]
    if state.mode == "review":
        return [_review_reply(state, lang)]
    if state.mode == "paused":
        return open_questionnaire(state, lang).replies
    return [Reply(render("questionnaire/not_started", lang, done=state.mode == "done"))]


# -- buttons ------------------------------------------------------------------------------


def _button(st: QState, code: str, lang: str) -> Step:
    qid, _, arg = code.partition(":")
    if qid == "crs":
        return _crs_button(st, arg, lang)
    if qid == "review":
        return _review_button(st, arg, lang)
    if st.mode not in ("asking", "editing") or qid != st.current or qid not in BY_ID:
        return _stale(st, lang)
    question = BY_ID[qid]
    if arg == "back":
        return _back(st, lang)
    if arg == "cancel":
        paused, _ = cancel(st)
        text = render("questionnaire/paused", lang, title=_title(question, lang))
        return Step(paused, [Reply(text, edit=True)])
    if question.kind != "choice":
        return _invalid(st, question, lang, _expectation(question, st.answers, lang))
    option = next((o for o in question.options(st.answers) if o.code == arg), None)
    if option is None:
        return _invalid(st, question, lang, _expectation(question, st.answers, lang))
    return _accept(st, {question.id: option.value}, lang, by_button=True)


def _crs_button(st: QState, arg: str, lang: str) -> Step:
    if arg == "start":
        return open_questionnaire(st, lang)
    if arg == "restart":
        return begin(lang, edit=True)
    if arg == "resume":
        if not st.in_progress:
            return begin(lang, edit=True)
        if st.mode == "paused":
            st.mode, st.paused_from = st.paused_from or "asking", None
        if st.mode == "review":
            return Step(st, [_review_reply(st, lang, edit=True)])
        return Step(st, [_question_reply(st, lang, edit=True)])
    if arg == "edit":
        if st.mode in ("asking", "editing") and st.current is not None:
            return Step(st, [_question_reply(st, lang)])
        if not st.answers:
            return Step(st, current_screen(st, lang))
        st.paused_from = None
        return _to_review_or_missing(st, lang, [])
    return _stale(st, lang)


def _review_button(st: QState, arg: str, lang: str) -> Step:
    if st.mode != "review":
        return _stale(st, lang)
    if arg == "confirm":
        return _confirm(st, lang)
    if arg == "cancel":
        paused, _ = cancel(st)
        return Step(paused, [Reply(render("questionnaire/paused", lang, title=""), edit=True)])
    if arg == "back":
        apps = applicable(st.answers)
        st.mode, st.current, st.forced, st.edit_history = "asking", apps[-1].id, [], []
        return Step(st, [_question_reply(st, lang, edit=True)])
    if arg.startswith("edit:"):
        group = arg[len("edit:") :]
        heads = {q.group for q in applicable(st.answers)}
        if group not in GROUPS or group not in heads:
            return _stale(st, lang)
        st.mode = "editing"
        st.forced = [q.id for q in members(group)]
        st.edit_history = []
        st.current = _next_editing(st)
        if st.current is None:  # nothing to ask after all
            return _to_review_or_missing(st, lang, [])
        return Step(st, [_question_reply(st, lang, edit=True)])
    return _stale(st, lang)


def _confirm(st: QState, lang: str) -> Step:
    missing = _next_missing(st.answers)
    if missing is not None:
        return _to_review_or_missing(st, lang, [])
    profile = build_profile(st.answers)
    try:
        parse_profile(profile)
    except ProfileError as exc:  # a bug if it happens: say so instead of scoring nonsense
        note = render("questionnaire/profile_error", lang, message=str(exc))
        return Step(st, [_review_reply(st, lang, notes=[note])])
    st.mode, st.current, st.forced, st.edit_history, st.history = "done", None, [], [], []
    summary = _review_reply(st, lang, confirmed=True, edit=True)
    return Step(st, [summary], profile=profile)


def _back(st: QState, lang: str) -> Step:
    assert st.current is not None
    here = BY_ID[st.current]
    went_back = Reply(render("questionnaire/went_back", lang, title=_title(here, lang)), edit=True)
    stack = st.edit_history if st.mode == "editing" else st.history
    while stack:
        previous = stack.pop()
        question = BY_ID[previous]
        if question.ask_if(st.answers):
            st.current = previous
            if st.mode == "editing" and previous not in st.forced:
                st.forced.append(previous)
            return Step(st, [went_back, _question_reply(st, lang)])
    if st.mode == "editing" and _next_missing(st.answers) is None:
        st.mode, st.current, st.forced = "review", None, []
        return Step(st, [went_back, _review_reply(st, lang)])
    note = render("questionnaire/first_question", lang)
    return Step(st, [_question_reply(st, lang, notes=[note])])


def _stale(st: QState, lang: str) -> Step:
    note = render("questionnaire/stale", lang)
    screen = current_screen(st, lang)
    first = screen[0]
    return Step(st, [replace(first, text=f"{note}\n\n{first.text}"), *screen[1:]])


# -- typed text ---------------------------------------------------------------------------

_SPLIT = re.compile(r"[\s/;|]+|,\s+")


def _text(st: QState, text: str, lang: str) -> Step:
    if not st.takes_text:
        if st.mode == "review":
            note = render("questionnaire/use_buttons", lang)
            return Step(st, [_review_reply(st, lang, notes=[note])])
        return Step(st, current_screen(st, lang))
    assert st.current is not None
    question = BY_ID[st.current]
    typed = text.strip()
    if question.kind == "choice":
        option = _match_option(question, st.answers, typed, lang)
        if option is None:
            return _invalid(st, question, lang, _expectation(question, st.answers, lang))
        return _accept(st, {question.id: option.value}, lang, by_button=False)
    if question.kind == "number":
        value = _whole(typed)
        if value is None or not question.low <= value <= question.high:
            return _invalid(st, question, lang, _expectation(question, st.answers, lang))
        return _accept(st, {question.id: value}, lang, by_button=False)
    return _scores(st, question, typed, lang)


def _scores(st: QState, question: Question, typed: str, lang: str) -> Step:
    test = st.answers[f"{question.language}.test"]
    spec = TESTS[test]
    tokens = [t for t in _SPLIT.split(typed) if t]
    if len(tokens) == 1 and tokens[0].count(",") > 1:
        tokens = [t for t in tokens[0].split(",") if t]
    start = ABILITIES.index(question.ability)
    remaining = ABILITIES[start:]
    if not tokens or len(tokens) > len(remaining):
        return _invalid(st, question, lang, _expectation(question, st.answers, lang))
    values: dict[str, Any] = {}
    for ability, token in zip(remaining, tokens, strict=False):
        try:
            value = spec.validate(ability, token)
        except ValueError:
            target = BY_ID[f"{question.language}.{ability}"]
            return _invalid(st, question, lang, _expectation(target, st.answers, lang))
        values[f"{question.language}.{ability}"] = value
    return _accept(st, values, lang, by_button=False)


def _whole(typed: str) -> int | None:
    cleaned = typed.strip().rstrip(".")
    for suffix in (" years old", " years", " yrs", " y.o.", " yo", "y"):
        if cleaned.lower().endswith(suffix):
            cleaned = cleaned[: -len(suffix)].strip()
            break
    if not cleaned.isascii() or not cleaned.isdigit() or len(cleaned) > 3:
        return None
    return int(cleaned)


_YES = frozenset({"yes", "y", "oui", "да", "true"})
_NO = frozenset({"no", "n", "non", "нет", "false"})


def _match_option(question: Question, answers: Answers, typed: str, lang: str) -> Option | None:
    wanted = typed.strip().lower().rstrip(".!")
    options = question.options(answers)
    for option in options:
        label = _label(option.label, lang).lower()
        if wanted in (option.code.lower(), label, label.split(" (")[0]):
            return option
    if wanted in _YES | _NO:
        return next((o for o in options if o.value is (wanted in _YES)), None)
    number = _whole(wanted.rstrip("+"))
    if number is not None and all(isinstance(o.value, int) for o in options) and options:
        top = max(o.value for o in options)
        return next((o for o in options if o.value == min(number, top)), None)
    return None


# -- accepting an answer ------------------------------------------------------------------


def _accept(st: QState, values: dict[str, Any], lang: str, *, by_button: bool) -> Step:
    first = BY_ID[next(iter(values))]
    replies: list[Reply] = []
    if by_button:
        shown = _answer_text(first, {**st.answers, **values}, lang)
        replies.append(
            Reply(
                render("questionnaire/answered", lang, title=_title(first, lang), answer=shown),
                edit=True,
            )
        )
    for qid, value in values.items():
        if qid.endswith(".test") and st.answers.get(qid) != value:
            language = qid.removesuffix(".test")
            for ability in ABILITIES:
                st.answers.pop(f"{language}.{ability}", None)
        st.answers[qid] = value
        (st.edit_history if st.mode == "editing" else st.history).append(qid)
        if qid in st.forced:
            st.forced.remove(qid)
    _prune(st)
    notes: list[str] = []
    last = BY_ID[list(values)[-1]]
    if not by_button and last.kind != "score":
        notes.append(
            render(
                "questionnaire/ack",
                lang,
                title=_title(last, lang),
                answer=_answer_text(last, st.answers, lang),
            )
        )
    elif not by_button and last.ability != ABILITIES[-1]:
        for qid in values:
            question = BY_ID[qid]
            notes.append(
                render(
                    "questionnaire/ack",
                    lang,
                    title=_title(question, lang),
                    answer=_answer_text(question, st.answers, lang),
                )
            )
    if last.kind == "score" and last.ability == ABILITIES[-1]:
        replies.append(Reply(_levels_text(last.language, st.answers, lang)))
    if st.mode == "editing":
        st.current = _next_editing(st)
    else:
        st.current = _next_asking(st, last.id)
    if st.current is None:
        return _to_review_or_missing(st, lang, notes, replies)
    return Step(st, [*replies, _question_reply(st, lang, notes=notes)])


def _prune(st: QState) -> None:
    """Forget answers to questions the other answers no longer call for."""
    asked = {q.id for q in applicable(st.answers)}
    for qid in list(st.answers):
        if qid not in asked:
            del st.answers[qid]
    st.forced = [q for q in st.forced if q in asked]


def _next_asking(st: QState, after: str) -> str | None:
    index = ORDER[after]
    for question in applicable(st.answers):
        if ORDER[question.id] > index:
            return question.id
    return _next_missing(st.answers)


def _next_editing(st: QState) -> str | None:
    for question in applicable(st.answers):
        if question.id in st.forced or not valid_answer(question, st.answers):
            return question.id
    return None


def _next_missing(answers: Answers) -> str | None:
    for question in applicable(answers):
        if not valid_answer(question, answers):
            return question.id
    return None


def _to_review_or_missing(
    st: QState, lang: str, notes: list[str], before: list[Reply] | None = None
) -> Step:
    missing = _next_missing(st.answers)
    replies = list(before or [])
    if missing is not None:
        st.mode = "editing" if st.mode == "editing" else "asking"
        st.current = missing
        return Step(st, [*replies, _question_reply(st, lang, notes=notes)])
    st.mode, st.current, st.forced, st.edit_history = "review", None, [], []
    return Step(st, [*replies, _review_reply(st, lang, notes=notes)])


def _invalid(st: QState, question: Question, lang: str, expectation: str) -> Step:
    return Step(st, [_question_reply(st, lang, error=expectation)])


# -- rendering ----------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _label(key: str, lang: str) -> str:
    """Plain text (button labels are not HTML) from ``questionnaire/label.j2``."""
    return render("questionnaire/label", lang, key=key)


def label(key: str, lang: str = "en") -> str:
    return _label(key, lang)


def _title(question: Question, lang: str) -> str:
    return _label(f"title.{question.id}", lang)


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _answer_text(question: Question, answers: Answers, lang: str) -> str:
    value = answers.get(question.id)
    if question.kind == "choice":
        option = option_for(question, answers, value)
        return _label(option.label, lang) if option is not None else ""
    return _fmt(value)


def _language_summary(language: str, answers: Answers, lang: str) -> dict[str, Any]:
    test = answers.get(f"{language}.test")
    if test not in TESTS:
        return {"test": None, "name": _label(f"test.none.{language}", lang)}
    scores = {a: answers.get(f"{language}.{a}") for a in ABILITIES}
    levels: dict[str, int] | None = None
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in scores.values()):
        result = LanguageResult.model_validate({"test": test, **scores})
        levels = clb_levels(result)
    return {
        "test": test,
        "name": TESTS[test].name,
        "scale": "NCLC" if TESTS[test].language == "french" else "CLB",
        "scores": {a: _fmt(v) for a, v in scores.items() if v is not None},
        "levels": levels,
    }


def _levels_text(language: str, answers: Answers, lang: str) -> str:
    return render(
        "questionnaire/levels",
        lang,
        which=language,
        summary=_language_summary(language, answers, lang),
        abilities=ABILITIES,
    )


def _expectation(question: Question, answers: Answers, lang: str) -> str:
    if question.kind == "score":
        spec = TESTS[answers[f"{question.language}.test"]]
        rng = spec[question.ability]
        return render(
            "questionnaire/invalid_score",
            lang,
            test=spec.code,
            name=spec.name,
            ability=question.ability,
            low=_fmt(rng.min),
            high=_fmt(rng.max),
            step=_fmt(rng.step),
            remaining=ABILITIES[ABILITIES.index(question.ability) :],
        )
    if question.kind == "number":
        return render(
            "questionnaire/invalid_number",
            lang,
            qid=question.id,
            low=question.low,
            high=question.high,
        )
    labels = [_label(o.label, lang) for o in question.options(answers)]
    return render("questionnaire/invalid_choice", lang, labels=labels)


def _question_body(question: Question, answers: Answers, lang: str) -> str:
    context: dict[str, Any] = {"qid": question.id}
    if question.id.endswith(".test"):
        context["which"] = question.id.removesuffix(".test")
    if question.kind == "score":
        spec = TESTS[answers[f"{question.language}.test"]]
        rng = spec[question.ability]
        context.update(
            which=question.language,
            test=spec.code,
            name=spec.name,
            ability=question.ability,
            low=_fmt(rng.min),
            high=_fmt(rng.max),
            step=_fmt(rng.step),
            remaining=ABILITIES[ABILITIES.index(question.ability) :],
            position=ABILITIES.index(question.ability) + 1,
        )
    return render(question.prompt, lang, **context)


def _question_reply(
    st: QState,
    lang: str,
    *,
    notes: list[str] | None = None,
    error: str | None = None,
    edit: bool = False,
) -> Reply:
    assert st.current is not None
    question = BY_ID[st.current]
    current = (
        _answer_text(question, st.answers, lang) if valid_answer(question, st.answers) else None
    )
    apps = [q.id for q in applicable(st.answers)]
    text = render(
        "questionnaire/question",
        lang,
        notes=[Markup(n) for n in notes or []],
        error=Markup(error) if error else None,
        body=Markup(_question_body(question, st.answers, lang)),
        current=current,
        position=apps.index(question.id) + 1 if question.id in apps else None,
        total=len(apps),
        editing=st.mode == "editing",
    )
    rows: list[tuple[Button, ...]] = []
    options = question.options(st.answers)
    for i in range(0, len(options), question.columns):
        chunk = options[i : i + question.columns]
        rows.append(tuple(Button(_label(o.label, lang), f"{question.id}:{o.code}") for o in chunk))
    rows.append(
        (
            Button(_label("back", lang), f"{question.id}:back"),
            Button(_label("cancel", lang), f"{question.id}:cancel"),
        )
    )
    return Reply(text, buttons=tuple(rows), edit=edit)


def review_lines(answers: Answers, lang: str = "en") -> list[dict[str, Any]]:
    """One line per answered group: its title, the answer, and its group id."""
    lines: list[dict[str, Any]] = []
    apps = applicable(answers)
    seen: set[str] = set()
    for question in apps:
        if question.group in seen:
            continue
        seen.add(question.group)
        head = BY_ID[question.group]
        if head.id.endswith(".test"):
            language = head.id.removesuffix(".test")
            lines.append(
                {
                    "group": head.id,
                    "title": _label(f"title.{language}", lang),
                    "language": _language_summary(language, answers, lang),
                    "answer": None,
                }
            )
        else:
            answer = _answer_text(head, answers, lang) if valid_answer(head, answers) else None
            lines.append(
                {
                    "group": head.id,
                    "title": _title(head, lang),
                    "language": None,
                    "answer": answer,
                }
            )
    return lines


def _review_reply(
    st: QState,
    lang: str,
    *,
    notes: list[str] | None = None,
    confirmed: bool = False,
    edit: bool = False,
) -> Reply:
    lines = review_lines(st.answers, lang)
    text = render(
        "questionnaire/review",
        lang,
        lines=lines,
        abilities=ABILITIES,
        notes=[Markup(n) for n in notes or []],
        confirmed=confirmed,
    )
    if confirmed:
        return Reply(text, edit=edit)
    change = [
        Button(_label("change", lang) + " " + line["title"], f"review:edit:{line['group']}")
        for line in lines
    ]
    rows: list[tuple[Button, ...]] = [(Button(_label("confirm", lang), "review:confirm"),)]
    rows += [tuple(change[i : i + 2]) for i in range(0, len(change), 2)]
    rows.append(
        (
            Button(_label("back", lang), "review:back"),
            Button(_label("cancel", lang), "review:cancel"),
        )
    )
    return Reply(text, buttons=tuple(rows), edit=edit)


__all__ = [
    "IN_PROGRESS",
    "NO_TEST",
    "QState",
    "Step",
    "begin",
    "cancel",
    "current_screen",
    "label",
    "open_questionnaire",
    "review_from_answers",
    "review_lines",
    "step",
]

"""The questionnaire engine: a pure function ``(state, input) -> Step``.

No I/O: the caller loads the chat's ``QState`` (``QState.from_json``), calls ``step`` (or
``open_questionnaire`` / ``cancel``), saves ``Step.state.to_json()`` unless the step's
``outcome`` is ``rejected`` or ``shown``, and sends ``Step.replies``. When the user confirms
the review screen, ``Step.profile`` holds the validated profile JSON; scoring and the result
screen are the caller's next move (``bot.questionnaire.result``).

This module holds the transitions only; the state is in ``state``, typed answers are read by
``parsing`` and every screen is drawn by ``screens``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.callback import BadCode
from bot.crs import ProfileError, parse_profile
from bot.crs.language import ABILITIES
from bot.questionnaire.codes import CrsButton, QuestionnaireCodes, ReviewButton
from bot.questionnaire.parsing import parse_answer
from bot.questionnaire.profile import build_profile
from bot.questionnaire.questions import (
    BY_ID,
    NO_TEST,
    QUESTIONS,
    Answers,
    Question,
    applicable,
    members,
    with_spouse,
)
from bot.questionnaire.screens import (
    answer_text,
    current_screen,
    expectation,
    levels_text,
    offer_reply,
    question_reply,
    review_lines,
    review_reply,
    title,
)
from bot.questionnaire.state import (
    IN_PROGRESS,
    QState,
    Step,
    next_asking,
    next_editing,
    next_missing,
    prune,
)
from bot.render import render
from bot.replies import Reply

#: Asked of the applicant, and of the partner only when the partner counts (``with_spouse``).
SIBLING = "sibling_in_canada"

# -- public entry points ------------------------------------------------------------------


def begin(lang: str = "en", *, edit: bool = False) -> Step:
    """A fresh questionnaire, asking the first question."""
    state = QState(mode="asking", current=QUESTIONS[0].id)
    return Step(state, [question_reply(state, lang, edit=edit)])


def open_questionnaire(state: QState, lang: str = "en") -> Step:
    """``/crs``: start, or offer to resume or restart one in progress."""
    if not state.in_progress:
        return begin(lang)
    return Step(state.copy(), [offer_reply(state, lang)], outcome="shown")


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


# -- buttons ------------------------------------------------------------------------------


def _button(st: QState, code: str, lang: str) -> Step:
    try:
        pressed = QuestionnaireCodes.parse(code)
    except BadCode:
        return _stale(st, lang)
    if isinstance(pressed, CrsButton):
        return _crs_button(st, pressed.action, lang)
    if isinstance(pressed, ReviewButton):
        return _review_button(st, pressed, lang)
    if st.mode not in ("asking", "editing") or pressed.question != st.current:
        return _stale(st, lang)
    question = BY_ID[pressed.question]
    if pressed.choice == "back":
        return _back(st, lang)
    if pressed.choice == "cancel":
        paused, _ = cancel(st)
        text = render("questionnaire/paused", lang, title=title(question, lang))
        return Step(paused, [Reply(text, edit=True)])
    option = next((o for o in question.options(st.answers) if o.code == pressed.choice), None)
    if question.kind != "choice" or option is None:
        return _invalid(st, question, lang)
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
            return Step(st, [review_reply(st, lang, edit=True)])
        return Step(st, [question_reply(st, lang, edit=True)])
    if arg == "edit":
        if st.mode in ("asking", "editing") and st.current is not None:
            return Step(st, [question_reply(st, lang)], outcome="shown")
        if not st.answers:
            return Step(st, current_screen(st, lang), outcome="shown")
        st.paused_from = None
        return _to_review_or_missing(st, lang, [])
    return _stale(st, lang)


def _review_button(st: QState, pressed: ReviewButton, lang: str) -> Step:
    arg = pressed.action
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
        return Step(st, [question_reply(st, lang, edit=True)])
    group = pressed.group
    if group not in {q.group for q in applicable(st.answers)}:
        return _stale(st, lang)
    st.mode = "editing"
    st.forced = [q.id for q in members(group)]
    st.edit_history = []
    st.current = next_editing(st)
    if st.current is None:  # nothing to ask after all
        return _to_review_or_missing(st, lang, [])
    return Step(st, [question_reply(st, lang, edit=True)])


def _confirm(st: QState, lang: str) -> Step:
    if next_missing(st.answers) is not None:
        return _to_review_or_missing(st, lang, [])
    profile = build_profile(st.answers)
    try:
        parse_profile(profile)
    except ProfileError as exc:  # a bug if it happens: say so instead of scoring nonsense
        note = render("questionnaire/profile_error", lang, message=str(exc))
        return Step(st, [review_reply(st, lang, notes=[note])], outcome="rejected")
    st.mode, st.current, st.forced, st.edit_history, st.history = "done", None, [], [], []
    summary = review_reply(st, lang, confirmed=True, edit=True)
    return Step(st, [summary], profile=profile)


def _back(st: QState, lang: str) -> Step:
    here = BY_ID[st.current or ""]
    went_back = Reply(render("questionnaire/went_back", lang, title=title(here, lang)), edit=True)
    stack = st.edit_history if st.mode == "editing" else st.history
    while stack:
        previous = stack.pop()
        if BY_ID[previous].ask_if(st.answers):
            st.current = previous
            if st.mode == "editing" and previous not in st.forced:
                st.forced.append(previous)
            return Step(st, [went_back, question_reply(st, lang)])
    if st.mode == "editing" and next_missing(st.answers) is None:
        st.mode, st.current, st.forced = "review", None, []
        return Step(st, [went_back, review_reply(st, lang)])
    note = render("questionnaire/first_question", lang)
    return Step(st, [question_reply(st, lang, notes=[note])])


def _stale(st: QState, lang: str) -> Step:
    """A button from an older message: say so and show the current screen again."""
    note = render("questionnaire/stale", lang)
    screen = current_screen(st, lang)
    first = screen[0]
    replies = [replace(first, text=f"{note}\n\n{first.text}"), *screen[1:]]
    return Step(st, replies, outcome="rejected")


# -- typed text ---------------------------------------------------------------------------


def _text(st: QState, text: str, lang: str) -> Step:
    if not st.takes_text:
        if st.mode == "review":
            note = render("questionnaire/use_buttons", lang)
            return Step(st, [review_reply(st, lang, notes=[note])], outcome="rejected")
        return Step(st, current_screen(st, lang), outcome="rejected")
    question = BY_ID[st.current or ""]
    parsed = parse_answer(question, st.answers, text, lang)
    if not isinstance(parsed, dict):
        return _invalid(st, question, lang, help_for=parsed)
    return _accept(st, parsed, lang, by_button=False)


def _invalid(
    st: QState, question: Question, lang: str, *, help_for: Question | None = None
) -> Step:
    """Not an answer: the same question again, with what an answer looks like."""
    error = expectation(help_for or question, st.answers, lang)
    return Step(st, [question_reply(st, lang, error=error)], outcome="rejected")


# -- accepting an answer ------------------------------------------------------------------


def _ack(qid: str, answers: Answers, lang: str) -> str:
    question = BY_ID[qid]
    return render(
        "questionnaire/ack",
        lang,
        title=title(question, lang),
        answer=answer_text(question, answers, lang),
    )


def _accept(st: QState, values: dict[str, Any], lang: str, *, by_button: bool) -> Step:
    first = BY_ID[next(iter(values))]
    partner_counted = with_spouse(st.answers)
    replies: list[Reply] = []
    if by_button:
        shown = answer_text(first, {**st.answers, **values}, lang)
        text = render("questionnaire/answered", lang, title=title(first, lang), answer=shown)
        replies.append(Reply(text, edit=True))
    for qid, value in values.items():
        if qid.endswith(".test") and st.answers.get(qid) != value:
            language = qid.removesuffix(".test")
            for ability in ABILITIES:
                st.answers.pop(f"{language}.{ability}", None)
        st.answers[qid] = value
        (st.edit_history if st.mode == "editing" else st.history).append(qid)
        if qid in st.forced:
            st.forced.remove(qid)
    if with_spouse(st.answers) != partner_counted:
        # "Do you (or your partner) have a sibling in Canada?" now means something else.
        st.answers.pop(SIBLING, None)
    prune(st)
    notes: list[str] = []
    last = BY_ID[list(values)[-1]]
    if not by_button and last.kind != "score":
        notes.append(_ack(last.id, st.answers, lang))
    elif not by_button and last.ability != ABILITIES[-1]:
        notes += [_ack(qid, st.answers, lang) for qid in values]
    if last.kind == "score" and last.ability == ABILITIES[-1]:
        replies.append(Reply(levels_text(last.language, st.answers, lang)))
    st.current = next_editing(st) if st.mode == "editing" else next_asking(st, last.id)
    if st.current is None:
        return _to_review_or_missing(st, lang, notes, replies)
    return Step(st, [*replies, question_reply(st, lang, notes=notes)])


def _to_review_or_missing(
    st: QState, lang: str, notes: list[str], before: list[Reply] | None = None
) -> Step:
    missing = next_missing(st.answers)
    replies = list(before or [])
    if missing is not None:
        st.mode = "editing" if st.mode == "editing" else "asking"
        st.current = missing
        return Step(st, [*replies, question_reply(st, lang, notes=notes)])
    st.mode, st.current, st.forced, st.edit_history = "review", None, [], []
    return Step(st, [*replies, review_reply(st, lang, notes=notes)])


__all__ = [
    "IN_PROGRESS",
    "NO_TEST",
    "QState",
    "Step",
    "begin",
    "cancel",
    "current_screen",
    "open_questionnaire",
    "review_from_answers",
    "review_lines",
    "step",
]

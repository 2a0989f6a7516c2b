"""What the questionnaire shows: a question with its buttons, the review with its "change"
buttons, the language levels, the resume offer and the "please type..." help. Rendering only:
no decisions about what comes next (``bot.questionnaire.engine``).

Button codes are a public interface (old messages keep them): ``<question id>:<option code>``,
``<question id>:back`` and ``<question id>:cancel`` under a question; ``review:confirm``,
``review:edit:<group>``, ``review:back`` and ``review:cancel`` under the review;
``crs:resume`` and ``crs:restart`` under the resume offer.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from bot.catalogue import label
from bot.crs import TESTS, LanguageResult, clb_levels
from bot.crs.language import ABILITIES, scale_name
from bot.questionnaire.codes import AnswerButton, CrsButton, ReviewButton
from bot.questionnaire.questions import (
    BY_ID,
    Answers,
    Question,
    applicable,
    option_for,
    partnered,
    valid_answer,
    with_spouse,
)
from bot.questionnaire.state import QState
from bot.render import render
from bot.replies import Button, Reply


def title(question: Question, lang: str) -> str:
    return label(f"questionnaire.title.{question.id}", lang)


def fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def answer_text(question: Question, answers: Answers, lang: str) -> str:
    value = answers.get(question.id)
    if question.kind == "choice":
        option = option_for(question, answers, value)
        return label(option.label, lang) if option is not None else ""
    return fmt(value)


def language_summary(language: str, answers: Answers, lang: str) -> dict[str, Any]:
    test = answers.get(f"{language}.test")
    if test not in TESTS:
        return {"test": None, "name": label(f"questionnaire.test.none.{language}", lang)}
    scores = {a: answers.get(f"{language}.{a}") for a in ABILITIES}
    levels: dict[str, int] | None = None
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in scores.values()):
        result = LanguageResult.model_validate({"test": test, **scores})
        levels = clb_levels(result)
    return {
        "test": test,
        "name": label(f"questionnaire.test_name.{test}", lang),
        "scale": scale_name(test),
        "scores": {a: fmt(v) for a, v in scores.items() if v is not None},
        "levels": levels,
    }


def levels_text(language: str, answers: Answers, lang: str) -> str:
    return render(
        "questionnaire/levels",
        lang,
        which=language,
        summary=language_summary(language, answers, lang),
        abilities=ABILITIES,
    )


def _score_context(question: Question, answers: Answers, lang: str) -> dict[str, Any]:
    spec = TESTS[answers[f"{question.language}.test"]]
    rng = spec[question.ability]
    return {
        "test": spec.code,
        "name": label(f"questionnaire.test_name.{spec.code}", lang),
        "ability": question.ability,
        "low": fmt(rng.min),
        "high": fmt(rng.max),
        "step": fmt(rng.step),
        "remaining": ABILITIES[ABILITIES.index(question.ability) :],
    }


def expectation(question: Question, answers: Answers, lang: str) -> str:
    """What an answer to `question` looks like (shown when one was not accepted)."""
    if question.kind == "score":
        return render(
            "questionnaire/invalid_score", lang, **_score_context(question, answers, lang)
        )
    if question.kind == "number":
        return render(
            "questionnaire/invalid_number",
            lang,
            qid=question.id,
            low=question.low,
            high=question.high,
        )
    labels = [label(o.label, lang) for o in question.options(answers)]
    return render("questionnaire/invalid_choice", lang, labels=labels)


def _question_body(question: Question, answers: Answers, lang: str) -> str:
    context: dict[str, Any] = {
        "qid": question.id,
        # IRCC counts a partner's siblings (and more) only when the partner comes to Canada.
        "partnered": partnered(answers),
        "partner_counts": with_spouse(answers),
    }
    if question.id.endswith(".test"):
        context["which"] = question.id.removesuffix(".test")
    if question.kind == "score":
        context.update(
            which=question.language,
            position=ABILITIES.index(question.ability) + 1,
            **_score_context(question, answers, lang),
        )
    return render(question.prompt, lang, **context)


def question_reply(
    st: QState,
    lang: str,
    *,
    notes: list[str] | None = None,
    error: str | None = None,
    edit: bool = False,
) -> Reply:
    """The current question, with its options and Back / Cancel as buttons."""
    if st.current is None:
        raise ValueError("no current question")
    question = BY_ID[st.current]
    current = (
        answer_text(question, st.answers, lang) if valid_answer(question, st.answers) else None
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
        rows.append(
            tuple(
                Button(label(o.label, lang), AnswerButton(question.id, o.code).pack())
                for o in chunk
            )
        )
    rows.append(
        (
            Button(label("questionnaire.back", lang), AnswerButton(question.id, "back").pack()),
            Button(label("questionnaire.cancel", lang), AnswerButton(question.id, "cancel").pack()),
        )
    )
    return Reply(text, buttons=tuple(rows), edit=edit)


def review_lines(answers: Answers, lang: str = "en") -> list[dict[str, Any]]:
    """One line per answered group: its title, the answer, and its group id."""
    lines: list[dict[str, Any]] = []
    seen: set[str] = set()
    for question in applicable(answers):
        if question.group in seen:
            continue
        seen.add(question.group)
        head = BY_ID[question.group]
        if head.id.endswith(".test"):
            language = head.id.removesuffix(".test")
            lines.append(
                {
                    "group": head.id,
                    "title": label(f"questionnaire.title.{language}", lang),
                    "language": language_summary(language, answers, lang),
                    "answer": None,
                }
            )
        else:
            answer = answer_text(head, answers, lang) if valid_answer(head, answers) else None
            lines.append(
                {"group": head.id, "title": title(head, lang), "language": None, "answer": answer}
            )
    return lines


def review_reply(
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
        Button(
            label("questionnaire.change", lang) + " " + line["title"],
            ReviewButton("edit", line["group"]).pack(),
        )
        for line in lines
    ]
    rows: list[tuple[Button, ...]] = [
        (Button(label("questionnaire.confirm", lang), ReviewButton("confirm").pack()),)
    ]
    rows += [tuple(change[i : i + 2]) for i in range(0, len(change), 2)]
    rows.append(
        (
            Button(label("questionnaire.back", lang), ReviewButton("back").pack()),
            Button(label("questionnaire.cancel", lang), ReviewButton("cancel").pack()),
        )
    )
    return Reply(text, buttons=tuple(rows), edit=edit)


def offer_reply(st: QState, lang: str) -> Reply:
    """``/crs`` while one is under way: resume or restart."""
    answered = sum(1 for q in applicable(st.answers) if valid_answer(q, st.answers))
    text = render("questionnaire/offer", lang, answered=answered)
    buttons = Reply.rows(
        [
            (label("questionnaire.resume", lang), CrsButton("resume").pack()),
            (label("questionnaire.restart", lang), CrsButton("restart").pack()),
        ]
    )
    return Reply(text, buttons=buttons)


def current_screen(state: QState, lang: str = "en") -> list[Reply]:
    """What the user should be looking at now (question, review, or how to go on)."""
    if state.mode in ("asking", "editing") and state.current in BY_ID:
        return [question_reply(state, lang)]
    if state.mode == "review":
        return [review_reply(state, lang)]
    if state.mode == "paused":
        return [offer_reply(state, lang)]
    return [Reply(render("questionnaire/not_started", lang, done=state.mode == "done"))]

"""How the questionnaire behaves for a user: validation, Back, review changes, stale buttons,
pause and resume, levels shown after a test, and how few answers it takes."""

from __future__ import annotations

import html
import re
from typing import Any

from bot.crs import TESTS, LanguageResult, clb_levels, parse_profile, score
from bot.questionnaire import QState, begin, cancel, open_questionnaire, step
from tests.test_questionnaire.helpers import Run, complete, profile


def plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def started() -> Run:
    run = Run(QState())
    run.apply(begin())
    return run


def at_first_score(test: str = "ielts") -> Run:
    run = started()
    run.press("marital_status:single")
    run.type("29")
    run.press("education:bachelors")
    run.press("canadian_education:none")
    run.press(f"first_language.test:{test}")
    assert run.current == "first_language.listening"
    return run


def to_review(p: dict[str, Any]) -> Run:
    """Answer everything but do not confirm: the run stops on the review screen."""
    run = complete(p)
    # complete() confirmed; reopen the review through "Edit answers".
    run.press("crs:edit")
    assert "review:confirm" in run.last.codes()
    return run


# -- buttons and the answer shown ---------------------------------------------------------


def test_every_question_message_has_back_and_cancel() -> None:
    run = started()
    codes = run.last.codes()
    assert "marital_status:back" in codes and "marital_status:cancel" in codes
    run.press("marital_status:married")
    assert run.last.codes()[-2:] == ["spouse_canadian:back", "spouse_canadian:cancel"]


def test_pressed_answer_is_kept_visible_by_editing_the_question_message() -> None:
    run = started()
    result = run.press("marital_status:common_law")
    edited, nxt = result.replies
    assert edited.edit and not edited.buttons
    assert "Common-law" in plain(edited.text)
    assert not nxt.edit and "spouse_canadian:yes" in nxt.codes()


def test_typed_answer_is_acknowledged_in_the_next_question() -> None:
    run = started()
    run.press("marital_status:single")
    result = run.type("29")
    assert len(result.replies) == 1
    assert "Age: 29" in plain(result.replies[0].text)
    assert run.current == "education"


def test_choices_may_be_typed_as_labels_or_codes() -> None:
    run = started()
    run.type("Married")
    assert run.current == "spouse_canadian"
    run.type("n")
    run.type("yes")
    assert run.current == "age"
    assert run.state.answers == {
        "marital_status": "married",
        "spouse_canadian": False,
        "spouse_accompanying": True,
    }


# -- validation ---------------------------------------------------------------------------


def test_bad_age_says_what_is_expected_and_saves_nothing() -> None:
    run = started()
    run.press("marital_status:single")
    before = run.state.to_json()
    for bad in ("abc", "150", "29.5", "-3", "", "twenty"):
        result = run.type(bad)
        text = plain(result.replies[0].text)
        assert "whole number from 16 to 99" in text
        assert "How old are you?" in text  # the same question again
        assert run.state.to_json() == before


def test_out_of_range_scores_name_range_and_step() -> None:
    cases = [
        ("ielts", "9.5", "from 0 to 9 in steps of 0.5"),
        ("ielts", "6.3", "from 0 to 9 in steps of 0.5"),
        ("celpip", "13", "from 0 to 12"),
        ("pte_core", "5", "from 10 to 90"),
        ("tef", "700", "from 0 to 699"),
        ("tcf", "99", "from 100 to 699"),
    ]
    for test, bad, expected in cases:
        run = at_first_score(test)
        before = run.state.to_json()
        text = plain(run.type(bad).replies[0].text)
        assert expected in text, (test, text)
        assert "for example" in text
        assert run.current == "first_language.listening"
        assert run.state.to_json() == before


def test_tcf_writing_over_20_is_refused_inside_a_four_score_message() -> None:
    run = at_first_score("tcf")
    before = run.state.to_json()
    text = plain(run.type("500 500 21 15").replies[0].text)
    assert "TCF Canada writing" in text and "from 0 to 20" in text
    assert run.state.to_json() == before


def test_too_many_scores_are_refused() -> None:
    run = at_first_score()
    before = run.state.to_json()
    run.type("8 7 6.5 7 7")
    assert run.state.to_json() == before
    assert run.current == "first_language.listening"


def test_forged_choice_code_is_refused_with_the_options() -> None:
    run = started()
    text = plain(run.press("marital_status:engaged").replies[0].text)
    assert "Please choose one of the buttons" in text and "Married" in text
    assert run.state.answers == {}


# -- the four scores ----------------------------------------------------------------------


def test_four_scores_in_one_message_then_levels_are_shown() -> None:
    run = at_first_score()
    result = run.type("8 7 6.5 7")
    levels_text = plain(result.replies[0].text)
    expected = clb_levels(
        LanguageResult(test="ielts", listening=8, reading=7, writing=6.5, speaking=7)
    )
    for ability, level in expected.items():
        assert f"{ability.capitalize()} " in levels_text
        assert f"CLB {level}" in levels_text
    assert run.current == "second_language.test"
    answers = run.state.answers
    assert [
        answers[f"first_language.{a}"] for a in ("listening", "reading", "writing", "speaking")
    ] == [8, 7, 6.5, 7]


def test_scores_one_by_one_and_the_remaining_three_at_once() -> None:
    run = at_first_score("pte_core")
    run.type("71")
    assert run.current == "first_language.reading"
    run.type("69, 79, 76")
    assert run.current == "second_language.test"
    assert run.state.answers["first_language.speaking"] == 76


def test_second_language_offers_only_the_other_language() -> None:
    run = at_first_score("tef")
    run.type("500 500 500 500")
    tests = [c.split(":")[1] for c in run.last.codes()][:-2]
    english = sorted(c for c, s in TESTS.items() if s.language == "english")
    assert sorted(t for t in tests if t != "none") == english
    assert (
        run.press("second_language.test:tcf")
        .replies[-1]
        .codes()[0]
        .startswith("second_language.test:")
    )  # refused: French again


# -- Back ---------------------------------------------------------------------------------


def test_back_goes_one_question_back_and_respects_branches() -> None:
    run = started()
    run.press("marital_status:married")
    run.press("spouse_canadian:no")
    run.press("spouse_accompanying:yes")
    assert run.current == "age"
    run.press("age:back")
    assert run.current == "spouse_accompanying"
    assert "Current answer: Yes" in plain(run.last.text)
    run.press("spouse_accompanying:back")
    assert run.current == "spouse_canadian"
    run.press("spouse_canadian:yes")  # partner is Canadian: "coming along?" is not asked
    assert run.current == "age"
    run.press("age:back")
    assert run.current == "spouse_canadian"
    assert "spouse_accompanying" not in run.state.answers


def test_back_on_the_first_question_stays_there() -> None:
    run = started()
    text = plain(run.press("marital_status:back").replies[-1].text)
    assert "first question" in text
    assert run.current == "marital_status"


def test_back_after_four_typed_scores_goes_to_the_last_score() -> None:
    run = at_first_score()
    run.type("8 7 6.5 7")
    run.press("second_language.test:back")
    assert run.current == "first_language.speaking"
    run.type("8")
    assert run.current == "second_language.test"
    assert run.state.answers["first_language.speaking"] == 8


# -- review and changing one answer -------------------------------------------------------


def test_review_lists_every_answer_with_change_buttons() -> None:
    run = to_review(profile(marital_status="married", spouse_accompanying=True))
    text = plain(run.last.text)
    for line in (
        "Marital status: Married",
        "Age: 29",
        "IELTS General Training",
        "Partner's education",
    ):
        assert line in text
    codes = run.last.codes()
    assert codes[0] == "review:confirm"
    assert "review:edit:age" in codes and "review:edit:first_language.test" in codes
    assert "review:edit:spouse_language.test" in codes


def test_changing_age_asks_only_age_then_returns_to_review() -> None:
    run = to_review(profile())
    run.press("review:edit:age")
    assert run.current == "age"
    run.type("41")
    assert "review:confirm" in run.last.codes()
    run.press("review:confirm")
    assert run.profile is not None and run.profile["age"] == 41
    assert score(parse_profile(run.profile)).total == score(parse_profile(profile(age=41))).total


def test_changing_marital_status_asks_only_the_partner_questions() -> None:
    """...and the sibling question again: with a partner coming to Canada, it asks about the
    partner's brothers and sisters too (IRCC counts them only then)."""
    run = to_review(profile())
    asked_before = len(run.asked)
    run.press("review:edit:marital_status")
    run.press("marital_status:married")
    run.press("spouse_canadian:no")
    run.press("spouse_accompanying:yes")
    assert "Do you or your partner have a brother or sister" in run.last.text
    run.press("sibling_in_canada:no")
    run.press("spouse_education:secondary")
    run.press("spouse_canadian_work_years:1")
    run.press("spouse_language.test:none")
    assert "review:confirm" in run.last.codes()
    assert run.asked[asked_before:] == [
        "marital_status",
        "spouse_canadian",
        "spouse_accompanying",
        "sibling_in_canada",
        "spouse_education",
        "spouse_canadian_work_years",
        "spouse_language.test",
    ]
    run.press("review:confirm")
    assert run.profile is not None
    assert score(parse_profile(run.profile)).scored_as == "with_spouse"


def test_changing_to_single_drops_the_partner_answers() -> None:
    run = to_review(profile(marital_status="married", spouse_accompanying=True))
    run.press("review:edit:marital_status")
    run.press("marital_status:single")
    # The partner's siblings no longer count: the sibling question is asked again, of you only.
    assert run.current == "sibling_in_canada"
    assert "Do you have a brother or sister" in run.last.text
    run.press("sibling_in_canada:no")
    assert "review:confirm" in run.last.codes()
    assert "Partner" not in plain(run.last.text)
    run.press("review:confirm")
    assert run.profile is not None and run.profile["spouse_language"] is None


def test_changing_the_first_test_to_french_re_asks_scores_and_second_language() -> None:
    run = to_review(
        profile(
            second_language={
                "test": "tef",
                "listening": 500,
                "reading": 500,
                "writing": 500,
                "speaking": 500,
            }
        )
    )
    run.press("review:edit:first_language.test")
    run.press("first_language.test:tcf")
    assert run.current == "first_language.listening"
    run.type("500 500 12 12")
    # The old second language (French) is no longer possible: only that is asked again.
    assert run.current == "second_language.test"
    run.press("second_language.test:none")
    assert "review:confirm" in run.last.codes()


def test_lowering_education_re_asks_canadian_study_that_no_longer_fits() -> None:
    run = to_review(profile(canadian_education="three_year_plus"))
    run.press("review:edit:education")
    run.press("education:one_year")
    assert run.current == "canadian_education"
    assert "canadian_education:three_year_plus" not in run.last.codes()
    run.press("canadian_education:one_or_two_year")
    assert "review:confirm" in run.last.codes()


def test_back_from_an_edit_returns_to_the_review_unchanged() -> None:
    run = to_review(profile())
    answers = dict(run.state.answers)
    run.press("review:edit:education")
    run.press("education:back")
    assert "review:confirm" in run.last.codes()
    assert run.state.answers == answers


# -- stale buttons, cancel, resume --------------------------------------------------------


def test_old_button_is_refused_and_the_current_question_shown() -> None:
    run = started()
    run.press("marital_status:single")
    run.type("29")
    before = run.state.to_json()
    result = run.press("marital_status:married")
    text = plain(result.replies[0].text)
    assert "no longer active" in text
    assert run.current == "education"
    assert run.state.to_json() == before
    for code in ("age:back", "review:confirm", "first_language.listening:cancel", "crs:nope"):
        run.press(code)
        assert run.state.to_json() == before


def test_cancel_keeps_answers_and_crs_offers_resume_or_restart() -> None:
    run = started()
    run.press("marital_status:single")
    run.type("33")
    run.press("education:cancel")
    assert run.state.mode == "paused"
    assert not run.state.takes_text
    assert run.state.answers == {"marital_status": "single", "age": 33}
    offer = open_questionnaire(run.state).replies[0]
    assert offer.codes() == ["crs:resume", "crs:restart"]
    run.press("crs:resume")
    assert run.current == "education"
    assert run.state.answers == {"marital_status": "single", "age": 33}
    run.press("crs:restart")
    assert run.current == "marital_status" and run.state.answers == {}


def test_cancel_command_pauses_only_what_is_under_way() -> None:
    assert cancel(QState()) == (QState(), False)
    run = started()
    paused, cancelled = cancel(run.state)
    assert cancelled and paused.mode == "paused"


def test_state_survives_json_and_garbage_state_is_a_fresh_start() -> None:
    run = at_first_score()
    restored = QState.from_json(run.state.to_json())
    assert restored == run.state
    for junk in (None, [], "x", {"mode": "asking", "answers": "no"}, {"mode": 5}):
        state = QState.from_json(junk)
        assert step(state, text="hello").replies


# -- interaction count --------------------------------------------------------------------


def test_single_applicant_with_one_english_test_needs_at_most_16_answers() -> None:
    run = complete(profile(), "buttons")
    assert run.inputs <= 16
    assert run.inputs == 13  # 11 answers, the four scores in one message, and the confirm
    slow = complete(profile(), "one_by_one")
    assert slow.inputs == 16


# -- the engine's outcome: accepted, shown or rejected ---------------------------------------


def test_text_that_is_not_an_answer_is_rejected_and_changes_nothing() -> None:
    run = started()
    run.press("marital_status:single")
    before = run.state.to_json()
    not_answers = ("abc", "im 29 but i turn 30 next month, will i lose points?", "150", "2.5")
    for text in (*not_answers, "29 or 30", "I'm 29 :)", "٢٩"):
        result = step(run.state, text=text)
        assert result.outcome == "rejected" and result.rejected, text
        assert result.state.to_json() == before, text
        assert "Please type a whole number" in plain(result.replies[-1].text), text
    meant = ("29", "29 years", "I'm 29", "i am 29", "29?", "age 29", "29 y/o", "I'm 29 now.")
    for text in (*meant, "my age is 29", "29 yrs old", "29yo", "j'ai 29 ans", "29 ans", "J’ai 29"):
        result = step(run.state, text=text)
        assert result.outcome == "accepted", text
        assert result.state.answers["age"] == 29 and result.state.current == "education", text


def test_a_stale_button_and_text_at_the_review_are_rejected() -> None:
    run = started()
    run.press("marital_status:single")
    stale = step(run.state, button="marital_status:married")
    assert stale.rejected and stale.state.answers == {"marital_status": "single"}
    assert "no longer active" in plain(stale.replies[0].text)
    forged = step(run.state, button="review:confirm")
    assert forged.rejected and forged.profile is None
    review = to_review(profile())
    typed = step(review.state, text="looks good")
    assert typed.rejected and typed.state.mode == "review"


def test_the_resume_offer_is_shown_without_changing_the_state() -> None:
    run = started()
    run.press("marital_status:single")
    offer = open_questionnaire(run.state)
    assert offer.outcome == "shown" and offer.state.to_json() == run.state.to_json()
    assert offer.replies[0].codes() == ["crs:resume", "crs:restart"]


# -- the sibling question, as IRCC asks it -------------------------------------------------


def _at_sibling(**changes: Any) -> Run:
    p = profile(**changes)
    run = complete(p)
    run.press("crs:edit")
    run.press("review:edit:sibling_in_canada")
    assert run.current == "sibling_in_canada"
    return run


def test_the_sibling_question_names_the_partner_only_when_the_partner_comes() -> None:
    single = plain(_at_sibling().last.text)
    assert "Do you have a brother or sister" in single and "your partner" not in single
    staying = plain(_at_sibling(marital_status="married", spouse_accompanying=False).last.text)
    assert "Do you have a brother or sister" in staying
    assert "Your partner's brothers and sisters don't count" in staying
    canadian = plain(_at_sibling(marital_status="married", spouse_canadian=True).last.text)
    assert "Do you have a brother or sister" in canadian
    coming = plain(_at_sibling(marital_status="married", spouse_accompanying=True).last.text)
    assert "Do you or your partner have a brother or sister" in coming


def test_a_partner_who_stops_coming_takes_the_sibling_answer_with_them() -> None:
    # "Yes" was about the partner's sister; the partner will now stay behind.
    p = profile(marital_status="married", spouse_accompanying=True, sibling_in_canada=True)
    run = complete(p)
    with_partner = score(parse_profile(run.profile or {}))
    assert with_partner.total == score(parse_profile(p)).total
    run.press("crs:edit")
    run.press("review:edit:spouse_accompanying")
    run.press("spouse_accompanying:no")
    assert run.current == "sibling_in_canada"  # asked again, of the applicant only
    assert "Your partner's brothers and sisters don't count" in plain(run.last.text)
    run.press("sibling_in_canada:no")
    run.press("review:confirm")
    assert run.profile is not None and run.profile["sibling_in_canada"] is False
    alone = parse_profile(run.profile)
    assert score(alone).total == score(parse_profile(profile(marital_status="married"))).total

"""Replies of the knowledge base: answers, hand-offs, abstention, topic browsing.

Pure functions of (question or code, language) -> `list[Reply]`; every text comes from a
template under `bot/templates/<lang>/faq/`. Button codes (packed and parsed by the codecs in
`bot.faq.codes`; each at most 64 bytes; ids are at most 50 characters, enforced by `kb check`):

- `faq:<entry-id>` open an entry, `faq:topic:<topic>` list a topic, `faq:topics` list topics;
- `fb:<entry-id>:up` / `fb:<entry-id>:down` feedback (stored by the transport layer);
- `crs:start` (the questionnaire) and `draws:latest` (the draws feature), owned elsewhere.
"""

from __future__ import annotations

from dataclasses import replace

from bot.callback import BadCode
from bot.catalogue import label, section
from bot.faq.answer import Answer, answer
from bot.faq.check import is_official
from bot.faq.codes import ALL_TOPICS, ONE_TOPIC, FaqButton, FaqCode, FaqCodes, FeedbackButton
from bot.faq.entries import TOPICS, Entry
from bot.faq.index import FaqIndex, get_index
from bot.faq.languages import pick
from bot.faq.markup import links, to_html
from bot.render import render
from bot.replies import Reply

HELP_CENTRE_URL = "https://ircc.canada.ca/english/helpcentre/index-featured-can.asp"
HELP_CENTRE_URLS = {
    "en": HELP_CENTRE_URL,
    "fr": "https://ircc.canada.ca/francais/centre-aide/index-en-vedette-can.asp",
}
MAX_RELATED = 3
TOPICS_CODE = FaqButton(ALL_TOPICS).pack()
CRS_START_CODE = "crs:start"
DRAWS_LATEST_CODE = "draws:latest"


def entry_code(entry_id: str) -> str:
    return FaqButton(entry_id).pack()


def topic_code(topic: str) -> str:
    return FaqButton(ONE_TOPIC, topic).pack()


def feedback_code(entry_id: str, helpful: bool) -> str:
    return FeedbackButton(entry_id, "up" if helpful else "down").pack()


def parse_feedback(code: str) -> tuple[str, bool] | None:
    """(entry id, helpful) of an `fb:<id>:up|down` code, else None."""
    try:
        vote = FeedbackButton.parse(code)
    except BadCode:
        return None
    return vote.entry, vote.helpful


def _label(name: str, lang: str) -> str:
    return label(f"faq.{name}", lang)


def topic_name(topic: str, lang: str = "en") -> str:
    return section("faq_topic", lang).get(topic, topic)


def related_entries(entry: Entry, index: FaqIndex) -> list[Entry]:
    """Up to three entries to offer next: `related` first, then the body's `kb:` links."""
    ids = [*entry.related, *(link.entry_id for link in links(entry.body) if link.entry_id)]
    found: list[Entry] = []
    for entry_id in dict.fromkeys(ids):
        other = index.by_id.get(entry_id)
        if other is not None and other.id != entry.id:
            found.append(other)
    return found[:MAX_RELATED]


def _entry_reply(entry: Entry, lang: str, index: FaqIndex) -> Reply:
    text = render(
        "faq/answer",
        lang,
        title=entry.title,
        body_html=to_html(entry.body),
        # Official pages are the sources; a secondary page an entry also rests on (with its
        # note in `source_notes`) is shown as what it is.
        sources=[s for s in entry.sources if is_official(s)],
        reported=[s for s in entry.sources if not is_official(s)],
        reviewed=entry.reviewed.isoformat(),
        reviewed_on=entry.reviewed,  # for a locale that writes dates its own way
    )
    related = [[(other.title, entry_code(other.id))] for other in related_entries(entry, index)]
    feedback = [
        (_label("helpful", lang), feedback_code(entry.id, True)),
        (_label("not_helpful", lang), feedback_code(entry.id, False)),
    ]
    return Reply(text=text, buttons=Reply.rows(*related, feedback))


def _topic_rows(index: FaqIndex, lang: str) -> list[list[tuple[str, str]]]:
    present = {e.topic for e in index.entries}
    buttons = [(topic_name(t, lang), topic_code(t)) for t in TOPICS if t in present]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def abstain_replies(lang: str = "en", index: FaqIndex | None = None) -> list[Reply]:
    """The honest "no reliable answer" reply: topic buttons and IRCC's help centre."""
    idx = index or get_index(lang)
    url = HELP_CENTRE_URLS[pick(lang)]
    text = render("faq/abstain", lang, help_centre=url)
    rows = [*_topic_rows(idx, lang), [(_label("help_centre", lang), url)]]
    return [Reply(text=text, buttons=Reply.rows(*rows))]


def suggest_replies(
    suggestions: tuple[Entry, ...] | list[Entry], lang: str = "en", index: FaqIndex | None = None
) -> list[Reply]:
    """The middle band: "not sure which of these you mean", the candidate entries as buttons
    (`faq:<entry-id>`), and the topics button."""
    idx = index or get_index(lang)
    rows = [[(e.title, entry_code(e.id))] for e in suggestions if e.id in idx.by_id]
    if not rows:
        return abstain_replies(lang, idx)
    rows.append([(_label("topics", lang), TOPICS_CODE)])
    return [Reply(text=render("faq/suggest", lang), buttons=Reply.rows(*rows))]


def replies_for(result: Answer, lang: str = "en", index: FaqIndex | None = None) -> list[Reply]:
    """The replies, in `lang`, for an already computed `Answer` (related entries from the
    index the answer came from: `result.lang`'s unless `index` is given)."""
    idx = index or get_index(result.lang)
    if result.intent == "my_score":
        button = [(_label("crs_start", lang), CRS_START_CODE)]
        return [Reply(text=render("faq/my_score", lang), buttons=Reply.rows(button))]
    if result.intent == "latest_draw":
        button = [(_label("draws_latest", lang), DRAWS_LATEST_CODE)]
        return [Reply(text=render("faq/latest_draw", lang), buttons=Reply.rows(button))]
    if result.intent == "entry" and result.entry is not None:
        replies = [_entry_reply(result.entry, lang, idx)]
    elif result.intent == "suggest" and result.suggestions:
        replies = suggest_replies(result.suggestions, lang, idx)
    else:
        replies = abstain_replies(lang, idx)
    if result.occupations:  # "NOC 41200 is what TEER?": the table's answer comes first
        facts = render(
            "faq/occupations", lang, groups=result.occupations, title=result.occupation_title
        )
        replies[0] = replace(replies[0], text=f"{facts}\n\n{replies[0].text}")
    return replies


def answer_replies(question: str, lang: str = "en", index: FaqIndex | None = None) -> list[Reply]:
    """Replies to a free-text question: an entry, a hand-off button, suggestions (not sure
    which entry is meant), or abstention. The question is answered from `lang`'s entries
    (French for "fr"), unless `index` is given."""
    idx = index or get_index(lang)
    return replies_for(answer(question, idx), lang, idx)


def entry_replies(entry_id: str, lang: str = "en", index: FaqIndex | None = None) -> list[Reply]:
    """Replies for a `faq:<entry-id>` button: that entry, or a pointer to the topics."""
    idx = index or get_index(lang)
    entry = idx.by_id.get(entry_id)
    if entry is None:
        button = [(_label("topics", lang), TOPICS_CODE)]
        return [Reply(text=render("faq/not_found", lang), buttons=Reply.rows(button))]
    return [_entry_reply(entry, lang, idx)]


def topics_replies(
    lang: str = "en", index: FaqIndex | None = None, *, edit: bool = False
) -> list[Reply]:
    """`/topics`: every topic that has entries, as buttons."""
    idx = index or get_index(lang)
    rows = Reply.rows(*_topic_rows(idx, lang))
    return [Reply(text=render("faq/topics", lang), buttons=rows, edit=edit)]


def topic_replies(
    topic: str, lang: str = "en", index: FaqIndex | None = None, *, edit: bool = False
) -> list[Reply]:
    """The entries of one topic as buttons, with a way back to all topics."""
    idx = index or get_index(lang)
    entries = [e for e in idx.entries if e.topic == topic]
    if not entries:
        return topics_replies(lang, idx, edit=edit)
    rows = [[(e.title, entry_code(e.id))] for e in entries]
    rows.append([(_label("back_to_topics", lang), TOPICS_CODE)])
    text = render("faq/topic", lang, topic_name=topic_name(topic, lang))
    return [Reply(text=text, buttons=Reply.rows(*rows), edit=edit)]


def feedback_replies(helpful: bool, lang: str = "en") -> list[Reply]:
    """A short thank-you after a feedback press (the transport stores the vote)."""
    return [Reply(text=render("faq/feedback_thanks", lang, helpful=helpful))]


def pressed_replies(
    pressed: FaqCode, lang: str = "en", index: FaqIndex | None = None
) -> list[Reply]:
    """Replies for a parsed `faq:` or `fb:` button (the caller stores a vote)."""
    if isinstance(pressed, FeedbackButton):
        return feedback_replies(pressed.helpful, lang)
    if pressed.target == ALL_TOPICS:
        return topics_replies(lang, index, edit=True)
    if pressed.target == ONE_TOPIC:
        return topic_replies(pressed.topic, lang, index, edit=True)
    return entry_replies(pressed.target, lang, index)


def code_replies(code: str, lang: str = "en", index: FaqIndex | None = None) -> list[Reply] | None:
    """Replies for a `faq:` or `fb:` button code; None for codes this package does not own
    (or that no screen of it ever showed)."""
    try:
        pressed = FaqCodes.parse(code)
    except BadCode:
        return None
    return pressed_replies(pressed, lang, index)

"""One router per feature: include() refuses what is already taken, /help and the Bot API menu
come from one list in a stable order, and every feature's button codec packs what it parses
and refuses what it did not write (the user sees "that button is no longer active")."""

from __future__ import annotations

from datetime import date

import pytest

from bot.callback import BadCode
from bot.chat import ChatContext, Event, Reply, build_router
from bot.chat.admin import RecordButton
from bot.chat.alerts import AlertsButton
from bot.chat.basics import ForgetButton
from bot.chat.draws import DrawsButton
from bot.chat.questionnaire import ImproveButton
from bot.chat.reminders import RemindButton
from bot.chat.router import RouteConflict, Router
from bot.faq.codes import FaqButton, FaqCodes, FeedbackButton
from bot.questionnaire.codes import AnswerButton, CrsButton, QuestionnaireCodes, ReviewButton
from bot.store.privacy import count_rows

CHAT = 4343


async def _reply(event: Event, ctx: ChatContext) -> list[Reply]:
    return [Reply("hi")]


def _router(name: str, *, command: str | None = None, prefix: str | None = None) -> Router:
    router = Router(name=name)
    if command:
        router.command(command)(_reply)
    if prefix:
        router.button_prefixes(prefix)(_reply)
    return router


def test_include_refuses_a_command_already_taken() -> None:
    root = Router().include(_router("first", command="draws"))
    with pytest.raises(RouteConflict, match=r"/draws.*first"):
        root.include(_router("second", command="draws", prefix="other"))
    # Refused before anything changed: the second router's prefix was not added either.
    assert root.commands["draws"].handler is _reply and "other" not in root.buttons


def test_include_refuses_a_button_prefix_already_taken() -> None:
    root = Router().include(_router("first", prefix="alerts"))
    with pytest.raises(RouteConflict, match="alerts:"):
        root.include(_router("second", prefix="alerts"))


def test_a_router_refuses_its_own_duplicates_and_a_second_fallback() -> None:
    router = _router("one", command="crs")
    with pytest.raises(RouteConflict):
        router.command("crs")(_reply)
    router.fallback(_reply)  # type: ignore[arg-type]
    with pytest.raises(RouteConflict):
        router.fallback(_reply)  # type: ignore[arg-type]
    other = Router(name="two")
    other.fallback(_reply)  # type: ignore[arg-type]
    with pytest.raises(RouteConflict, match="fallback"):
        Router().include(router, other)


def test_the_real_features_fit_together_in_a_stable_menu() -> None:
    names = [c.name for c in build_router().menu(lang="en")]
    assert names == [
        "start", "help", "cancel", "privacy", "forget", "crs", "myscore", "occupation",
        "dates", "draws", "chart", "pool", "subscribe", "unsubscribe", "alerts", "remind",
        "topics", "language",
    ]  # fmt: skip
    # The French menu offers /langue where the English one offers /language.
    assert [c.name for c in build_router().menu(lang="fr")] == [*names[:-1], "langue"]
    assert [c.name for c in build_router().menu(admin=True, lang="en")] == [
        *names[:-2],
        "recorddraw",
        "topics",
        "language",
    ]
    # Every prefix has one owner; free text goes to the questionnaire first, then /occupation
    # (when it asks for a job title), then /dates (when it asks for a date), then the FAQ.
    router = build_router()
    assert {router.owners[f"{p}:"] for p in ("crs", "review", "age")} == {"bot.chat.questionnaire"}
    assert router.owners["alerts:"] == "bot.chat.alerts"
    assert [h.__module__ for h in router.text_handlers] == [
        "bot.chat.questionnaire",
        "bot.chat.occupation",
        "bot.chat.dates",
        "bot.chat.cutoff",  # a latest cut-off question, before the FAQ
    ]
    assert router.fallback_text is not None and router.fallback_text.__module__ == "bot.chat.faq"


async def test_help_lists_the_menu_in_its_order(ctx: ChatContext) -> None:
    router = build_router()
    [reply] = await router.handle(Event.from_text(CHAT, "/help"), ctx)
    positions = [reply.text.index(f"/{c.name} — ") for c in router.menu(lang="en")]
    assert positions == sorted(positions)


CODECS = [
    (ForgetButton("confirm"), "forget:confirm"),
    (DrawsButton("latest"), "draws:latest"),
    (DrawsButton("f", "general"), "draws:f:general"),
    (AlertsButton("subscribe"), "alerts:subscribe"),
    (AlertsButton("cat", "senior_managers"), "alerts:cat:senior_managers"),
    (RemindButton("clear"), "remind:clear"),
    (RecordButton("no"), "recorddraw:no"),
    (
        RecordButton("ok", "senior_managers", date(2026, 11, 24), 100_000, 1200, 1_790_000_000),
        "recorddraw:ok:senior_managers:20261124:100000:1200:1790000000",
    ),
    (
        RecordButton("ok", "cec", date(2026, 11, 24), 3000, 519),
        "recorddraw:ok:cec:20261124:3000:519",
    ),
    (ImproveButton("all"), "improve:all"),
    (CrsButton("resume"), "crs:resume"),
    (ReviewButton("edit", "first_language.test"), "review:edit:first_language.test"),
    (ReviewButton("confirm"), "review:confirm"),
    (AnswerButton("marital_status", "common_law"), "marital_status:common_law"),
    (FaqButton("gcms-notes"), "faq:gcms-notes"),
    (FaqButton("topics"), "faq:topics"),
    (FaqButton("topic", "cec"), "faq:topic:cec"),
    (FeedbackButton("gcms-notes", "down"), "fb:gcms-notes:down"),
    (FeedbackButton("a" * 50, "up"), "fb:" + "a" * 50 + ":up"),
]


@pytest.mark.parametrize(("record", "code"), CODECS, ids=[c for _, c in CODECS])
def test_each_codec_packs_and_parses_the_same_code(record: object, code: str) -> None:
    assert record.pack() == code  # type: ignore[attr-defined]
    assert len(code.encode()) <= 64
    assert type(record).parse(code) == record  # type: ignore[attr-defined]


FORGED = [
    (ForgetButton, "forget:everything"),
    (ForgetButton, "forget:confirm:now"),
    (DrawsButton, "draws:f"),
    (DrawsButton, "draws:f:"),
    (DrawsButton, "draws:f:nonsense"),
    (DrawsButton, "draws:latest:cec"),
    (DrawsButton, "draws:latest:zzz"),
    (AlertsButton, "alerts:cat"),
    (AlertsButton, "alerts:cat:unicorns"),
    (AlertsButton, "alerts:off:cec"),
    (AlertsButton, "alerts:off:zzz"),
    (RemindButton, "remind:clear:all"),
    (RecordButton, "recorddraw:ok"),
    (RecordButton, "recorddraw:ok:cec:20261124"),
    (RecordButton, "recorddraw:ok:xyz:20261124:3000:519:0"),
    (RecordButton, "recorddraw:ok:cec:20261324:3000:519"),
    (RecordButton, "recorddraw:ok:cec:20261124:0:519"),
    (RecordButton, "recorddraw:ok:cec:20261124:3000:9999"),
    (RecordButton, "recorddraw:ok:cec:20261124:-3:519"),
    (RecordButton, "recorddraw:ok:cec:20261124:03000:519"),  # not as packed
    (RecordButton, "recorddraw:ok:cec:20261124:3000:519:0"),  # a default written out
    (RecordButton, "recorddraw:no:cec"),
    (ImproveButton, "improve:some"),
    (QuestionnaireCodes, "crs:begin"),
    (QuestionnaireCodes, "review:edit"),
    (QuestionnaireCodes, "review:edit:nothing"),
    (QuestionnaireCodes, "review:confirm:edit"),
    (QuestionnaireCodes, "nosuchquestion:yes"),
    (QuestionnaireCodes, "age"),
    (QuestionnaireCodes, "age:"),
    (QuestionnaireCodes, "age:" + "9" * 70),
    (FaqCodes, "faq"),
    (FaqCodes, "faq:"),
    (FaqCodes, "faq:topic"),
    (FaqCodes, "faq:topic:"),
    (FaqCodes, "faq:topics:cec"),
    (FaqCodes, "faq:gcms-notes:extra"),
    (FaqCodes, "fb:gcms-notes"),
    (FaqCodes, "fb:gcms-notes:maybe"),
    (FaqCodes, "fb::up"),
    (FaqCodes, "fb:gcms-notes:up:again"),
    (FaqCodes, "faqs:topics"),
]


@pytest.mark.parametrize(("codec", "code"), FORGED, ids=[c for _, c in FORGED])
def test_each_codec_refuses_codes_it_did_not_write(codec: type, code: str) -> None:
    with pytest.raises(BadCode):
        codec.parse(code)


def test_a_record_that_no_screen_could_show_cannot_be_packed() -> None:
    with pytest.raises(ValueError):
        AlertsButton("cat", "unicorns")
    with pytest.raises(ValueError):
        DrawsButton("f", "a:b")
    with pytest.raises(ValueError):
        AnswerButton("marital_status", "x" * 64).pack()


@pytest.mark.parametrize(
    "code",
    [
        c
        for _, c in FORGED
        if not c.startswith(("age", "nosuchquestion", "review:", "crs:", "faqs:"))
    ],
)
async def test_a_forged_code_gets_the_stale_button_reply(ctx: ChatContext, code: str) -> None:
    [reply] = await build_router().handle(Event.press(CHAT, code, message_id=3, is_admin=True), ctx)
    assert "no longer active" in reply.text
    assert not reply.edit and not reply.codes()


async def test_a_pressed_code_reaches_its_feature(ctx: ChatContext) -> None:
    router = build_router()
    [reply] = await router.handle(Event.press(CHAT, "draws:f:cec", message_id=3), ctx)
    assert reply.edit and "• CEC" in [b.label for row in reply.buttons for b in row]
    [kept] = await router.handle(Event.press(CHAT, "forget:keep", message_id=3), ctx)
    assert "no longer active" not in kept.text and kept.edit


async def test_the_faq_buttons_work_through_their_codec(ctx: ChatContext) -> None:
    """Ask, vote "helpful" on the answer, browse the topics; a vote for an entry that does not
    exist is refused and stores nothing."""
    router = build_router()
    [answer] = await router.handle(
        Event.from_text(CHAT, "does freelance work count towards cec hours"), ctx
    )
    up = next(c for c in answer.codes() if c.startswith("fb:") and c.endswith(":up"))
    [thanks] = await router.handle(Event.press(CHAT, up, message_id=5), ctx)
    assert "Thanks" in thanks.text
    [forged] = await router.handle(Event.press(CHAT, "fb:no-such-entry:up", message_id=5), ctx)
    assert "no longer active" in forged.text
    async with ctx.sessions() as session:
        assert (await count_rows(session, chat_id=CHAT))["faq_feedback"] == 1

    [topics] = await router.handle(Event.press(CHAT, "faq:topics", message_id=6), ctx)
    topic = next(c for c in topics.codes() if c.startswith("faq:topic:"))
    [listing] = await router.handle(Event.press(CHAT, topic, message_id=6), ctx)
    entry = next(c for c in listing.codes() if c != "faq:topics")
    [opened] = await router.handle(Event.press(CHAT, entry, message_id=6), ctx)
    assert topics.edit and listing.edit and "no longer active" not in opened.text
    assert opened.text != listing.text

"""The tables. Every row about a person is keyed by their chat id, and `/forget` deletes
them all (see `bot.store.privacy`). Timestamps are timezone-aware UTC."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Column, ForeignKey, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.store.types import JSONType, UTCDateTime, utcnow


def _chat_fk(primary_key: bool = False) -> Any:
    return Field(
        sa_column=Column(
            BigInteger,
            ForeignKey("users.chat_id", ondelete="CASCADE"),
            primary_key=primary_key,
            nullable=False,
            index=not primary_key,
        )
    )


def _ts(nullable: bool = False, default: bool = True) -> Any:
    if default:
        return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=nullable))
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable))


class User(SQLModel, table=True):
    """A private chat with the bot: no name, username or message text is stored."""

    __tablename__ = "users"

    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    #: Telegram's language code, as of the last contact.
    language: str = Field(default="en", max_length=16)
    #: The language picked with /language (None: follow Telegram's code).
    chosen_language: str | None = Field(default=None, max_length=8)
    first_seen: datetime = _ts()
    last_seen: datetime = _ts()
    blocked: bool = Field(default=False)
    blocked_at: datetime | None = _ts(nullable=True, default=False)


class QuestionnaireState(SQLModel, table=True):
    """The questionnaire in progress for a chat (the engine's serialised state)."""

    __tablename__ = "questionnaire_states"

    chat_id: int = _chat_fk(primary_key=True)
    state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    updated_at: datetime = _ts()


class SavedProfile(SQLModel, table=True):
    """The last completed CRS profile of a chat and its score, for /myscore and alerts."""

    __tablename__ = "profiles"

    chat_id: int = _chat_fk(primary_key=True)
    profile: dict[str, Any] = Field(sa_column=Column(JSONType, nullable=False))
    total: int
    rules: str = Field(max_length=32)
    saved_at: datetime = _ts()


class Subscription(SQLModel, table=True):
    """Draw-alert subscription: `mode` is cec, all or categories (then `categories`)."""

    __tablename__ = "subscriptions"

    chat_id: int = _chat_fk(primary_key=True)
    mode: str = Field(default="cec", max_length=16)
    categories: list[str] = Field(default_factory=list, sa_column=Column(JSONType, nullable=False))
    active: bool = Field(default=True)
    profile_created_on: date | None = None
    invited_on: date | None = None
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class Draw(SQLModel, table=True):
    """One round of invitations. `number` is text: IRCC has rounds 91a and 91b."""

    __tablename__ = "draws"

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=16, sa_column_kwargs={"unique": True})
    draw_date: date = Field(index=True)
    drawn_at: datetime | None = _ts(nullable=True, default=False)
    name: str = Field(max_length=200)
    #: IRCC's French name (French feed), for rounds polled since migration 005; else None.
    name_fr: str | None = Field(default=None, max_length=200)
    category: str = Field(max_length=32, index=True)
    invitations: int | None = None
    cutoff: int | None = None
    tie_break_at: datetime | None = _ts(nullable=True, default=False)
    tie_break_raw: str = Field(default="", max_length=200)
    raw: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    source: str = Field(default="feed", max_length=16)
    announced: str = Field(default="pending", max_length=16)
    recorded_at: datetime = _ts()


class AlertOutbox(SQLModel, table=True):
    """One alert for one chat about one draw; unique, so a draw alerts a chat at most once."""

    __tablename__ = "alert_outbox"
    __table_args__ = (
        UniqueConstraint("draw_id", "chat_id", name="uq_outbox_draw_chat"),
        Index("ix_outbox_status_next", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    draw_id: int = Field(
        sa_column=Column(ForeignKey("draws.id", ondelete="CASCADE"), nullable=False)
    )
    chat_id: int = _chat_fk()
    status: str = Field(default="pending", max_length=16)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = _ts()
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = _ts()
    sent_at: datetime | None = _ts(nullable=True, default=False)


class FeedSyncRun(SQLModel, table=True):
    """A heartbeat row per feed poll."""

    __tablename__ = "feed_sync_runs"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = _ts()
    finished_at: datetime | None = _ts(nullable=True, default=False)
    result: str = Field(default="running", max_length=16)
    new_rounds: int = Field(default=0)
    error: str | None = Field(default=None, max_length=1000)
    etag: str | None = Field(default=None, max_length=200)
    last_modified: str | None = Field(default=None, max_length=100)


class AdminNotice(SQLModel, table=True):
    """A notice to the admins that must go out once, whichever process notices first: the
    unique (kind, key) row is written before the notice is sent (`bot.store.admin_notices`)."""

    __tablename__ = "admin_notices"
    __table_args__ = (UniqueConstraint("kind", "key", name="uq_admin_notice"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    key: str = Field(max_length=64)
    created_at: datetime = _ts()


class FaqFeedback(SQLModel, table=True):
    """A helpful / not helpful press on an FAQ answer: the entry id, never the question."""

    __tablename__ = "faq_feedback"

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = _chat_fk()
    entry_id: str = Field(max_length=64)
    helpful: bool
    created_at: datetime = _ts()


class Reminder(SQLModel, table=True):
    """A dated reminder (profile expiry, e-APR deadline) for a chat."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("chat_id", "kind", "due_on", name="uq_reminder"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = _chat_fk()
    kind: str = Field(max_length=32)
    due_on: date
    sent_at: datetime | None = _ts(nullable=True, default=False)
    #: Set by the process about to send it (`bot.store.reminders.claim`); expires after a crash.
    claimed_until: datetime | None = _ts(nullable=True, default=False)


class OccupationAnswer(SQLModel, table=True):
    """The chat's main occupation for category rounds (the optional /occupation step).

    `step` is where the step stands: title (waiting for a typed job title), months, canada
    (waiting for a button), done, or skipped. `months` and `in_canada_months` are the lower
    bounds of the bands the user chose (full-time months in the last 3 years);
    `in_canada_months` is None when it was not asked (no Canada-only category lists the NOC).
    """

    __tablename__ = "occupations"

    chat_id: int = _chat_fk(primary_key=True)
    step: str = Field(default="title", max_length=16)
    noc: str | None = Field(default=None, max_length=5)
    months: int | None = None
    in_canada_months: int | None = None
    updated_at: datetime = _ts()


class ProfileDates(SQLModel, table=True):
    """The dates the chat gave in the optional /dates step (each may be missing).

    `step` is the question waiting for an answer (birth, work, language, eca, submitted) or
    done. `canadian_work_since` is the first of the month when only a month was given;
    `submitted_at` is set only when the time of the profile's submission was given too.
    """

    __tablename__ = "profile_dates"

    chat_id: int = _chat_fk(primary_key=True)
    step: str = Field(default="birth", max_length=16)
    birth_date: date | None = None
    canadian_work_since: date | None = None
    language_test_date: date | None = None
    eca_date: date | None = None
    submitted_on: date | None = None
    submitted_at: datetime | None = _ts(nullable=True, default=False)
    updated_at: datetime = _ts()


#: Every table that holds rows about a chat, with its chat-id column (for /forget and tests).
PERSONAL_TABLES: tuple[type[SQLModel], ...] = (
    AlertOutbox,
    FaqFeedback,
    Reminder,
    OccupationAnswer,
    ProfileDates,
    QuestionnaireState,
    SavedProfile,
    Subscription,
    User,
)

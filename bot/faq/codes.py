"""The knowledge base's button codes (messages already sent carry them, so they keep their
form):

- ``faq:<entry id>`` opens an entry, ``faq:topics`` lists the topics and
  ``faq:topic:<topic>`` one topic's entries (``FaqButton``; ``topic`` and ``topics`` are
  reserved ids, see ``bot.faq.check``);
- ``fb:<entry id>:up`` / ``fb:<entry id>:down``: was the answer helpful (``FeedbackButton``).

``FaqCodes.parse`` reads both for the router and raises ``BadCode`` for anything else.
Whether an entry id still exists is the caller's question (an old button may name an entry
that was removed since).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from bot.callback import SEP, BadCode, CallbackData

ALL_TOPICS = "topics"
ONE_TOPIC = "topic"


@dataclass(frozen=True)
class FaqButton(CallbackData, prefix="faq"):
    """An entry (``target`` is its id), the topic list (``topics``) or a topic (``topic``)."""

    target: str
    topic: str = ""

    def check(self) -> None:
        if not self.target:
            raise ValueError("faq: names an entry, 'topics' or 'topic:<topic>'")
        if (self.target == ONE_TOPIC) != bool(self.topic):
            raise ValueError("faq:topic takes a topic, the others nothing")


@dataclass(frozen=True)
class FeedbackButton(CallbackData, prefix="fb"):
    """Helpful or not, under an entry's answer."""

    entry: str
    vote: Literal["up", "down"]

    def check(self) -> None:
        if not self.entry:
            raise ValueError("fb: names an entry")

    @property
    def helpful(self) -> bool:
        return self.vote == "up"


FaqCode = FaqButton | FeedbackButton


class FaqCodes:
    """Both codecs for the router: the prefixes they own and one parse for all."""

    prefixes: ClassVar[tuple[str, ...]] = (*FaqButton.prefixes, *FeedbackButton.prefixes)

    @staticmethod
    def parse(code: str) -> FaqCode:
        head = code.partition(SEP)[0]
        if head == FeedbackButton.prefix:
            return FeedbackButton.parse(code)
        if head == FaqButton.prefix:
            return FaqButton.parse(code)
        raise BadCode("not a knowledge base code")

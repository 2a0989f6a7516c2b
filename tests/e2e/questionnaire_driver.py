"""Drive the CRS questionnaire over HTTP as a person on a phone would."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.crs import parse_profile, score
from tests.fakes.botapi import BotEvent, FakeBotAPI
from tests.test_questionnaire.helpers import ABILITIES, _fmt, _value, code_for

#: The result's total, in English or in French ("Votre score CRS (SCG) : 1 234 / 1 200").
TOTAL = re.compile(
    r"(?:Your CRS score|Votre score CRS(?: \(SCG\))?)[ \u00a0]?: ([\d,\u00a0\u202f ]+?) / 1[,\u00a0\u202f ]200"
)


def question_of(event: BotEvent) -> str | None:
    for code in event.codes:
        if code.endswith(":back") and not code.startswith("review:"):
            return code.rsplit(":", 1)[0]
    return None


def current_screen(events: list[BotEvent]) -> BotEvent:
    """The newest message that asks something (a question or the review)."""
    for event in reversed(events):
        if question_of(event) or "review:confirm" in event.codes:
            return event
    raise AssertionError(f"no question in {[(e.kind, (e.text or '')[:60]) for e in events]}")


def is_screen(event: BotEvent) -> bool:
    """A message the user must act on, or the result."""
    text = event.text or ""
    return bool(
        question_of(event)
        or "review:confirm" in event.codes
        or TOTAL.search(text)
        or "no longer active" in text
    )


def expected_total(profile: dict[str, Any]) -> int:
    return score(parse_profile(profile)).total


def total_in(events: list[BotEvent]) -> int | None:
    for event in events:
        match = TOTAL.search(event.text or "")
        if match:
            return int(re.sub(r"\D", "", match.group(1)))
    return None


@dataclass
class PhoneUser:
    api: FakeBotAPI
    chat_id: int
    profile: dict[str, Any]
    asked: list[str] = field(default_factory=list)
    answers: int = 0
    #: Telegram's language code of this user's app, sent with every message and press.
    language_code: str = "en"

    def answer_for(self, qid: str) -> tuple[str, str]:
        """("press", code) or ("type", text) for the question `qid`."""
        value = _value(self.profile, qid)
        if qid.split(".")[-1] in ABILITIES:
            language = qid.split(".")[0]
            return "type", " ".join(_fmt(self.profile[language][a]) for a in ABILITIES)
        if qid == "age":
            return "type", str(value)
        top = {"foreign_work_years": 3}.get(qid, 5)
        if isinstance(value, int) and not isinstance(value, bool):
            value = min(value, top)
        return "press", f"{qid}:{code_for(value)}"

    async def act(self, kind: str, payload: str, *, quiet: float = 0.25) -> list[BotEvent]:
        """Answer, then read the bot's outputs until it asks something or shows a score."""
        self.answers += 1
        if kind == "press":
            events = await self.api.press_and_wait(
                self.chat_id, payload, quiet=quiet, timeout=30, language_code=self.language_code
            )
        else:
            events = await self.api.send_and_wait(
                self.chat_id, payload, quiet=quiet, timeout=30, language_code=self.language_code
            )
        while not any(is_screen(e) for e in events):
            events.append(await self.api.next_event(self.chat_id, timeout=30))
            events += await self.api.drain(self.chat_id)
        return events

    async def step(self, events: list[BotEvent], *, quiet: float = 0.25) -> list[BotEvent]:
        screen = current_screen(events)
        qid = question_of(screen)
        assert qid is not None
        if not self.asked or self.asked[-1] != qid:
            self.asked.append(qid)
        return await self.act(*self.answer_for(qid), quiet=quiet)

    async def complete(self, *, quiet: float = 0.25, limit: int = 40) -> int:
        """/crs, answer everything, confirm the review; the total shown."""
        events = await self.api.send_and_wait(
            self.chat_id, "/crs", quiet=quiet, timeout=30, language_code=self.language_code
        )
        return await self.finish(events, quiet=quiet, limit=limit)

    async def finish(self, events: list[BotEvent], *, quiet: float = 0.25, limit: int = 40) -> int:
        for _ in range(limit):
            screen = current_screen(events)
            if "review:confirm" in screen.codes:
                result = await self.act("press", "review:confirm", quiet=quiet)
                total = total_in(result)
                assert total is not None, [e.text for e in result]
                return total
            events = await self.step(events, quiet=quiet)
        raise AssertionError(f"no review after {limit} answers; asked {self.asked}")

"""Transport-neutral output of the conversation: what the bot shows a user.

Every feature returns `Reply` objects; the Telegram transport turns them into Bot API
calls, the terminal prints them, and the tests read them. Text is Telegram-flavoured
HTML produced by `bot.render` (autoescaped), never built by string concatenation of user
input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Telegram limits callback data to 1-64 bytes.
MAX_CODE_BYTES = 64


@dataclass(frozen=True, slots=True)
class Button:
    """A button: `code` is the stable callback code, or an https URL for a link button."""

    label: str
    code: str

    @property
    def is_url(self) -> bool:
        return self.code.startswith(("https://", "http://"))

    def __post_init__(self) -> None:
        if not self.is_url and not 0 < len(self.code.encode()) <= MAX_CODE_BYTES:
            raise ValueError(f"button code must be 1-{MAX_CODE_BYTES} bytes: {self.code!r}")


@dataclass(frozen=True, slots=True)
class Reply:
    """One message (or one edit) the bot sends.

    - `text`: HTML (Telegram subset), already escaped where it holds user input.
    - `buttons`: rows of buttons under the message.
    - `photo`: PNG bytes; when set, `text` is the caption.
    - `edit`: replace the message the pressed button belongs to instead of sending anew.
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = field(default_factory=tuple)
    photo: bytes | None = None
    edit: bool = False

    @staticmethod
    def rows(
        *rows: list[tuple[str, str]] | tuple[tuple[str, str], ...],
    ) -> tuple[tuple[Button, ...], ...]:
        """Build button rows from (label, code) pairs."""
        return tuple(tuple(Button(label, code) for label, code in row) for row in rows if row)

    def codes(self) -> list[str]:
        """Every button code of this reply, in order (handy in tests)."""
        return [b.code for row in self.buttons for b in row]

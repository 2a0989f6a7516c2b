"""Button codes as small typed records, like aiogram's ``CallbackData(prefix=...)``.

A feature declares its codes once::

    @dataclass(frozen=True)
    class DrawsButton(CallbackData, prefix="draws"):
        action: Literal["latest", "f"]
        filter: str = ""

``DrawsButton("f", "cec").pack()`` is ``"draws:f:cec"``; ``DrawsButton.parse("draws:f:cec")``
gives the record back. Fields are ``str``, ``int`` (non-negative), ``bool`` ("1"/"0"),
``date`` (``YYYYMMDD``) or a ``Literal`` of strings, optionally ``| None`` with a None
default; trailing fields left at their default
are not written, so ``"draws:latest"`` stays short. ``check()`` states what else a valid
record needs (a known category, a range); it runs on construction, so a record that exists
is valid, and ``pack()`` always gives at most 64 bytes (Telegram's limit for callback data).

``parse`` raises ``BadCode`` for anything that is not exactly what ``pack`` writes: another
prefix, a missing or extra field, a value of the wrong type, a record ``check()`` refuses, or
more than 64 bytes. Features never split codes by hand.

Domain packages use this too (the questionnaire's codes are part of its screens), so it lives
beside ``bot.replies`` rather than in ``bot.chat``.
"""

from __future__ import annotations

import dataclasses
import typing
from datetime import date, datetime
from typing import Any, ClassVar, Literal, Self

#: Telegram limits callback data to 1-64 bytes.
MAX_CODE_BYTES = 64
SEP = ":"


class BadCode(ValueError):
    """A button code this codec did not write (forged, malformed, or from an older version)."""


def _unwrap(kind: Any) -> Any:
    """``X | None`` -> ``X`` (None is only ever a trailing default, never written)."""
    args = typing.get_args(kind)
    if type(None) in args and len(args) == 2:
        return next(a for a in args if a is not type(None))
    return kind


def _encode(kind: Any, value: Any) -> str:
    if value is None:
        raise ValueError("None is only allowed as a trailing default")
    if kind is bool:
        return "1" if value else "0"
    if kind is date:
        return f"{value.year:04d}{value.month:02d}{value.day:02d}"
    text = str(value)
    if SEP in text:
        raise ValueError(f"{SEP!r} inside a button code field: {text!r}")
    return text


def _decode(kind: Any, text: str) -> Any:
    if typing.get_origin(kind) is Literal:
        if text not in typing.get_args(kind):
            raise BadCode(f"not one of {typing.get_args(kind)}")
        return text
    if kind is str:
        return text
    if kind is int:
        if not (text.isascii() and text.isdigit()) or len(text) > 12:
            raise BadCode("not a whole number")
        return int(text)
    if kind is bool:
        if text not in ("0", "1"):
            raise BadCode("not 0 or 1")
        return text == "1"
    if kind is date:
        if not (text.isascii() and text.isdigit() and len(text) == 8):
            raise BadCode("not YYYYMMDD")
        try:
            return datetime.strptime(text, "%Y%m%d").date()
        except ValueError as exc:
            raise BadCode("not a date") from exc
    raise TypeError(f"unsupported button code field type: {kind!r}")


_FIELDS: dict[type, list[tuple[dataclasses.Field[Any], Any]]] = {}


class CallbackData:
    """Base of a feature's button codes; subclass it as a frozen dataclass with a prefix."""

    prefix: ClassVar[str]
    #: The first fields of every code this codec owns (the router routes on them).
    prefixes: ClassVar[tuple[str, ...]]

    def __init_subclass__(cls, *, prefix: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if prefix is not None:
            if not prefix or SEP in prefix:
                raise ValueError(f"bad button code prefix {prefix!r}")
            cls.prefix = prefix
            cls.prefixes = (prefix,)

    def __post_init__(self) -> None:
        self.check()

    def check(self) -> None:
        """Raise ValueError when the record is not one the feature can handle."""

    @classmethod
    def _fields(cls) -> list[tuple[dataclasses.Field[Any], Any]]:
        """The fields and their types, worked out once per class (every screen packs its
        buttons and every press parses one: `get_type_hints` each time was ~4% of the CPU of
        an update)."""
        fields = _FIELDS.get(cls)
        if fields is None:
            hints = typing.get_type_hints(cls)
            fields = [(f, _unwrap(hints[f.name])) for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
            _FIELDS[cls] = fields
        return fields

    def pack(self) -> str:
        values: list[str] = []
        trailing_defaults = True
        for f, kind in reversed(self._fields()):
            value = getattr(self, f.name)
            if trailing_defaults and f.default is not dataclasses.MISSING and value == f.default:
                continue
            trailing_defaults = False
            values.append(_encode(kind, value))
        code = SEP.join([self.prefix, *reversed(values)])
        if len(code.encode()) > MAX_CODE_BYTES:
            raise ValueError(f"button code over {MAX_CODE_BYTES} bytes: {code!r}")
        return code

    @classmethod
    def parse(cls, code: str) -> Self:
        if len(code.encode()) > MAX_CODE_BYTES:
            raise BadCode("too long")
        head, sep, rest = code.partition(SEP)
        if head != cls.prefix:
            raise BadCode("another prefix")
        parts = rest.split(SEP) if sep else []
        fields = cls._fields()
        required = sum(1 for f, _ in fields if f.default is dataclasses.MISSING)
        if not required <= len(parts) <= len(fields):
            raise BadCode("wrong number of fields")
        values = {
            f.name: _decode(kind, part) for (f, kind), part in zip(fields, parts, strict=False)
        }
        try:
            record = cls(**values)
        except (TypeError, ValueError) as exc:
            raise BadCode(str(exc)) from exc
        if record.pack() != code:  # one code per record: no empty tails, no leading zeros
            raise BadCode("not in canonical form")
        return record

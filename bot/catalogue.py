"""The locales, and the short texts of each: button labels, titles, command descriptions,
program and category names, language names. One file per locale,
``templates/<lang>/labels.toml``; its sections are the first part of a key (``[chat]`` +
``"start.crs"`` -> ``chat.start.crs``).

Messages are templates (``bot.render``); these are plain text (buttons show text as is), so
they are not HTML-escaped here: a template that shows one escapes it as any other value.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

TEMPLATES_DIR = Path(__file__).parent / "templates"
DEFAULT_LANG = "en"
SUPPORTED_LANGS = ("en", "fr")
FILE = "labels.toml"


def pick_lang(lang: str | None) -> str:
    """The locale for a Telegram language code ("en-GB" -> "en", "fr-CA" -> "fr"; English
    for a language the bot does not speak)."""
    base = (lang or DEFAULT_LANG).split("-")[0].lower()
    return base if base in SUPPORTED_LANGS else DEFAULT_LANG


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        elif isinstance(value, str):
            out[name] = value
        else:
            raise TypeError(f"{FILE}: {name} is not text")
    return out


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every key of ``templates/<lang>/labels.toml`` and its text (empty for a locale
    without the file)."""
    path = TEMPLATES_DIR / lang / FILE
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return _flatten(tomllib.load(fh))


def label(key: str, lang: str | None = None) -> str:
    """The text of ``key`` in ``lang`` (English when the locale lacks it; KeyError when
    English lacks it too)."""
    found = catalogue(pick_lang(lang)).get(key)
    return found if found is not None else catalogue(DEFAULT_LANG)[key]


def section(name: str, lang: str | None) -> dict[str, str]:
    """The keys under ``name`` without it: ``section("category", "fr")["cec"]``."""
    return _section(name, pick_lang(lang))


@cache
def _section(name: str, lang: str) -> dict[str, str]:
    head = name + "."
    english = catalogue(DEFAULT_LANG)
    return {k.removeprefix(head): label(k, lang) for k in english if k.startswith(head)}


def languages() -> tuple[str, ...]:
    """The locales the bot speaks."""
    return SUPPORTED_LANGS

"""Render user-facing text from Jinja2 templates under `bot/templates/<lang>/`.

Autoescape is on for every template, so values passed in (user text, feed text) are
HTML-escaped; templates mark trusted fragments with `|safe` only where the fragment was
itself rendered here.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, pass_context
from jinja2.runtime import Context

from bot import formats
from bot.catalogue import DEFAULT_LANG, SUPPORTED_LANGS, TEMPLATES_DIR, pick_lang, section
from bot.roundnames import french_round_name, version_suffix

# The locale constants live in bot.catalogue; they are re-exported here for the templates' users.
__all__ = [
    "DEFAULT_LANG",
    "SUPPORTED_LANGS",
    "TEMPLATES_DIR",
    "environment",
    "pick_lang",
    "render",
    "template",
]


def _lang(context: Context, lang: str | None = None) -> str:
    """The language of the template being rendered: the first part of its name
    ("fr/draws/list.j2" -> "fr"); macros imported from another template use that one's."""
    if lang is not None:
        return pick_lang(lang)
    return pick_lang((context.name or DEFAULT_LANG).split("/", 1)[0])


@pass_context
def _number(context: Context, value: int | float | None, lang: str | None = None) -> str:
    return formats.number(value, _lang(context, lang))


@pass_context
def _long_date(context: Context, value: date | str, lang: str | None = None) -> str:
    return formats.long_date(value, _lang(context, lang))


@pass_context
def _short_date(context: Context, value: date | str, lang: str | None = None) -> str:
    return formats.short_date(value, _lang(context, lang))


@pass_context
def _month_year(context: Context, value: date | str, lang: str | None = None) -> str:
    return formats.month_year(value, _lang(context, lang))


@pass_context
def _month_name(context: Context, month: int, lang: str | None = None) -> str:
    return formats.month_name(month, _lang(context, lang))


@pass_context
def _round_name(
    context: Context,
    name: str,
    code: str | None = None,
    lang: str | None = None,
    french: str | None = None,
) -> str:
    """A feed round name in the template's language. French: ``french`` (the round's name in
    IRCC's French feed) when there is one, else IRCC's French name of ``name`` as shipped, else
    the catalogue's name of its category ``code`` with the same version suffix, else as given."""
    lang = _lang(context, lang)
    if lang == DEFAULT_LANG or not name:
        return name
    if french:
        return french
    known = french_round_name(name)
    if known is not None:
        return known
    names = section("category", lang)
    if code is None or code == "unclassified" or code not in names:
        return name
    return f"{names[code]}{version_suffix(name)}"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # templates are part of the release: no stat() of the file per use
        cache_size=-1,  # keep every compiled template
    )
    env.filters["thousands"] = _number
    env.filters["number"] = _number
    env.filters["longdate"] = _long_date
    env.filters["shortdate"] = _short_date
    env.filters["monthyear"] = _month_year
    env.filters["monthname"] = _month_name
    env.filters["roundname"] = _round_name
    return env


def render(name: str, lang: str | None = None, /, **context: Any) -> str:
    """Render `templates/<lang>/<name>.j2` (falling back to English), stripped."""
    return template(name, pick_lang(lang)).render(**context).strip()


@cache
def template(name: str, lang: str) -> Template:
    """`templates/<lang>/<name>.j2` (or the English one), compiled once per process."""
    return environment().select_template([f"{lang}/{name}.j2", f"{DEFAULT_LANG}/{name}.j2"])

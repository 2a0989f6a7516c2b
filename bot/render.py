"""Render user-facing text from Jinja2 templates under `bot/templates/<lang>/`.

Autoescape is on for every template, so values passed in (user text, feed text) are
HTML-escaped; templates mark trusted fragments with `|safe` only where the fragment was
itself rendered here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

TEMPLATES_DIR = Path(__file__).parent / "templates"
DEFAULT_LANG = "en"
SUPPORTED_LANGS = ("en", "fr")


def _thousands(value: int | float | None) -> str:
    if value is None:
        return ""
    return f"{value:,}"


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
    env.filters["thousands"] = _thousands
    return env


def pick_lang(lang: str | None) -> str:
    """The template language for a Telegram language code ("en-GB" -> "en")."""
    base = (lang or DEFAULT_LANG).split("-")[0].lower()
    return base if base in SUPPORTED_LANGS else DEFAULT_LANG


def render(name: str, lang: str | None = None, /, **context: Any) -> str:
    """Render `templates/<lang>/<name>.j2` (falling back to English), stripped."""
    return template(name, pick_lang(lang)).render(**context).strip()


@cache
def template(name: str, lang: str) -> Template:
    """`templates/<lang>/<name>.j2` (or the English one), compiled once per process."""
    return environment().select_template([f"{lang}/{name}.j2", f"{DEFAULT_LANG}/{name}.j2"])

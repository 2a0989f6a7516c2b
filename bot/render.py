"""Render user-facing text from Jinja2 templates under `bot/templates/<lang>/`.

Autoescape is on for every template, so values passed in (user text, feed text) are
HTML-escaped; templates mark trusted fragments with `|safe` only where the fragment was
itself rendered here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES_DIR = Path(__file__).parent / "templates"
DEFAULT_LANG = "en"
SUPPORTED_LANGS = ("en",)


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
    )
    env.filters["thousands"] = _thousands
    return env


def pick_lang(lang: str | None) -> str:
    """The template language for a Telegram language code ("en-GB" -> "en")."""
    base = (lang or DEFAULT_LANG).split("-")[0].lower()
    return base if base in SUPPORTED_LANGS else DEFAULT_LANG


def render(name: str, lang: str | None = None, /, **context: Any) -> str:
    """Render `templates/<lang>/<name>.j2` (falling back to English), stripped."""
    env = environment()
    template = env.get_or_select_template(
        [f"{pick_lang(lang)}/{name}.j2", f"{DEFAULT_LANG}/{name}.j2"]
    )
    return template.render(**context).strip()

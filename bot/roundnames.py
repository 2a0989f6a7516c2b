"""IRCC's own French names of rounds (data, not sentences): the French feed's ``drawName``
for each English ``drawName``, from ``data/round_names_fr.json``. A top-level module with no
``bot`` imports, so that ``bot.render`` can use it without depending on ``bot.draws``.

``version_suffix`` keeps a name's version ("(Version 1)", ", 2026-Version 3") so that a round
whose exact English name has no known French twin can be shown as the French category name
with the same suffix.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

_DATA = Path(__file__).parent / "data" / "round_names_fr.json"
_VERSION = re.compile(
    r"(?:,?\s*\((?:19|20)?\d*\s*[Vv]ersion\s+\d+\)|,?\s*(?:(?:19|20)\d\d-)?[Vv]ersion\s+\d+)\s*$"
)


def _key(name: str) -> str:
    return " ".join(name.replace("\u2019", "'").casefold().split())


@cache
def _french() -> dict[str, str]:
    names: dict[str, str] = json.loads(_DATA.read_text(encoding="utf-8"))["names"]
    return {_key(en): fr for en, fr in names.items()}


def french_round_name(name: str) -> str | None:
    """IRCC's French name for the English round name ``name``, or None when not known."""
    return _french().get(_key(name))


def version_suffix(name: str) -> str:
    """The version part of a round name, as typed: " (Version 1)", ", 2026-Version 3", or ""."""
    match = _VERSION.search(name)
    return match.group(0) if match else ""

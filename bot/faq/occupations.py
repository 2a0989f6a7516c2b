"""NOC codes named in a question: "NOC 41200 is what TEER?" gets the unit group's title and
TEER from the NOC 2021 table (`bot.standing.noc`), next to whatever entry answers the rest.

A five-digit number counts only when the question also speaks of occupations (noc, teer, cnp,
feer, "occupation code"...) and the number is a unit group of the table; when some codes
follow "NOC" or "CNP" directly, only those count, so an amount or a postcode elsewhere in the
question ("I have 13100 saved, my NOC is 21231") is left alone. Amounts ("21231$", "13100
dollars") never count.
"""

from __future__ import annotations

import re

from bot.standing.noc import UnitGroup, unit_group

MAX_GROUPS = 3
_NUMBER = re.compile(
    r"(?<![\d$€£.,])(\d{5})(?![\d%$€£]|\s*(?:\$|€|£|cad|usd|eur|dollars?|euros?|k\b))",
    re.IGNORECASE,
)
_NAMED = re.compile(
    r"\b(?:noc|cnp)(?:\s*(?:2021|code|#|:|no\.?|n°|is|est|de))*\s*(\d{5})\b", re.IGNORECASE
)
_OCCUPATION_WORDS = re.compile(
    r"\b(?:noc|nocs|teer|cnp|feer|occupation\s+code|code\s+de\s+profession"
    r"|unit\s+group|groupe\s+de\s+base)\b",
    re.IGNORECASE,
)


def mentioned_unit_groups(question: str) -> tuple[UnitGroup, ...]:
    """The NOC 2021 unit groups whose codes `question` names (at most three, in order)."""
    if not _OCCUPATION_WORDS.search(question):
        return ()
    groups = _groups(_NAMED.findall(question)) or _groups(_NUMBER.findall(question))
    return tuple(dict.fromkeys(groups))[:MAX_GROUPS]


def _groups(codes: list[str]) -> list[UnitGroup]:
    return [group for code in codes if (group := unit_group(code)) is not None]

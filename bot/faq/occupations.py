"""NOC codes named in a question: "NOC 41200 is what TEER?" gets the unit group's title and
TEER from the NOC 2021 table (`bot.standing.noc`), next to whatever entry answers the rest.

A five-digit number counts only when the question also speaks of occupations (noc, teer, cnp,
feer, "occupation code"...) and the number is a unit group of the table; when some codes
follow "NOC" or "CNP" directly, only those count, so an amount or a postcode elsewhere in the
question ("I have 13100 saved, my NOC is 21231") is left alone. Amounts ("21231$", "13100
dollars") never count.

A job title asked about the same way ("what TEER is a truck driver", "which NOC for a QA
tester", "code CNP pour infirmière auxiliaire ?") gets the unit groups whose titles match it
(`bot.standing.noc.match`, English and French job titles), at most three, with the title as
typed so the reply can say what it looked up. Only these narrow forms count: "which NOC do I
pick?" names no title and is left to the entries.
"""

from __future__ import annotations

import re

from bot.standing.noc import UnitGroup, match, unit_group

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


#: "what TEER is a truck driver", "which noc for qa tester", "NOC code for a cook", "teer of
#: a welder", "code CNP pour infirmière auxiliaire", "quelle CNP pour technicien support",
#: "c'est quel FEER, préposé aux bénéficiaires" is not asked this way and is left alone.
_TITLE_QUESTION = re.compile(
    r"\b(?:"
    r"(?:what|which)\s+(?:noc|teer)(?:\s+code)?\s+(?:is|for|fits|does)"
    r"|(?:noc|teer)(?:\s+code)?\s+(?:for|of)"
    r"|(?:quel(?:le)?\s+)?(?:code\s+)?(?:cnp|feer)\s+(?:pour|d['’]une?|de\s+l['’]|du|de)"
    r"|quel(?:le)?\s+(?:code\s+)?(?:cnp|feer)\s+(?:est|a)"
    r")\s+(?:an?\s+|une?\s+|my\s+|mon\s+|ma\s+|le\s+|la\s+|les\s+)?"
    r"(?P<title>[^?!.,;:()\n\d]{2,60})",
    re.IGNORECASE,
)
#: Where a title ends: "a truck driver in Canada", "cook for CEC", "infirmière au Québec".
_TITLE_END = re.compile(
    r"\s*['’]?\s+(?:in|for|with|at|and|or|is|it|job|role|position|pour|avec|et|ou|dans|chez|est"
    r"|(?:au|en)\s+(?:canada|qu[ée]bec|ontario|alberta|colombie|saskatchewan|manitoba"
    r"|nouvelle|nouveau|acadie|france|belgique|suisse))\b.*$",
    re.IGNORECASE,
)
MAX_TITLE_WORDS = 5
#: Closeness (0-100) a title found inside a question needs to a NOC title or a job title
#: people type: "qa tester" must not come back as oil and gas well testers.
MIN_TITLE_SCORE = 85.0


def asked_job_title(question: str) -> tuple[str, tuple[UnitGroup, ...]]:
    """The job title a question asks the NOC code or TEER of, and its unit groups (at most
    three), or ("", ()) when it asks no such thing or no group matches."""
    found = _TITLE_QUESTION.search(question)
    if found is None:
        return "", ()
    title = _TITLE_END.sub("", found.group("title")).strip(" '\"‘’“”«»\u00a0")
    if not title or len(title.split()) > MAX_TITLE_WORDS:
        return "", ()
    groups = tuple(match(title, MAX_GROUPS, whole=True, min_score=MIN_TITLE_SCORE))
    return (title, groups) if groups else ("", ())

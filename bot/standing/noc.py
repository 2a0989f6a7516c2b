"""Match a typed job title to NOC 2021 unit groups.

The unit-group titles ("Software developers and programmers") are split into phrases
("software developer", "programmer"), words are folded to ASCII lower case and made singular,
and a curated alias list (``data/noc_aliases.json``: "nurse", "accountant", ...) adds the job
titles people type that no unit-group title contains. A typed title is scored against every
phrase with rapidfuzz, so typos ("software developper") still match. French job titles
("infirmière", "camionneur") come from a second hand-made list, ``data/noc_aliases_fr.json``;
the titles shown stay NOC's English ones. A five-digit code typed
directly ("21232", "NOC 21232") returns that unit group. The index is built once, on first use.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

UNIT_GROUPS_FILE = (
    Path(__file__).resolve().parents[1] / "data" / "noc" / "noc-2021-unit-groups.json"
)
ALIASES_FILE = Path(__file__).with_name("data") / "noc_aliases.json"
ALIASES_FR_FILE = Path(__file__).with_name("data") / "noc_aliases_fr.json"

#: Lowest score (0-100) a phrase needs to be offered as a match.
MIN_SCORE = 72.0
#: Matches this far below the best one are dropped as noise.
MAX_GAP = 15.0
#: An alias is what people type, so it beats a title phrase of the same score.
ALIAS_BONUS = 4.0

_CODE = re.compile(r"^(?:noc\s*)?(\d{5})$")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_EXCEPT = re.compile(r"\(except[^)]*\)")
_SPLIT = re.compile(r",| and | - |/")
_STOP = frozenset({"other", "related", "occupation", "n", "e", "c", "of", "the", "in"})
#: Words people put around a job title ("I work as a nurse"), dropped from what they type.
_FILLER = frozenset(
    [
        "i",
        "im",
        "am",
        "a",
        "an",
        "as",
        "at",
        "my",
        "is",
        "was",
        "work",
        "worked",
        "working",
        "job",
        "currently",
        "now",
        "for",
        # French: "je suis infirmière", "je travaille comme cuisinier", "en tant que soudeur".
        "je",
        "j",
        "suis",
        "travaille",
        "comme",
        "un",
        "une",
        "mon",
        "ma",
        "poste",
        "actuellement",
        "tant",
        "que",
    ]
)


@dataclass(frozen=True)
class UnitGroup:
    """A NOC 2021 unit group: five-digit code, English title, TEER category (0-5)."""

    code: str
    title: str
    teer: int


def _singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def normalise(text: str) -> str:
    """ASCII lower-case singular words separated by single spaces."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return " ".join(_singular(w) for w in _NON_WORD.sub(" ", folded).split())


def _phrases(title: str) -> list[str]:
    """The searchable phrases of a unit-group title: the whole title and each listed part."""
    text = _EXCEPT.sub(" ", title.casefold())
    parts = [normalise(p) for p in _SPLIT.split(text)]
    parts = [p for p in parts if p and not set(p.split()) <= _STOP]
    whole = normalise(text)
    return list(dict.fromkeys([whole, *parts]))


@dataclass(frozen=True)
class _Index:
    groups: dict[str, UnitGroup]
    phrases: list[str]
    owners: list[tuple[tuple[str, ...], bool]]  # per phrase: its unit groups, is-alias


@functools.cache
def _index() -> _Index:
    data = json.loads(UNIT_GROUPS_FILE.read_text(encoding="utf-8"))
    groups = {
        row["code"]: UnitGroup(row["code"], row["title"], int(row["teer"]))
        for row in data["unit_groups"]
    }
    by_phrase: dict[str, tuple[list[str], bool]] = {}
    for group in groups.values():
        for phrase in _phrases(group.title):
            by_phrase.setdefault(phrase, ([], False))[0].append(group.code)
    for file in (ALIASES_FILE, ALIASES_FR_FILE):
        aliases = json.loads(file.read_text(encoding="utf-8"))["aliases"]
        for alias, codes in aliases.items():
            unknown = [c for c in codes if c not in groups]
            if unknown:
                raise ValueError(f"alias {alias!r} names unknown NOC codes {unknown}")
            by_phrase[normalise(alias)] = (list(codes), True)
    phrases = list(by_phrase)
    owners = [(tuple(by_phrase[p][0]), by_phrase[p][1]) for p in phrases]
    return _Index(groups, phrases, owners)


def unit_group(code: str) -> UnitGroup | None:
    """The unit group with this five-digit code, if there is one."""
    return _index().groups.get(code)


def _windows(words: list[str], n: int) -> list[str]:
    return [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]


def _score(query: str, choice: str, **_: object) -> float:
    # The whole phrase (typos allowed), or one inside the other as a run of whole words
    # ("nurse" in "registered nurse", "software developer" in "software developer bank"),
    # damped so full matches rank first. Words, not characters: "teacher" must not match
    # inside "butcher".
    whole = fuzz.token_sort_ratio(query, choice)
    if len(query) < 4:
        return whole
    q_words, c_words = query.split(), choice.split()
    inside = [fuzz.ratio(query, w) for w in _windows(c_words, len(q_words))]
    inside += [fuzz.ratio(choice, w) for w in _windows(q_words, len(c_words)) if len(choice) >= 4]
    return max([whole, *(value * 0.92 for value in inside)])


def _whole_score(query: str, choice: str, **_: object) -> float:
    return float(fuzz.token_sort_ratio(query, choice))


def match(
    title: str, limit: int = 5, *, whole: bool = False, min_score: float = MIN_SCORE
) -> list[UnitGroup]:
    """Up to ``limit`` unit groups for a typed job title, best first ([] if none is close).

    ``whole``: the title must match a NOC title phrase or a job title as a whole, not one word
    of it ("warehouse worker" is not "Textile fibre and yarn ... workers"), with closeness
    ``min_score`` (0-100): for a title found inside a question rather than typed as an answer
    to "what is your job?" and picked from buttons."""
    text = title.strip()
    index = _index()
    code = _CODE.match(text.casefold().replace("-", ""))
    if code:
        group = index.groups.get(code.group(1))
        return [group] if group else []
    query = " ".join(w for w in normalise(text).split() if w not in _FILLER)
    if not query or limit <= 0:
        return []
    found = process.extract(
        query,
        index.phrases,
        scorer=_whole_score if whole else _score,
        limit=max(limit * 6, 30),
        score_cutoff=min_score,
    )
    best: dict[str, float] = {}
    for _phrase, score, position in found:
        codes, is_alias = index.owners[position]
        bonus = ALIAS_BONUS if is_alias else 0.0
        for rank, code_ in enumerate(codes):
            # Within an alias the first code listed is the likeliest.
            value = float(score) + bonus - rank * 0.5
            if value > best.get(code_, -1.0):
                best[code_] = value
    ordered = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    top = ordered[0][1] if ordered else 0.0
    close = [c for c, value in ordered if value >= top - MAX_GAP]
    return [index.groups[c] for c in close[:limit]]

"""Attention to the question being asked: real posts wrap one or two questions in sentences of
personal context ("I got my ITA last week. My wife is pregnant. Do we have to tell IRCC?").

`focus(text)` returns the question sentences of a multi-sentence post (the ones ending in "?",
or opening like a question: "can I ...", "how long ...", "I was wondering whether ..."),
without the pleasantries ("thanks in advance", "any help is appreciated"); None for a
one-sentence question or a post with no recognisable question sentence (then the whole text
is the question). The index scores both the whole post and its focus and blends the two.
"""

from __future__ import annotations

import re

_SPLIT = re.compile(r"(?<=[.?!])\s+|\n+|(?<=\?)(?=\S)")
_OPENERS = frozenset(
    {
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "how",
        "can",
        "could",
        "should",
        "shall",
        "would",
        "will",
        "do",
        "does",
        "did",
        "is",
        "are",
        "am",
        "was",
        "were",
        "have",
        "has",
        "had",
        "may",
        "might",
        "must",
        "any",
        "anyone",
        "anybody",
        "there",
    }
)
_ASKING = re.compile(
    r"\b(wonder(ing)?|want(ed)? to know|like to know|not sure (if|whether|what|how|when)|"
    r"please (advise|suggest|help|let me know|clarify)|(any|some) (idea|advice|suggestion)s?|"
    r"let me know|need to know|confused (about|whether|if)|question is|is it (ok|possible)|"
    r"do i (need|have)|should i|can i)\b"
)
_PLEASANTRY = re.compile(
    r"^\W*(thanks?|thank you|thx|ty|appreciate|any (help|input|response|reply)|"
    r"(help|advice|input|responses?|replies) (is|are|would be) (much |greatly |really )?"
    r"appreciated|cheers|regards|best|hello|hi|hey)\b"
)
_WORD = re.compile(r"[^\W\d_]+")


def sentences(text: str) -> list[str]:
    """The non-blank sentences of `text`."""
    return [s.strip() for s in _SPLIT.split(text) if s and s.strip()]


def is_question(sentence: str) -> bool:
    """A sentence that asks something (by its "?", its opening words or an asking phrase)."""
    lowered = sentence.lower()
    if _PLEASANTRY.search(lowered):
        return False
    if lowered.rstrip().endswith("?"):
        return True
    first = _WORD.findall(lowered)[:1]
    return bool(first and first[0] in _OPENERS) or bool(_ASKING.search(lowered))


def focus(text: str) -> str | None:
    """The question sentences of a post of two or more sentences, else None."""
    parts = sentences(text)
    if len(parts) < 2:
        return None
    asked = [s for s in parts if is_question(s)]
    if not asked or len(asked) == len(parts):
        return None
    return " ".join(asked)

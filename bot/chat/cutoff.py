"""A typed question about the latest cut-off of one program or category ("whats the cutoff
for the last cec draw") answers at once with that round, before the FAQ sees the text.

The question must name a cut-off (or minimum score), the latest round (or a draw) and
exactly one program or category; anything else goes on to the FAQ. The words recognised are
the English and French ways people write them ("quelle est la note de passage du dernier
tirage CEC", accents or not); the answer's words are in ``draws/latest_cutoff.j2``. A question
about the next round's cut-off ("will the cec cutoff drop in the next draw") is told first that
nobody can know it in advance.
"""

from __future__ import annotations

import re
import unicodedata

from bot.alerts.message import draw_view
from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.render import render
from bot.replies import Reply
from bot.store import draws as dq

router = Router(name=__name__)

_CUTOFF = re.compile(
    r"\b(?:cut[\s-]?offs?|cutt?off|minimum (?:crs|score|points)|lowest (?:crs|score)|"
    r"crs (?:score )?(?:needed|required)|passing score|"
    # French: note de passage, note / score / pointage minimal(e), seuil
    r"notes? de (?:passage|coupure)|(?:note|score|pointage)s? minim(?:um|ale?)s?|seuils?)\b"
)
#: A question about the next round's cut-off ("will the cec cutoff drop in the next draw"): the
#: answer says that nobody can know it before showing the latest one.
_FORECAST = re.compile(
    r"\b(?:next|upcoming|predict\w*|forecast\w*|drop|go (?:down|up)|increase|decrease|"
    r"prochaine?s?|baisser\w*|descendre|monter|augmenter\w*|prevision\w*|predire)\b"
)
_LATEST = re.compile(
    r"\b(?:last|latest|recent|newest|previous|draws?|rounds?|"
    r"derni(?:er|ere)s?|recente?s?|precedente?s?|tirages?|rondes?)\b"
)

#: Words (lower case, single spaces) that name a program or category -> its code.
_PROGRAM_WORDS: dict[str, str] = {
    "cec": "cec",
    "canadian experience class": "cec",
    "canadian experience": "cec",
    "fsw": "fsw",
    "federal skilled worker": "fsw",
    "fst": "fst",
    "federal skilled trades": "fst",
    "pnp": "pnp",
    "provincial nominee": "pnp",
    "provincial": "pnp",
    "general": "general",
    "all program": "general",
    "french": "french",
    "francophone": "french",
    "healthcare": "healthcare",
    "health care": "healthcare",
    "health": "healthcare",
    "stem": "stem",
    "trade": "trades",
    "trades": "trades",
    "transport": "transport",
    "agriculture": "agriculture",
    "agri food": "agriculture",
    "education": "education",
    "teacher": "education",
    "physician": "physicians",
    "physicians": "physicians",
    "doctor": "physicians",
    "doctors": "physicians",
    "senior manager": "senior_managers",
    "senior managers": "senior_managers",
    "researcher": "researchers",
    "researchers": "researchers",
    "military": "military",
    # French (accents removed)
    "experience canadienne": "cec",
    "travailleurs qualifies": "fsw",
    "ptqf": "fsw",
    "metiers specialises federal": "fst",
    "travailleurs de metiers specialises": "fst",
    "ptmsf": "fst",
    "candidats des provinces": "pnp",
    "pcp": "pnp",
    "tous les programmes": "general",
    "francais": "french",
    "sante": "healthcare",
    "stim": "stem",
    "metiers": "trades",
    "transports": "transport",
    "agroalimentaire": "agriculture",
    "enseignants": "education",
    "medecin": "physicians",
    "medecins": "physicians",
    "cadres superieurs": "senior_managers",
    "chercheurs": "researchers",
    "militaires": "military",
}
_PROGRAM = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, _PROGRAM_WORDS), key=len, reverse=True)) + r")\b"
)


def _words(text: str) -> str:
    """Lower case, accents and punctuation removed, single spaces."""
    folded = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def asks_forecast(text: str) -> bool:
    """Whether the text asks what the next cut-off will be."""
    return _FORECAST.search(_words(text)) is not None


def asked_program(text: str) -> str | None:
    """The code of the program whose latest cut-off the text asks for, or None."""
    words = _words(text)
    if not (_CUTOFF.search(words) and _LATEST.search(words)):
        return None
    # "federal skilled trades" names one program, not "trades" too: overlapping matches of
    # the longest words first, each code once.
    codes = {_PROGRAM_WORDS[m.group(0)] for m in _PROGRAM.finditer(words)}
    return codes.pop() if len(codes) == 1 else None


@router.text
async def latest_cutoff(event: Event, ctx: ChatContext) -> list[Reply] | None:
    code = asked_program(event.text or "")
    if code is None:
        return None
    async with ctx.sessions() as session:
        rows = await dq.latest_draws(session, limit=1, categories=(code,))
    draw = draw_view(rows[0], event.lang) if rows else None
    forecast = asks_forecast(event.text or "")
    text = render("draws/latest_cutoff", event.lang, draw=draw, code=code, forecast=forecast)
    return [Reply(text)]

"""Map a round name (``drawName``) to a program or category code by exact, normalised name.

Never a substring match: "Physicians with Canadian Work Experience" and "Senior managers with
Canadian Work Experience" are categories, not CEC, and the keyword "trade" would catch the
Federal Skilled Trades program. Normalisation lower-cases, strips HTML, punctuation and the
version suffix ("(Version 1)", ", 2026-Version 3"); what is left must equal a known name.
A name that matches nothing is "unclassified" and logged for an admin.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata

log = logging.getLogger(__name__)

#: Every category code, in the order buttons list them. Programs first, then categories.
PROGRAMS: tuple[str, ...] = ("cec", "fsw", "fst", "pnp", "general")
CATEGORIES: tuple[str, ...] = (
    "french",
    "healthcare",
    "stem",
    "trades",
    "transport",
    "agriculture",
    "education",
    "physicians",
    "senior_managers",
    "researchers",
    "military",
)
UNCLASSIFIED = "unclassified"
CODES: tuple[str, ...] = (*PROGRAMS, *CATEGORIES)

# Their names are in the catalogue: [category] and [category_short] of templates/<lang>/labels.toml.

# Normalised names (see `normalise`) -> code. English names as in the feed, plus the
# French names of the French feed (the same rounds), plus announced names not yet seen.
_NAMES: dict[str, str] = {
    # programs
    "canadian experience class": "cec",
    "categorie de l experience canadienne": "cec",
    "provincial nominee program": "pnp",
    "programme des candidats des provinces": "pnp",
    "federal skilled trades": "fst",
    "federal skilled trades program": "fst",
    "programme des travailleurs de metiers specialises federal": "fst",
    "federal skilled worker": "fsw",
    "federal skilled worker program": "fsw",
    "programme des travailleurs qualifies federal": "fsw",
    "no program specified": "general",
    "general": "general",
    "all programs": "general",
    "aucun programme specifie": "general",
    "tous les programmes": "general",
    "generale": "general",
    # categories
    "french language proficiency": "french",
    "competence linguistique en francais": "french",
    "healthcare occupations": "healthcare",
    "healthcare and social services occupations": "healthcare",
    "professions de la sante": "healthcare",
    "professions de la sante et des services sociaux": "healthcare",
    "stem occupations": "stem",
    "professions des stim": "stem",
    "trade occupations": "trades",
    "trades occupations": "trades",
    "metiers": "trades",
    "metiers specialises": "trades",
    "transport occupations": "transport",
    "metiers des transports": "transport",
    "agriculture and agri food occupations": "agriculture",
    "metiers de l agriculture et de l agroalimentaire": "agriculture",
    "education occupations": "education",
    "professions dans le domaine de l education": "education",
    "professions de l education": "education",
    "physicians with canadian work experience": "physicians",
    "medecins ayant de l experience de travail au canada": "physicians",
    "senior managers with canadian work experience": "senior_managers",
    "cadres superieurs cadres superieures ayant de l experience de travail au canada": (
        "senior_managers"
    ),
    "researchers with canadian experience": "researchers",
    "researchers with canadian work experience": "researchers",
    "skilled military recruits": "military",
    "recrues militaires qualifiees": "military",
}

_TAG = re.compile(r"<[^>]*>")
_NON_WORD = re.compile(r"[^a-z0-9]+")
# "... (version 1)", "... 2026 version 3", "... version 2" at the end, after punctuation removal.
_VERSION = re.compile(r"(?:\s+(?:19|20)\d\d)?\s+version\s+\d+\s*$")


def normalise(name: str) -> str:
    """Lower-case ASCII words separated by single spaces, without the version suffix."""
    text = html.unescape(_TAG.sub(" ", name))
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _NON_WORD.sub(" ", text.casefold()).strip()
    return _VERSION.sub("", " " + text).strip()


def classify(name: str) -> str:
    """The category code of a round name, or "unclassified" (logged as a warning)."""
    code = _NAMES.get(normalise(name))
    if code is None:
        log.warning(
            "unclassified round name %r: an admin should add it to bot.draws.classify", name
        )
        return UNCLASSIFIED
    return code

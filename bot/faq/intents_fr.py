"""French hand-offs, the counterpart of `intents.py`: "quel est mon score ?" goes to the CRS
questionnaire, "le dernier tirage ?" to the draws feature. Patterns run on folded words
(`text_fr.words`: no accents, no elisions) and stay narrow: "mon score SCG baisse-t-il à
30 ans ?" is a knowledge question."""

from __future__ import annotations

import re

from bot.faq.intents import detector
from bot.faq.text_fr import words

_SCORE = r"(?:(?:score|pointage|points?|note)(?:\s+(?:crs|scg))?|crs|scg)"
_MY_SCORE = [
    rf"\b(?:quel|quelle|c)\s+(?:est|sera|serait)\s+mon\s+{_SCORE}\s*$",
    rf"\bmon\s+{_SCORE}\s+(?:est|serait|sera)\s+(?:de\s+)?combien\b",
    rf"\b(?:calculer|calcule|calculez|estimer|evaluer|connaitre|savoir)\s+mon\s+{_SCORE}\b",
    r"\bcombien\s+(?:de\s+)?points\s+(?:ai|aurais|aurai|je\s+peux\s+avoir)\b",
    rf"\bcalculateur\s+(?:de\s+)?{_SCORE}\b",
    r"^\s*(?:mon\s+)?(?:score|pointage)(?:\s+(?:crs|scg))?\s*$",
    r"^\s*(?:mon\s+)?(?:crs|scg)\s*$",
]
_DRAW = r"(?:tirages?|rondes?(?:\s+invitations?)?|seuils?|cut\s*offs?|cutoffs?|draws?)"
_LATEST = r"(?:dernier|derniere|derniers|dernieres|recent|recente|nouveau|nouvelle)"
_LATEST_DRAW = [
    rf"\b{_LATEST}\s+{_DRAW}\b",
    rf"\b{_DRAW}\s+(?:{_LATEST}|aujourd\s+hui|cette\s+semaine|hier)\b",
    rf"\b(?:quand|c\s+etait\s+quand)\s+(?:est|etait|a\s+eu\s+lieu|aura\s+lieu)?\s*"
    rf"(?:le|la)?\s*(?:prochain|prochaine|dernier|derniere)\s+{_DRAW}\b",
    rf"\b(?:y\s+a\s+t\s+il|il\s+y\s+a)\s+(?:eu\s+)?(?:un|une)\s+{_DRAW}\s+"
    r"(?:aujourd\s+hui|cette\s+semaine|hier)\b",
    rf"^\s*(?:le|la|les)?\s*{_LATEST}?\s*{_DRAW}\s*$",
]
_EXPLAIN = re.compile(
    r"\b(?:veut\s+dire|signifie|signification|egalite|departage|bris\s+d\s+egalite"
    r"|pas\s+(?:ete\s+)?invite|pas\s+(?:eu|recu)\s+(?:d\s+)?(?:ipd|ita|invitation))\b"
)
#: The feature a French question belongs to, or None for a knowledge question.
detect = detector(words, _MY_SCORE, _LATEST_DRAW, _EXPLAIN)

"""French question sentences, the counterpart of `focus.py`: in a post of personal context
("J'ai reçu mon ITA la semaine passée. Ma femme est enceinte. Doit-on le dire à IRCC ?") the
sentences that ask ("?", an opening like "est-ce que", "comment", "puis-je", an inverted verb
"dois-je", or "je me demande si") without the pleasantries ("merci d'avance")."""

from __future__ import annotations

import re

from bot.faq.focus import sentences
from bot.faq.text_fr import fold

_OPENERS = re.compile(
    r"^\W*(?:est ce (?:que|qu)|qu est ce|comment|quand|pourquoi|combien|quel|quelle|quels|"
    r"quelles|ou|que|qui|lequel|laquelle|si je|y a t il|a t on|"
    r"(?:puis|dois|peux|vais|suis|ai|faut|peut|doit|devrais|pourrais|serait|est|sont|"
    r"avez|pouvez|devez|aurais|aurai)[ -](?:je|il|on|vous|elle|t il|t elle|t on)\b)"
)
_ASKING = re.compile(
    r"\b(?:je me demande|je voudrais savoir|j aimerais savoir|savez vous|je ne sais pas si|"
    r"je sais pas si|pas sur (?:si|de)|est ce (?:que|qu)|besoin de savoir|une idee|"
    r"des conseils|un conseil|vos avis|merci de m eclairer|[a-z]+-(?:je|t-il|t-on|vous)\b)"
)
_PLEASANTRY = re.compile(
    r"^\W*(?:merci|bonne journee|bonne soiree|cordialement|toute aide|au plaisir|d avance)\b"
)
# A greeting opens a sentence that may still ask ("Bonjour, le TCF se passe en un jour ?").
_GREETING = re.compile(
    r"^\W*(?:bonjour|bonsoir|salut|slt|bjr|allo|coucou)(?:\s+(?:a\s+tous|a\s+toutes|"
    r"tout\s+le\s+monde|et\s+a\s+toutes))*\W*"
)


def _plain(sentence: str) -> str:
    return re.sub(r"['’]", " ", fold(sentence))


def is_question(sentence: str) -> bool:
    """A French sentence that asks something."""
    lowered = _GREETING.sub("", _plain(sentence))
    if not lowered.strip() or _PLEASANTRY.search(lowered):
        return False
    if lowered.rstrip().endswith("?"):
        return True
    return bool(_OPENERS.search(lowered) or _ASKING.search(lowered))


def focus(text: str) -> str | None:
    """The question sentences of a post of two or more sentences, else None."""
    parts = sentences(text)
    if len(parts) < 2:
        return None
    asked = [s for s in parts if is_question(s)]
    if not asked or len(asked) == len(parts):
        return None
    return " ".join(asked)

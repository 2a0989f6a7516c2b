"""Which language a question is written in: `detect(text) -> "fr" | "en" | None`.

Offline heuristics that hold up on short, typo-ridden messages: each word that is clearly
French ("est-ce", "je", "mon", "pour", "j'ai" typed "jai") or clearly English ("the", "my",
"can", "what") counts for its language, accented letters (é, è, à, ç, ...) and elisions
("l'ITA", "qu'il") count for French, and the abbreviations only one side uses ("PTPD",
"EIMT", "IPD" / "PGWP", "LMIA") count a little. Shared abbreviations ("CRS", "CEC", "ITA")
and numbers count for neither. None when nothing tips the balance (then the caller keeps the
user's language).
"""

from __future__ import annotations

import re
import unicodedata

from bot.faq.languages import DEFAULT, Lang, pick

_FRENCH_TEXT = """
    je j tu il elle nous vous ils elles on me moi mon ma mes ton ta tes son sa ses notre nos
    votre vos leur leurs le la les un une des du de au aux et ou est sont suis es etes ai as
    avons avez ont etait avait peux peut puis dois doit faut pour avec dans sur sans chez par
    pas ne plus que qui quoi quand comment pourquoi combien quel quelle quels quelles est-ce
    ce cette ces cet ca cela si mais donc car aussi deja encore tres bien merci bonjour salut
    svp stp oui non jai cest quil quelle jsuis jvais jme jpeux pcq bcp depuis apres avant
    mois ans annee semaine jours demande permis travail emploi enfant femme mari mariee
    epouse conjoint conjointe dossier recu envoye attente delai refuse accepte
    tirage tirages ronde rondes seuil bassin pointage profil annees heures
"""
_ENGLISH_TEXT = """
    the a an is are was were be been am i im ive my me mine you your he she it its we our
    they their them this that these those what whats how when where why which who can could
    should would will do does did have has had not dont cant didnt isnt wont to of in on at
    for with from by about after before if or and but so just also still yet any some get
    got getting there here please thanks thank hi hello yes no need want apply applied
    received waiting work job wife husband kids month months year years week weeks days
    spouse partner required expired expires permit proof funds refused long take
    draw draws cutoff pool profile hours
"""
_FRENCH = frozenset(_FRENCH_TEXT.split())
_ENGLISH = frozenset(_ENGLISH_TEXT.split())
# Words both languages use the same way, or that mean different things: no vote.
_SHARED = frozenset({"a", "on", "me", "do", "est", "pour", "son", "as", "ans", "permis", "non"})
_FRENCH_ONLY_TERMS = frozenset(
    {"ptpd", "ptot", "ipd", "eimt", "rp", "scg", "pec", "nclc", "caq", "csq", "cnp", "feer"}
    | {"ede", "cdrp", "ecdrp", "arrima"}
)
_ENGLISH_ONLY_TERMS = frozenset(
    {"pgwp", "bowp", "lmia", "aor", "pr", "owp", "sowp", "noc", "teer", "eca", "copr", "ecopr"}
)
_ACCENTED = re.compile(r"[éèêëàâîïôûùüçœ]")
_ELISION = re.compile(r"\b(?:qu|jusqu|lorsqu|[cdjlmnst])['’][a-zà-ÿ]")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")
TERM_WEIGHT = 0.5  # an abbreviation only one side uses, next to a word


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def scores(text: str) -> tuple[float, float]:
    """(French evidence, English evidence) in `text`."""
    lowered = text.lower()
    french = 1.0 * len(_ACCENTED.findall(lowered)) ** 0.5 + len(_ELISION.findall(lowered))
    english = 0.0
    for word in _WORD.findall(_fold(lowered).replace("'", "").replace("’", "")):
        if word in _SHARED:
            continue
        french += word in _FRENCH
        english += word in _ENGLISH
        french += TERM_WEIGHT * (word in _FRENCH_ONLY_TERMS)
        english += TERM_WEIGHT * (word in _ENGLISH_ONLY_TERMS)
    return french, english


def detect(text: str) -> Lang | None:
    """ "fr" or "en" when the text says which, else None."""
    french, english = scores(text)
    if french > english:
        return "fr"
    if english > french:
        return "en"
    return None


def reply_language(text: str, user_lang: str | None = DEFAULT) -> Lang:
    """The language to answer `text` in: the one it is written in, else the user's."""
    return detect(text) or pick(user_lang)

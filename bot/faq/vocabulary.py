"""Language data for retrieval: the abbreviations people use, spelling variants, stop words.

Expansions are applied to entries and questions alike, so "PGWP" in a question finds an
entry that only says "post-graduation work permit", and the other way round. Keys are
lowercase whole words (or phrases) of normalised text (words joined by single spaces); a
trailing plural "s" on a key is matched too ("ITAs", "PGWPs").
"""

from __future__ import annotations

ABBREVIATIONS: dict[str, str] = {
    "pgwp": "post graduation work permit",
    "bowp": "bridging open work permit",
    "owp": "open work permit",
    "sowp": "spousal open work permit",
    "wp": "work permit",
    "sp": "study permit",
    "pr": "permanent residence resident",
    "ee": "express entry",
    "ita": "invitation to apply",
    "aor": "acknowledgement of receipt",
    "noa": "notice of assessment tax",
    "t4": "tax slip employment income",
    "eca": "educational credential assessment",
    "wes": "world education services educational credential assessment",
    "pnp": "provincial nominee program nomination",
    "lmia": "labour market impact assessment",
    "teer": "training education experience responsibilities",
    "noc": "national occupational classification",
    "clb": "canadian language benchmark",
    "nclc": "canadian language benchmark french",
    "ielts": "english language test",
    "celpip": "english language test",
    "pte": "english language test",
    "tef": "french language test",
    "tcf": "french language test",
    "gcms": "notes global case management system",
    "atip": "access to information privacy request",
    "pfl": "procedural fairness letter",
    "eapr": "electronic application for permanent residence",
    "copr": "confirmation of permanent residence",
    "ecopr": "electronic confirmation of permanent residence",
    "pcc": "police certificate clearance",
    "crs": "comprehensive ranking system score",
    "cec": "canadian experience class",
    "fsw": "federal skilled worker",
    "fswp": "federal skilled worker",
    "fst": "federal skilled trades",
    "fstp": "federal skilled trades",
    "ircc": "immigration refugees citizenship canada",
    "cic": "immigration refugees citizenship canada",
    "cbsa": "canada border services agency",
    "poe": "port of entry",
    "pof": "proof of funds settlement",
    "ime": "immigration medical exam",
    "ppr": "passport request",
    "rprf": "right of permanent residence fee",
    "trv": "temporary resident visa visitor",
    "tr": "temporary resident",
    "vr": "visitor record",
    "eta": "electronic travel authorization",
    "dli": "designated learning institution",
    "pa": "principal applicant",
    "rcic": "regulated canadian immigration consultant",
    "loe": "letter of employment reference",
    "roe": "record of employment",
    "sin": "social insurance number",
    "misrep": "misrepresentation",
    "jd": "job duties",
    "ftbh": "first time buyer",
    "gic": "guaranteed investment certificate",
    "oinp": "ontario provincial nominee program",
    "bcpnp": "british columbia provincial nominee program",
    "aaip": "alberta provincial nominee program",
    "sinp": "saskatchewan provincial nominee program",
    "mpnp": "manitoba provincial nominee program",
    "implied status": "maintained status",
    "maintained status": "implied status",
    "cut off": "cutoff minimum score",
    "cutoff": "cut off minimum score",
}

# Spelling variants folded into a key before expansion.
VARIANTS: dict[str, str] = {
    "e apr": "eapr",
    "e copr": "ecopr",
    "p g w p": "pgwp",
    "work visa": "work permit",
    "work permits": "work permit",
    "perm resident": "permanent resident",
    "bio metrics": "biometrics",
    "med exam": "medical exam",
    "medicals": "medical exam",
}

_STOP_WORDS_TEXT = """
    a about above again am an and any are as at be been being both but by can could
    did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i im i'm if in into is it its itself just let lets me
    more most my myself nor now of on once only or other our ours ourselves own same she
    should so some such than that thats the their theirs them themselves then there these
    they this those through to too until up very was we were what whats when where which
    while who whom why will with would you your yours yourself yourselves
    hi hello hey please thanks thank pls plz ok okay really actually also anyone someone
    know tell question help guys ve ll re d s t m
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_WORDS_TEXT.split())

# Everyday words people use for the same thing; each word also indexes as its group's name
# (on entries and questions alike). Kept to near-synonyms in this domain: "rejected" is not
# "refused" here (an incomplete application is rejected, an assessed one refused).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "spouse": ("wife", "husband", "partner", "spouse", "spousal", "commonlaw", "married"),
    "child": ("son", "daughter", "kid", "kids", "children", "child", "teenage", "teenager"),
    "parent": ("mom", "mother", "dad", "father", "parents", "parent", "mum"),
    "employer": ("boss", "company", "employer", "firm", "manager"),
    "job": ("job", "jobs", "employment", "employed", "position"),
    "refuse": ("refused", "refusal", "denied", "denial", "declined", "refuse"),
    "extend": ("extend", "extension", "renew", "renewal", "renewing", "extending"),
    "travel": ("travel", "trip", "vacation", "holiday", "travelling", "traveling", "flying"),
    "expire": ("expire", "expires", "expired", "expiry", "expiration", "expiring", "lapsed"),
    "funds": ("funds", "money", "savings", "bank", "fd"),
    "school": ("school", "college", "university", "studies", "program", "programme", "diploma"),
    "medical": ("medical", "health", "illness", "disease", "condition", "medicals"),
    "criminal": ("criminal", "conviction", "convicted", "arrested", "charged", "dui", "record"),
    "pending": ("pending", "waiting", "processing", "wait"),
    "returned": ("returned", "bounced", "sent back"),
    "letter": ("letter", "reference"),
    "selfemployed": (
        "freelancer",
        "freelance",
        "contractor",
        "uber",
        "gig",
        "doordash",
        "instacart",
        "ownbusiness",
        "selfemployed",
    ),
    "biometrics": ("biometrics", "fingerprints", "fingerprint", "fingerprinting"),
    "closed": ("bankrupt", "bankruptcy", "closed", "shut", "defunct"),
    "education": ("degree", "diploma", "education", "highschool", "dropout", "schooling"),
    "nurse": ("nurse", "nursing", "healthcare", "doctor", "physician", "caregiving"),
    "court": ("court", "judge", "judicial", "lawsuit", "sue"),
}

# Phrases folded into one word before the synonym groups apply.
VARIANTS.update(
    {
        "common law": "commonlaw",
        "run out": "expire",
        "runs out": "expire",
        "self employed": "selfemployed",
        "self employment": "selfemployed",
        "drunk driving": "dui",
        "impaired driving": "dui",
        "sent back": "returned",
        "co op": "coop",
        # Everyday phrasings folded into the words the entries use.
        "finger prints": "fingerprints",
        "finger printing": "fingerprints",
        "went bankrupt": "bankrupt",
        "went bust": "bankrupt",
        "shut down": "closed",
        "closed down": "closed",
        "out of business": "closed",
        "doesnt exist": "defunct",
        "does not exist": "defunct",
        "no longer exists": "defunct",
        "turned down": "refused",
        "said no": "refused",
        "paystubs": "pay stubs",
        "paystub": "pay stubs",
        "payslips": "pay stubs",
        "payslip": "pay stubs",
        "job letter": "reference letter",
        "experience letter": "reference letter",
        "employment letter": "reference letter",
        "employer letter": "reference letter",
        "acknowledgement letter": "aor",
        "acknowledgment letter": "aor",
        "criminal record check": "police certificate",
        "police check": "police certificate",
        "background check": "police certificate",
        "high school": "highschool",
        "grade 12": "highschool",
        "dropped out": "dropout",
        "drop out": "dropout",
        "never finished": "dropout",
        "own business": "ownbusiness",
        "own company": "ownbusiness",
        "my own company": "ownbusiness",
        "bridging permit": "bowp",
        "bridging work permit": "bowp",
        "post grad": "postgraduate",
        "postgrad": "postgraduate",
        "points system": "crs",
        "ranking score": "crs",
        "canadian exp": "canadian experience",
        "r10": "incomplete rejection",
        "backup application": "second application",
        "backup extension": "second application",
        "second extension": "second application",
    }
)

"""Subjects the knowledge base deliberately does not cover (express-entry-facts.md section 10, plus
near misses seen in use): the bot abstains and points to the official pages instead.

Each subject is indexed like an entry (its title and phrases); it never answers, but a question
that matches a subject about as well as its best entry is not answered (see `index.py`).
Phrases are written in the voice of users and kept specific to the subject, so that they do not
pull in-scope questions away (e.g. "parents' visitor visa", not "visitor").
Kept as Python data (not YAML) so it ships with the package.
"""

from __future__ import annotations

OUT_OF_SCOPE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "parent-sponsorship",
        "Sponsoring parents or grandparents (PGP)",
        (
            "how do i sponsor my parents",
            "parents and grandparents program pgp",
            "sponsor my mother and father to canada",
            "pgp lottery invitation to sponsor parents",
            "bring my parents to canada permanently",
            "income requirement to sponsor parents mnci",
            "sponsor grandparents",
        ),
    ),
    (
        "super-visa",
        "Super visa and visitor visas for family",
        (
            "super visa requirements for parents",
            "super visa for my mom",
            "parents visitor visa to visit me in canada",
            "how can my parents visit canada visitor visa trv",
            "invitation letter for my parents visit",
            "tourist visa for my family to visit",
            "visitor visa for my mother in law",
        ),
    ),
    (
        "spouse-sponsorship",
        "Sponsoring a spouse, partner or child for PR",
        (
            "sponsor my wife for permanent residence",
            "spousal sponsorship inland or outland",
            "how to sponsor my husband to canada",
            "family class sponsorship of spouse",
            "sponsor my girlfriend fiance to canada",
            "sponsor my common law partner pr application",
            "bring my child who lives abroad to canada through sponsorship",
        ),
    ),
    (
        "citizenship",
        "Canadian citizenship",
        (
            "when can i apply for canadian citizenship",
            "citizenship test study guide discover canada",
            "how many days in canada for citizenship 1095",
            "citizenship physical presence calculator",
            "citizenship ceremony oath",
            "dual citizenship canada",
            "become a canadian citizen",
        ),
    ),
    (
        "pr-card",
        "PR card renewal and PR travel documents",
        (
            "how do i renew my pr card",
            "pr card expired renewal",
            "pr travel document prtd",
            "residency obligation 730 days pr",
            "lost my pr card replacement",
        ),
    ),
    (
        "quebec",
        "Quebec selection: PEQ, Arrima, PSTQ, CSQ",
        (
            "peq quebec experience program",
            "arrima expression of interest quebec",
            "pstq quebec skilled worker selection program",
            "csq quebec selection certificate",
            "quebec skilled worker program invitation",
            "francisation quebec immigration",
        ),
    ),
    (
        "pnp-streams",
        "Provincial nominee stream details and dates",
        (
            "oinp stream opening dates",
            "when does the ontario pnp stream open",
            "bc pnp skills immigration draw dates",
            "aaip alberta opportunity stream requirements",
            "sinp occupation in demand list",
            "manitoba mpnp skilled worker eoi",
            "provincial stream intake dates this year",
            "which province has the easiest nominee stream",
        ),
    ),
    (
        "atlantic-rural",
        "Atlantic Immigration Program and rural pilots",
        (
            "atlantic immigration program aip",
            "aip designated employer endorsement",
            "rural community immigration pilot rcip",
            "francophone community immigration pilot",
            "nova scotia new brunswick atlantic job offer",
        ),
    ),
    (
        "asylum",
        "Asylum and refugee claims",
        (
            "how do i claim asylum in canada",
            "refugee claim process",
            "make an asylum claim at the border",
            "refugee protection hearing irb",
            "pre removal risk assessment prra",
            "humanitarian and compassionate application h&c",
        ),
    ),
    (
        "caregivers",
        "Caregiver pathways",
        (
            "home child care provider pilot",
            "home support worker pilot",
            "caregiver pathway to pr",
            "live in caregiver program",
            "nanny work permit",
        ),
    ),
    (
        "start-up-visa",
        "Start-up visa and business immigration",
        (
            "start up visa program",
            "start-up visa designated organization",
            "business immigration investor visa",
            "self employed persons program artists athletes",
            "entrepreneur immigration canada",
        ),
    ),
    (
        "study-permits",
        "Study permits, caps and attestation letters",
        (
            "study permit cap international students",
            "provincial attestation letter pal",
            "how to apply for a study permit from abroad",
            "study permit requirements for new students",
            "international student cap 2026",
            "change school dli study permit",
        ),
    ),
    (
        "taxes",
        "Taxes, benefits and banking",
        (
            "file my taxes as a newcomer",
            "how much income tax will i pay",
            "gst hst credit newcomer",
            "canada child benefit application",
            "tax return when leaving canada",
            "open a bank account in canada",
            "best bank for newcomers credit card",
            "rrsp tfsa",
            "do i have to file taxes",
        ),
    ),
    (
        "settlement",
        "Everyday life: licences, health cards, housing, jobs",
        (
            "exchange my foreign driving licence",
            "g1 g2 driving test ontario",
            "ohip health card waiting period",
            "apply for a provincial health card after landing",
            "find an apartment rent in toronto",
            "how to find a job in canada resume",
        ),
    ),
    (
        "other-countries",
        "Immigration to other countries",
        (
            "usa h1b visa",
            "green card united states",
            "uk skilled worker visa",
            "australia skilled independent visa 189 190",
            "new zealand skilled migrant category",
            "germany opportunity card blue card",
            "schengen visa",
            "us visa interview",
            "work visa for the united states while living in canada",
            "move to the us from canada tn visa",
        ),
    ),
    (
        "employers-lmia",
        "Employers hiring foreign workers (LMIA applications)",
        (
            "how does an employer apply for an lmia",
            "lmia processing fee for employers",
            "recruitment and advertising rules for an lmia application",
            "i own a restaurant and want to hire a foreign cook",
            "global talent stream for my company",
            "employer compliance inspection temporary foreign worker program",
        ),
    ),
    (
        "predictions",
        "Predictions of draws and cut-offs",
        (
            "predict the next draw cutoff",
            "what will the next cut off score be",
            "will the cutoff drop next month",
            "when will the next cec draw happen prediction",
            "expected crs cutoff next draw forecast",
            "will scores go down this year",
            "will there be a draw next week",
            "guess the next express entry draw date",
            "do you think the crs cutoff will fall below a certain score soon",
            "what will the minimum score be in the coming months",
        ),
    ),
    (
        "small-talk",
        "Greetings, thanks and chit-chat",
        (
            "hello",
            "good morning",
            "thank you so much",
            "you are great",
            "tell me a joke",
            "weather in toronto",
            "who are you",
            "who built this bot",
            "are you a bot",
            "how are you",
            "ok cool",
            "ok got it thanks",
            "nice",
        ),
    ),
    (
        "case-assessment",
        "Personal case assessments and legal advice",
        (
            "can you review my documents and tell me if they will be accepted",
            "look at my letter and tell me if the officer will approve it",
            "do i have a strong case to win in court",
            "what are my chances of approval",
            "assess my profile and tell me my odds",
            "should i hire a lawyer or consultant for my case",
            "my consultant thinks my chances are good, do you agree",
        ),
    ),
)

"""Assemble the router from the features: the one place that lists them.

The order of ``include`` is the order of the commands in /help and the Bot API menu. Free
text goes to the text handlers in this order (the questionnaire claims text while a question
waits for an answer, then /occupation while it waits for a job title, then /dates while it
waits for a date, then a question about a program's latest cut-off), then to the FAQ, the one
fallback. Two features can't claim the same
command or button prefix: ``include`` raises ``RouteConflict``.
"""

from __future__ import annotations

from bot.chat import (
    admin,
    alerts,
    basics,
    cutoff,
    dates,
    draws,
    faq,
    language,
    occupation,
    pool,
    questionnaire,
    reminders,
)
from bot.chat.router import Router

#: Every feature's router, in menu order.
FEATURES = (
    basics.router,  # /start /help /cancel /privacy /forget
    questionnaire.router,  # /crs /myscore, questionnaire buttons, typed answers
    occupation.router,  # /occupation, occ: buttons, a typed job title when one is asked
    dates.router,  # /dates, dates: buttons, a typed date when one is asked
    draws.router,  # /draws /chart
    pool.router,  # /pool
    cutoff.router,  # a typed question about a program's latest cut-off
    alerts.router,  # /subscribe /unsubscribe /alerts
    reminders.router,  # /remind
    admin.router,  # /recorddraw (admins only)
    faq.router,  # /topics, faq: and fb: buttons, free text nobody else claims
    language.router,  # /language /langue, lang: buttons
)


def build_router() -> Router:
    return Router(name="bot").include(*FEATURES)

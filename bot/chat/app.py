"""Assemble the router from the features (the one place that lists them)."""

from __future__ import annotations

from bot.chat import basics, crs_flow, draws_flow, faq_flow
from bot.chat.router import Router


def build_router() -> Router:
    router = Router()
    # Free text goes to the first text handler that claims it, then to the FAQ.
    basics.register(router)
    crs_flow.register(router)  # after basics: replaces its "crs" placeholder; before the FAQ
    draws_flow.register(router)  # after basics: replaces its "alerts" placeholder
    faq_flow.register(router)  # free text nobody else claims is a question
    return router

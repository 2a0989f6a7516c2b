"""Assemble the router from the features (the one place that lists them)."""

from __future__ import annotations

from bot.chat import basics
from bot.chat.router import Router


def build_router() -> Router:
    router = Router()
    # Order matters for free text: the first text handler that claims a text answers it.
    basics.register(router)
    return router

"""/pool: the pool's CRS distribution of the latest round (``bot.draws.pool``), where the
saved score falls in it and how that changed since the distribution before."""

from __future__ import annotations

from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Router
from bot.draws.pool import latest_two, standing
from bot.render import render
from bot.replies import Reply
from bot.store import draws as dq
from bot.store.profiles import load_profile

router = Router(name=__name__)

#: Rounds read to find the latest two distributions (a week's rounds share one).
SCAN = 40


@router.command("pool")
async def pool_cmd(event: Event, ctx: ChatContext) -> list[Reply]:
    async with ctx.sessions() as session:
        rows = await dq.latest_draws(session, limit=SCAN)
        saved = await load_profile(session, chat_id=event.chat_id)
    latest, previous = latest_two(rows)
    if latest is None:
        return [Reply(render("draws/pool", event.lang, dist=None))]
    score = saved.total if saved is not None else None
    mine = standing(latest, score) if score is not None else None
    before = standing(previous, score) if previous is not None and score is not None else None
    return [
        Reply(
            render(
                "draws/pool",
                event.lang,
                dist=latest,
                previous=previous,
                mine=mine,
                before=before,
            )
        )
    ]

"""When the feed is polled (shared by the Telegram jobs and the terminal chat's jobs).

Inside the weekday window 13:00-23:00 UTC (when IRCC publishes) every tick polls; outside it
a tick polls only when the last poll is an hour old. The first poll after a start always runs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

WINDOW_START, WINDOW_END = 13, 23  # UTC hours, weekdays
OFF_WINDOW_EVERY = timedelta(hours=1)
#: Alert delivery runs this often (seconds), and right after a poll that wrote outbox rows.
DELIVERY_EVERY = 2.0


def in_publication_window(moment: datetime) -> bool:
    moment = moment.astimezone(UTC)
    return moment.weekday() < 5 and WINDOW_START <= moment.hour < WINDOW_END


def poll_due(moment: datetime, last_poll: datetime | None) -> bool:
    if last_poll is None or in_publication_window(moment):
        return True
    return moment - last_poll >= OFF_WINDOW_EVERY - timedelta(seconds=5)

"""A PNG of CEC cut-offs and invitation counts over time (matplotlib, no display)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any


def cutoff_chart(
    points: Sequence[tuple[date, int | None, int | None]], *, title: str = "CEC rounds"
) -> bytes:
    """`points`: (date, cut-off, invitations), oldest first. Returns PNG bytes."""
    # Imported here, not at start-up: matplotlib costs about a second to import.
    from matplotlib.figure import Figure  # no pyplot: no global state, no display backend

    fig = Figure(figsize=(8, 4.5), dpi=110)
    ax = fig.add_subplot()
    days: Any = [p[0] for p in points]  # matplotlib's stubs do not list dates
    cutoffs = [float("nan") if p[1] is None else float(p[1]) for p in points]
    bars = ax.twinx()
    bars.bar(days, [p[2] or 0 for p in points], width=6, color="#c7d7ee", label="Invitations")
    bars.set_ylabel("Invitations")
    ax.set_zorder(bars.get_zorder() + 1)
    ax.patch.set_visible(False)
    ax.plot(days, cutoffs, marker="o", markersize=3, color="#b3262e")
    ax.set_ylabel("CRS cut-off")
    ax.set_title(title)
    ax.grid(True, axis="y", alpha=0.3)
    fig.autofmt_xdate()
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()

"""A PNG of one program's or category's cut-offs and invitations over time (matplotlib, no
display; imported lazily, it costs about a second).

What the chart promises a reader:

- a long pause between rounds is a gap in the line, not a straight line across it: the line
  breaks (a NaN point) where the time between two rounds is over ``gap_days`` (the larger of
  ``MIN_GAP_DAYS`` and 3 times the median time between the rounds charted);
- the cut-off axis starts at a round hundred at least ``AXIS_MARGIN`` points below the lowest
  value shown (never below 0), so that swings of a few points do not fill the height; the
  invitations axis starts at 0;
- the time axis runs to today, so months without a round since the last one show as empty;
- a legend names the line, the bars and the user's saved score (a horizontal line);
- every word comes from the caller (``ChartLabels``, rendered from templates).
"""

from __future__ import annotations

import io
import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MIN_GAP_DAYS = 45
AXIS_MARGIN = 100

Point = tuple[date, int | None, int | None]  # (date, cut-off, invitations)


@dataclass(frozen=True)
class ChartLabels:
    title: str
    cutoff: str  # the line's legend entry and the left axis
    invitations: str  # the bars' legend entry and the right axis
    my_score: str = ""  # the saved score's legend entry ("Your score: 485")


def gap_days(days: Sequence[date]) -> int:
    """The pause (in days) over which the line breaks."""
    steps = [(b - a).days for a, b in itertools.pairwise(days)]
    if not steps:
        return MIN_GAP_DAYS
    return max(MIN_GAP_DAYS, 3 * int(statistics.median(steps)))


def with_gaps(points: Sequence[Point]) -> tuple[list[date], list[float]]:
    """Dates and cut-offs, with a NaN point in the middle of each long pause."""
    limit = gap_days([p[0] for p in points])
    days: list[date] = []
    values: list[float] = []
    for i, (day, cutoff, _) in enumerate(points):
        if i and (day - points[i - 1][0]).days > limit:
            days.append(points[i - 1][0] + (day - points[i - 1][0]) / 2)
            values.append(float("nan"))
        days.append(day)
        values.append(float("nan") if cutoff is None else float(cutoff))
    return days, values


def axis_floor(values: Sequence[float]) -> int:
    """The cut-off axis's lower limit: a round hundred at least AXIS_MARGIN below the lowest
    value, never below 0."""
    shown = [v for v in values if v == v]  # NaN != NaN
    if not shown:
        return 0
    return max(0, int((min(shown) - AXIS_MARGIN) // 100 * 100))


def build_figure(
    points: Sequence[Point],
    labels: ChartLabels,
    *,
    my_score: int | None = None,
    until: date | None = None,
) -> Figure:
    """`points` oldest first; the time axis runs to `until` (today: months without a round
    since the last one show as empty). The figure, for `cutoff_chart` and for tests to read."""
    from matplotlib.figure import Figure  # no pyplot: no global state, no display backend

    fig = Figure(figsize=(8, 4.5), dpi=110)
    ax = fig.add_subplot()
    bars = ax.twinx()
    bar_days: Any = [p[0] for p in points]  # matplotlib's stubs do not list dates
    bars.bar(bar_days, [p[2] or 0 for p in points], width=6, color="#c7d7ee")
    bars.set_ylabel(labels.invitations)
    bars.set_ylim(bottom=0)
    ax.set_zorder(bars.get_zorder() + 1)
    ax.patch.set_visible(False)
    days, values = with_gaps(points)
    line_days: Any = days
    ax.plot(line_days, values, marker="o", markersize=3, color="#b3262e", label=labels.cutoff)
    if my_score is not None:
        ax.axhline(my_score, color="#1b7f3b", linestyle="--", linewidth=1.2, label=labels.my_score)
    top = max([v for v in values if v == v] + [my_score or 0, 0])
    ax.set_ylim(axis_floor([*values, *([my_score] if my_score is not None else [])]), top + 30)
    ax.set_ylabel(labels.cutoff)
    ax.set_title(labels.title)
    ax.grid(True, axis="y", alpha=0.3)
    # The bars' entry joins the line's legend (one legend box for both axes).
    from matplotlib.patches import Patch

    handles, names = ax.get_legend_handles_labels()
    handles.append(Patch(color="#c7d7ee"))
    names.append(labels.invitations)
    # Below the plot, so that it never hides a point.
    ax.legend(
        handles,
        names,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=len(names),
        fontsize="small",
        frameon=False,
    )
    if until is not None and points and until > points[-1][0]:
        right: Any = until
        ax.set_xlim(right=right)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def cutoff_chart(
    points: Sequence[Point],
    labels: ChartLabels,
    *,
    my_score: int | None = None,
    until: date | None = None,
) -> bytes:
    """PNG bytes of `build_figure`."""
    out = io.BytesIO()
    build_figure(points, labels, my_score=my_score, until=until).savefig(out, format="png")
    return out.getvalue()

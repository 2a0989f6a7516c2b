"""The chart read back from the figure: gaps are NaN breaks in the line, the cut-off axis
starts at a round hundred at least 100 below the lowest value, the legend names the line,
the saved score and the bars, and the axis runs to today."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
from matplotlib.dates import date2num

from bot.draws.chart import ChartLabels, build_figure, cutoff_chart, gap_days, with_gaps

LABELS = ChartLabels("CEC rounds", "CRS cut-off", "Invitations", "Your saved score (485)")
# Every 14 days, then a 123-day pause (January 29 -> June 1), then 14 days.
POINTS = [
    (date(2025, 1, 1), 505, 3000),
    (date(2025, 1, 15), 520, 2500),
    (date(2025, 1, 29), 540, 1000),
    (date(2025, 6, 1), 515, 4000),
    (date(2025, 6, 15), 510, 3500),
]


def test_a_pause_longer_than_the_limit_breaks_the_line() -> None:
    # steps 14, 14, 123, 14 days: median 14, 3 x 14 = 42, at least 45 -> the limit is 45.
    assert gap_days([p[0] for p in POINTS]) == 45
    days, values = with_gaps(POINTS)
    assert len(values) == 6 and math.isnan(values[3])
    assert days[3] == date(2025, 3, 31)  # January 29 + 123 // 2 = 61 days
    assert values[:3] == [505.0, 520.0, 540.0] and values[4:] == [515.0, 510.0]


def test_figure_data_axis_and_legend() -> None:
    fig = build_figure(POINTS, LABELS, my_score=485, until=date(2025, 12, 1))
    ax, bars = fig.axes
    line, score = ax.get_lines()
    ys = [float(y) for y in np.asarray(line.get_ydata(), dtype=float)]
    assert math.isnan(ys[3]) and ys[0] == 505.0  # the break is in the drawn data
    assert np.asarray(score.get_ydata(), dtype=float).tolist() == [
        485,
        485,
    ]  # a horizontal line at the saved score
    # Lowest value shown: 485 (the score); 485 - 100 = 385, down to the hundred: 300.
    assert ax.get_ylim()[0] == 300
    assert bars.get_ylim()[0] == 0  # the invitations start at zero
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [
        "CRS cut-off",
        "Your saved score (485)",
        "Invitations",
    ]
    assert ax.get_xlim()[1] == date2num(date(2025, 12, 1))  # runs to "today"


def test_without_a_score_the_axis_follows_the_cutoffs() -> None:
    fig = build_figure(POINTS, LABELS)
    ax = fig.axes[0]
    # Lowest cut-off 505; 505 - 100 = 405, down to the hundred: 400 (not 505).
    assert ax.get_ylim()[0] == 400
    assert len(ax.get_lines()) == 1
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["CRS cut-off", "Invitations"]


def test_png() -> None:
    assert cutoff_chart(POINTS, LABELS, my_score=485).startswith(b"\x89PNG")

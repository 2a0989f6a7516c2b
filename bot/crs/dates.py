"""Calendar arithmetic the CRS planners share."""

from __future__ import annotations

from datetime import date


def add_years(start: date, years: int) -> date:
    """``start`` moved by ``years`` whole years; 29 February becomes 1 March in other years."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)

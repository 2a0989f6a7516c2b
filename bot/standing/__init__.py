"""Where a candidate stands: category routes (and, later, program eligibility)."""

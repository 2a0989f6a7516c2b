"""Where a candidate stands: the programs and category routes open to them, and the rounds they
would have won."""

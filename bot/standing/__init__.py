"""Where a candidate stands: the programs open to them and the rounds they would have won."""

"""IRCC rounds: the feed client, the tolerant parser, classification and recording."""

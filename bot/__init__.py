"""Express Entry assistant: CRS scores, sourced answers and IRCC draw alerts."""

__version__ = "0.1.0"

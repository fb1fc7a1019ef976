"""Claims: normalisation, stance, grouping across sources, verdicts, flags."""

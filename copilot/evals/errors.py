"""The one error an eval run reports to its user as a message instead of a traceback."""

from __future__ import annotations


class EvalUsageError(Exception):
    """A bad option or a missing or malformed input file (dataset, thresholds, baseline)."""

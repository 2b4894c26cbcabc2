"""Instant cues without a model: versioned pattern lists and per-barrier advice."""

from copilot.cues.analyzer import CueAnalyzer, CueHit
from copilot.cues.spec import AdviceSpec, CueKind, CueRule, CueSpec, LabelAdvice

__all__ = [
    "AdviceSpec",
    "CueAnalyzer",
    "CueHit",
    "CueKind",
    "CueRule",
    "CueSpec",
    "LabelAdvice",
]

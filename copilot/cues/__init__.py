"""Instant cues without a model: versioned pattern lists and per-barrier advice."""

from copilot.cues.analyzer import CueAnalyzer, CueHit
from copilot.cues.spec import (
    AdviceSpec,
    BarrierExamplesSpec,
    CueKind,
    CueRule,
    CueSpec,
    LabelAdvice,
)

__all__ = [
    "AdviceSpec",
    "BarrierExamplesSpec",
    "CueAnalyzer",
    "CueHit",
    "CueKind",
    "CueRule",
    "CueSpec",
    "LabelAdvice",
]

"""The shape of the versioned data files beside the prompts: cue lists, barrier advice and
barrier example sentences.

Like a prompt, each is prompts/<id>/v<N>.yaml, hashed from its bytes, locked once
released and listed by GET /v1/prompts; unknown keys are an error, not a no-op.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from copilot.schemas.labels import Barrier, RewriteReason

CueKind = Literal["barrier", "rewrite_reason"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CueRule(_Strict):
    """Words and constructions that signal one label, with the texts that prove it."""

    label: str  # a `barrier` or a `rewrite_reason` label, by kind (us_vs_them is both)
    kind: CueKind
    why: str = Field(min_length=1, max_length=160)
    # Regular expressions over normalised text (lowercase, ASCII quotes and dashes, single
    # spaces); the analyzer adds word boundaries around each.
    patterns: list[str] = Field(min_length=1)
    # A hit right after "not", "never", "no", "without", ... is dropped, unless the rule
    # itself is about a negation ("haven't read", "won't mention").
    negatable: bool = True
    examples: list[str] = Field(min_length=1)  # each must give a hit of this label
    counter_examples: list[str] = Field(default_factory=list)  # none may

    @model_validator(mode="after")
    def _label_of_its_kind(self) -> CueRule:
        labels = Barrier if self.kind == "barrier" else RewriteReason
        if self.label not in {label.value for label in labels}:
            raise ValueError(f"'{self.label}' is not a {self.kind} label")
        return self


class CueSpec(_Strict):
    id: Literal["cues"]
    version: int = Field(ge=1)
    description: str
    negators: list[str] = Field(min_length=1)
    rules: list[CueRule] = Field(min_length=1)


class LabelAdvice(_Strict):
    why: str = Field(min_length=1)  # why the barrier hurts the conversation
    instead: str = Field(min_length=1)  # what to do instead


class AdviceSpec(_Strict):
    """Curated advice per barrier, so a warning's why/instead need not be generated."""

    id: Literal["advice"]
    version: int = Field(ge=1)
    description: str
    barriers: dict[Barrier, LabelAdvice]


class BarrierExamplesSpec(_Strict):
    """Example sentences per barrier and sentences that show none (prompts/barrier_examples):
    a sentence is labelled by the examples nearest to it in meaning. Written from the
    domain brief, never from evaluation cases."""

    id: Literal["barrier_examples"]
    version: int = Field(ge=1)
    description: str
    barriers: dict[Barrier, list[str]]
    healthy: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_barrier_has_examples(self) -> BarrierExamplesSpec:
        missing = sorted(b.value for b in Barrier if not self.barriers.get(b))
        if missing:
            raise ValueError(f"no examples for: {', '.join(missing)}")
        return self

"""The shape of the versioned data files beside the prompts: cue lists, barrier advice, and
example sentences per barrier and per rewrite reason.

Like a prompt, each is prompts/<id>/v<N>.yaml, hashed from its bytes, locked once
released and listed by GET /v1/prompts; unknown keys are an error, not a no-op.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
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


NO_LABEL = ""  # the label of the example sentences that show nothing to warn about


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
        _require_every(Barrier, self.barriers)
        return self

    def labelled(self) -> tuple[list[str], list[str]]:
        """(label, sentence) columns; healthy sentences carry NO_LABEL."""
        return _columns(self.barriers, self.healthy)


class RewriteExamplesSpec(_Strict):
    """Sentences per rewrite reason and sentences that need no rewrite, firm ones included
    (prompts/rewrite_examples): whether a draft needs changes can be read from the
    examples nearest to its sentences. Written from the domain brief, never from
    evaluation cases."""

    id: Literal["rewrite_examples"]
    version: int = Field(ge=1)
    description: str
    reasons: dict[RewriteReason, list[str]]
    fine: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_reason_has_examples(self) -> RewriteExamplesSpec:
        _require_every(RewriteReason, self.reasons)
        return self

    def labelled(self) -> tuple[list[str], list[str]]:
        """(label, sentence) columns; sentences that need no rewrite carry NO_LABEL."""
        return _columns(self.reasons, self.fine)


ExamplesSpec = BarrierExamplesSpec | RewriteExamplesSpec


def _require_every(labels: type[StrEnum], examples: Mapping[StrEnum, list[str]]) -> None:
    missing = sorted(label.value for label in labels if not examples.get(label))
    if missing:
        raise ValueError(f"no examples for: {', '.join(missing)}")


def _columns(
    examples: Mapping[StrEnum, list[str]], unlabelled: list[str]
) -> tuple[list[str], list[str]]:
    labels, texts = [], []
    for label, sentences in examples.items():
        labels += [label.value] * len(sentences)
        texts += sentences
    return labels + [NO_LABEL] * len(unlabelled), texts + unlabelled

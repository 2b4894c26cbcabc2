"""LLM-as-judge for rewrites: collaborative tone and meaning kept, on a versioned rubric.

Deterministic graders see substrings; they cannot tell whether a replacement reads as
collaborative or quietly changed the seller's ask. The judge can, within the limits of
the judging model, so its scores sit beside the deterministic ones and never replace
them. Its calls go through the same gateway and are recorded in their own cassette, so
a replayed eval judges the replayed rewrites offline.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from copilot.errors import CopilotError
from copilot.evals.cases import RewriteCase
from copilot.evals.models import ModelSpec
from copilot.evals.solver import CaseOutput
from copilot.llm import Gateway, Usage
from copilot.prompts import PromptTemplate

JUDGE_PROMPT_ID = "rewrite_judge"
SCALE = (1, 5)


class RewriteJudgement(BaseModel):
    hostile_left: list[str] = Field(max_length=12)
    facts_lost: list[str] = Field(max_length=12)
    collaborative: int = Field(ge=SCALE[0], le=SCALE[1])
    meaning_kept: int = Field(ge=SCALE[0], le=SCALE[1])


@dataclass(frozen=True)
class JudgeSpec:
    prompt: PromptTemplate
    model: ModelSpec

    @property
    def label(self) -> str:
        return f"{self.prompt.id}@v{self.prompt.version} x {self.model.name}"

    def to_json(self) -> dict[str, Any]:
        return {
            "prompt": self.prompt.identity(),
            "model": self.model.name,
        }

    def cassette_name(self) -> str:
        """Beside the judged run's interactions.json, one file per judge prompt and model."""
        return f"judge--{self.prompt.id}@v{self.prompt.version}--{self.model.slug}.json"

    def cassette_path(self, run_cassette: Path) -> Path:
        return run_cassette.parent / self.cassette_name()


async def judge_case(
    case: RewriteCase, output: CaseOutput, gateway: Gateway, judge: JudgeSpec
) -> dict[str, Any] | None:
    """The judge's scores for this case's rewrite, or None when there is nothing to judge.

    A failed judge call is recorded on the case as an error, never as a low score.
    """
    rewrites = (output.output or {}).get("rewrites") or []
    if not rewrites:
        return None
    messages = judge.prompt.render(original=case.input.text, rewrite=rewrites[0]["text"])
    usage = Usage()
    try:
        completion = await gateway.complete(
            messages, RewriteJudgement, dict(judge.prompt.spec.params), usage=usage
        )
    except CopilotError as exc:
        return {"judge": judge.label, "error": f"{exc.slug}: {exc.detail}", "status": exc.status}
    return {
        "judge": judge.label,
        "prompt_sha256": judge.prompt.sha256,
        **completion.output.model_dump(),
        "usage": {
            "prompt_tokens": usage.prompt_tokens,
            "completion_tokens": usage.completion_tokens,
        },
    }

"""What every task shares: the input limit, one prompt call, and the outcome record."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field, create_model

from copilot.errors import MODEL_FAILURES, InputTooLarge, PromptError
from copilot.llm import Completion, Gateway, Usage
from copilot.llm.types import OutputT
from copilot.prompts import PromptRegistry, PromptTemplate
from copilot.schemas.common import Checks

Part = Literal["warnings", "rewrites", "questions"]


class RunListener(Protocol):
    """Who wants to know as the run goes (a streamed response): each model call as it
    returns, and each part of the answer once its checks are done."""

    def model_called(self, run: TaskRun, step: str | None) -> None: ...

    def part_done(self, part: Part, items: list[Any]) -> None: ...


@dataclass
class TaskRun:
    """The bookkeeping of one request: which prompt, which model, what it cost and what was fixed."""

    gateway: Gateway
    prompt: PromptTemplate
    registry: PromptRegistry | None = None  # the data files (cues, advice) a pipeline reads
    usage: Usage = field(default_factory=Usage)
    checks: Checks = field(default_factory=Checks)
    degraded: bool = False  # the model failed and a model-free fallback answered
    pipeline_overrides: dict[str, Any] = field(default_factory=dict)  # evals' ablations only
    pieces: list[PromptTemplate] = field(default_factory=list)  # other prompts this run used
    encoder: str | None = None  # the sentence encoder a model-free pipeline used
    listener: RunListener | None = None

    @property
    def pipeline(self) -> dict[str, Any]:
        """The prompt file's pipeline settings, with any ablation override on top."""
        return self.prompt.spec.pipeline | self.pipeline_overrides

    def piece(self, prompt: PromptTemplate) -> TaskRun:
        """A run of another prompt version that books its calls and checks on this run."""
        return TaskRun(
            gateway=self.gateway,
            prompt=prompt,
            registry=self.registry,
            usage=self.usage,
            checks=self.checks,
            listener=self.listener,
        )

    def require_registry(self) -> PromptRegistry:
        if self.registry is None:
            raise PromptError(f"{self.prompt.id}@v{self.prompt.version} needs the data files")
        return self.registry

    async def ask(
        self, output_type: type[OutputT], step: str | None = None, **inputs: Any
    ) -> Completion[OutputT]:
        messages = self.prompt.render(step, **inputs)
        return await self._complete(messages, output_type, step)

    async def ask_optional(
        self, output_type: type[OutputT], step: str, **inputs: Any
    ) -> Completion[OutputT] | None:
        """A step the response can do without: when the model gives no usable answer in
        time, the failure is counted (`checks.steps_failed`) and the pipeline goes on."""
        try:
            return await self.ask(output_type, step, **inputs)
        except MODEL_FAILURES:
            self.checks.steps_failed += 1
            return None

    async def reask(
        self,
        previous: Completion[OutputT],
        feedback: str,
        reason: str,
        step: str | None = None,
    ) -> Completion[OutputT]:
        """Continue the conversation with what a check found, so the model can mend it."""
        self.checks.reasks.append(reason)
        messages = [*previous.messages, {"role": "user", "content": feedback}]
        return await self._complete(messages, type(previous.output), step)

    async def _complete(
        self, messages: list[dict[str, str]], output_type: type[OutputT], step: str | None
    ) -> Completion[OutputT]:
        completion = await self.gateway.complete(
            messages, output_type, self.prompt.params(step), usage=self.usage
        )
        self.checks.schema_reasks += completion.schema_reasks
        self.checks.model_calls = self.usage.calls
        if self.listener is not None:
            self.listener.model_called(self, step)
        return completion

    def part_done(self, part: Part, items: list[Any]) -> None:
        if self.listener is not None:
            self.listener.part_done(part, items)


def enforce_input_limit(max_chars: int, *texts: str | None) -> None:
    """The model never sees more than the configured input size."""
    size = sum(len(text) for text in texts if text)
    if size > max_chars:
        raise InputTooLarge(
            f"the input has {size} characters; the limit is {max_chars} (COPILOT_MAX_CHARS)"
        )


@lru_cache
def with_exact_count(model: type[BaseModel], list_field: str, count: int) -> type[BaseModel]:
    """`model` whose list field must hold exactly `count` items, enforced by the schema
    (and so by the grammar of a grammar-constrained server)."""
    annotation = model.model_fields[list_field].annotation
    constrained = (annotation, Field(min_length=count, max_length=count))
    return create_model(f"{model.__name__}{count}", __base__=model, **{list_field: constrained})

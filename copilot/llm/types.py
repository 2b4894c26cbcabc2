"""Value types shared by the gateway and its backends."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

Message = dict[str, str]
OutputT = TypeVar("OutputT", bound=BaseModel)


@dataclass(frozen=True)
class StructuredRequest:
    """What one model call needs: messages plus the JSON schema the answer must follow."""

    messages: list[Message]
    schema: dict[str, Any]
    schema_name: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ModelReply:
    content: str
    prompt_tokens: int
    completion_tokens: int


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0

    def add(self, reply: ModelReply) -> None:
        self.prompt_tokens += reply.prompt_tokens
        self.completion_tokens += reply.completion_tokens
        self.calls += 1


@dataclass
class Completion(Generic[OutputT]):
    """A validated answer plus the conversation that produced it (for a follow-up re-ask)."""

    output: OutputT
    messages: list[Message]
    usage: Usage
    schema_reasks: int = 0


class ModelBackend(Protocol):
    """Sends one structured request; knows the provider, nothing about retries or sales."""

    @property
    def model_name(self) -> str: ...

    async def send(self, request: StructuredRequest, timeout_s: float) -> ModelReply: ...

    async def readiness(self) -> tuple[bool, str]: ...

"""GET /v1/prompts: the versioned prompt templates behind every answer."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from copilot.schemas.common import ApiModel


class PromptVersionInfo(ApiModel):
    version: int
    sha256: str = Field(description="SHA-256 of the prompt file.")
    description: str


class PromptInfo(ApiModel):
    id: str
    versions: list[PromptVersionInfo]
    labels: dict[str, int] = Field(description="Label to version, e.g. {\"stable\": 1}.")


class PromptList(ApiModel):
    prompts: list[PromptInfo]


class PromptDetail(ApiModel):
    id: str
    version: int
    sha256: str
    description: str
    inputs: list[str]
    params: dict[str, Any]
    template: str = Field(description="The prompt file exactly as stored.")

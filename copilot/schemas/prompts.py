"""GET /v1/prompts: the versioned prompt templates behind every answer."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from copilot.schemas.common import ApiModel


class PromptVersionInfo(ApiModel):
    version: int = Field(description="Version number (the file is prompts/<id>/v<version>.yaml).")
    sha256: str = Field(description="SHA-256 of the prompt file.")
    description: str = Field(description="What this version is for.")


class PromptInfo(ApiModel):
    id: str = Field(description='Prompt id, e.g. "rewrites".')
    versions: list[PromptVersionInfo] = Field(description="Every version, oldest first.")
    labels: dict[str, int] = Field(description='Label to version, e.g. {"stable": 1}.')


class PromptList(ApiModel):
    prompts: list[PromptInfo] = Field(description="Every prompt the service can use.")


class PromptDetail(ApiModel):
    id: str = Field(description="Prompt id.")
    version: int = Field(description="Version number.")
    sha256: str = Field(description="SHA-256 of the prompt file.")
    description: str = Field(description="What this version is for.")
    inputs: list[str] = Field(description="Variables the template takes.")
    params: dict[str, Any] = Field(description="Model parameters sent with it (temperature, ...).")
    template: str = Field(description="The file exactly as stored.")
    kind: Literal["template", "data"] = Field(
        description="template: a prompt sent to the model; data: a file the service reads "
        "without a model (cue patterns, barrier advice)."
    )

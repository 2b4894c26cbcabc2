"""Read-only view of the versioned prompts, so callers can see what produced an answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from copilot.api.deps import PromptsDep
from copilot.api.problems import PROBLEM_RESPONSES
from copilot.prompts import PromptTemplate
from copilot.schemas.common import (
    PROMPT_ID_PATTERN,
    PROMPT_VERSION_DESCRIPTION,
    PROMPT_VERSION_PATTERN,
)
from copilot.schemas.prompts import PromptDetail, PromptInfo, PromptList, PromptVersionInfo

router = APIRouter(
    prefix="/v1/prompts",
    tags=["prompts"],
    responses={status: PROBLEM_RESPONSES[status] for status in (404, 422)},
)


@router.get("", operation_id="list_prompts", response_model=PromptList)
async def list_prompts(prompts: PromptsDep) -> PromptList:
    """Every prompt with its versions, content hashes and labels."""
    return PromptList(
        prompts=[
            PromptInfo(
                id=prompt_id,
                versions=[
                    PromptVersionInfo(
                        version=t.version, sha256=t.sha256, description=t.spec.description
                    )
                    for t in prompts.versions(prompt_id)
                ],
                labels=prompts.labels(prompt_id),
            )
            for prompt_id in prompts.ids()
        ]
    )


@router.get("/{prompt_id}/{version}", operation_id="get_prompt", response_model=PromptDetail)
async def get_prompt(
    prompt_id: Annotated[str, Path(pattern=PROMPT_ID_PATTERN)],
    version: Annotated[
        str, Path(pattern=PROMPT_VERSION_PATTERN, description=PROMPT_VERSION_DESCRIPTION)
    ],
    prompts: PromptsDep,
) -> PromptDetail:
    """One prompt or data file version (a number or a label), exactly as stored."""
    found = prompts.get_any(prompt_id, version)
    template = found.spec if isinstance(found, PromptTemplate) else None
    return PromptDetail(
        id=found.id,
        version=found.version,
        sha256=found.sha256,
        description=found.spec.description,
        inputs=template.inputs if template else [],
        params=template.params if template else {},
        template=found.source,
        kind="template" if template else "data",
    )

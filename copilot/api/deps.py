"""Dependencies the routes declare; tests override `get_gateway` with a fake model."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from copilot.llm import Gateway
from copilot.prompts import PromptRegistry
from copilot.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_gateway(request: Request) -> Gateway:
    return request.app.state.gateway


def get_prompts(request: Request) -> PromptRegistry:
    return request.app.state.prompts


SettingsDep = Annotated[Settings, Depends(get_settings)]
GatewayDep = Annotated[Gateway, Depends(get_gateway)]
PromptsDep = Annotated[PromptRegistry, Depends(get_prompts)]

"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import Field

from copilot.api.deps import GatewayDep
from copilot.schemas.common import ApiModel

router = APIRouter(tags=["health"])


class Health(ApiModel):
    status: str = Field(description="ok, ready or not_ready.")
    reason: str | None = Field(None, description="Why the service is (not) ready.")


@router.get("/healthz", operation_id="healthz", response_model=Health)
async def healthz() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get(
    "/readyz", operation_id="readyz", response_model=Health, responses={503: {"model": Health}}
)
async def readyz(gateway: GatewayDep) -> JSONResponse:
    """The model is reachable; 503 with a reason until then (e.g. while the model loads)."""
    ready, reason = await gateway.readiness()
    body = Health(status="ready" if ready else "not_ready", reason=reason)
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)

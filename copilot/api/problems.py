"""RFC 9457 problem+json bodies for every error; no stack trace or provider text leaks."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from copilot.errors import CopilotError

log = logging.getLogger(__name__)
PROBLEM_MEDIA_TYPE = "application/problem+json"
REQUEST_ID_HEADER = "X-Request-ID"


def problem_body(
    request: Request, status: int, title: str, detail: str, slug: str, **extra: Any
) -> dict[str, Any]:
    return {
        "type": f"urn:copilot:problem:{slug}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "request_id": getattr(request.state, "request_id", None),
        **extra,
    }


def problem(
    request: Request, status: int, title: str, detail: str, slug: str, **extra: Any
) -> JSONResponse:
    body = problem_body(request, status, title, detail, slug, **extra)
    request_id = body["request_id"]
    headers = {REQUEST_ID_HEADER: request_id} if request_id else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def problem_after_start(request: Request, exc: Exception) -> dict[str, Any]:
    """The problem body for an error raised once a streamed response has begun, when the
    status line is already sent: logged and described as the handlers below would, a
    Retry-After header becoming `retry_after_s`."""
    if isinstance(exc, CopilotError):
        level = logging.WARNING if exc.status < 500 else logging.ERROR
        log.log(level, "stream_failed", extra={"status": exc.status, "error": exc.slug})
        retry = exc.headers.get("Retry-After")
        extra = {"retry_after_s": int(retry)} if retry else {}
        return problem_body(request, exc.status, exc.title, exc.detail, exc.slug, **extra)
    log.exception("unhandled_stream_error", extra={"error": type(exc).__name__})
    return problem_body(request, 500, "Internal error", "an unexpected error occurred", "internal")


async def _copilot_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CopilotError)
    level = logging.WARNING if exc.status < 500 else logging.ERROR
    log.log(level, "request_failed", extra={"status": exc.status, "error": exc.slug})
    response = problem(request, exc.status, exc.title, exc.detail, exc.slug)
    response.headers.update(exc.headers)
    return response


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(err.get("type") == "json_invalid" for err in errors):
        return problem(
            request, 400, "Malformed JSON", "the request body is not valid JSON", "malformed-json"
        )
    # Each error names the field and the rule; the offending input is never echoed back.
    details = [
        {
            "loc": [str(p) for p in err.get("loc", ())],
            "msg": err.get("msg", ""),
            "type": err.get("type", ""),
        }
        for err in errors
    ]
    summary = "; ".join(f"{'.'.join(d['loc'][1:]) or 'body'}: {d['msg']}" for d in details)
    return problem(request, 422, "Invalid request", summary, "invalid-request", errors=details)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    response = problem(
        request, exc.status_code, str(exc.detail), str(exc.detail), f"http-{exc.status_code}"
    )
    response.headers.update(exc.headers or {})  # e.g. Allow on a 405
    return response


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled_error", extra={"error": type(exc).__name__})
    return problem(request, 500, "Internal error", "an unexpected error occurred", "internal")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(CopilotError, _copilot_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": description, "content": {PROBLEM_MEDIA_TYPE: {}}}
    for status, description in {
        400: "Malformed JSON.",
        404: "Unknown prompt version.",
        413: "Input larger than COPILOT_MAX_CHARS.",
        415: "Content type is not application/json.",
        422: "Invalid request: empty text, unknown field, value out of range.",
        502: "The model's output was unusable after a re-ask.",
        503: "The model is unavailable.",
        504: "The model did not answer within COPILOT_TIMEOUT_S.",
    }.items()
}

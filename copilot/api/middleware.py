"""Request id, content-type and size guards, and one structured access log line per request."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware

from copilot.api.problems import REQUEST_ID_HEADER, problem
from copilot.logs import REQUEST_ID

log = logging.getLogger("copilot.access")
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
BYTES_PER_CHAR_BOUND = 4  # UTF-8 worst case
BODY_OVERHEAD_BYTES = 64 * 1024

Handler = Callable[[Request], Awaitable[Response]]


def _request_id(request: Request) -> str:
    """Echo a caller's id when it is safe to put in a header and a log, else make one."""
    given = request.headers.get(REQUEST_ID_HEADER, "")
    return given if _SAFE_REQUEST_ID.match(given) else uuid.uuid4().hex


def _guard(request: Request, max_chars: int) -> Response | None:
    if request.method != "POST":
        return None
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        return problem(
            request,
            415,
            "Unsupported media type",
            f"send the body as application/json (got '{media_type or 'none'}')",
            "unsupported-media-type",
        )
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_chars * BYTES_PER_CHAR_BOUND + BODY_OVERHEAD_BYTES:
        return problem(
            request,
            413,
            "Input too large",
            f"the body is {length} bytes; inputs are limited to {max_chars} characters",
            "input-too-large",
        )
    return None


def install_middleware(app: FastAPI, max_chars: int) -> None:
    @app.middleware("http")
    async def request_context(request: Request, call_next: Handler) -> Response:
        request.state.request_id = _request_id(request)
        REQUEST_ID.set(request.state.request_id)
        request.state.started = time.perf_counter()
        response = _guard(request, max_chars) or await call_next(request)
        response.headers[REQUEST_ID_HEADER] = request.state.request_id
        response.headers["X-Content-Type-Options"] = "nosniff"
        log.info(
            "request",
            extra={
                "request_id": request.state.request_id,
                "method": request.method,
                "path": request.url.path,
                "status": response.status_code,
                "latency_ms": elapsed_ms(request),  # for a stream: time to its first byte
                "stream": response.headers.get("content-type", "").startswith("text/event-stream"),
            },
        )
        return response


def install_cors(app: FastAPI, origins: list[str]) -> None:
    """Browsers on the listed origins (email add-ins, the playground elsewhere) may call the
    API; without a list no CORS header is sent. Credentials are never allowed, so "*" can
    never expose a caller's cookies."""
    if not origins:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_credentials=False,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type", "Authorization", "X-API-Key", REQUEST_ID_HEADER],
        expose_headers=[REQUEST_ID_HEADER, "Retry-After"],
        max_age=600,
    )


def elapsed_ms(request: Request) -> int:
    return int((time.perf_counter() - request.state.started) * 1000)

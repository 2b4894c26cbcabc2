"""Which provider failures are worth another attempt, and how long to wait first."""

from __future__ import annotations

import email.utils
import time

import httpx
import litellm
from tenacity import RetryCallState
from tenacity.wait import wait_exponential_jitter

MAX_ATTEMPTS = 3
RETRY_AFTER_CAP_S = 30.0
TRANSIENT_STATUS = frozenset({408, 409, 429})
_backoff = wait_exponential_jitter(multiplier=0.5, max=8.0, jitter=0.5)


def status_of(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def is_transient(exc: BaseException) -> bool:
    """Connection errors, timeouts, 408/409/429 and 5xx may pass on a second try."""
    if isinstance(exc, litellm.ContextWindowExceededError):
        return False
    if isinstance(exc, litellm.APIConnectionError | litellm.Timeout | httpx.TransportError):
        return True
    status = status_of(exc)
    return status is not None and (status in TRANSIENT_STATUS or status >= 500)


def retry_after_s(exc: BaseException) -> float | None:
    """Seconds the provider asked us to wait (Retry-After: seconds or an HTTP date)."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None) or getattr(exc, "headers", None) or {}
    value = headers.get("retry-after") if hasattr(headers, "get") else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def wait_before_retry(state: RetryCallState) -> float:
    """Honour Retry-After (capped), else capped exponential backoff with jitter."""
    exc = state.outcome.exception() if state.outcome else None
    asked = retry_after_s(exc) if exc else None
    return min(asked, RETRY_AFTER_CAP_S) if asked is not None else _backoff(state)
